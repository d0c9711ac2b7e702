import { expect, type Page } from '@playwright/test';

export interface NewTicket {
  requesterEmail: string;
  subject: string;
  description: string;
  urgency?: 'Alta' | 'Media' | 'Bassa';
}

/** Agent workspace › New ticket, as level 1 fills it during a phone call. */
export class NewTicketPage {
  constructor(private readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.goto('/agent/tickets/new');
    await expect(this.page.getByRole('heading', { name: 'Nuovo ticket' })).toBeVisible();
  }

  /** Fills and sends the form; resolves with the new ticket's number, read from its page. */
  async create(ticket: NewTicket): Promise<string> {
    await this.page.getByRole('combobox', { name: 'Email del richiedente' }).fill(ticket.requesterEmail);
    await this.page.getByLabel('Oggetto').fill(ticket.subject);
    await this.page.getByLabel('Descrizione').fill(ticket.description);
    if (ticket.urgency) await this.choose('Urgenza', ticket.urgency);
    await this.page.getByRole('button', { name: 'Crea ticket' }).click();
    await expect(this.page).toHaveURL(/\/agent\/tickets\/[0-9a-f-]{36}$/);
    await expect(this.page.getByRole('heading', { level: 2, name: ticket.subject })).toBeVisible();
    const number = await this.page
      .getByText(/^\d{4}-\d{6,}$/)
      .first()
      .textContent();
    return number ?? '';
  }

  private async choose(label: string, option: string): Promise<void> {
    await this.page.getByRole('combobox', { name: label }).click();
    await this.page.getByRole('option', { name: option, exact: true }).click();
  }
}
