/**
 * The two reads of a ticket's timeline, as text built once: a ticket with twenty messages is opened
 * all day long, and building these selects with Drizzle (and mapping their columns by name) was the
 * largest part of its server time outside the framework (docs/PERFORMANCE.md). Only the caller's
 * visibility condition is compiled per request; each shape of it is a named statement, parsed once
 * per connection. Rows come back as arrays (`rowMode: 'array'`) in the order of the select lists here,
 * with the driver's own parsers for dates, arrays and JSON.
 *
 * Both reads carry the visibility check: the history is read from the visible ticket (a left join,
 * so a visible ticket without history still yields one row and an unseen one none), the messages
 * only while their ticket is visible, and a customer's only when public.
 */
import { createHash } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { Attachment } from '../../../contracts/attachments.contract.js';
import type { Actor } from '../../http/context.js';
import type { MessageAttachments } from './collaborators.js';
import { visibleTicketsCondition } from './tickets.policy.js';
import type { Queryable } from './tickets.repo.js';
import { messageColumns, type MessageRow } from './tickets.schema.js';

export type TimelineMessageRow = MessageRow & { authorName: string | null; attachments: Attachment[] };

export interface TimelineHistoryRow {
  /** Null on the one row of a ticket without history (the left join's nulls). */
  id: string | null;
  ticketId: string | null;
  kind:
    | 'created'
    | 'updated'
    | 'escalated'
    | 'handed_back'
    | 'supervisor_escalated'
    | 'merged'
    | 'linked'
    | 'unlinked'
    | 'email_failed'
    | null;
  actorUserId: string | null;
  actorContactId: string | null;
  changes: { field: string; from: unknown; to: unknown }[] | null;
  note: string | null;
  createdAt: Date | null;
  actorName: string | null;
}

const dialect = new PgDialect();
const messageFields = Object.entries(messageColumns) as [keyof MessageRow, { name: string }][];

/** The name of the staff member or contact in these two columns of `table`. */
const nameOf = (table: string, userColumn: string, contactColumn: string) =>
  `CASE WHEN ${table}.${userColumn} IS NOT NULL THEN (SELECT u.name FROM "users" u WHERE u.id = ${table}.${userColumn}) ` +
  `ELSE (SELECT c.name FROM "contacts" c WHERE c.id = ${table}.${contactColumn}) END`;

const HISTORY_SELECT = `SELECT e.id, e.ticket_id, e.kind, e.actor_user_id, e.actor_contact_id, e.changes, e.note, e.created_at,
  ${nameOf('e', 'actor_user_id', 'actor_contact_id')}
FROM "tickets" LEFT JOIN "ticket_events" e ON e.ticket_id = "tickets"."id"
WHERE "tickets"."id" = `;

/** A statement's name: a hash of its text (a name is bound to one text per connection), kept per text. */
const names = new Map<string, string>();
function named(prefix: string, text: string): string {
  let name = names.get(text);
  if (name === undefined) {
    name = `${prefix}_${createHash('sha1').update(text).digest('base64url')}`;
    names.set(text, name);
  }
  return name;
}

export function createTimelineQueries(db: Queryable, files: MessageAttachments) {
  // The files of each message as a JSON array, an expression of the attachments module (no parameters).
  const attachmentsOfMessage = dialect.sqlToQuery(files.ofMessageColumn(messageColumns.id)).sql;
  const messagesSelect = `SELECT ${messageFields.map(([, column]) => `"messages"."${column.name}"`).join(', ')},
  ${nameOf('"messages"', 'author_user_id', 'author_contact_id')},
  ${attachmentsOfMessage}
FROM "messages"
WHERE "messages"."ticket_id" = `;

  /** `head` ends where the ticket's id goes: `tail` starts with it, so the parameters stay in order. */
  async function run(prefix: string, head: string, tail: SQL): Promise<unknown[][]> {
    const query = dialect.sqlToQuery(tail);
    const text = head + query.sql;
    const result = await db.$client.query<unknown[]>({
      name: named(prefix, text),
      text,
      values: query.params,
      rowMode: 'array',
    });
    return result.rows;
  }

  return {
    /** The messages the actor may read, oldest first, with their author's name and their files. */
    async messages(actor: Actor, ticketId: string): Promise<TimelineMessageRow[]> {
      const publicOnly = actor.kind === 'contact' ? sql.raw(`AND "messages"."visibility" = 'public' `) : sql``;
      const rows = await run(
        'timeline_messages',
        messagesSelect,
        sql`${ticketId}::uuid ${publicOnly}AND EXISTS (SELECT 1 FROM "tickets" WHERE "tickets"."id" = ${ticketId}::uuid AND ${visibleTicketsCondition(actor)}) ORDER BY "messages"."created_at", "messages"."id"`,
      );
      return rows.map((values) => {
        const row = {} as Record<string, unknown>;
        let index = 0;
        for (const [key] of messageFields) row[key] = values[index++];
        row.authorName = values[index++];
        row.attachments = values[index++];
        return row as TimelineMessageRow;
      });
    },

    /** The ticket's history, oldest first: no row when the actor may not see the ticket. */
    async history(actor: Actor, ticketId: string): Promise<TimelineHistoryRow[]> {
      const rows = await run(
        'timeline_history',
        HISTORY_SELECT,
        sql`${ticketId}::uuid AND ${visibleTicketsCondition(actor)} ORDER BY e.id`,
      );
      return rows.map((values) => ({
        id: values[0] as string | null,
        ticketId: values[1] as string | null,
        kind: values[2] as TimelineHistoryRow['kind'],
        actorUserId: values[3] as string | null,
        actorContactId: values[4] as string | null,
        changes: values[5] as TimelineHistoryRow['changes'],
        note: values[6] as string | null,
        createdAt: values[7] as Date | null,
        actorName: values[8] as string | null,
      }));
    },
  };
}
