import { expect, type Page } from '@playwright/test';

export const DEMO_PASSWORD = 'sportello';

/** The sign-in page (Italian is the default language of a new browser here: locale it-IT). */
export class LoginPage {
  constructor(private readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.goto('/login');
    await expect(this.page.getByRole('heading', { name: 'Accedi' })).toBeVisible();
  }

  /** Fills in and submits the form, without waiting for the outcome. */
  async submit(email: string, password: string): Promise<void> {
    await this.page.getByLabel('Email').fill(email);
    await this.page.getByLabel('Password', { exact: true }).fill(password);
    await this.page.getByRole('button', { name: 'Accedi' }).click();
  }

  /**
   * Signs in and waits until the app has left the sign-in page, so that the session cookie is set
   * before the test navigates anywhere else (a `goto` right after the click would cancel it).
   */
  async signIn(email: string, password = DEMO_PASSWORD): Promise<void> {
    await this.submit(email, password);
    await expect(this.page).not.toHaveURL(/\/login/);
  }
}
