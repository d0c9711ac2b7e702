/**
 * The ticket list's statements are named (prepared once per connection: listTickets in tickets.service.ts):
 * the same statement read with other values, read often enough for PostgreSQL to keep one plan, and
 * after a failed statement on the same connection, must still give each caller its own rows.
 */
import { eq, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ticket } from '../../../contracts/tickets.contract.js';
import { expectError, idsOf, openDesk, type Desk } from '../../test-support/tickets-fixture.js';
import { andAll, readTicketRows, type Queryable } from './tickets.repo.js';
import { tickets } from './tickets.schema.js';

let desk: Desk;
beforeAll(async () => {
  desk = await openDesk();
});
afterAll(async () => {
  await desk.dispose();
});

const cursorOf = (key: [string, string]) => Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');

describe('named list statements', () => {
  it('give every caller and every filter value its own rows, however often the same shape is read', async () => {
    const make = (subject: string, extra: { tags?: string[] }) =>
      desk.createTicket(desk.as.admin, {
        type: 'incident',
        subject,
        description: 'Prova',
        requester: { email: 'customer@example.com' },
        ...extra,
      });
    const inDesk = await make('Nel gruppo desk', { tags: ['alfa'] });
    const inApps = await make('Nel gruppo apps', { tags: ['beta'] });
    const escalation = { toLevel: 2, groupId: desk.groups.apps, note: 'Per apps' };
    const escalated = await desk.call(desk.as.admin, 'POST', `/api/v1/tickets/${inApps.id}/escalations`, escalation);
    expect(escalated.statusCode, escalated.body).toBe(200);
    const forL1b = await make('Assegnato a Luca', {});
    const assigned = await desk.patch(desk.as.admin, forL1b.id, { assigneeId: desk.userIds.luca });
    expect(assigned.statusCode, assigned.body).toBe(200);
    const all = await desk.list(desk.as.admin, 'view=all_open');
    const expected = (keep: (ticket: Ticket) => boolean) => idsOf(all.filter(keep));

    // l1 and Luca (desk) are agents of the same group: the same statement text, other values (their
    // ids); Emily (apps) has a text of her own for my_groups (group ids are written into the text,
    // ADR 0018). Read more than five times each, past PostgreSQL's custom plans.
    for (let round = 0; round < 8; round++) {
      expect(idsOf(await desk.list(desk.as.l1, 'view=my_groups'))).toEqual(
        expected((ticket) => ticket.group?.id === desk.groups.desk),
      );
      expect(idsOf(await desk.list(desk.as.emily, 'view=my_groups'))).toEqual(
        expected((ticket) => ticket.group?.id === desk.groups.apps),
      );
      expect(idsOf(await desk.list(desk.as.luca, 'view=my'))).toEqual(
        expected((ticket) => ticket.assignee?.id === desk.userIds.luca),
      );
      expect(idsOf(await desk.list(desk.as.l1, 'view=my'))).toEqual(
        expected((ticket) => ticket.assignee?.id === desk.userIds.l1),
      );
      expect(idsOf(await desk.list(desk.as.admin, 'view=all_open&tag=alfa'))).toEqual([inDesk.id]);
      expect(idsOf(await desk.list(desk.as.admin, 'view=all_open&tag=beta'))).toEqual([inApps.id]);
    }
    expect(idsOf(await desk.list(desk.as.luca, 'view=my'))).toContain(forL1b.id);
  });

  it('refuses a cursor whose sort value the list could not have written (400, not a database error)', async () => {
    const id = '00000000-0000-4000-8000-000000000000';
    for (const [sort, value] of [
      ['updated_desc', 'yesterday'],
      ['created_asc', '2026-02-31T00:00:00.000Z'],
      ['priority', 'P9'],
    ]) {
      const response = await desk.call(
        desk.as.l1,
        'GET',
        `/api/v1/tickets?sort=${sort}&cursor=${cursorOf([value!, id])}`,
      );
      expectError(response, 400, 'INVALID_CURSOR');
    }
    // …and the same shape with a good cursor still reads.
    const response = await desk.call(desk.as.l1, 'GET', `/api/v1/tickets?sort=priority&cursor=${cursorOf(['P1', id])}`);
    expect(response.statusCode, response.body).toBe(200);
  });

  it('keep working on a connection after a named statement failed, in planning or in parsing', async () => {
    const [first, second] = await desk.list(desk.as.admin, 'sort=created_asc');
    // One connection for the whole test (PGlite's pool has only this one).
    const client = await desk.server.deps.database.pool.connect();
    try {
      const db = drizzle(client) as unknown as Queryable;
      const byNumber = (number: string, divisor: number) =>
        readTicketRows(db, {
          where: andAll([eq(tickets.number, number), sql`1 / ${divisor}::int = 1`]),
          prepared: true,
        });
      for (let round = 0; round < 7; round++) {
        expect(idsOf((await byNumber(first!.number, 1)).map((row) => row.ticket))).toEqual([first!.id]);
      }
      await expect(byNumber(first!.number, 0)).rejects.toThrow(/division by zero/);
      expect(idsOf((await byNumber(second!.number, 1)).map((row) => row.ticket))).toEqual([second!.id]);

      await expect(
        readTicketRows(db, { where: sql`${tickets.number} = ${first!.number} AND AND`, prepared: true }),
      ).rejects.toThrow(/syntax error/);
      expect(idsOf((await byNumber(first!.number, 1)).map((row) => row.ticket))).toEqual([first!.id]);
    } finally {
      client.release();
    }
  });
});
