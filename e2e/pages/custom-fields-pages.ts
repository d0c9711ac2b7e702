import { expect, type Locator, type Page } from '@playwright/test';

export interface NewSelectField {
  key: string;
  labelIt: string;
  labelEn: string;
  options: { value: string; labelIt: string; labelEn: string }[];
}

/** Admin › Custom fields, and the custom fields panel of a ticket (agent page and portal). */
export class CustomFieldsPages {
  constructor(private readonly page: Page) {}

  async createSelectField(field: NewSelectField): Promise<void> {
    await this.page.goto('/admin/custom-fields');
    await expect(this.page.getByRole('heading', { name: 'Campi personalizzati' })).toBeVisible();
    await this.page.getByRole('link', { name: 'Nuovo campo' }).click();
    await this.page.getByLabel('Chiave').fill(field.key);
    await this.choose(this.page, 'Tipo', 'Scelta singola');
    await this.page.getByLabel('Etichetta (italiano)').fill(field.labelIt);
    await this.page.getByLabel('Etichetta (inglese)').fill(field.labelEn);
    for (const [index, option] of field.options.entries()) {
      await this.page.getByRole('button', { name: 'Aggiungi opzione' }).click();
      await this.page.getByLabel('Valore').nth(index).fill(option.value);
      await this.page.getByLabel('Testo (italiano)').nth(index).fill(option.labelIt);
      await this.page.getByLabel('Testo (inglese)').nth(index).fill(option.labelEn);
    }
    await this.page.getByRole('button', { name: 'Crea campo' }).click();
    await expect(this.page).toHaveURL(/\/admin\/custom-fields\/[0-9a-f-]{36}$/);
    await expect(this.page.getByRole('heading', { name: field.labelIt })).toBeVisible();
  }

  /** The custom fields panel of the open ticket, by its title. */
  panel(title: 'Campi personalizzati' | 'Dettagli della richiesta'): Locator {
    return this.page.getByRole('region', { name: title });
  }

  /** Edits one select field in the ticket's panel and saves. */
  async setSelect(label: string, option: string): Promise<void> {
    const panel = this.panel('Campi personalizzati');
    await panel.getByRole('button', { name: 'Modifica' }).click();
    await this.choose(panel, label, option);
    await panel.getByRole('button', { name: 'Salva' }).click();
    await expect(panel.getByRole('button', { name: 'Modifica' })).toBeVisible();
  }

  /** Picks an option of a Mantine select (a combobox whose list opens in a portal). */
  async choose(scope: Page | Locator, label: string, option: string): Promise<void> {
    await scope.getByRole('combobox', { name: label }).click();
    await this.page.getByRole('option', { name: option, exact: true }).click();
  }
}
