/**
 * Time worked through the API: logging on a visible ticket (closed ones too), the totals per ticket
 * and per agent, who may change what, stale versions, bad input, and an agent's summary by days.
 */
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Ticket } from '../../../contracts/tickets.contract.js';
import type { AgentTimeEntries, TicketTimeEntries, TimeEntry } from '../../../contracts/time-tracking.contract.js';
import { expectError, openDesk, UNKNOWN_ID, type Desk, type Headers } from '../../test-support/tickets-fixture.js';

let desk: Desk;
beforeAll(async () => {
  desk = await openDesk();
});
afterAll(async () => {
  await desk.dispose();
});
// Monday 2 March 2026, 10:00 in Rome.
beforeEach(() => desk.server.clock.set('2026-03-02T09:00:00Z'));

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

function call(headers: Headers, method: Method, url: string, payload?: object): Promise<LightMyRequestResponse> {
  const options: InjectOptions = { method, url: `/api/v1${url}`, headers };
  if (payload !== undefined) options.payload = payload as InjectOptions['payload'];
  return desk.server.app.inject(options);
}

/** A fresh ticket of the Service Desk (level 1): Giulia (l1) and Luca see it, Emily (Applicazioni) does not. */
const openTicket = (subject: string): Promise<Ticket> =>
  desk.createTicket(desk.as.l1, {
    type: 'incident',
    subject,
    description: 'Descrizione',
    requester: { email: 'customer@example.com' },
  });

async function logTime(headers: Headers, ticketId: string, payload: object): Promise<TimeEntry> {
  const response = await call(headers, 'POST', `/tickets/${ticketId}/time-entries`, payload);
  expect(response.statusCode, response.body).toBe(201);
  return response.json<TimeEntry>();
}

