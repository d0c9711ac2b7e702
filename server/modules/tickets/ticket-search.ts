/**
 * Full-text search over tickets: subjects (both stemmers) and messages (each in its own language),
 * accent-insensitive, queried with the Italian, English and neutral configurations at once.
 *
 * Ranking is bounded: each source contributes at most CANDIDATES matches, taken from the index or
 * the table without ranking, then only those are ranked and the caller's visibility is applied — a
 * common word never ranks the whole table. The bound must not hide the caller's own tickets: when
 * the first pass leaves the page short for a caller who does not see every ticket (a customer, an
 * agent of some groups), a second pass takes its candidates among the tickets the caller may see
 * (a customer's first, by the requester index: their search never depends on how many other
 * customers wrote the same word).
 * A customer's search never matches internal notes. Snippets are built by PostgreSQL's ts_headline
 * around private markers, then HTML-escaped here, so only our <mark> tags survive.
 */
import { sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { Ticket } from '../../../contracts/tickets.contract.js';
import type { Dependencies } from '../../dependencies.js';
import type { Context } from '../../http/context.js';
import { presentTickets, readTicketRows } from './tickets.repo.js';
import { visibleTicketsCondition } from './tickets.policy.js';
import { tickets } from './tickets.schema.js';

// 200 per source: at a million tickets, finding and checking 1,000 message matches took ~60 ms of
// the 87 ms of a search (docs/PERFORMANCE.md); a page shows 20.
const CANDIDATES = 200;
const START = '\u0002';
const STOP = '\u0003';

export interface TicketSearchHit {
  ticket: Ticket;
  snippetHtml: string;
}

/**
 * The caller's words as every configuration reads them, OR-ed, each reading once: a word matches
 * whichever language it was indexed in. English words often read the same in all three ("slow
 * network" is `'slow' & 'network'` three times), and each copy made every row's match and the
 * index's consistency checks do the work again: the subjects' candidates for "slow network" took
 * 6.7 ms with three copies, 2.5 ms with one (EXPLAIN ANALYZE at 1M tickets, docs/PERFORMANCE.md).
 * The functions are immutable, so PostgreSQL folds the whole expression into one constant when it
 * plans the statement with its parameter's value. `words` is the SQL of the text at each place.
 */
function wordsIn(words: string): string {
  const it = `websearch_to_tsquery('sportello_italian', ${words})`;
  const en = `websearch_to_tsquery('sportello_english', ${words})`;
  const simple = `websearch_to_tsquery('sportello_simple', ${words})`;
  return `(CASE WHEN ${en} = ${it} AND ${simple} = ${it} THEN ${it}
  WHEN ${en} = ${it} THEN ${it} || ${simple}
  WHEN ${simple} = ${it} OR ${simple} = ${en} THEN ${it} || ${en}
  ELSE ${it} || ${en} || ${simple} END)`;
}

/** The words of the list's text filter, as `wordsIn` reads them, the text a parameter at each place. */
export function textQuery(text: string) {
  const marker = '\u0000';
  const [first, ...rest] = wordsIn(marker).split(marker);
  return sql.join([sql.raw(first!), ...rest.map((part) => sql`${text}${sql.raw(part)}`)]);
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

/** The caller's words (`wordsIn`) in the search's statements: `$1` holds them. */
const WORDS = wordsIn('$1');

/**
 * The ranked candidates, as text built once per shape (building it with Drizzle cost about as much
 * server time as the rest of a search's own work): `$1` the words, `$2` a ticket number or '', `$3`
 * the page size, then the visibility condition's parameters.
 *
 * The candidates are ranked before the caller's visibility is checked, and checked best first: the
 * ticket lookups stop once a page is full (20 or so instead of all ~400 candidates, each a random
 * read among a million tickets — about half of the query's time at a million tickets).
 *
 * `scoped`: the candidates themselves are taken among the tickets the caller may see (the second
 * pass, see the module's comment); the condition refers to "tickets" by name, hence no alias there.
 */
const rankedCandidates = (publicOnly: boolean, visible: string, scoped: boolean) => `WITH message_candidates AS (
  SELECT m.ticket_id, m.id AS message_id, m.search
    FROM "messages" m${scoped ? ` JOIN "tickets" ON "tickets"."id" = m.ticket_id` : ''}
   WHERE m.search @@ ${WORDS}${publicOnly ? ` AND m.visibility = 'public'` : ''}${scoped ? ` AND ${visible}` : ''}
   LIMIT ${CANDIDATES}
),
subject_candidates AS (
  SELECT "tickets"."id" AS ticket_id, "tickets"."search" FROM "tickets"
   WHERE "tickets"."search" @@ ${WORDS}${scoped ? ` AND ${visible}` : ''} LIMIT ${CANDIDATES}
),
hits AS (
  SELECT ticket_id, message_id, ts_rank(search, ${WORDS}) AS rank FROM message_candidates
  UNION ALL
  SELECT ticket_id, NULL::uuid, 2 * ts_rank(search, ${WORDS}) FROM subject_candidates
  UNION ALL
  (SELECT t.id, NULL::uuid, 100 FROM "tickets" t WHERE t.number = $2)
),
best AS (
  SELECT DISTINCT ON (ticket_id) ticket_id, message_id, rank FROM hits ORDER BY ticket_id, rank DESC
)
SELECT ranked.ticket_id, ranked.message_id, ranked.rank
  FROM (SELECT * FROM best ORDER BY rank DESC, ticket_id) ranked JOIN "tickets" ON "tickets"."id" = ranked.ticket_id
 WHERE ${visible}
 ORDER BY ranked.rank DESC, ranked.ticket_id
 LIMIT $3`;

/** Snippets of the messages `$3` (uuid[]), each in its message's language: `$2` the options. */
const HEADLINES = `SELECT m.id, ts_headline(CASE m.language WHEN 'it' THEN 'sportello_italian'::regconfig WHEN 'en' THEN 'sportello_english'::regconfig ELSE 'sportello_simple'::regconfig END, m.body_text, ${WORDS}, $2)
  FROM "messages" m WHERE m.id = ANY($3::uuid[])`;
const headlineOptions = `StartSel=${START}, StopSel=${STOP}, MaxWords=25, MinWords=8, MaxFragments=2, FragmentDelimiter=" … "`;

const dialect = new PgDialect();

export function createTicketSearch(deps: Dependencies) {
  const { database } = deps;

  return {
    async searchTickets(context: Context, text: string, limit: number): Promise<TicketSearchHit[]> {
      const { actor } = context;
      const visible = dialect.sqlToQuery(visibleTicketsCondition(actor));
      const seesEverything =
        actor.kind === 'system' || (actor.kind === 'user' && ['admin', 'supervisor'].includes(actor.role));
      const rank = (scoped: boolean) =>
        database.orm.$client.query<[string, string | null, number]>({
          text: rankedCandidates(
            actor.kind === 'contact',
            // Numbered after the three parameters of the query itself.
            visible.sql.replace(/\$(\d+)/g, (_, index: string) => `$${Number(index) + 3}`),
            scoped,
          ),
          values: [text, ticketNumberIn(text) ?? '', limit, ...visible.params],
          rowMode: 'array',
        });
      // A customer's own tickets are few: their candidates are taken among them at once.
      let ranked = await rank(actor.kind === 'contact');
      if (ranked.rows.length < limit && !seesEverything && actor.kind !== 'contact') ranked = await rank(true);
      const hits = ranked.rows.map(([ticketId, messageId]) => ({ ticketId, messageId }));
      if (hits.length === 0) return [];

      const messageIds = hits.flatMap((hit) => (hit.messageId === null ? [] : [hit.messageId]));
      const [presented, headlines] = await Promise.all([
        // One text for any page size, so a named statement with a plan kept (see readTicketRows).
        readTicketRows(database.orm, {
          where: sql`${tickets.id} = ANY(${sql.param(hits.map((hit) => hit.ticketId))}::uuid[])`,
          prepared: true,
        }).then((rows) => presentTickets(database.orm, context.actor, context.language, rows)),
        messageIds.length
          ? database.orm.$client
              .query<[string, string]>({
                text: HEADLINES,
                values: [text, headlineOptions, messageIds],
                rowMode: 'array',
              })
              .then((result) => new Map(result.rows))
          : new Map<string, string>(),
      ]);
      const ticketsById = new Map(presented.map((ticket) => [ticket.id, ticket]));
      return hits.flatMap((hit) => {
        const ticket = ticketsById.get(hit.ticketId);
        if (!ticket) return [];
        const headline = hit.messageId === null ? undefined : headlines.get(hit.messageId);
        return [{ ticket, snippetHtml: headline ? highlight(headline) : escapeHtml(ticket.subject) }];
      });
    },
  };
}

export type TicketSearch = ReturnType<typeof createTicketSearch>;
