/**
 * Reading tickets as the API presents them: one query reads what a list row shows (status, group,
 * assignee, requester and their primary address, organisation, service, category, followers with
 * their names): one round trip per page or per opened ticket.
 */
import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { Language } from '../../../contracts/common.contract.js';
import type { StatusCategory, Ticket } from '../../../contracts/tickets.contract.js';
import type { Transaction } from '../../db/database.js';
import { statementName } from '../../db/sql-helpers.js';
import type { Dependencies } from '../../dependencies.js';
import type { Actor } from '../../http/context.js';
import { customerVisibleKeys, valuesForCustomer } from '../custom-fields/index.js';
import { ticketAbilities } from './tickets.policy.js';
import { ticketColumns, ticketStatuses, type TicketRecord } from './tickets.schema.js';

export type Queryable = Dependencies['database']['orm'] | Transaction;

/** What a ticket row read for presentation holds: the ticket, its status and the names it shows. */
export interface TicketRow {
  ticket: TicketRecord;
  status: Pick<typeof ticketStatuses.$inferSelect, 'id' | 'category' | 'nameIt' | 'nameEn'>;
  groupName: string | null;
  assigneeName: string | null;
  requesterName: string;
  requesterEmail: string | null;
  organizationName: string | null;
  serviceName: string | null;
  categoryName: string | null;
  /** [{ userId, name }] by name, or null. */
  followers: { userId: string; name: string }[] | null;
  mergedIntoNumber: string | null;
}

const ticketFields = Object.entries(ticketColumns) as [keyof TicketRecord, { name: string }][];

/**
 * The select list and joins of every ticket read, as text built once (it never changes): building
 * it with Drizzle and mapping its ~45 columns field by field cost more server time per list than
 * PostgreSQL spent running the query. The driver's own parsers give dates, arrays and JSON as they
 * are presented. Columns come back in this order (`rowMode: 'array'`), read by `toTicketRow`.
 *
 * Names of the group, assignee, organisation, service and category come from scalar subqueries,
 * not joins: with nine relations joined, PostgreSQL spent 20–35 ms planning a list query that ran
 * in 1–4 ms (an exhaustive join search); subqueries on primary keys plan in a fraction of that.
 * Status and requester stay joined: the views filter on the status, the search box on the name.
 */
const JOIN_STATUSES = `JOIN "ticket_statuses" ON "ticket_statuses"."id" = "tickets"."status_id"`;
const JOIN_CONTACTS = `JOIN "contacts" ON "contacts"."id" = "tickets"."requester_id"`;
const FROM_TICKET_ROWS = `FROM "tickets" ${JOIN_STATUSES} ${JOIN_CONTACTS}`;

const SELECT_TICKET_ROWS = `SELECT ${ticketFields.map(([, column]) => `"tickets"."${column.name}"`).join(', ')},
  "ticket_statuses"."id", "ticket_statuses"."category", "ticket_statuses"."name_it", "ticket_statuses"."name_en",
  (SELECT name FROM "groups" WHERE id = "tickets"."group_id"),
  (SELECT name FROM "users" WHERE id = "tickets"."assignee_id"),
  "contacts"."name",
  (SELECT e.address FROM "email_addresses" e WHERE e.contact_id = "tickets"."requester_id" ORDER BY e.position LIMIT 1),
  (SELECT name FROM "organizations" WHERE id = "tickets"."organization_id"),
  (SELECT name FROM "services" WHERE id = "tickets"."service_id"),
  (SELECT name FROM "categories" WHERE id = "tickets"."category_id"),
  (SELECT json_agg(json_build_object('userId', f.user_id, 'name', u.name) ORDER BY u.name, u.id)
     FROM "ticket_followers" f JOIN "users" u ON u.id = f.user_id WHERE f.ticket_id = "tickets"."id"),
  (SELECT survivor.number FROM "tickets" AS survivor WHERE survivor.id = "tickets"."merged_into_id")
${FROM_TICKET_ROWS}`;

