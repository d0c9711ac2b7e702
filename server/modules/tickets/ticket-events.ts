/**
 * Writing history: every change to a ticket appends one `ticket_events` row (who, what, from → to,
 * when) in the same transaction as the change. Nothing ever updates or deletes these rows.
 */
import { and, eq } from 'drizzle-orm';
import type { Transaction } from '../../db/database.js';
import type { Actor } from '../../http/context.js';
import { users } from '../identity/identity.schema.js';
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

/**
 * Whoever works a ticket follows it from then on (and keeps seeing it after a hand-off); staff also
 * follow on purpose or are added by a colleague (`addedBy`). Following twice changes nothing.
 * Returns the users who were not following before.
 */
export async function follow(
  tx: Transaction,
  ticketId: string,
  userIds: string[],
  options: { addedBy?: string | null; now?: Date } = {},
): Promise<string[]> {
  const unique = [...new Set(userIds)];
  if (unique.length === 0) return [];
  const added = await tx
    .insert(ticketFollowers)
    .values(
      unique.map((userId) => ({
        ticketId,
        userId,
        addedBy: options.addedBy ?? null,
        ...(options.now ? { createdAt: options.now } : {}),
      })),
    )
    .onConflictDoNothing()
    .returning({ userId: ticketFollowers.userId });
  return added.map((row) => row.userId);
}

/** The followers of a ticket, except the ones named (the actor, who does not hear of their own action). */
export async function followersOf(
  tx: Transaction,
  ticketId: string,
  except: (string | null)[] = [],
): Promise<string[]> {
  const rows = await tx
    .select({ userId: ticketFollowers.userId })
    .from(ticketFollowers)
    .innerJoin(users, eq(users.id, ticketFollowers.userId))
    .where(and(eq(ticketFollowers.ticketId, ticketId), eq(users.active, true)));
  return rows.map((row) => row.userId).filter((userId) => !except.includes(userId));
}

/** The version and update time of a changed ticket: every change goes through here. */
export function touched(now: Date, currentVersion: number) {
  return { updatedAt: now, version: currentVersion + 1 };
}
