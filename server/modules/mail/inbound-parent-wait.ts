/**
 * Replies whose parent is still in flight (issue 4, ADR 0007 §4a). Mail arrives out of order: two
 * IMAP polls, two SMTP sessions, or a slow parse can hand us a reply before the message it answers
 * has been applied. Its References then match nothing yet, and threading would open a new ticket.
 *
 * When a message matches no ticket by its headers but one of the Message-IDs it cites belongs to a
 * stored message that is still `received` (accepted, not yet applied), the reply waits: it stays
 * `received`, its outcome says what it waits for, and its job is sent again after a short delay.
 * Applying (or failing) the parent wakes the waiting replies at once, so the delay is only a bound.
 * After `PARENT_WAIT_MS` from its arrival (injected clock) the reply stops waiting and is threaded
 * as it stands (usually a new ticket), flagged `waited_for_parent` so an agent sees why.
 *
 * Waiting is only for parents we hold: a Message-ID we never received cannot arrive by waiting.
 */
import { and, sql } from 'drizzle-orm';
import type { Transaction } from '../../db/database.js';
import { inboundEmails } from './mail.schema.js';

/** How long a reply waits for its parent, counted from its arrival. */
export const PARENT_WAIT_MS = 2 * 60_000;
/** When the job looks again if nothing wakes it earlier (pg-boss `startAfter`, database clock). */
export const PARENT_RECHECK_SECONDS = 20;

/** Stored in `inbound_emails.outcome` while a reply waits (status stays `received`). */
export interface ParentWaitOutcome {
  filter: 'waiting_for_parent';
  /** The cited Message-IDs whose stored messages were still in flight. */
  waitingFor: string[];
  /** How many times processing was put off. */
  deferrals: number;
  since: string;
}

/** Recorded on the applied message's threading (`parentWait`) once a reply waited. */
export interface ParentWaitRecord {
  waitedFor: string[];
  deferrals: number;
  /** `parent_applied`: the parent came and the reply threaded after it; `gave_up`: it never came in time. */
  result: 'parent_applied' | 'gave_up';
}

/** The previous wait, if the stored outcome is one. */
export function previousWait(outcome: Record<string, unknown> | null): ParentWaitOutcome | null {
  return outcome?.filter === 'waiting_for_parent' ? (outcome as unknown as ParentWaitOutcome) : null;
}

/**
 * Whether to put the message off: some parent is in flight and the wait has not run out.
 * Returns the outcome to store, or null to go on.
 */
export function decideParentWait(
  inFlight: string[],
  receivedAt: Date,
  now: Date,
  previous: ParentWaitOutcome | null,
): ParentWaitOutcome | null {
  if (inFlight.length === 0) return null;
  if (now.getTime() - receivedAt.getTime() >= PARENT_WAIT_MS) return null;
  return {
    filter: 'waiting_for_parent',
    waitingFor: inFlight,
    deferrals: (previous?.deferrals ?? 0) + 1,
    since: previous?.since ?? now.toISOString(),
  };
}

/** What the applied message records about a wait that happened (null when it never waited). */
export function parentWaitRecord(previous: ParentWaitOutcome | null, inFlightNow: string[]): ParentWaitRecord | null {
  if (!previous) return null;
  return {
    waitedFor: previous.waitingFor,
    deferrals: previous.deferrals,
    result: inFlightNow.length > 0 ? 'gave_up' : 'parent_applied',
  };
}

/**
 * The stored replies waiting for this Message-ID: their jobs are sent again at once. Asked every time
 * a message is applied, so it reads only the waiting replies (`inbound_emails_waiting_idx`, whose
 * condition is spelled out here as literals), not every message still in the backlog.
 */
export async function repliesWaitingFor(tx: Transaction, messageId: string): Promise<string[]> {
  const rows = await tx
    .select({ id: inboundEmails.id })
    .from(inboundEmails)
    .where(
      and(
        sql`${inboundEmails.status} = 'received'`,
        sql`${inboundEmails.outcome} ->> 'filter' = 'waiting_for_parent'`,
        sql`${inboundEmails.outcome} -> 'waitingFor' @> jsonb_build_array(${messageId}::text)`,
      ),
    );
  return rows.map((row) => row.id);
}