function toTicketRow(values: unknown[]): TicketRow {
  const ticket = {} as Record<keyof TicketRecord, unknown>;
  let index = 0;
  for (const [key] of ticketFields) ticket[key] = values[index++];
  const text = () => values[index++] as string | null;
  return {
    ticket: ticket as TicketRecord,
    status: {
      id: text()!,
      category: text() as TicketRow['status']['category'],
      nameIt: text()!,
      nameEn: text()!,
    },
    groupName: text(),
    assigneeName: text(),
    requesterName: text()!,
    requesterEmail: text(),
    organizationName: text(),
    serviceName: text(),
    categoryName: text(),
    followers: values[index++] as TicketRow['followers'],
    mergedIntoNumber: text(),
  };
}

const dialect = new PgDialect();

/**
 * The page size is written into the text, not sent as a parameter: a generic plan does not know a
 * parameter's value and assumes a LIMIT returns a tenth of the rows, which put its estimated cost
 * past `jit_above_cost`; the list then spent 0.8 s compiling with JIT to read 51 rows (EXPLAIN
 * ANALYZE at 1M tickets, docs/PERFORMANCE.md). It is a checked integer, so the text stays safe.
 */
function literalLimit(limit: number): number {
  if (!Number.isSafeInteger(limit) || limit < 0) throw new Error(`Not a row limit: ${limit}`);
  return limit;
}

/**
 * Each connection keeps every statement named on it, with its plans: the names given are capped per
 * process (the list's shapes times page sizes are few in practice, but a client could vary them);
 * past the cap, a new shape is planned on each run like any unnamed statement.
 */
const MAX_NAMED_SHAPES = 200;
const namedShapes = new Map<string, string>();
function namedShape(text: string): string | undefined {
  const known = namedShapes.get(text);
  if (known !== undefined || namedShapes.size >= MAX_NAMED_SHAPES) return known;
  const name = statementName('ticket-rows', text);
  namedShapes.set(text, name);
  return name;
}

/** `WHERE … ORDER BY … LIMIT n`, each part when given. */
function whereOrderLimit(where: SQL | undefined, orderBy: SQL[] | undefined, limit: number | undefined): SQL {
  return sql.join(
    [
      where ? sql`WHERE ${where}` : undefined,
      orderBy?.length ? sql`ORDER BY ${sql.join(orderBy, sql`, `)}` : undefined,
      limit !== undefined ? sql`LIMIT ${sql.raw(String(literalLimit(limit)))}` : undefined,
    ].filter((part) => part !== undefined),
    sql` `,
  );
}

/**
 * A page read from one tag's rows of `ticket_tags` (migration 0027), in their update order, from
 * after the cursor's key: the same order as the tickets' own (the rows carry the ticket's update
 * time), which only the list sorted by update time may ask for (ADR 0021).
 */
export interface TagPage {
  tag: string;
  /** The cursor's (update time, ticket id): the page starts after it. */
  after: [string, string] | null;
}

/**
 * `WITH "arms"`: the rows of `where` that match any of `arms`, each arm's own first `limit` rows in
 * the list's order (`UNION ALL`; a ticket in two arms is read twice and kept once by the `IN` that
 * reads them), so each is planned alone, with the index that serves it, instead of their OR, whose
 * rows the planner cannot estimate (ADR 0018); the page is the first `limit` of their union. The
 * arms join the requester only when `where` names it (the search box): at the statement's top, a
 * condition on a relation an arm does not join is an error, never the outer query's row. With a
 * `tagPage`, each arm reads the tag's tickets from `ticket_tags` in update order (ADR 0021).
 */
