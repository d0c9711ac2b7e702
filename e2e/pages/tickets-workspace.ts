import { expect, type Locator, type Page } from '@playwright/test';

/** Agent workspace › Tickets: the views with their counts, the filters and the list. */
export class TicketsWorkspace {
  readonly views: Locator;
  readonly table: Locator;

  constructor(private readonly page: Page) {
    this.views = page.getByRole('navigation', { name: 'Viste' });
    this.table = page.getByRole('table', { name: 'Ticket' });
  }

  async open(): Promise<void> {
    await this.page.goto('/agent/tickets');
    await expect(this.views).toBeVisible();
  }

  async openView(name: string): Promise<void> {
    await this.views.getByRole('link', { name: new RegExp(`^${name}`) }).click();
    await expect(this.page.getByRole('heading', { level: 2, name })).toBeVisible();
  }

  row(text: string): Locator {
    return this.table.getByRole('row').filter({ hasText: text });
  }

  async openTicket(subject: string): Promise<void> {
    await this.row(subject).getByRole('link', { name: subject }).click();
  }
}
