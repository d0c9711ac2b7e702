import { expect, type Page } from '@playwright/test';

export interface NewImapMailbox {
  name: string;
  address: string;
  group: string;
  host: string;
  username: string;
  password: string;
}

/** Admin › Caselle di posta: the list, the create form and a mailbox's page. */
export class MailboxesPages {
  constructor(private readonly page: Page) {}

  async createImapMailbox(mailbox: NewImapMailbox): Promise<void> {
    await this.page.goto('/admin/mailboxes');
    await expect(this.page.getByRole('heading', { name: 'Caselle di posta' })).toBeVisible();
    await this.page.getByRole('link', { name: 'Nuova casella' }).click();
    await this.page.getByLabel('Nome', { exact: true }).fill(mailbox.name);
    await this.page.getByLabel('Indirizzo', { exact: true }).fill(mailbox.address);
    await this.page.getByRole('combobox', { name: 'Gruppo' }).click();
    await this.page.getByRole('option', { name: mailbox.group, exact: true }).click();
    await this.page.getByLabel('Leggi da un server IMAP').check();
    await this.page.getByLabel('Server IMAP', { exact: true }).fill(mailbox.host);
    await this.page.getByLabel('Nome utente IMAP').fill(mailbox.username);
    await this.page.getByLabel('Password IMAP').fill(mailbox.password);
    await this.page.getByRole('button', { name: 'Crea casella' }).click();
    await expect(this.page).toHaveURL(/\/admin\/mailboxes\/[0-9a-f-]{36}$/);
    await expect(this.page.getByRole('heading', { name: mailbox.name })).toBeVisible();
  }

  async testConnection(): Promise<void> {
    await this.page.getByRole('button', { name: 'Prova connessione' }).click();
  }

  async deactivate(): Promise<void> {
    await this.page.getByRole('button', { name: 'Disattiva' }).click();
    await this.page.getByRole('dialog').getByRole('button', { name: 'Disattiva' }).click();
    await expect(this.page.getByRole('button', { name: 'Riattiva' })).toBeVisible();
  }
}
