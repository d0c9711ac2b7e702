/**
 * Which ticket an inbound email belongs to, decided in the order of issue 4 (ADR 0007):
 * 1. In-Reply-To / References naming a Message-ID we sent or received → that ticket (followed to
 *    the survivor when merged); a sender who is not a participant joins flagged, not added;
 * 2. else the ticket token of the subject (`[#2026-000123]`), only when the sender is a participant
 *    and the message does not fail DMARC — otherwise a new ticket linked "related" to it;
 * 3. else a new ticket.
 * Each decision carries its reason, stored on the message so an agent can see why it joined.
 */

/** A ticket a message points at (by its headers or its subject token), after merges. */
export interface ThreadCandidate {
  /** The surviving ticket (the one pointed at, or the one it was merged into). */
  ticketId: string;
  /** The cited Message-ID that matched (null for the token). */
  matchedMessageId: string | null;
  /** The merged ticket pointed at, when the survivor is another one. */
  mergedFrom: string | null;
  /** The sender is the survivor's requester, an organisation member when it shares tickets, or a CC'd participant. */
  participant: boolean;
}

/** What threading needs to know about tickets, read in one statement (inbound-thread-lookup.ts). */
export interface ThreadingFacts {
  /** The ticket of the newest cited Message-ID we sent or received. */
  byReferences: ThreadCandidate | null;
  /** The ticket of the subject token's number. */
  byToken: ThreadCandidate | null;
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

/** The order in which the cited Message-IDs are tried: newest first, the message replied to being the best evidence. */
export function citedNewestFirst(references: string[]): string[] {
  return [...references].reverse();
}

export function decideThreading(
  facts: ThreadingFacts,
  email: { subject: string; dmarcFailed: boolean },
): ThreadingDecision {
  const token = subjectToken(email.subject);
  const base = { relatedTicketId: null, newParticipant: false, matchedMessageId: null, token, mergedFrom: null };
  const byHeaders = facts.byReferences;
  if (byHeaders) {
    return {
      ...base,
      reason: 'references',
      ticketId: byHeaders.ticketId,
      newParticipant: !byHeaders.participant,
      matchedMessageId: byHeaders.matchedMessageId,
      mergedFrom: byHeaders.mergedFrom,
    };
  }
  const byToken = token ? facts.byToken : null;
  if (byToken) {
    if (email.dmarcFailed) {
      return { ...base, reason: 'token_rejected_dmarc', ticketId: null, relatedTicketId: byToken.ticketId };
    }
    if (!byToken.participant) {
      return { ...base, reason: 'token_rejected_not_participant', ticketId: null, relatedTicketId: byToken.ticketId };
    }
    return { ...base, reason: 'subject_token', ticketId: byToken.ticketId, mergedFrom: byToken.mergedFrom };
  }
  return { ...base, reason: 'new_ticket', ticketId: null };
}
