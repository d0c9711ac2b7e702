/**
 * The view counts kept by triggers (migration 0017) stay equal to a real count of the tickets after
 * every kind of change — create (several at once), update, take, escalation and hand-back, merge,
 * bulk actions, auto-close, inbound email, plain SQL — and the views endpoint answers what counting
 * the visible open tickets answers, for every kind of staff member.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Ticket } from '../../../contracts/tickets.contract.js';
import { openDesk, type Desk, type Headers, type StaffKey } from '../../test-support/tickets-fixture.js';

let desk: Desk;
const DAY = 86_400_000;

beforeAll(async () => {
  desk = await openDesk();
});
afterAll(async () => {
  await desk.dispose();
});

const KEY = 'status_id, support_level, group_id, level1_group_id, assignee_id';

/** Keys where the stored deltas and a real count disagree (none when the counts are right). */
async function drift() {
  // The key with no assignee as a value, so that the two sides join on it.
  const key = `status_id, support_level, group_id, level1_group_id,
    coalesce(assignee_id, '00000000-0000-0000-0000-000000000000') AS assignee`;
  const { rows } = await desk.server.testDatabase.database.pool.query(`
    SELECT * FROM
      (SELECT ${key}, sum(tickets)::int AS stored FROM ticket_view_counts GROUP BY ${KEY}) AS s
      FULL JOIN (SELECT ${key}, count(*)::int AS counted FROM tickets GROUP BY ${KEY}) AS c
      USING (status_id, support_level, group_id, level1_group_id, assignee)
    WHERE coalesce(stored, 0) <> coalesce(counted, 0)`);
  return rows;
}

/** Followers and keys where the per-follower deltas (migration 0020) and a real count disagree. */
async function followerDrift() {
  const key = `user_id, status_id, support_level, group_id, level1_group_id,
    coalesce(assignee_id, '00000000-0000-0000-0000-000000000000') AS assignee`;
  const { rows } = await desk.server.testDatabase.database.pool.query(`
    SELECT * FROM
      (SELECT ${key}, sum(tickets)::int AS stored FROM ticket_follower_view_counts GROUP BY user_id, ${KEY}) AS s
      FULL JOIN (
        SELECT ${key}, count(*)::int AS counted
        FROM ticket_followers JOIN tickets ON tickets.id = ticket_followers.ticket_id
        GROUP BY user_id, ${KEY}) AS c
      USING (user_id, status_id, support_level, group_id, level1_group_id, assignee)
    WHERE coalesce(stored, 0) <> coalesce(counted, 0)`);
  return rows;
}

async function expectNoDrift() {
  expect(await drift()).toEqual([]);
  expect(await followerDrift()).toEqual([]);
}

/** The views as the endpoint's former query counted them: every visible open ticket, one by one. */
async function countedViews(email: string) {
  const { rows } = await desk.server.testDatabase.database.pool.query(
    `WITH actor AS (
       SELECT u.id, u.role, coalesce(array_agg(m.group_id) FILTER (WHERE m.group_id IS NOT NULL), '{}') AS groups
       FROM users u JOIN email_addresses e ON e.user_id = u.id LEFT JOIN group_members m ON m.user_id = u.id
       WHERE e.address = $1 GROUP BY u.id, u.role)
     SELECT count(*) FILTER (WHERE t.assignee_id = a.id)::int AS my,
            count(*) FILTER (WHERE t.group_id = ANY(a.groups))::int AS my_groups,
            count(*) FILTER (WHERE t.support_level = 1 AND t.assignee_id IS NULL)::int AS level1_unassigned,
            count(*) FILTER (WHERE t.support_level = 2 AND t.assignee_id IS NULL)::int AS level2_unassigned,
            count(*) FILTER (WHERE s.category = 'pending_customer')::int AS waiting_customer,
            count(*)::int AS all_open
     FROM tickets t JOIN ticket_statuses s ON s.id = t.status_id CROSS JOIN actor a
     WHERE s.category IN ('new', 'open', 'pending_customer', 'pending_supplier')
       AND (a.role IN ('admin', 'supervisor') OR t.group_id = ANY(a.groups) OR t.level1_group_id = ANY(a.groups)
            OR t.assignee_id = a.id
            OR EXISTS (SELECT 1 FROM ticket_followers f WHERE f.ticket_id = t.id AND f.user_id = a.id))`,
    [email],
  );
  return rows[0] as Record<string, number>;
}

