/** Threading headers: the chain oldest first, In-Reply-To the newest, long threads trimmed in the middle. */
import { describe, expect, it } from 'vitest';
import { MAX_REFERENCES, threadingHeaders } from './thread-headers.js';
import { noticesFor } from './ticket-notices.js';

describe('threadingHeaders', () => {
  it('has no threading headers for the first message of a thread', () => {
    expect(threadingHeaders([])).toEqual({});
  });

  it('cites every id oldest first, answering the newest, each once', () => {
    expect(
      threadingHeaders(['original@mail.acme.it', 'a@example.com', 'original@mail.acme.it', 'b@example.com']),
    ).toEqual({
      'In-Reply-To': '<b@example.com>',
      References: '<original@mail.acme.it> <a@example.com> <b@example.com>',
    });
  });

  it('keeps the root and the newest ids of a long thread', () => {
    const ids = Array.from({ length: 30 }, (_, index) => `m${index}@example.com`);
    const references = threadingHeaders(ids).References!.split(' ');
    expect(references).toHaveLength(MAX_REFERENCES);
    expect(references[0]).toBe('<m0@example.com>');
    expect(references[1]).toBe('<m11@example.com>');
    expect(references.at(-1)).toBe('<m29@example.com>');
  });
});

describe('noticesFor', () => {
  const base = { ticketId: '11111111-1111-4111-8111-111111111111', now: new Date('2026-03-02T09:00:00Z') };
  const agent = { kind: 'user' as const, id: 'u', role: 'agent' as const, groupIds: [] };
  const customer = { kind: 'contact' as const, id: 'c', organizationId: null };
  const message = (visibility: 'public' | 'internal') => ({ id: '22222222-2222-4222-8222-222222222222', visibility });

  it('acknowledges a new ticket', () => {
    const jobs = noticesFor({
      ...base,
      kind: 'created',
      actor: customer,
      message: message('public'),
      statusCategory: { from: null, to: 'new' },
    });
    expect(jobs.map((job) => job.notice)).toEqual(['ticket.acknowledgement']);
  });

  it('sends public staff replies only: never internal notes, never the customer own messages', () => {
    const reply = (actor: typeof agent | typeof customer, visibility: 'public' | 'internal') =>
      noticesFor({ ...base, kind: 'message_added', actor, message: message(visibility), statusCategory: null }).map(
        (job) => job.notice,
      );
    expect(reply(agent, 'public')).toEqual(['ticket.reply']);
    expect(reply(agent, 'internal')).toEqual([]);
    expect(reply(customer, 'public')).toEqual([]);
  });

  it('tells status changes to waiting for customer, resolved and closed, and nothing else', () => {
    const to = (category: 'open' | 'pending_customer' | 'pending_supplier' | 'resolved' | 'closed') =>
      noticesFor({
        ...base,
        kind: 'updated',
        actor: agent,
        message: null,
        statusCategory: { from: 'open', to: category },
      }).map((job) => job.notice);
    expect(to('pending_customer')).toEqual(['ticket.pending_customer']);
    expect(to('resolved')).toEqual(['ticket.resolved']);
    expect(to('closed')).toEqual(['ticket.closed']);
    expect(to('pending_supplier')).toEqual([]);
    expect(to('open')).toEqual([]);
  });
});
