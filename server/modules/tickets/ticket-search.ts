/**
 * Full-text search over tickets: subjects (both stemmers) and messages (each in its own language),
 * accent-insensitive, queried with the Italian, English and neutral configurations at once.
 *
 * Ranking is bounded: each source contributes at most CANDIDATES matches, taken from the index or
 * the table without ranking, then only those are ranked and the caller's visibility is applied — a
 * common word never ranks the whole table.
 * A customer's search never matches internal notes. Snippets are built by PostgreSQL's ts_headline
 * around private markers, then HTML-escaped here, so only our <mark> tags survive.
 */
import { inArray, sql } from 'drizzle-orm';
import type { Ticket } from '../../../contracts/tickets.contract.js';
import type { Dependencies } from '../../dependencies.js';
import type { Context } from '../../http/context.js';
import { presentTickets, readTicketRows } from './tickets.repo.js';
import { visibleTicketsCondition } from './tickets.policy.js';
import { messages, tickets } from './tickets.schema.js';

// 200 per source: at a million tickets, finding and checking 1,000 message matches took ~60 ms of
// the 87 ms of a search (docs/PERFORMANCE.md); a page shows 20.
const CANDIDATES = 200;
const START = '\u0002';
const STOP = '\u0003';

export interface TicketSearchHit {
  ticket: Ticket;
  snippetHtml: string;
}

/** The query in every configuration, OR-ed: a word matches whichever language it was indexed in. */
export function textQuery(text: string) {
  return sql`(websearch_to_tsquery('sportello_italian', ${text}) || websearch_to_tsquery('sportello_english', ${text}) || websearch_to_tsquery('sportello_simple', ${text}))`;
}

/** A ticket number as people type it: `2026-000123`, `#2026-000123` or `[#2026-000123]`. */
export function ticketNumberIn(text: string): string | null {
  const match = /^\[?#?(\d{4}-\d{6,})\]?$/.exec(text.trim());
  return match ? match[1]! : null;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function highlight(headline: string): string {
  return escapeHtml(headline).replaceAll(START, '<mark>').replaceAll(STOP, '</mark>');
}

const headlineConfig = sql`CASE ${messages.language} WHEN 'it' THEN 'sportello_italian'::regconfig WHEN 'en' THEN 'sportello_english'::regconfig ELSE 'sportello_simple'::regconfig END`;
const headlineOptions = `StartSel=${START}, StopSel=${STOP}, MaxWords=25, MinWords=8, MaxFragments=2, FragmentDelimiter=" … "`;

export function createTicketSearch(deps: Dependencies) {
  const { database } = deps;

  return {
    async searchTickets(context: Context, text: string, limit: number): Promise<TicketSearchHit[]> {
      const query = textQuery(text);
      const number = ticketNumberIn(text);
      const publicOnly = context.actor.kind === 'contact' ? sql`AND ${messages.visibility} = 'public'` : sql``;
      const ranked = await database.orm.execute<{ ticket_id: string; message_id: string | null; rank: number }>(sql`
        WITH message_candidates AS (
          SELECT ${messages.ticketId} AS ticket_id, ${messages.id} AS message_id, ${messages.search} AS search
            FROM ${messages} WHERE ${messages.search} @@ ${query} ${publicOnly} LIMIT ${CANDIDATES}
        ),
        subject_candidates AS (
          SELECT ${tickets.id} AS ticket_id, ${tickets.search} AS search
            FROM ${tickets} WHERE ${tickets.search} @@ ${query} LIMIT ${CANDIDATES}
        ),
        hits AS (
          SELECT ticket_id, message_id, ts_rank(search, ${query}) AS rank FROM message_candidates
          UNION ALL
          SELECT ticket_id, NULL::uuid, 2 * ts_rank(search, ${query}) FROM subject_candidates
          UNION ALL
          (SELECT ${tickets.id}, NULL::uuid, 100 FROM ${tickets} WHERE ${tickets.number} = ${number ?? ''})
        ),
        best AS (
          SELECT DISTINCT ON (ticket_id) ticket_id, message_id, rank FROM hits ORDER BY ticket_id, rank DESC
        )
        SELECT best.ticket_id, best.message_id, best.rank
          FROM best JOIN ${tickets} ON ${tickets.id} = best.ticket_id
         WHERE ${visibleTicketsCondition(context.actor)}
         ORDER BY best.rank DESC, best.ticket_id
         LIMIT ${limit}`);
      const hits = ranked.rows;
      if (hits.length === 0) return [];

      const ticketRows = await readTicketRows(database.orm, {
        where: inArray(
          tickets.id,
          hits.map((hit) => hit.ticket_id),
        ),
      });
      const presented = await presentTickets(database.orm, context.actor, context.language, ticketRows);
      const messageIds = hits.map((hit) => hit.message_id).filter((id): id is string => id !== null);
      const headlines = messageIds.length
        ? await database.orm
            .select({
              id: messages.id,
              headline: sql<string>`ts_headline(${headlineConfig}, ${messages.bodyText}, ${query}, ${headlineOptions})`,
            })
            .from(messages)
            .where(inArray(messages.id, messageIds))
        : [];
      return hits.flatMap((hit) => {
        const ticket = presented.find((candidate) => candidate.id === hit.ticket_id);
        if (!ticket) return [];
        const headline = headlines.find((entry) => entry.id === hit.message_id)?.headline;
        return [{ ticket, snippetHtml: headline ? highlight(headline) : escapeHtml(ticket.subject) }];
      });
    },
  };
}

export type TicketSearch = ReturnType<typeof createTicketSearch>;
