import { expect, type Locator, type Page } from '@playwright/test';

/** Admin › Modelli email: the list, and the editor drawer with its live preview. */
export class EmailTemplatesPage {
  readonly editor: Locator;

  constructor(private readonly page: Page) {
    this.editor = page.getByRole('dialog');
  }

  async open(): Promise<void> {
    await this.page.goto('/admin/email-templates');
    await expect(this.page.getByRole('heading', { name: 'Modelli email' })).toBeVisible();
  }

  /** Opens the editor of one notice in one language, e.g. ("Risposta dell'operatore", "Italiano"). */
  async edit(notice: string, language: string): Promise<void> {
    await this.page.getByRole('button', { name: `Modifica: ${notice} (${language})` }).click();
    await expect(this.editor).toBeVisible();
  }

  get subject(): Locator {
    return this.editor.getByLabel('Oggetto');
  }

  get bodyHtml(): Locator {
    return this.editor.getByLabel('Corpo HTML');
  }

  get bodyText(): Locator {
    return this.editor.getByLabel('Corpo in testo semplice');
  }

  get previewSubject(): Locator {
    return this.editor.getByTestId('preview-subject');
  }

  get templateError(): Locator {
    return this.editor.getByTestId('template-error');
  }

  async save(): Promise<void> {
    await this.editor.getByRole('button', { name: 'Salva' }).click();
    await expect(this.page.getByText('Modifiche salvate.')).toBeVisible();
  }

  async resetToBuiltIn(): Promise<void> {
    await this.editor.getByRole('button', { name: 'Ripristina il predefinito' }).click();
    await expect(this.editor).toHaveCount(0);
  }
}