const EMAILS: Record<StaffKey, string> = {
  admin: 'admin@example.com',
  supervisor: 'supervisor@example.com',
  l1: 'l1@example.com',
  l2: 'l2@example.com',
  luca: 'luca.ferrari@example.com',
  emily: 'emily.carter@example.com',
};

async function expectViewsCounted() {
  for (const [key, email] of Object.entries(EMAILS) as [StaffKey, string][]) {
    const response = await desk.call(desk.as[key], 'GET', '/api/v1/tickets/views');
    expect(response.statusCode, response.body).toBe(200);
    const answered = Object.fromEntries(
      response.json<{ items: { view: string; count: number }[] }>().items.map((item) => [item.view, item.count]),
    );
    expect(answered, key).toEqual(await countedViews(email));
  }
}

const open = (headers: Headers, subject: string) =>
  desk.createTicket(headers, {
    type: 'incident',
    subject,
    description: 'Il collegamento VPN cade ogni dieci minuti.',
    requester: { email: 'mario.bianchi@example.com', name: 'Mario Bianchi' },
    categoryId: desk.categories.vpn,
  });

it('keeps the counts equal to a real count through every kind of change', async () => {
  await expectNoDrift();
  // Concurrent creations: each adds to the counts without waiting for the others. (The requester
  // exists first: two creations making the same new contact at once is another matter.)
  const created: Ticket[] = [await open(desk.as.l1, 'Contatori: VPN 0')];
  created.push(
    ...(await Promise.all(Array.from({ length: 5 }, (_, index) => open(desk.as.l1, `Contatori: VPN ${index + 1}`)))),
  );
  const [first, second, third, fourth, fifth, sixth] = created as [Ticket, Ticket, Ticket, Ticket, Ticket, Ticket];
  await expectNoDrift();

  const call = async (headers: Headers, method: 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, body?: object) => {
    const response = await desk.call(headers, method, url, body);
    expect(response.statusCode, response.body).toBeLessThan(300);
  };
  // Following, alone and while others change the ticket. Level 2 sees these level 1 tickets only by
  // following them (as after a transfer; the API lets only those who see a ticket follow it).
  const followersUrl = (ticketId: string, userId: string) => `/api/v1/tickets/${ticketId}/followers/${userId}`;
  const pool = desk.server.testDatabase.database.pool;
  await pool.query(`INSERT INTO ticket_followers (ticket_id, user_id) SELECT unnest($1::uuid[]), $2`, [
    [first.id, second.id, third.id, fifth.id],
    desk.userIds.l2,
  ]);
  await call(desk.as.admin, 'PUT', followersUrl(first.id, desk.userIds.luca));
  await Promise.all([
    call(desk.as.admin, 'PUT', followersUrl(second.id, desk.userIds.luca)),
    call(desk.as.l1, 'POST', `/api/v1/tickets/${second.id}/take`),
    call(desk.as.luca, 'PUT', followersUrl(fifth.id, desk.userIds.luca)),
    call(desk.as.l1, 'POST', `/api/v1/tickets/${fifth.id}/take`),
  ]);
  await expectNoDrift();
  await expectViewsCounted();
  await call(desk.as.admin, 'DELETE', followersUrl(fifth.id, desk.userIds.luca));
  await call(desk.as.l1, 'POST', `/api/v1/tickets/${first.id}/take`);
  expect((await desk.patch(desk.as.l1, second.id, { statusId: desk.statuses.pending_customer })).statusCode).toBe(200);
  await call(desk.as.l1, 'POST', `/api/v1/tickets/${third.id}/take`);
  await call(desk.as.l1, 'POST', `/api/v1/tickets/${third.id}/escalations`, { toLevel: 2, note: 'Serve la rete' });
  await call(desk.as.l2, 'POST', `/api/v1/tickets/${third.id}/take`);
  await call(desk.as.l2, 'POST', `/api/v1/tickets/${third.id}/escalations`, { toLevel: 1, note: 'Risolto lato rete' });
  await call(desk.as.l1, 'POST', `/api/v1/tickets/${fourth.id}/merge`, { targetTicketId: first.id });
  await call(desk.as.l1, 'POST', '/api/v1/tickets/bulk', {
    ticketIds: [fifth.id, sixth.id],
    action: { type: 'status', statusId: desk.statuses.resolved },
  });
  await expectNoDrift();
  await expectViewsCounted();

  // Auto-close: resolved tickets close after the configured days.
  desk.server.clock.advance(30 * DAY);
  await desk.server.modules.tickets.autoClose.closeResolvedTickets(desk.server.clock.now());
  expect(await desk.getTicket(desk.as.admin, fifth.id)).toMatchObject({ status: { category: 'closed' } });

  // Inbound email: a new ticket from a customer's mail.
  const pipeline = desk.server.modules.inboundMail.pipeline;
  const stored = await pipeline.intake.accept({
    raw: Buffer.from(
      [
        'From: Chiara Galli <customer@example.com>',
        'To: support@example.com',
        'Subject: Contatori: il monitor resta nero',
        'Message-ID: <contatori-1@example.com>',
        'Authentication-Results: mx.example.com; spf=pass; dkim=pass; dmarc=pass',
        'Content-Type: text/plain; charset=utf-8',
        '',
        'Il monitor resta nero da stamattina.',
        '',
      ].join('\r\n'),
    ),
    source: 'smtp',
    mailboxId: null,
    envelopeFrom: null,
    envelopeTo: ['support@example.com'],
  });
  await pipeline.process(stored.inboundEmailId);

  // Any other path (a script, a future use-case): plain SQL on many rows at once.
  await pool.query(
    `UPDATE tickets SET assignee_id = NULL WHERE support_level = 1 AND assignee_id IS NOT NULL AND number LIKE '%1'`,
  );
  await pool.query(`UPDATE tickets SET subject = subject || ' ' WHERE id = $1`, [second.id]);
  await pool.query(`DELETE FROM ticket_followers WHERE ticket_id = $1`, [sixth.id]);
  await pool.query(
    `INSERT INTO ticket_followers (ticket_id, user_id) SELECT id, $1 FROM tickets WHERE number LIKE '%3' ON CONFLICT DO NOTHING`,
    [desk.userIds.emily],
  );
  await pool.query(`UPDATE tickets SET status_id = $1 WHERE id = ANY($2::uuid[])`, [
    desk.statuses.pending_customer,
    [first.id, third.id],
  ]);
  // A deleted ticket takes its followers' counts with it (the cascade removes the followers).
  await pool.query(`DELETE FROM tickets WHERE id = $1`, [second.id]);
  await expectNoDrift();
  await expectViewsCounted();
});

