import { expect, type Locator, type Page } from '@playwright/test';

/** The bell in the header: unread notifications, each leading to its ticket. */
export class NotificationsBell {
  readonly button: Locator;

  constructor(private readonly page: Page) {
    this.button = page.getByRole('button', { name: /^Notifiche/ });
  }

  async open(): Promise<Locator> {
    await this.button.click();
    const menu = this.page.getByRole('menu');
    await expect(menu).toBeVisible();
    return menu;
  }

  /** The notification about a ticket (by number), once the menu is open. */
  item(menu: Locator, ticketNumber: string): Locator {
    return menu.getByRole('menuitem').filter({ hasText: ticketNumber });
  }
}
