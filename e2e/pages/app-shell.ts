import { expect, type Locator, type Page } from '@playwright/test';

/** The signed-in frame: navigation by area, user menu, language switch. */
export class AppShell {
  readonly navigation: Locator;

  constructor(private readonly page: Page) {
    this.navigation = page.getByRole('navigation');
  }

  area(name: string): Locator {
    return this.navigation.getByRole('link', { name, exact: true });
  }

  async expectAreas(visible: string[], hidden: string[]): Promise<void> {
    for (const name of visible) await expect(this.area(name)).toBeVisible();
    for (const name of hidden) await expect(this.area(name)).toHaveCount(0);
  }
}