it('folds the deltas back into one row per key without changing a count', async () => {
  // Many small changes leave many deltas; reading the views past the threshold compacts them.
  const pool = desk.server.testDatabase.database.pool;
  for (let round = 0; round < 12; round += 1) {
    await pool.query(`UPDATE tickets SET assignee_id = CASE WHEN assignee_id IS NULL THEN (SELECT id FROM users JOIN email_addresses e ON e.user_id = users.id WHERE e.address = 'l1@example.com') ELSE NULL END
                      WHERE support_level = 1 AND group_id IN (SELECT group_id FROM group_members m JOIN email_addresses e ON e.user_id = m.user_id WHERE e.address = 'l1@example.com')`);
  }
  await pool.query(`INSERT INTO ticket_view_counts SELECT ${KEY}, 0 FROM tickets CROSS JOIN generate_series(1, 500)`);
  const before = Number((await pool.query('SELECT count(*) FROM ticket_view_counts')).rows[0].count);
  await expectViewsCounted();
  const after = Number((await pool.query('SELECT count(*) FROM ticket_view_counts')).rows[0].count);
  expect(after).toBeLessThan(before);
  expect(await drift()).toEqual([]);
  await expectViewsCounted();

  // A follower's deltas are folded when that follower reads the views.
  const followerRows = async () =>
    Number(
      (await pool.query('SELECT count(*) FROM ticket_follower_view_counts WHERE user_id = $1', [desk.userIds.l2]))
        .rows[0].count,
    );
  await pool.query(
    `INSERT INTO ticket_follower_view_counts SELECT $1, ${KEY}, 0 FROM tickets CROSS JOIN generate_series(1, 20)`,
    [desk.userIds.l2],
  );
  const followerRowsBefore = await followerRows();
  await expectViewsCounted();
  expect(await followerRows()).toBeLessThan(followerRowsBefore);
  await expectNoDrift();
  await expectViewsCounted();
});
