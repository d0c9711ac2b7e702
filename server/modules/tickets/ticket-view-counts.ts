/**
 * The workspace's view counts for a staff member, read from `ticket_view_counts` (tickets per status,
 * level, group, level 1 group and assignee, kept by triggers: migration 0017) instead of counting
 * the open tickets they can see. Everything in the visibility rule (tickets.policy.ts) is part of
 * the key except following: the open tickets an agent sees only because they follow them are
 * counted from `ticket_follower_view_counts`, the same counts per follower (migration 0020), where
 * the keys they would see anyway are left out.
 *
 * Both tables hold signed deltas; when one has grown well past the rows it had after the last
 * compaction (the follower table: the agent's own rows), a reader folds it back into one row per key
 * (one statement, under a try-lock: a concurrent reader skips rather than waits).
 */
import { sql, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { statementName } from '../../db/sql-helpers.js';
import type { Actor } from '../../http/context.js';
import type { Queryable } from './tickets.repo.js';

export interface ViewCounts {
  my: number;
  myGroups: number;
  level1: number;
  level2: number;
  waiting: number;
  open: number;
}

type StaffActor = Extract<Actor, { kind: 'user' }>;

const dialect = new PgDialect();

const OPEN = sql.raw(`('new', 'open', 'pending_customer', 'pending_supplier')`);
// Any constants: the advisory lock keys of the two compactions.
const COMPACTION_LOCK = 7_357_017;
const FOLLOWER_COMPACTION_LOCK = 7_357_020;

const uuidArray = (ids: string[]) =>
  sql`ARRAY[${sql.join(
    ids.map((id) => sql`${id}::uuid`),
    sql`, `,
  )}]::uuid[]`;

/** The six view counts of rows `alias` (status joined as `s`), each ticket weighing `weight`. */
function aggregates(alias: string, weight: SQL, me: string, myGroups: string[]): SQL {
  const column = (name: string) => sql.raw(`${alias}.${name}`);
  const count = (condition: SQL) => sql`coalesce(sum(${weight}) FILTER (WHERE ${condition}), 0)`;
  const inMyGroups = myGroups.length ? sql`${column('group_id')} = ANY(${uuidArray(myGroups)})` : sql`false`;
  return sql`${count(sql`${column('assignee_id')} = ${me}::uuid`)} AS my,
    ${count(inMyGroups)} AS my_groups,
    ${count(sql`${column('support_level')} = 1 AND ${column('assignee_id')} IS NULL`)} AS level1,
    ${count(sql`${column('support_level')} = 2 AND ${column('assignee_id')} IS NULL`)} AS level2,
    ${count(sql`s.category = 'pending_customer'`)} AS waiting,
    ${count(sql`true`)} AS open`;
}

/** What an agent sees without following (tickets.policy.ts); null for admins and supervisors (all). */
function seenByKey(alias: string, actor: StaffActor): SQL | null {
  if (actor.role === 'admin' || actor.role === 'supervisor') return null;
  const column = (name: string) => sql.raw(`${alias}.${name}`);
  const assigned = sql`${column('assignee_id')} = ${actor.id}::uuid`;
  if (actor.groupIds.length === 0) return assigned;
  const groups = uuidArray(actor.groupIds);
  return sql`(${column('group_id')} = ANY(${groups}) OR ${column('level1_group_id')} = ANY(${groups}) OR ${assigned})`;
}

export interface TicketViewCounter {
  count(db: Queryable, actor: StaffActor): Promise<ViewCounts>;
}

export function createTicketViewCounter(): TicketViewCounter {
  // Rows left by the last compaction this process saw; far more means many deltas to fold.
  let compactedRows = 0;
  const compactedFollowerRows = new Map<string, number>();

  async function compact(db: Queryable): Promise<void> {
    const result = await db.execute(sql`
      WITH permitted AS (SELECT pg_try_advisory_xact_lock(${COMPACTION_LOCK}) AS granted),
      removed AS (
        DELETE FROM ticket_view_counts WHERE (SELECT granted FROM permitted)
        RETURNING status_id, support_level, group_id, level1_group_id, assignee_id, tickets
      )
      INSERT INTO ticket_view_counts (status_id, support_level, group_id, level1_group_id, assignee_id, tickets)
      SELECT status_id, support_level, group_id, level1_group_id, assignee_id, sum(tickets)
      FROM removed
      GROUP BY status_id, support_level, group_id, level1_group_id, assignee_id
      HAVING sum(tickets) <> 0`);
    if (result.rowCount) compactedRows = result.rowCount;
  }

  /** One follower's deltas only: each agent's views read their own rows. */
  async function compactFollower(db: Queryable, userId: string): Promise<void> {
    const result = await db.execute(sql`
      WITH permitted AS (SELECT pg_try_advisory_xact_lock(${FOLLOWER_COMPACTION_LOCK}) AS granted),
      removed AS (
        DELETE FROM ticket_follower_view_counts WHERE user_id = ${userId}::uuid AND (SELECT granted FROM permitted)
        RETURNING user_id, status_id, support_level, group_id, level1_group_id, assignee_id, tickets
      )
      INSERT INTO ticket_follower_view_counts
        (user_id, status_id, support_level, group_id, level1_group_id, assignee_id, tickets)
      SELECT user_id, status_id, support_level, group_id, level1_group_id, assignee_id, sum(tickets)
      FROM removed
      GROUP BY user_id, status_id, support_level, group_id, level1_group_id, assignee_id
      HAVING sum(tickets) <> 0`);
    if (result.rowCount !== null) compactedFollowerRows.set(userId, result.rowCount);
  }

  return {
    async count(db, actor) {
      const seen = seenByKey('c', actor);
      const following = seen
        ? sql`UNION ALL
          SELECT ${aggregates('f', sql`f.tickets`, actor.id, actor.groupIds)}, 0 AS stored,
                 (SELECT count(*) FROM ticket_follower_view_counts WHERE user_id = ${actor.id}::uuid) AS stored_following
          FROM ticket_follower_view_counts f
          JOIN ticket_statuses s ON s.id = f.status_id
          WHERE f.user_id = ${actor.id}::uuid AND s.category IN ${OPEN} AND ${seenByKey('f', actor)} IS NOT TRUE`
        : sql``;
      const query = dialect.sqlToQuery(sql`
        SELECT sum(my) AS my, sum(my_groups) AS my_groups, sum(level1) AS level1, sum(level2) AS level2,
               sum(waiting) AS waiting, sum(open) AS open, sum(stored) AS stored,
               max(stored_following) AS stored_following
        FROM (
          SELECT ${aggregates('c', sql`c.tickets`, actor.id, actor.groupIds)},
                 (SELECT count(*) FROM ticket_view_counts) AS stored, 0 AS stored_following
          FROM ticket_view_counts c
          JOIN ticket_statuses s ON s.id = c.status_id
          WHERE s.category IN ${OPEN} ${seen ? sql`AND ${seen}` : sql``}
          ${following}
        ) AS parts`);
      // A named statement (one per text: role and number of groups), planned once per connection:
      // it reads the small count tables whatever the values, and planning was most of its time.
      const result = await db.$client.query<
        Record<keyof ViewCounts | 'my_groups' | 'stored' | 'stored_following', string>
      >({ name: statementName('view-counts', query.sql), text: query.sql, values: query.params });
      const row = result.rows[0]!;
      if (Number(row.stored) > 2 * compactedRows + 1000) await compact(db);
      if (Number(row.stored_following) > 2 * (compactedFollowerRows.get(actor.id) ?? 0) + 200) {
        await compactFollower(db, actor.id);
      }
      return {
        my: Number(row.my),
        myGroups: Number(row.my_groups),
        level1: Number(row.level1),
        level2: Number(row.level2),
        waiting: Number(row.waiting),
        open: Number(row.open),
      };
    },
  };
}
