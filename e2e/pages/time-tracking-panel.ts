import { expect, type Locator, type Page } from '@playwright/test';

/** Ticket page › "Tempo lavorato": totals, the running timer, the form to log time, the entries. */
export class TimeTrackingPanel {
  readonly panel: Locator;
  readonly total: Locator;
  readonly timer: Locator;
  readonly duration: Locator;
  readonly note: Locator;
  readonly entries: Locator;

  constructor(private readonly page: Page) {
    this.panel = page.getByRole('region', { name: 'Tempo lavorato' });
    this.total = this.panel.getByTestId('time-total');
    this.timer = this.panel.getByRole('timer', { name: 'Cronometro' });
    this.duration = this.panel.getByLabel('Durata (h:mm)');
    this.note = this.panel.getByLabel('Nota');
    this.entries = this.panel.getByRole('list', { name: 'Registrazioni' });
  }

  button(name: 'Avvia' | 'Pausa' | 'Riprendi' | 'Ferma' | 'Registra tempo'): Locator {
    return this.panel.getByRole('button', { name, exact: true });
  }

  /** Logs time with the form ("1:30") and waits for the entry to be listed. */
  async log(duration: string, note: string): Promise<void> {
    await this.duration.fill(duration);
    await this.note.fill(note);
    await this.button('Registra tempo').click();
    await expect(this.entries.getByRole('listitem').filter({ hasText: note })).toContainText(duration);
  }
}