function withArms(
  where: SQL | undefined,
  arms: (SQL | undefined)[],
  orderBy: SQL[] | undefined,
  limit: number | undefined,
  tagPage: TagPage | undefined,
): SQL {
  const namesContacts = where !== undefined && dialect.sqlToQuery(where).sql.includes('"contacts"');
  const tickets = tagPage
    ? `FROM "ticket_tags" JOIN "tickets" ON "tickets"."id" = "ticket_tags"."ticket_id"`
    : `FROM "tickets"`;
  const from = sql.raw(`${tickets} ${JOIN_STATUSES}${namesContacts ? ` ${JOIN_CONTACTS}` : ''}`);
  const pageWhere = tagPage
    ? andAll(
        [
          where,
          sql`"ticket_tags"."tag" = ${tagPage.tag}`,
          tagPage.after
            ? sql`("ticket_tags"."updated_at", "ticket_tags"."ticket_id") < (${tagPage.after[0]}::timestamptz, ${tagPage.after[1]}::uuid)`
            : undefined,
        ].filter((part) => part !== undefined),
      )
    : where;
  const pageOrder = tagPage ? [sql`"ticket_tags"."updated_at" DESC`, sql`"ticket_tags"."ticket_id" DESC`] : orderBy;
  const pages = arms.map(
    (arm) =>
      sql`(SELECT "tickets"."id" ${from} ${whereOrderLimit(
        andAll([pageWhere, arm].filter((part) => part !== undefined)),
        pageOrder,
        limit,
      )})`,
  );
  return sql`WITH "arms" AS (${sql.join(pages, sql` UNION ALL `)})`;
}

/**
 * Ticket rows for presentation: `where` (and `orderBy`, `limit`) are Drizzle conditions on
 * `tickets`, `ticket_statuses` and `contacts`, appended to the select list above. `prepared` for
 * the shape read all day long with a plan that never depends on its values (one ticket by id).
 * `anyOf`: the rows must also match one of these conditions, each read as its own page (see
 * `withArms`); for the arms of an agent's visibility. `tagPage`: only the tickets with that tag,
 * read from the tag's own rows in update order (the list's order must be the update time's).
 */
export async function readTicketRows(
  db: Queryable,
  query: {
    where: SQL | undefined;
    anyOf?: SQL[];
    orderBy?: SQL[];
    limit?: number;
    prepared?: boolean;
    tagPage?: TagPage;
  },
): Promise<TicketRow[]> {
  // No arm given: one, the whole of `where`. Rows matching one of no arms: none.
  const arms: (SQL | undefined)[] = query.anyOf ?? [undefined];
  if (arms.length === 0) return [];
  // Pages of their own for several arms, or for a tag's rows; else one plain statement.
  const statement = dialect.sqlToQuery(
    arms.length > 1 || query.tagPage
      ? sql`${withArms(query.where, arms, query.orderBy, query.limit, query.tagPage)} ${sql.raw(SELECT_TICKET_ROWS)} ${whereOrderLimit(
          sql`"tickets"."id" IN (SELECT "id" FROM "arms")`,
          query.orderBy,
          query.limit,
        )}`
      : sql`${sql.raw(SELECT_TICKET_ROWS)} ${whereOrderLimit(
          andAll([query.where, arms[0]].filter((part) => part !== undefined)),
          query.orderBy,
          query.limit,
        )}`,
  );
  const text = statement.sql;
  const result = await db.$client.query<unknown[]>({
    // A named statement is parsed once per connection, and after a few runs PostgreSQL may keep one
    // plan for it: planning the select list's subqueries was half of the database time of an opened
    // ticket. Named by the hash of its text (a name is bound to one text per connection).
    name: query.prepared ? namedShape(text) : undefined,
    text,
    values: statement.params,
    rowMode: 'array',
  });
  return result.rows.map(toTicketRow);
}

export function statusName(
  status: Pick<typeof ticketStatuses.$inferSelect, 'nameIt' | 'nameEn'>,
  language: Language,
): string {
  return language === 'en' ? status.nameEn : status.nameIt;
}

