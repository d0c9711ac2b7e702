/**
 * Which ticket an inbound email belongs to, decided in the order of issue 4 (ADR 0007):
 * 1. In-Reply-To / References naming a Message-ID we sent or received → that ticket (followed to
 *    the survivor when merged); a sender who is not a participant joins flagged, not added;
 * 2. else the ticket token of the subject (`[#2026-000123]`), only when the sender is a participant
 *    and the message does not fail DMARC — otherwise a new ticket linked "related" to it;
 * 3. else a new ticket.
 * Each decision carries its reason, stored on the message so an agent can see why it joined.
 */

/** What threading needs to know about tickets; implemented by the tickets module on a transaction. */
export interface ThreadLookup {
  /** The ticket of the first of these Message-IDs we know (sent or received), after merges. */
  ticketByMessageIds(
    messageIds: string[],
  ): Promise<{ ticketId: string; matchedMessageId: string; mergedFrom: string | null } | null>;
  /** The ticket with this number, after merges. */
  ticketByNumber(number: string): Promise<{ ticketId: string; mergedFrom: string | null } | null>;
  /** Requester, organisation member when the organisation shares tickets, or a CC'd participant. */
  isParticipant(ticketId: string, address: string): Promise<boolean>;
}

export type ThreadingReason =
  'references' | 'subject_token' | 'new_ticket' | 'token_rejected_not_participant' | 'token_rejected_dmarc';

export interface ThreadingDecision {
  reason: ThreadingReason;
  /** The ticket to append to; null: a new ticket. */
  ticketId: string | null;
  /** A new ticket made because of a rejected token is linked "related" to this one. */
  relatedTicketId: string | null;
  /** Header match from an address that is not a participant: joins flagged, not added. */
  newParticipant: boolean;
  matchedMessageId: string | null;
  token: string | null;
  /** The merged ticket the headers or token pointed at, when the mail went to its survivor. */
  mergedFrom: string | null;
}

const TOKEN = /\[#(\d{4}-\d{6,})\]/;

export function subjectToken(subject: string): string | null {
  return TOKEN.exec(subject)?.[1] ?? null;
}

export async function decideThreading(
  lookup: ThreadLookup,
  email: { sender: string; references: string[]; subject: string; dmarcFailed: boolean },
): Promise<ThreadingDecision> {
  const token = subjectToken(email.subject);
  const base = { relatedTicketId: null, newParticipant: false, matchedMessageId: null, token, mergedFrom: null };
  // Newest reference first: the message replied to is the best evidence.
  const byHeaders = await lookup.ticketByMessageIds([...email.references].reverse());
  if (byHeaders) {
    const participant = await lookup.isParticipant(byHeaders.ticketId, email.sender);
    return {
      ...base,
      reason: 'references',
      ticketId: byHeaders.ticketId,
      newParticipant: !participant,
      matchedMessageId: byHeaders.matchedMessageId,
      mergedFrom: byHeaders.mergedFrom,
    };
  }
  if (token) {
    const byToken = await lookup.ticketByNumber(token);
    if (byToken) {
      if (email.dmarcFailed) {
        return { ...base, reason: 'token_rejected_dmarc', ticketId: null, relatedTicketId: byToken.ticketId };
      }
      if (!(await lookup.isParticipant(byToken.ticketId, email.sender))) {
        return { ...base, reason: 'token_rejected_not_participant', ticketId: null, relatedTicketId: byToken.ticketId };
      }
      return { ...base, reason: 'subject_token', ticketId: byToken.ticketId, mergedFrom: byToken.mergedFrom };
    }
  }
  return { ...base, reason: 'new_ticket', ticketId: null };
}
