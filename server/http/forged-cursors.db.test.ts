/**
 * Every paginated list refuses a cursor it could not have written with 400 INVALID_CURSOR naming
 * the field: each value of a cursor reaches the database as a parameter, and one PostgreSQL cannot
 * read as its column's type (a uuid of 36 hyphens, a NUL in a name, year 0, a 31 February, a
 * position of 1.5) was a database error, so a 500.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, openDesk, UNKNOWN_ID, type Desk } from '../test-support/tickets-fixture.js';

let desk: Desk;
let ticketId: string;
beforeAll(async () => {
  desk = await openDesk();
  const ticket = await desk.createTicket(desk.as.admin, {
    type: 'incident',
    subject: 'Cursori',
    description: 'Prova',
    requester: { email: 'customer@example.com' },
  });
  ticketId = ticket.id;
});
afterAll(async () => {
  await desk.dispose();
});

const cursorOf = (key: unknown) => Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');

/** Forged in ways every list must refuse, whatever it sorts by: `sortValue` is one it could write. */
const anyList = (sortValue: string) => [
  [sortValue, '------------------------------------'],
  [sortValue, '0123456789abcdef0123456789abcdef0123'],
  [sortValue, UNKNOWN_ID, 'extra'],
];
const byName = [['na\u0000me', UNKNOWN_ID]];
const byInstant = [
  ['0000-01-01T00:00:00.000Z', UNKNOWN_ID],
  ['+010000-01-01T00:00:00.000Z', UNKNOWN_ID],
  ['2026-02-31T00:00:00.000Z', UNKNOWN_ID],
  ['yesterday', UNKNOWN_ID],
];

const instant = '2026-01-01T00:00:00.000Z';
const lists: { path: string; sortValue: string; forged: unknown[][] }[] = [
  { path: '/api/v1/tickets?sort=updated_desc', sortValue: instant, forged: byInstant },
  { path: '/api/v1/tickets?sort=created_asc', sortValue: instant, forged: byInstant },
  { path: '/api/v1/tickets?sort=priority', sortValue: 'P1', forged: [['P0', UNKNOWN_ID]] },
  {
    path: '/api/v1/tickets/:ticket/time-entries',
    sortValue: '2026-01-01|2026-01-01T00:00:00.000Z',
    forged: [
      ['2026-13-45|2026-01-01T00:00:00.000Z', UNKNOWN_ID],
      ['0000-01-01|2026-01-01T00:00:00.000Z', UNKNOWN_ID],
      ['2026-01-01|2026-02-31T00:00:00Z', UNKNOWN_ID],
      ['2026-01-01|2026-01-01T00:00:00.000Z|x', UNKNOWN_ID],
    ],
  },
  {
    path: '/api/v1/time-entries?from=2026-01-01&to=2026-01-31',
    sortValue: '2026-01-01|2026-01-01T00:00:00.000Z',
    forged: [['2026-02-30|2026-01-01T00:00:00.000Z', UNKNOWN_ID]],
  },
  { path: '/api/v1/inbound-emails', sortValue: instant, forged: byInstant },
  { path: '/api/v1/outbox', sortValue: instant, forged: byInstant },
  { path: '/api/v1/notifications', sortValue: instant, forged: byInstant },
  {
    path: '/api/v1/custom-fields',
    sortValue: '0',
    forged: [
      ['1.5', UNKNOWN_ID],
      ['99999999999', UNKNOWN_ID],
      ['1e400', UNKNOWN_ID],
    ],
  },
  { path: '/api/v1/services', sortValue: 'a name', forged: byName },
  { path: '/api/v1/categories', sortValue: 'a name', forged: byName },
  { path: '/api/v1/users', sortValue: 'a name', forged: byName },
  { path: '/api/v1/groups', sortValue: 'a name', forged: byName },
  { path: '/api/v1/organizations', sortValue: 'a name', forged: byName },
  { path: '/api/v1/contacts', sortValue: 'a name', forged: byName },
  { path: '/api/v1/mailboxes', sortValue: 'a name', forged: byName },
];

describe('forged cursors', () => {
  it.each(lists)('$path: 400 INVALID_CURSOR naming the cursor', async (list) => {
    const url = list.path.replace(':ticket', ticketId);
    const separator = url.includes('?') ? '&' : '?';
    for (const key of [...anyList(list.sortValue), ...list.forged]) {
      const response = await desk.call(desk.as.admin, 'GET', `${url}${separator}cursor=${cursorOf(key)}`);
      const error = expectError(response, 400, 'INVALID_CURSOR');
      expect(error.details, JSON.stringify(key)).toEqual({
        fields: [{ path: 'querystring.cursor', message: 'Invalid cursor' }],
      });
    }
    // The list itself reads, and so does its next page (a cursor it wrote).
    const first = await desk.call(desk.as.admin, 'GET', `${url}${separator}limit=1`);
    expect(first.statusCode, first.body).toBe(200);
    const { nextCursor } = first.json<{ nextCursor: string | null }>();
    if (nextCursor) {
      const next = await desk.call(desk.as.admin, 'GET', `${url}${separator}limit=1&cursor=${nextCursor}`);
      expect(next.statusCode, next.body).toBe(200);
    }
  });
});
