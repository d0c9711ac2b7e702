/**
 * Lists filtered by tag read the tag's rows of `ticket_tags` in update order (ADR 0021). Those rows
 * are derived from `tickets.tags` by triggers (migration 0027): after every kind of change they must
 * be exactly one row per tag of a ticket, at the ticket's update time, or a tag's list would miss or
 * misplace tickets. And the lists must give what filtering the tickets' own tags gives, page by page.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { idsOf, openDesk, pagedList, type Desk, type Headers } from '../../test-support/tickets-fixture.js';

let desk: Desk;
beforeAll(async () => {
  desk = await openDesk();
});
afterAll(async () => {
  await desk.dispose();
});

/** Rows where `ticket_tags` and the tickets' own tags disagree (none when the triggers are right). */
async function drift() {
  const { rows } = await desk.server.testDatabase.database.pool.query(`
    SELECT s.tag AS stored_tag, s.ticket_id AS stored_ticket, s.updated_at AS stored_at,
           d.tag AS derived_tag, d.ticket_id AS derived_ticket, d.updated_at AS derived_at
    FROM ticket_tags s
    FULL JOIN (SELECT DISTINCT tag, t.id AS ticket_id, t.updated_at
               FROM tickets t CROSS JOIN LATERAL unnest(t.tags) AS tag) d
      ON d.tag = s.tag AND d.ticket_id = s.ticket_id AND d.updated_at = s.updated_at
    WHERE s.tag IS NULL OR d.tag IS NULL`);
  return rows;
}

const open = (headers: Headers, subject: string, tags: string[]) =>
  desk.createTicket(headers, {
    type: 'incident',
    subject,
    description: 'Prova delle etichette',
    requester: { email: 'customer@example.com' },
    tags,
  });

async function call(headers: Headers, method: 'POST' | 'PATCH', url: string, body?: object) {
  const response = await desk.call(headers, method, url, body);
  expect(response.statusCode, response.body).toBeLessThan(300);
}

it('keeps one row per tag of a ticket, at its update time, through every kind of change', async () => {
  expect(await drift()).toEqual([]);
  const [first, second, third, fourth] = await Promise.all([
    open(desk.as.l1, 'Etichette: VPN', ['vip', 'vpn']),
    open(desk.as.l1, 'Etichette: stampante', []),
    open(desk.as.l1, 'Etichette: monitor', ['hardware']),
    open(desk.as.l1, 'Etichette: doppione', ['vip']),
  ]);
  expect(await drift()).toEqual([]);

  // Tags changed, dropped, added in bulk; a reply and a status change move the update time.
  expect((await desk.patch(desk.as.l1, first!.id, { tags: ['vpn', 'rete'] })).statusCode).toBe(200);
  expect((await desk.patch(desk.as.l1, third!.id, { tags: [] })).statusCode).toBe(200);
  await call(desk.as.l1, 'POST', '/api/v1/tickets/bulk', {
    ticketIds: [second!.id, third!.id],
    action: { type: 'add_tag', tag: 'Urgente' },
  });
  await call(desk.as.l1, 'POST', `/api/v1/tickets/${second!.id}/messages`, {
    body: 'Ci guardiamo',
    visibility: 'public',
  });
  expect((await desk.patch(desk.as.l1, fourth!.id, { statusId: desk.statuses.pending_customer })).statusCode).toBe(200);
  await call(desk.as.l1, 'POST', `/api/v1/tickets/${fourth!.id}/merge`, { targetTicketId: first!.id });
  expect(await drift()).toEqual([]);

  // Any other path: plain SQL, a tag twice in the array, the update time alone, a deletion.
  const pool = desk.server.testDatabase.database.pool;
  await pool.query(`UPDATE tickets SET tags = ARRAY['doppia', 'doppia'] WHERE id = $1`, [third!.id]);
  await pool.query(`UPDATE tickets SET updated_at = updated_at + interval '1 minute' WHERE tags <> '{}'`);
  await pool.query(`UPDATE tickets SET subject = subject || ' ' WHERE id = $1`, [first!.id]);
  expect(await drift()).toEqual([]);
  await pool.query(`DELETE FROM tickets WHERE id = $1`, [second!.id]);
  expect(await drift()).toEqual([]);
});

it('lists by tag what the tickets’ own tags select, in every order, across pages, for every caller', async () => {
  const tagged = [];
  for (let index = 0; index < 5; index += 1) {
    tagged.push(await open(desk.as.l1, `Lista per etichetta ${index}`, index % 2 === 0 ? ['lista'] : ['altro']));
  }
  // One moves to the head of the update order, one waits for the customer, one is escalated.
  desk.server.clock.advance(60_000);
  await call(desk.as.l1, 'POST', `/api/v1/tickets/${tagged[0]!.id}/messages`, { body: 'Nota', visibility: 'internal' });
  desk.server.clock.advance(60_000);
  expect((await desk.patch(desk.as.l1, tagged[2]!.id, { statusId: desk.statuses.pending_customer })).statusCode).toBe(
    200,
  );
  desk.server.clock.advance(60_000);
  await call(desk.as.l1, 'POST', `/api/v1/tickets/${tagged[4]!.id}/escalations`, {
    toLevel: 2,
    groupId: desk.groups.apps,
    note: 'Passaggio',
  });

  for (const staff of ['l1', 'emily', 'supervisor'] as const) {
    for (const sort of ['updated_desc', 'created_asc', 'priority']) {
      for (const view of ['all_open', 'waiting_customer', 'level2_unassigned']) {
        const everything = await pagedList(desk, desk.as[staff], `view=${view}&sort=${sort}`);
        const expected = idsOf(everything.filter((ticket) => ticket.tags.includes('lista')));
        expect(
          idsOf(await pagedList(desk, desk.as[staff], `view=${view}&sort=${sort}&tag=LISTA`)),
          `${staff}: ${view} by ${sort}`,
        ).toEqual(expected);
      }
    }
  }
  // The last one changed first.
  expect(idsOf(await desk.list(desk.as.supervisor, 'view=all_open&tag=lista'))).toEqual(
    idsOf([tagged[4]!, tagged[2]!, tagged[0]!]),
  );
  expect(await desk.list(desk.as.supervisor, 'tag=nessuno')).toEqual([]);
});
