/**
 * What the mail module writes on a ticket, through tickets' public functions (STYLE 2): the
 * Message-ID a public reply went out with (so that answers to it thread here), and a delivery
 * failure on the timeline (staff only: customers never see events without a status change).
 */
import { and, eq, isNull } from 'drizzle-orm';
import type { Transaction } from '../../db/database.js';
import { recordEvent } from './ticket-events.js';
import { messages } from './tickets.schema.js';

/** Stores our Message-ID (without angle brackets) on the message the email carried; set once. */
export async function recordOutgoingEmailId(tx: Transaction, messageId: string, emailMessageId: string): Promise<void> {
  await tx
    .update(messages)
    .set({ emailMessageId })
    .where(and(eq(messages.id, messageId), isNull(messages.emailMessageId)));
}

/** "email to X failed: …" on the ticket's timeline, by the system. */
export async function recordEmailFailure(
  tx: Transaction,
  failure: { ticketId: string; recipients: string[]; error: string; now: Date },
): Promise<void> {
  await recordEvent(tx, {
    ticketId: failure.ticketId,
    kind: 'email_failed',
    actor: { kind: 'system' },
    now: failure.now,
    note: `${failure.recipients.join(', ')}: ${failure.error}`.slice(0, 2000),
  });
}
