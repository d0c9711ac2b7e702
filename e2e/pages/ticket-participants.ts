import { expect, type Locator, type Page } from '@playwright/test';

/** Ticket page › the CC participants panel, and the "Add as participant" button of flagged emails. */
export class TicketParticipants {
  readonly panel: Locator;
  readonly timeline: Locator;

  constructor(private readonly page: Page) {
    this.panel = page.getByRole('region', { name: 'Partecipanti in copia (CC)' });
    this.timeline = page.getByRole('region', { name: 'Cronologia' });
  }

  /** The timeline message sent by this address (its email details say "Da: … <address>"). */
  messageFrom(address: string): Locator {
    return this.timeline.getByLabel('Dettagli email').filter({ hasText: address });
  }

  /** Adds the sender of the flagged message from the timeline; the button goes once they are in. */
  async addSenderOf(address: string): Promise<void> {
    const details = this.messageFrom(address);
    await details.getByRole('button', { name: 'Aggiungi come partecipante' }).click();
    await expect(this.panel.getByText(address)).toBeVisible();
    await expect(details.getByRole('button', { name: 'Aggiungi come partecipante' })).toHaveCount(0);
  }

  async remove(address: string): Promise<void> {
    await this.panel.getByRole('button', { name: `Rimuovi ${address} dai partecipanti` }).click();
    await expect(this.panel.getByText(address)).toHaveCount(0);
  }
}
