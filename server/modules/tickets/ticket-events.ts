/**
 * Writing history: every change to a ticket appends one `ticket_events` row (who, what, from → to,
 * when) in the same transaction as the change. Nothing ever updates or deletes these rows.
 */
import type { Transaction } from '../../db/database.js';
import type { Actor } from '../../http/context.js';
import { ticketFollowers, ticketEvents, type FieldChange } from './tickets.schema.js';

export async function recordEvent(
  tx: Transaction,
  event: {
    ticketId: string;
    kind: (typeof ticketEvents.$inferInsert)['kind'];
    actor: Actor;
    now: Date;
    changes?: FieldChange[];
    note?: string | null;
  },
): Promise<void> {
  await tx.insert(ticketEvents).values({
    ticketId: event.ticketId,
    kind: event.kind,
    actorUserId: event.actor.kind === 'user' ? event.actor.id : null,
    actorContactId: event.actor.kind === 'contact' ? event.actor.id : null,
    changes: event.changes ?? [],
    note: event.note ?? null,
    createdAt: event.now,
  });
}

/** Whoever works a ticket follows it from then on (and keeps seeing it after a hand-off). */
export async function follow(tx: Transaction, ticketId: string, userIds: string[]): Promise<void> {
  const unique = [...new Set(userIds)];
  if (unique.length === 0) return;
  await tx
    .insert(ticketFollowers)
    .values(unique.map((userId) => ({ ticketId, userId })))
    .onConflictDoNothing();
}

/** The version and update time of a changed ticket: every change goes through here. */
export function touched(now: Date, currentVersion: number) {
  return { updatedAt: now, version: currentVersion + 1 };
}
