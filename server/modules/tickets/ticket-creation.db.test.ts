/**
 * Opening a ticket answers from what its statements know (ticket-creation.ts) instead of reading
 * the ticket back: the answer must be the ticket as any later read shows it, for every kind of
 * creator and every optional part; a known requester's ticket and its acknowledgement are written by
 * one statement without a transaction (ADR 0020); numbers are unique per year, start again with the
 * desk's year and grow past six digits.
 */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutboundMessage } from '../../../contracts/mail.contract.js';
import type { Transaction } from '../../db/database.js';
import type { Ticket, TimelineEntry } from '../../../contracts/tickets.contract.js';
import { expectError, openDesk, UNKNOWN_ID, type Desk, type Headers } from '../../test-support/tickets-fixture.js';

let desk: Desk;
beforeAll(async () => {
  desk = await openDesk();
});
afterAll(async () => {
  await desk.dispose();
});

let serial = 0;
const payload = (extra: Record<string, unknown> = {}) => ({
  type: 'incident',
  subject: `Creazione ${++serial}`,
  description: 'La stampante del secondo piano non stampa più da stamattina, potete controllare?',
  requester: { email: 'customer@example.com' },
  ...extra,
});

/** Opens a ticket and expects the answer to equal a read of it by the same caller. */
async function openAndCompare(headers: Headers, body: Record<string, unknown>): Promise<Ticket> {
  const created = await desk.createTicket(headers, body);
  expect(created).toEqual(await desk.getTicket(headers, created.id));
  return created;
}

async function setMode(groupId: string, assignmentMode: string) {
  const group = (await desk.call(desk.as.admin, 'GET', `/api/v1/groups/${groupId}`)).json();
  const response = await desk.call(desk.as.admin, 'PATCH', `/api/v1/groups/${groupId}`, {
    version: group.version,
    assignmentMode,
  });
  expect(response.statusCode, response.body).toBe(200);
}

const sequenceOf = (number: string) => Number(number.split('-')[1]);

describe('the answer to opening a ticket', () => {
  it('is the ticket as read, for staff with service, category, tags and impact', async () => {
    const ticket = await openAndCompare(
      desk.as.l1,
      payload({
        serviceId: desk.services.network,
        categoryId: desk.categories.vpn,
        tags: [' VPN ', 'vip', 'vpn'],
        impact: 'high',
        urgency: 'high',
        channel: 'phone',
      }),
    );
    expect(ticket.tags).toEqual(['vip', 'vpn']);
    expect(ticket.following).toBe(true);
    expect(ticket.organization).not.toBeNull();
  });

  it('is the ticket as read, for a requester made on the way and for an admin', async () => {
    const ticket = await openAndCompare(
      desk.as.admin,
      payload({ requester: { email: 'Nuovo.Cliente@Esempio-Creazione.it', name: 'Nuovo Cliente' } }),
    );
    expect(ticket.requester).toMatchObject({ name: 'Nuovo Cliente', email: 'nuovo.cliente@esempio-creazione.it' });
  });

  it('is the ticket as read, for a customer opening their own request', async () => {
    const { requester: _requester, ...own } = payload();
    const ticket = await openAndCompare(desk.as.customer, own);
    expect(ticket.followers).toEqual([]);
    expect(ticket.tags).toEqual([]);
  });

  it('is the ticket as read with an automatic assignee, whose assignment history follows the creation', async () => {
    await setMode(desk.groups.desk, 'round_robin');
    try {
      const ticket = await openAndCompare(desk.as.l1, payload());
      expect(ticket.assignee).not.toBeNull();
      const response = await desk.call(desk.as.admin, 'GET', `/api/v1/tickets/${ticket.id}/timeline`);
      const events = response
        .json<{ items: TimelineEntry[] }>()
        .items.flatMap((entry) => (entry.type === 'event' ? [entry.event] : []));
      expect(events.map((event) => event.kind)).toEqual(['created', 'updated']);
      expect(events[1]).toMatchObject({
        changes: [{ field: 'assigneeId', from: null, to: ticket.assignee!.name }],
        note: 'Assegnazione automatica',
      });
    } finally {
      await setMode(desk.groups.desk, 'manual');
    }
  });
});

