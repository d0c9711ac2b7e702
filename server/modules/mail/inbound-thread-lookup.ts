/**
 * The facts of the threading decision (inbound-threading.ts, ADR 0007 §4) in one named statement
 * (ADR 0016): the ticket of the newest cited Message-ID we know — one we sent (`outbound_messages`)
 * before one we received (`messages`) — and the ticket of the subject token's number, each followed
 * through merges to its survivor, each with whether the sender is a participant of that survivor.
 * Six to eight statements per reply before (outgoing, received, a read per merge hop, three or four
 * for the participation), each a socket write for the server and a parse and plan for PostgreSQL.
 *
 * It reads tables of the tickets and identity modules as the row's lock of the pipeline does: the
 * statement is the pipeline's, and every pipeline test on both databases fails if a column is renamed.
 */
import type { Transaction } from '../../db/database.js';
import type { ThreadCandidate, ThreadingFacts } from './inbound-threading.js';

/** Merges followed at most (a loop of merges cannot hold the statement forever). */
const MERGE_HOPS = 10;

/**
 * The facts' query over three placeholders: `references` the cited Message-IDs in the order they are
 * tried (newest first), `token` the subject token's number or null, `sender` the sender's address
 * or null (no participation asked). One row per way a ticket was found (`ThreadingFactsRow`).
 *
 * The participation of an address in a ticket (ADR 0007 §4): a CC'd participant of the ticket, its
 * requester, or a contact of the ticket's organisation when that organisation shares tickets.
 * `MERGE_HOPS` is written into the text: a parameter there would only make the plan generic for nothing.
 */
export function threadingFactsQuery(parameter: { references: string; token: string; sender: string }): string {
  return `
  WITH RECURSIVE
  cited AS (
    SELECT cited.message_id, cited.position FROM unnest(${parameter.references}::text[]) WITH ORDINALITY AS cited(message_id, position)
  ),
  by_references AS (
    SELECT 'references'::text AS via, known.ticket_id, cited.message_id
      FROM cited
      CROSS JOIN LATERAL (
        SELECT outbound.ticket_id, 0 AS preference FROM outbound_messages outbound
         WHERE outbound.email_message_id = cited.message_id AND outbound.ticket_id IS NOT NULL
        UNION ALL
        SELECT received.ticket_id, 1 FROM messages received WHERE received.email_message_id = cited.message_id
      ) known
     ORDER BY cited.position, known.preference
     LIMIT 1
  ),
  by_token AS (
    SELECT 'token'::text AS via, numbered.id AS ticket_id, NULL::text AS message_id
      FROM tickets numbered WHERE numbered.number = ${parameter.token}::text
  ),
  found AS (SELECT * FROM by_references UNION ALL SELECT * FROM by_token),
  merges AS (
    SELECT found.via, found.ticket_id AS current, 0 AS hops FROM found
    UNION ALL
    SELECT merges.via, merged.merged_into_id, merges.hops + 1
      FROM merges JOIN tickets merged ON merged.id = merges.current
     WHERE merged.merged_into_id IS NOT NULL AND merges.hops < ${MERGE_HOPS}
  ),
  survivor AS (
    SELECT DISTINCT ON (merges.via) merges.via, merges.current AS ticket_id
      FROM merges ORDER BY merges.via, merges.hops DESC
  ),
  sender AS (
    SELECT address.contact_id, contact.organization_id
      FROM email_addresses address JOIN contacts contact ON contact.id = address.contact_id
     WHERE address.address = ${parameter.sender}::text
  )
  SELECT found.via, found.ticket_id AS found_ticket_id, found.message_id, survivor.ticket_id,
         coalesce(
           EXISTS (SELECT 1 FROM ticket_participants participant
                    WHERE participant.ticket_id = ticket.id AND participant.address = ${parameter.sender}::text)
           OR sender.contact_id = ticket.requester_id
           OR (sender.organization_id = ticket.organization_id
               AND EXISTS (SELECT 1 FROM organizations organization
                            WHERE organization.id = ticket.organization_id AND organization.shares_tickets)),
           false) AS participant
    FROM found
    JOIN survivor ON survivor.via = found.via
    LEFT JOIN tickets ticket ON ticket.id = survivor.ticket_id
    LEFT JOIN sender ON true`;
}

const THREADING_FACTS = threadingFactsQuery({ references: '$1', token: '$2', sender: '$3' });

/** A row of `threadingFactsQuery`. */
export interface ThreadingFactsRow {
  via: 'references' | 'token';
  found_ticket_id: string;
  message_id: string | null;
  ticket_id: string;
  participant: boolean;
}

function candidate(row: ThreadingFactsRow | undefined, asked: boolean): ThreadCandidate | null {
  if (!row) return null;
  return {
    ticketId: row.ticket_id,
    matchedMessageId: row.message_id,
    mergedFrom: row.ticket_id === row.found_ticket_id ? null : row.found_ticket_id,
    // A ticket that vanished between the reads has no participants (the apply then fails loudly).
    participant: asked && row.participant,
  };
}

/**
 * What threading needs to know about the tickets a message points at (ADR 0007 §4): one
 * statement, or none for a message that cites nothing and has no token (most new requests).
 * `sender` null: participation is not asked (bounces), every candidate says `participant: false`.
 */
export async function readThreadingFacts(
  tx: Transaction,
  lookup: { references: string[]; token: string | null; sender: string | null },
): Promise<ThreadingFacts> {
  if (lookup.references.length === 0 && lookup.token === null) return { byReferences: null, byToken: null };
  const { rows } = await tx.$client.query<ThreadingFactsRow>({
    name: 'inbound-threading-facts',
    text: THREADING_FACTS,
    values: [lookup.references, lookup.token, lookup.sender],
  });
  return threadingFactsOf(rows, lookup.sender !== null);
}

/** The facts from the rows of `threadingFactsQuery`; `asked`: a sender's participation was asked. */
export function threadingFactsOf(rows: ThreadingFactsRow[], asked: boolean): ThreadingFacts {
  return {
    byReferences: candidate(
      rows.find((row) => row.via === 'references'),
      asked,
    ),
    byToken: candidate(
      rows.find((row) => row.via === 'token'),
      asked,
    ),
  };
}