export async function presentTickets(
  db: Queryable,
  actor: Actor,
  language: Language,
  rows: TicketRow[],
): Promise<Ticket[]> {
  if (rows.length === 0) return [];
  const forCustomer = actor.kind === 'contact';
  // Customers receive only the values of fields shown to them.
  const visibleKeys = forCustomer ? await customerVisibleKeys(db) : null;
  return rows.map((row) => {
    const { ticket, status } = row;
    const reference = (id: string | null, name: string | null) => (id && name !== null ? { id, name } : null);
    const ticketFollowersOf = forCustomer ? [] : (row.followers ?? []);
    return {
      id: ticket.id,
      number: ticket.number,
      type: ticket.type,
      subject: ticket.subject,
      status: { id: status.id, name: statusName(status, language), category: status.category },
      impact: ticket.impact,
      urgency: ticket.urgency,
      priority: ticket.priority,
      supportLevel: ticket.supportLevel === 2 ? 2 : 1,
      group: reference(ticket.groupId, row.groupName),
      assignee: reference(ticket.assigneeId, row.assigneeName),
      requester: { id: ticket.requesterId, name: row.requesterName, email: row.requesterEmail },
      organization: reference(ticket.organizationId, row.organizationName),
      service: reference(ticket.serviceId, row.serviceName),
      category: reference(ticket.categoryId, row.categoryName),
      channel: ticket.channel,
      // Internal working data stays with the staff.
      tags: forCustomer ? [] : ticket.tags,
      followerIds: ticketFollowersOf.map((follower) => follower.userId),
      followers: ticketFollowersOf.map((follower) => ({ id: follower.userId, name: follower.name })),
      following: actor.kind === 'user' && ticketFollowersOf.some((follower) => follower.userId === actor.id),
      replyReopens: ticket.replyReopens,
      customFields: visibleKeys
        ? (valuesForCustomer(ticket.customFields, visibleKeys) as Ticket['customFields'])
        : (ticket.customFields as Ticket['customFields']),
      mergedInto:
        ticket.mergedIntoId && row.mergedIntoNumber ? { id: ticket.mergedIntoId, number: row.mergedIntoNumber } : null,
      createdAt: ticket.createdAt.toISOString(),
      updatedAt: ticket.updatedAt.toISOString(),
      resolvedAt: ticket.resolvedAt?.toISOString() ?? null,
      closedAt: ticket.closedAt?.toISOString() ?? null,
      version: ticket.version,
      abilities: ticketAbilities(actor, {
        supportLevel: ticket.supportLevel,
        groupId: ticket.groupId,
        assigneeId: ticket.assigneeId,
        statusCategory: status.category,
      }),
    };
  });
}

export async function loadStatuses(db: Queryable) {
  return db
    .select()
    .from(ticketStatuses)
    .where(eq(ticketStatuses.active, true))
    .orderBy(asc(ticketStatuses.position), asc(ticketStatuses.id));
}

const statusIdsOfDatabase = new WeakMap<object, Promise<ReadonlyMap<StatusCategory, string[]>>>();

/**
 * The ids of each category's statuses (inactive ones too: tickets may still be in them). Statuses
 * change only by migration, which runs before the server starts, so they are read once per database;
 * the list views write them into their text (ADR 0021).
 */
export function statusIdsByCategory(db: Queryable): Promise<ReadonlyMap<StatusCategory, string[]>> {
  let ids = statusIdsOfDatabase.get(db);
  if (!ids) {
    ids = db
      .select({ id: ticketStatuses.id, category: ticketStatuses.category })
      .from(ticketStatuses)
      .orderBy(asc(ticketStatuses.id))
      .then((rows) => {
        const byCategory = new Map<StatusCategory, string[]>();
        for (const row of rows) byCategory.set(row.category, [...(byCategory.get(row.category) ?? []), row.id]);
        return byCategory;
      });
    // A failed read is not kept: the next call reads again.
    ids.catch(() => statusIdsOfDatabase.delete(db));
    statusIdsOfDatabase.set(db, ids);
  }
  return ids;
}

/** The default status of a category: where the code moves a ticket (reopen, customer reply…). */
export async function defaultStatusOf(db: Queryable, category: (typeof ticketStatuses.$inferSelect)['category']) {
  const [status] = await db
    .select()
    .from(ticketStatuses)
    .where(and(eq(ticketStatuses.category, category), eq(ticketStatuses.isDefault, true)))
    .limit(1);
  if (!status) throw new Error(`No default status for the category ${category}`);
  return status;
}

export function andAll(conditions: SQL[]): SQL | undefined {
  return conditions.length === 0 ? undefined : and(...conditions);
}