describe('opening in two statements (ADR 0020)', () => {
  /** Runs `work`, counting the transactions the server opens meanwhile (this test server runs no jobs). */
  async function countingTransactions<T>(work: () => Promise<T>): Promise<{ result: T; transactions: number }> {
    const database = desk.server.deps.database;
    const original = database.transaction;
    let transactions = 0;
    database.transaction = <R>(inner: (tx: Transaction) => Promise<R>): Promise<R> => {
      transactions += 1;
      return original.call(database, inner) as Promise<R>;
    };
    try {
      return { result: await work(), transactions };
    } finally {
      database.transaction = original;
    }
  }

  const acknowledgementsOf = async (ticket: Ticket) =>
    (await desk.call(desk.as.admin, 'GET', `/api/v1/outbox?to=customer%40example.com&limit=100`))
      .json<{ items: OutboundMessage[] }>()
      .items.filter((email) => email.ticketId === ticket.id);

  it("writes a known requester's ticket and its acknowledgement (held, no SMTP) without a transaction", async () => {
    const { result: ticket, transactions } = await countingTransactions(() => openAndCompare(desk.as.l1, payload()));
    expect(transactions).toBe(0);
    const [acknowledgement, ...others] = await acknowledgementsOf(ticket);
    expect(others).toEqual([]);
    expect(acknowledgement).toMatchObject({
      purpose: 'ticket.acknowledgement',
      status: 'held',
      to: ['customer@example.com'],
    });
    expect(acknowledgement!.subject).toContain(`[#${ticket.number}]`);
  });

  it('takes a transaction when something else is written with the ticket: a new requester, an automatic assignee', async () => {
    const made = await countingTransactions(() =>
      openAndCompare(desk.as.l1, payload({ requester: { email: 'due.statement@esempio-creazione.it', name: 'Due' } })),
    );
    expect(made.transactions).toBe(1);
    await setMode(desk.groups.desk, 'round_robin');
    try {
      const assigned = await countingTransactions(() => openAndCompare(desk.as.l1, payload()));
      expect(assigned.transactions).toBe(1);
      expect(assigned.result.assignee).not.toBeNull();
      expect(await acknowledgementsOf(assigned.result)).toHaveLength(1);
    } finally {
      await setMode(desk.groups.desk, 'manual');
    }
  });

  it('writes nothing when the one write fails: no ticket, no message, no acknowledgement', async () => {
    const pool = desk.server.deps.database.pool;
    // A fault injected into the last part of the statement: the acknowledgement's row.
    await pool.query(`CREATE FUNCTION fail_acknowledgement() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'injected fault'; END $$`);
    await pool.query(`CREATE TRIGGER fail_acknowledgement BEFORE INSERT ON outbound_messages
      FOR EACH ROW WHEN (NEW.subject LIKE '%Guasto iniettato%') EXECUTE FUNCTION fail_acknowledgement()`);
    try {
      const subject = `Guasto iniettato ${++serial}`;
      const failed = await desk.call(desk.as.l1, 'POST', '/api/v1/tickets', payload({ subject }));
      expect(failed.statusCode).toBe(500);
      const { rows } = await pool.query<{ tickets: number; messages: number; emails: number }>(
        `SELECT (SELECT count(*)::int FROM tickets WHERE subject = $1) AS tickets,
           (SELECT count(*)::int FROM messages m JOIN tickets t ON t.id = m.ticket_id WHERE t.subject = $1) AS messages,
           (SELECT count(*)::int FROM outbound_messages WHERE subject LIKE '%' || $1 || '%') AS emails`,
        [subject],
      );
      expect(rows[0]).toEqual({ tickets: 0, messages: 0, emails: 0 });
    } finally {
      await pool.query('DROP TRIGGER fail_acknowledgement ON outbound_messages');
      await pool.query('DROP FUNCTION fail_acknowledgement()');
    }
  });
});

