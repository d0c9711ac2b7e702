/**
 * Automatic assignment within a group, by the group's mode:
 * - `manual`: nobody is chosen; the ticket waits in the group's unassigned queue;
 * - `round_robin`: members in turn (a per-group cursor, locked, so two tickets arriving together
 *   go to two people);
 * - `least_open`: the member with the fewest open tickets assigned.
 * Only active members who are not marked away are candidates; with none, the ticket stays
 * unassigned for the group to take.
 */
import { and, asc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { Transaction } from '../../db/database.js';
import { groupMembers, groups, users } from '../identity/identity.schema.js';
import { assignmentCursors, tickets, ticketStatuses } from './tickets.schema.js';

export interface AutomaticAssignee {
  id: string;
  name: string;
}

export async function automaticAssignee(tx: Transaction, groupId: string): Promise<AutomaticAssignee | null> {
  const [group] = await tx.select({ mode: groups.assignmentMode }).from(groups).where(eq(groups.id, groupId));
  if (!group || group.mode === 'manual') return null;
  const candidates = await tx
    .select({ id: users.id, name: users.name })
    .from(groupMembers)
    .innerJoin(users, eq(users.id, groupMembers.userId))
    .where(and(eq(groupMembers.groupId, groupId), eq(users.active, true), eq(users.away, false)))
    .orderBy(asc(users.id));
  if (candidates.length === 0) return null;

  if (group.mode === 'least_open') {
    const loads = await tx
      .select({ userId: tickets.assigneeId, open: sql<number>`count(*)`.mapWith(Number) })
      .from(tickets)
      .innerJoin(ticketStatuses, eq(ticketStatuses.id, tickets.statusId))
      .where(
        and(
          isNotNull(tickets.assigneeId),
          inArray(
            tickets.assigneeId,
            candidates.map((candidate) => candidate.id),
          ),
          inArray(ticketStatuses.category, ['new', 'open', 'pending_customer', 'pending_supplier']),
        ),
      )
      .groupBy(tickets.assigneeId);
    const loadOf = (id: string) => loads.find((load) => load.userId === id)?.open ?? 0;
    return candidates.reduce((best, candidate) => (loadOf(candidate.id) < loadOf(best.id) ? candidate : best));
  }

  await tx.insert(assignmentCursors).values({ groupId, lastUserId: null }).onConflictDoNothing();
  const [cursor] = await tx
    .select({ lastUserId: assignmentCursors.lastUserId })
    .from(assignmentCursors)
    .where(eq(assignmentCursors.groupId, groupId))
    .for('update');
  const last = cursor?.lastUserId ?? null;
  const next = candidates.find((candidate) => last !== null && candidate.id > last) ?? candidates[0]!;
  await tx.update(assignmentCursors).set({ lastUserId: next.id }).where(eq(assignmentCursors.groupId, groupId));
  return next;
}
