import { expect, type Locator, type Page } from '@playwright/test';

/** The customer portal: the list of their requests and one request's public conversation. */
export class PortalPages {
  readonly conversation: Locator;

  constructor(private readonly page: Page) {
    this.conversation = page.getByRole('region', { name: 'Conversazione' });
  }

  async openRequest(subject: string): Promise<void> {
    await this.page.goto('/portal');
    await this.page.getByRole('link', { name: subject }).click();
    await expect(this.page.getByRole('heading', { level: 2, name: subject })).toBeVisible();
  }

  async reply(text: string): Promise<void> {
    await this.page.getByLabel('La tua risposta').fill(text);
    await this.page.getByRole('button', { name: 'Invia', exact: true }).click();
    await expect(this.conversation.getByText(text)).toBeVisible();
  }
}