describe('the statements of a creation, compiled once per shape (ADR 0022)', () => {
  it("fill in each creation's own values: a plain ticket after a full one carries nothing of it", async () => {
    const full = await openAndCompare(
      desk.as.l1,
      payload({ serviceId: desk.services.network, tags: ['vip'], impact: 'high', urgency: 'high' }),
    );
    const plain = await openAndCompare(desk.as.l1, payload({ requester: { email: 'CUSTOMER@example.com' } }));
    expect(full).toMatchObject({ tags: ['vip'], priority: 'P1', service: { id: desk.services.network } });
    expect(plain).toMatchObject({ tags: [], priority: 'P3', service: null, subject: `Creazione ${serial}` });
    expect(plain.requester.email).toBe('customer@example.com');
    expect(sequenceOf(plain.number)).toBe(sequenceOf(full.number) + 1);
  });

  it('gives the ticket, its first message and its acknowledgement time-ordered keys (version 7 UUIDs)', async () => {
    const before = Date.now();
    const ticket = await openAndCompare(desk.as.l1, payload());
    const after = Date.now();
    const { rows } = await desk.server.deps.database.pool.query<{
      message_id: string;
      email_id: string;
      header: string;
    }>(
      `SELECT m.id AS message_id, o.id AS email_id, o.email_message_id AS header
       FROM messages m JOIN outbound_messages o ON o.ticket_id = m.ticket_id WHERE m.ticket_id = $1`,
      [ticket.id],
    );
    const keys = [ticket.id, rows[0]!.message_id, rows[0]!.email_id, rows[0]!.header.split('@')[0]!];
    for (const key of keys) {
      expect(key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      const milliseconds = parseInt(key.replaceAll('-', '').slice(0, 12), 16);
      expect(milliseconds).toBeGreaterThanOrEqual(before);
      expect(milliseconds).toBeLessThanOrEqual(after);
    }
  });
});

describe("ticket numbers from the year's sequence (ADR 0013)", () => {
  async function atTime<T>(instant: string, work: () => Promise<T>): Promise<T> {
    const before = desk.server.clock.now();
    try {
      desk.server.clock.set(instant);
      return await work();
    } finally {
      desk.server.clock.set(before);
    }
  }

  it('keep increasing after a creation that failed having taken its number (gaps are allowed)', async () => {
    const before = await desk.createTicket(desk.as.l1, payload());
    const failed = await desk.call(desk.as.l1, 'POST', '/api/v1/tickets', payload({ attachmentIds: [UNKNOWN_ID] }));
    expectError(failed, 400, 'ATTACHMENTS_NOT_LINKABLE');
    const after = await desk.createTicket(desk.as.l1, payload());
    expect(sequenceOf(after.number)).toBeGreaterThan(sequenceOf(before.number));
  });

  it('are unique when tickets are opened at once, also the first ones of a year', async () => {
    // 2035 has no sequence yet: the concurrent creations race to make it.
    const created = await atTime('2035-03-01T10:00:00Z', () =>
      Promise.all(Array.from({ length: 12 }, () => desk.createTicket(desk.as.l1, payload()))),
    );
    const numbers = created.map((ticket) => ticket.number);
    expect(new Set(numbers).size).toBe(12);
    expect(numbers.map(sequenceOf).sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, index) => index + 1));
    expect(numbers.every((number) => number.startsWith('2035-'))).toBe(true);
  });

  it("start again at 1 when the year changes in the desk's time zone", async () => {
    // 23:59 in Rome on 31 December 2032, then midnight: the year of 2033 begins at 23:00 UTC.
    const last = await atTime('2032-12-31T22:59:00Z', () => desk.createTicket(desk.as.l1, payload()));
    const first = await atTime('2032-12-31T23:00:00Z', () => desk.createTicket(desk.as.l1, payload()));
    const later = await atTime('2032-12-31T22:59:30Z', () => desk.createTicket(desk.as.l1, payload()));
    expect([last.number, first.number, later.number]).toEqual(['2032-000001', '2033-000001', '2032-000002']);
  });

  it('continue where the per-year counters stood when migration 0023 replaces them', async () => {
    const file = fileURLToPath(new URL('../../db/migrations/0023_ticket_number_sequences.sql', import.meta.url));
    const client = await desk.server.deps.database.pool.connect();
    try {
      // Migration 0023 once more, on counters as they were before it, in a transaction rolled back.
      await client.query('BEGIN');
      await client.query('DROP FUNCTION ticket_number_next(integer)');
      await client.query(
        'CREATE TABLE ticket_number_sequences (year integer PRIMARY KEY, last_value integer NOT NULL)',
      );
      await client.query('INSERT INTO ticket_number_sequences VALUES (2041, 41), (2042, 999999)');
      for (const statement of fs.readFileSync(file, 'utf8').split('--> statement-breakpoint')) {
        await client.query(statement);
      }
      const next = async (year: number) =>
        (await client.query<{ value: string }>('SELECT ticket_number_next($1) AS value', [year])).rows[0]!.value;
      expect([await next(2041), await next(2041), await next(2042), await next(2043)]).toEqual([
        '42',
        '43',
        '1000000',
        '1',
      ]);
      expect((await client.query("SELECT to_regclass('ticket_number_sequences') AS found")).rows[0].found).toBeNull();
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
  });

  it('grow past six digits rather than wrapping', async () => {
    const pool = desk.server.deps.database.pool;
    await pool.query('SELECT ticket_number_next(2031)');
    await pool.query("SELECT setval('ticket_number_2031', 999998)");
    await atTime('2031-06-01T10:00:00Z', async () => {
      expect((await desk.createTicket(desk.as.l1, payload())).number).toBe('2031-999999');
      expect((await desk.createTicket(desk.as.l1, payload())).number).toBe('2031-1000000');
    });
  });
});