async function entriesOf(headers: Headers, ticketId: string, query = ''): Promise<TicketTimeEntries> {
  const response = await call(headers, 'GET', `/tickets/${ticketId}/time-entries${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<TicketTimeEntries>();
}

const fieldPaths = (response: LightMyRequestResponse) =>
  expectError(response, 400, 'VALIDATION_FAILED').details!.fields as { path: string }[];

describe('logging time', () => {
  it('logs minutes with a note on today, in Rome, by the caller', async () => {
    const ticket = await openTicket('Log di 90 minuti');
    const entry = await logTime(desk.as.l1, ticket.id, { minutes: 90, note: '  Reinstallato il client  ' });
    expect(entry).toMatchObject({
      ticket: { id: ticket.id, number: ticket.number, subject: ticket.subject },
      user: { id: desk.userIds.l1, name: 'Giulia Rossi' },
      minutes: 90,
      workedOn: '2026-03-02',
      note: 'Reinstallato il client',
      version: 1,
      createdAt: '2026-03-02T09:00:00.000Z',
      abilities: { update: true, delete: true },
    });
  });

  it("takes today's date in Rome, not in UTC, late in the evening", async () => {
    const ticket = await openTicket('Lavoro di sera');
    desk.server.clock.set('2026-03-02T23:30:00Z'); // 00:30 on 3 March in Rome
    const entry = await logTime(desk.as.l1, ticket.id, { minutes: 20, note: '' });
    expect(entry).toMatchObject({ workedOn: '2026-03-03', note: null });
    await logTime(desk.as.l1, ticket.id, { minutes: 5, workedOn: '2026-03-03' });
    const tomorrow = await call(desk.as.l1, 'POST', `/tickets/${ticket.id}/time-entries`, {
      minutes: 5,
      workedOn: '2026-03-04',
    });
    expect(fieldPaths(tomorrow)).toEqual([{ path: 'body.workedOn', message: expect.any(String) }]);
  });

  it('refuses a day in the future, when logging and when changing', async () => {
    const ticket = await openTicket('Data futura');
    const future = await call(desk.as.l1, 'POST', `/tickets/${ticket.id}/time-entries`, {
      minutes: 30,
      workedOn: '2026-03-03',
    });
    expect(fieldPaths(future).map((field) => field.path)).toEqual(['body.workedOn']);
    const entry = await logTime(desk.as.l1, ticket.id, { minutes: 30, workedOn: '2026-02-27' });
    const changed = await call(desk.as.l1, 'PATCH', `/time-entries/${entry.id}`, {
      version: entry.version,
      workedOn: '2026-03-10',
    });
    expect(fieldPaths(changed).map((field) => field.path)).toEqual(['body.workedOn']);
  });

  it('refuses invalid minutes, days and fields, naming the failing fields', async () => {
    const ticket = await openTicket('Minuti non validi');
    const url = `/tickets/${ticket.id}/time-entries`;
    for (const minutes of [0, -5, 1441, 1.5, '30', null]) {
      const response = await call(desk.as.l1, 'POST', url, { minutes });
      expect(fieldPaths(response).map((field) => field.path)).toEqual(['body.minutes']);
    }
    expect(fieldPaths(await call(desk.as.l1, 'POST', url, {})).map((field) => field.path)).toEqual(['body.minutes']);
    expect(
      fieldPaths(await call(desk.as.l1, 'POST', url, { minutes: 10, workedOn: '2026-02-30' })).map((f) => f.path),
    ).toEqual(['body.workedOn']);
    expect(fieldPaths(await call(desk.as.l1, 'POST', url, { minutes: 10, billable: true })).map((f) => f.path)).toEqual(
      ['body.billable'],
    );
    expect((await logTime(desk.as.l1, ticket.id, { minutes: 1440 })).minutes).toBe(1440);
    expect((await entriesOf(desk.as.l1, ticket.id)).items).toHaveLength(1);
  });

  it('logs time on a closed ticket: work is often recorded after', async () => {
    const ticket = await openTicket('Già chiuso');
    const closed = await desk.patch(desk.as.l1, ticket.id, { statusId: desk.statuses.closed });
    expect(closed.statusCode, closed.body).toBe(200);
    const entry = await logTime(desk.as.l1, ticket.id, { minutes: 15 });
    expect(entry.minutes).toBe(15);
  });
});

describe('a ticket’s entries and totals', () => {
  it('totals the ticket and each agent, listing newest work first a page at a time', async () => {
    const ticket = await openTicket('Totali');
    await logTime(desk.as.l1, ticket.id, { minutes: 90, workedOn: '2026-02-27' });
    await logTime(desk.as.luca, ticket.id, { minutes: 45, workedOn: '2026-03-02' });
    desk.server.clock.advance(60_000);
    await logTime(desk.as.l1, ticket.id, { minutes: 15, workedOn: '2026-03-02' });
    await logTime(desk.as.supervisor, ticket.id, { minutes: 45, workedOn: '2026-03-01' });

    const all = await entriesOf(desk.as.l1, ticket.id);
    expect(all.totalMinutes).toBe(195);
    expect(all.byAgent).toEqual([
      { userId: desk.userIds.l1, name: 'Giulia Rossi', minutes: 105 },
      { userId: desk.userIds.luca, name: 'Luca Ferrari', minutes: 45 },
      { userId: desk.userIds.supervisor, name: expect.any(String), minutes: 45 },
    ]);
    expect(all.items.map((entry) => [entry.workedOn, entry.minutes])).toEqual([
      ['2026-03-02', 15],
      ['2026-03-02', 45],
      ['2026-03-01', 45],
      ['2026-02-27', 90],
    ]);
    expect(all.nextCursor).toBeNull();

    const first = await entriesOf(desk.as.l1, ticket.id, '?limit=3');
    expect(first.items).toHaveLength(3);
    expect(first.totalMinutes).toBe(195);
    const second = await entriesOf(desk.as.l1, ticket.id, `?limit=3&cursor=${first.nextCursor}`);
    expect(second.items.map((entry) => entry.minutes)).toEqual([90]);
    expect(second.nextCursor).toBeNull();
    expectError(
      await call(desk.as.l1, 'GET', `/tickets/${ticket.id}/time-entries?cursor=bm9wZQ`),
      400,
      'INVALID_CURSOR',
    );
  });

  it('answers an empty ticket with zero', async () => {
    const ticket = await openTicket('Niente tempo');
    expect(await entriesOf(desk.as.l1, ticket.id)).toEqual({
      items: [],
      nextCursor: null,
      totalMinutes: 0,
      byAgent: [],
    });
  });

  it('hides the time of a ticket the agent cannot see, as for an unknown ticket', async () => {
    const ticket = await openTicket('Non per Emily');
    const entry = await logTime(desk.as.l1, ticket.id, { minutes: 30 });
    const url = `/tickets/${ticket.id}/time-entries`;
    expectError(await call(desk.as.emily, 'GET', url), 404, 'TICKET_NOT_FOUND');
    expectError(await call(desk.as.emily, 'POST', url, { minutes: 10 }), 404, 'TICKET_NOT_FOUND');
    expectError(
      await call(desk.as.emily, 'PATCH', `/time-entries/${entry.id}`, { version: 1, minutes: 1 }),
      404,
      'TIME_ENTRY_NOT_FOUND',
    );
    expectError(await call(desk.as.emily, 'DELETE', `/time-entries/${entry.id}`), 404, 'TIME_ENTRY_NOT_FOUND');
    expectError(await call(desk.as.l1, 'GET', `/tickets/${UNKNOWN_ID}/time-entries`), 404, 'TICKET_NOT_FOUND');
    expectError(await call(desk.as.l1, 'DELETE', `/time-entries/${UNKNOWN_ID}`), 404, 'TIME_ENTRY_NOT_FOUND');
    expect((await entriesOf(desk.as.l1, ticket.id)).totalMinutes).toBe(30);
  });

  it('never shows time entries to customers', async () => {
    const ticket = await openTicket('Il cliente non vede il tempo');
    const entry = await logTime(desk.as.l1, ticket.id, { minutes: 30 });
    expect((await call(desk.as.customer, 'GET', `/tickets/${ticket.id}`)).statusCode).toBe(200);
    const attempts = [
      await call(desk.as.customer, 'GET', `/tickets/${ticket.id}/time-entries`),
      await call(desk.as.customer, 'POST', `/tickets/${ticket.id}/time-entries`, { minutes: 5 }),
      await call(desk.as.customer, 'PATCH', `/time-entries/${entry.id}`, { version: 1, minutes: 5 }),
      await call(desk.as.customer, 'DELETE', `/time-entries/${entry.id}`),
      await call(desk.as.customer, 'GET', '/time-entries'),
    ];
    for (const response of attempts) expectError(response, 403, 'FORBIDDEN');
  });
});

describe('changing and removing entries', () => {
  it('lets the author, an admin or a supervisor change an entry, under its version', async () => {
    const ticket = await openTicket('Modifiche');
    const entry = await logTime(desk.as.l1, ticket.id, { minutes: 30, note: 'Prima stima' });
    const url = `/time-entries/${entry.id}`;

    const seenByLuca = (await entriesOf(desk.as.luca, ticket.id)).items[0]!;
    expect(seenByLuca.abilities).toEqual({ update: false, delete: false });
    expectError(await call(desk.as.luca, 'PATCH', url, { version: 1, minutes: 1 }), 403, 'FORBIDDEN');

    desk.server.clock.advance(60_000);
    const own = await call(desk.as.l1, 'PATCH', url, { version: 1, minutes: 40, workedOn: '2026-02-28', note: null });
    expect(own.statusCode, own.body).toBe(200);
    expect(own.json()).toMatchObject({
      minutes: 40,
      workedOn: '2026-02-28',
      note: null,
      version: 2,
      createdAt: '2026-03-02T09:00:00.000Z',
      updatedAt: '2026-03-02T09:01:00.000Z',
    });

    const stale = expectError(
      await call(desk.as.l1, 'PATCH', url, { version: 1, minutes: 50 }),
      409,
      'TIME_ENTRY_VERSION_CONFLICT',
    );
    expect(stale.details).toEqual({ currentVersion: 2 });

    const bySupervisor = await call(desk.as.supervisor, 'PATCH', url, { version: 2, note: 'Corretto dal supervisore' });
    expect(bySupervisor.statusCode, bySupervisor.body).toBe(200);
    expect(bySupervisor.json()).toMatchObject({
      minutes: 40,
      note: 'Corretto dal supervisore',
      version: 3,
      user: { id: desk.userIds.l1 },
    });
    const byAdmin = await call(desk.as.admin, 'PATCH', url, { version: 3, minutes: 35 });
    expect(byAdmin.json()).toMatchObject({ minutes: 35, version: 4 });
    expect(fieldPaths(await call(desk.as.l1, 'PATCH', url, { minutes: 10 })).map((f) => f.path)).toEqual([
      'body.version',
    ]);
    expect(fieldPaths(await call(desk.as.l1, 'PATCH', url, { version: 4, minutes: 0 })).map((f) => f.path)).toEqual([
      'body.minutes',
    ]);
    expect((await entriesOf(desk.as.l1, ticket.id)).totalMinutes).toBe(35);
  });

  it('lets the author, an admin or a supervisor remove an entry', async () => {
    const ticket = await openTicket('Cancellazioni');
    const mine = await logTime(desk.as.l1, ticket.id, { minutes: 10 });
    const lucas = await logTime(desk.as.luca, ticket.id, { minutes: 20 });
    expectError(await call(desk.as.l1, 'DELETE', `/time-entries/${lucas.id}`), 403, 'FORBIDDEN');
    expect((await call(desk.as.l1, 'DELETE', `/time-entries/${mine.id}`)).statusCode).toBe(204);
    expectError(await call(desk.as.l1, 'DELETE', `/time-entries/${mine.id}`), 404, 'TIME_ENTRY_NOT_FOUND');
    expectError(
      await call(desk.as.l1, 'PATCH', `/time-entries/${mine.id}`, { version: 1, minutes: 1 }),
      404,
      'TIME_ENTRY_NOT_FOUND',
    );
    expect((await call(desk.as.supervisor, 'DELETE', `/time-entries/${lucas.id}`)).statusCode).toBe(204);
    expect(await entriesOf(desk.as.l1, ticket.id)).toMatchObject({ items: [], totalMinutes: 0, byAgent: [] });
  });
});

describe("an agent's summary", () => {
  // January 2026: no other test logs time then.
  beforeAll(async () => {
    desk.server.clock.set('2026-03-02T09:00:00Z');
    const first = await openTicket('Riepilogo A');
    const second = await openTicket('Riepilogo B');
    await logTime(desk.as.l1, first.id, { minutes: 30, workedOn: '2026-01-05' });
    await logTime(desk.as.l1, second.id, { minutes: 60, workedOn: '2026-01-12' });
    desk.server.clock.advance(60_000); // logged later on the same day: listed first
    await logTime(desk.as.l1, first.id, { minutes: 15, workedOn: '2026-01-12' });
    await logTime(desk.as.l1, second.id, { minutes: 120, workedOn: '2026-01-31' });
    await logTime(desk.as.luca, first.id, { minutes: 45, workedOn: '2026-01-12' });
  });

  const summary = async (headers: Headers, query: string) => {
    const response = await call(headers, 'GET', `/time-entries?${query}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json<AgentTimeEntries>();
  };

  it('lists the caller’s own entries in a range of days, with the range’s total, a page at a time', async () => {
    const range = await summary(desk.as.l1, 'from=2026-01-06&to=2026-01-31');
    expect(range.totalMinutes).toBe(195);
    expect(range.items.map((entry) => [entry.workedOn, entry.minutes, entry.ticket.subject])).toEqual([
      ['2026-01-31', 120, 'Riepilogo B'],
      ['2026-01-12', 15, 'Riepilogo A'],
      ['2026-01-12', 60, 'Riepilogo B'],
    ]);
    expect(range.items.every((entry) => entry.user.id === desk.userIds.l1)).toBe(true);

    const first = await summary(desk.as.l1, 'from=2026-01-01&to=2026-01-31&limit=2');
    expect(first.totalMinutes).toBe(225);
    const rest = await summary(desk.as.l1, `from=2026-01-01&to=2026-01-31&limit=2&cursor=${first.nextCursor}`);
    expect([...first.items, ...rest.items].map((entry) => entry.minutes)).toEqual([120, 15, 60, 30]);
    expect(rest.nextCursor).toBeNull();

    expect((await summary(desk.as.l1, 'from=2026-01-12&to=2026-01-12')).totalMinutes).toBe(75);
    expect((await summary(desk.as.luca, 'from=2026-01-01&to=2026-01-31')).totalMinutes).toBe(45);
  });

  it('lets admins and supervisors read any agent, and agents only themselves', async () => {
    const query = `userId=${desk.userIds.l1}&from=2026-01-01&to=2026-01-31`;
    expect((await summary(desk.as.supervisor, query)).totalMinutes).toBe(225);
    expect((await summary(desk.as.admin, query)).totalMinutes).toBe(225);
    expect((await summary(desk.as.l1, query)).totalMinutes).toBe(225);
    expectError(await call(desk.as.luca, 'GET', `/time-entries?${query}`), 403, 'FORBIDDEN');
  });

  it('refuses a range that ends before it starts, and days that are not days', async () => {
    expect(fieldPaths(await call(desk.as.l1, 'GET', '/time-entries?from=2026-01-31&to=2026-01-01'))).toEqual([
      { path: 'querystring.to', message: expect.any(String) },
    ]);
    expect(fieldPaths(await call(desk.as.l1, 'GET', '/time-entries?from=31/01/2026')).map((f) => f.path)).toEqual([
      'querystring.from',
    ]);
  });
});

describe('OpenAPI', () => {
  it('documents the routes with their parameters', async () => {
    const response = await desk.server.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    const paths = response.json<{ paths: Record<string, Record<string, { parameters?: { name: string }[] }>> }>().paths;
    expect(Object.keys(paths['/api/v1/tickets/{id}/time-entries']!).sort()).toEqual(['get', 'post']);
    expect(Object.keys(paths['/api/v1/time-entries/{id}']!).sort()).toEqual(['delete', 'patch']);
    expect(paths['/api/v1/time-entries']!.get!.parameters!.map((parameter) => parameter.name)).toEqual(
      expect.arrayContaining(['userId', 'from', 'to', 'limit', 'cursor']),
    );
  });
});
