import { expect, type Page } from '@playwright/test';

export const DEMO_PASSWORD = 'sportello';

/** The sign-in page (Italian is the default language of a new browser here: locale it-IT). */
export class LoginPage {
  constructor(private readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.goto('/login');
    await expect(this.page.getByRole('heading', { name: 'Accedi' })).toBeVisible();
  }

  async signIn(email: string, password = DEMO_PASSWORD): Promise<void> {
    await this.page.getByLabel('Email').fill(email);
    await this.page.getByLabel('Password', { exact: true }).fill(password);
    await this.page.getByRole('button', { name: 'Accedi' }).click();
  }
}
