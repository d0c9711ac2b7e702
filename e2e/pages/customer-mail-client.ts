import { expect } from '@playwright/test';
import nodemailer from 'nodemailer';

/** A mail the customer writes: what a mail client puts in it, threading headers included. */
export interface CustomerMail {
  subject: string;
  text: string;
  html?: string;
  attachments?: nodemailer.SendMailOptions['attachments'];
  /** The Message-ID (with or without brackets) of the mail being answered. */
  inReplyTo?: string;
  /** The thread so far, oldest first. */
  references?: string[];
  /** Further header fields, as a list server or a newsletter tool adds them (List-Id…). */
  headers?: Record<string, string>;
}

const bracketed = (id: string) => (id.startsWith('<') ? id : `<${id}>`);

/**
 * The customer's mail client: sends over real SMTP to the desk's listener (ephemeral port of the
 * e2e server) and, like Thunderbird or Outlook, answers with In-Reply-To/References set.
 */
export class CustomerMailClient {
  constructor(
    readonly address: string,
    readonly name: string,
  ) {}

  /** Sends one mail to support@example.com; returns its Message-ID (without brackets). */
  async send(mail: CustomerMail): Promise<string> {
    const transport = nodemailer.createTransport({
      host: '127.0.0.1',
      port: Number(process.env.SPORTELLO_E2E_SMTP_PORT),
      secure: false,
      ignoreTLS: true,
    });
    try {
      const info = await transport.sendMail({
        from: { name: this.name, address: this.address },
        to: 'support@example.com',
        subject: mail.subject,
        text: mail.text,
        ...(mail.html ? { html: mail.html } : {}),
        ...(mail.attachments ? { attachments: mail.attachments } : {}),
        ...(mail.inReplyTo ? { inReplyTo: bracketed(mail.inReplyTo) } : {}),
        ...(mail.references ? { references: mail.references.map(bracketed) } : {}),
        ...(mail.headers ? { headers: mail.headers } : {}),
      });
      // 250 comes only after the desk committed the raw message (ADR 0007).
      expect(info.response).toMatch(/^250 /);
      return info.messageId.replace(/^<|>$/g, '');
    } finally {
      transport.close();
    }
  }
}
