import { expect, type APIRequestContext } from '@playwright/test';
import type { OutboundMessage } from '../../contracts/mail.contract.js';
import { DEMO_PASSWORD } from './login-page.js';

/**
 * What a test reads through the API rather than the screen: where a mail landed (the worker
 * processes it after the SMTP answer) and the Outbox's headers, which stand in for what the
 * customer's mail client received.
 */
export class DeskApi {
  private constructor(
    private readonly request: APIRequestContext,
    private readonly token: string,
  ) {}

  static async signIn(request: APIRequestContext, email: string): Promise<DeskApi> {
    const response = await request.post('/api/v1/auth/tokens', {
      data: { email, password: DEMO_PASSWORD, name: `e2e ${Date.now().toString(36)}` },
    });
    expect(response.status()).toBe(201);
    return new DeskApi(request, ((await response.json()) as { token: string }).token);
  }

  private async get<T>(url: string): Promise<T> {
    const response = await this.request.get(url, { headers: { authorization: `Bearer ${this.token}` } });
    expect(response.status(), await response.text()).toBe(200);
    return (await response.json()) as T;
  }

  /** The ticket with this subject, once the mail that opens it has been processed. */
  async ticketWithSubject(subject: string): Promise<{ id: string; number: string }> {
    let found: { id: string; number: string; subject: string } | undefined;
    await expect
      .poll(async () => {
        const page = await this.get<{ items: { id: string; number: string; subject: string }[] }>(
          `/api/v1/tickets?q=${encodeURIComponent(subject)}`,
        );
        found = page.items.find((item) => item.subject === subject);
        return Boolean(found);
      })
      .toBe(true);
    return found!;
  }

  /** The ticket's emails in the Outbox (admin token), oldest first. */
  async outboxOf(ticketId: string, to: string): Promise<OutboundMessage[]> {
    const page = await this.get<{ items: OutboundMessage[] }>(`/api/v1/outbox?to=${encodeURIComponent(to)}&limit=100`);
    return page.items.filter((item) => item.ticketId === ticketId).reverse();
  }

  /**
   * Waits until the ticket has an outgoing email for this purpose (`ticket.reply`,
   * `ticket.resolved`…) whose text contains `text`, and returns it (notices are queued by jobs).
   */
  async awaitEmail(ticketId: string, to: string, purpose: string, text = ''): Promise<OutboundMessage> {
    let found: OutboundMessage | undefined;
    await expect
      .poll(async () => {
        found = (await this.outboxOf(ticketId, to)).find(
          (item) => item.purpose === purpose && item.text.includes(text),
        );
        return Boolean(found);
      })
      .toBe(true);
    return found!;
  }
}

/** A Message-ID header without its angle brackets; References split into its ids. */
export const messageIdsOf = (header: string | undefined) =>
  (header ?? '')
    .split(/\s+/)
    .filter(Boolean)
    .map((id) => id.replace(/^<|>$/g, ''));
