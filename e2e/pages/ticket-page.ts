import { expect, type Locator, type Page } from '@playwright/test';

/** Agent workspace › one ticket: actions, timeline, composer. */
export class TicketPage {
  readonly timeline: Locator;

  constructor(private readonly page: Page) {
    this.timeline = page.getByRole('region', { name: 'Cronologia' });
  }

  action(name: string): Locator {
    return this.page.getByRole('button', { name, exact: true });
  }

  async take(): Promise<void> {
    await this.action('Prendi in carico').click();
    await expect(this.action('Prendi in carico')).toHaveCount(0);
  }

  async escalate(group: string, note: string): Promise<void> {
    await this.action('Escala al livello 2').click();
    const dialog = this.page.getByRole('dialog');
    await dialog.getByRole('combobox', { name: 'Gruppo di livello 2' }).click();
    await this.page.getByRole('option', { name: group }).click();
    await dialog.getByLabel('Nota di passaggio').fill(note);
    await dialog.getByRole('button', { name: 'Escala al livello 2' }).click();
    await expect(dialog).toHaveCount(0);
  }

  async handBack(note: string): Promise<void> {
    await this.action('Restituisci al livello 1').click();
    const dialog = this.page.getByRole('dialog');
    await dialog.getByLabel('Nota di passaggio').fill(note);
    await dialog.getByRole('button', { name: 'Restituisci al livello 1' }).click();
    await expect(dialog).toHaveCount(0);
  }

  /** Writes in one tab of the composer (Risposta pubblica, Nota interna, Telefonata) and sends it with Ctrl+Enter. */
  async write(tab: 'Risposta pubblica' | 'Nota interna' | 'Telefonata', text: string): Promise<void> {
    await this.page.getByRole('tab', { name: tab }).click();
    const editor = this.page.getByRole('tabpanel').getByRole('textbox');
    await editor.fill(text);
    await editor.press('Control+Enter');
    await expect(this.timeline.getByText(text)).toBeVisible();
  }

  /** The status field of the ticket (a select for staff who may change it). */
  get status(): Locator {
    return this.page.getByRole('combobox', { name: 'Stato', exact: true });
  }

  /** Picks a status by name and waits until the ticket shows it. */
  async setStatus(name: string): Promise<void> {
    await this.status.click();
    await this.page.getByRole('option', { name, exact: true }).click();
    await expect(this.status).toHaveValue(name);
  }

  /** A read-only field of the ticket's side (e.g. "Gruppo e assegnatario"). */
  field(label: string): Locator {
    return this.page.getByText(label, { exact: true }).locator('..');
  }
}
