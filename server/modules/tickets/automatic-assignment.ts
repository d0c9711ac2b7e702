/**
 * Automatic assignment within a group, by the group's mode:
 * - `manual`: nobody is chosen; the ticket waits in the group's unassigned queue;
 * - `round_robin`: members in turn (a per-group cursor, locked, so two tickets arriving together
 *   go to two people);
 * - `least_open`: the member with the fewest open tickets assigned.
 * Only active members who are not marked away are candidates; with none, the ticket stays
 * unassigned for the group to take.
 */
import { and, asc, eq, inArray, isNotNull, sql, type SQL } from 'drizzle-orm';
import type { Database, Transaction } from '../../db/database.js';
import type { Actor } from '../../http/context.js';
import type { Notifier } from './collaborators.js';
import { groupMembers, groups, users } from '../identity/identity.schema.js';
import { tickets, ticketStatuses } from './tickets.schema.js';

export interface AutomaticAssignee {
  id: string;
  name: string;
}

export type AssignmentMode = 'manual' | 'round_robin' | 'least_open';

/**
 * What automatic assignment will do, decided without taking a lock: nobody, someone already chosen
 * (`least_open`), or the next of these candidates after the group's cursor (`round_robin`, taken by
 * `roundRobinCursorStep` as late as possible in the transaction).
 */
export type AssignmentPlan =
  | { kind: 'none' }
  | { kind: 'chosen'; assignee: AutomaticAssignee }
  | { kind: 'round_robin'; groupId: string; candidates: AutomaticAssignee[] };

export async function planAutomaticAssignment(
  tx: Transaction | Database['orm'],
  groupId: string,
  mode: AssignmentMode | null,
): Promise<AssignmentPlan> {
  if (!mode || mode === 'manual') return { kind: 'none' };
  const candidates = await tx
    .select({ id: users.id, name: users.name })
    .from(groupMembers)
    .innerJoin(users, eq(users.id, groupMembers.userId))
    .where(and(eq(groupMembers.groupId, groupId), eq(users.active, true), eq(users.away, false)))
    .orderBy(asc(users.id));
  if (candidates.length === 0) return { kind: 'none' };
  if (mode === 'round_robin') return { kind: 'round_robin', groupId, candidates };

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
  return {
    kind: 'chosen',
    assignee: candidates.reduce((best, candidate) => (loadOf(candidate.id) < loadOf(best.id) ? candidate : best)),
  };
}

/**
 * One statement that moves the group's cursor to the candidate after the last one served (the
 * first again after the last, or when the cursor is new or its user gone) and returns it as
 * `last_user_id`. The cursor row stays locked until commit. `candidateIds` are in id order;
 * `groupId` and `candidateIds` are values or placeholders (a creation's statement is compiled once).
 */
export function roundRobinCursorStep(groupId: unknown, candidateIds: unknown): SQL {
  const ids = sql`${sql.param(candidateIds)}::uuid[]`;
  return sql`INSERT INTO assignment_cursors (group_id, last_user_id) VALUES (${groupId}::uuid, (${ids})[1])
    ON CONFLICT (group_id) DO UPDATE SET last_user_id = coalesce(
      (SELECT candidate FROM unnest(${ids}) AS candidate
       WHERE candidate > assignment_cursors.last_user_id ORDER BY candidate LIMIT 1),
      (${ids})[1])
    RETURNING last_user_id`;
}

export async function automaticAssignee(tx: Transaction, groupId: string): Promise<AutomaticAssignee | null> {
  const [group] = await tx.select({ mode: groups.assignmentMode }).from(groups).where(eq(groups.id, groupId));
  const plan = await planAutomaticAssignment(tx, groupId, group?.mode ?? null);
  if (plan.kind === 'none') return null;
  if (plan.kind === 'chosen') return plan.assignee;
  const result = await tx.execute<{ last_user_id: string }>(
    roundRobinCursorStep(
      groupId,
      plan.candidates.map((candidate) => candidate.id),
    ),
  );
  return plan.candidates.find((candidate) => candidate.id === result.rows[0]!.last_user_id)!;
}

/** The assignee the system chose hears of it, unless they opened the ticket themselves. */
export async function notifyAutomaticAssignee(
  tx: Transaction,
  ticketId: string,
  assignee: AutomaticAssignee,
  actor: Actor,
  now: Date,
  notifier?: Notifier,
): Promise<void> {
  if (notifier && !(actor.kind === 'user' && actor.id === assignee.id)) {
    await notifier.notify(tx, {
      userIds: [assignee.id],
      kind: 'ticket_assigned',
      ticketId,
      actorUserId: actor.kind === 'user' ? actor.id : null,
      note: null,
      now,
    });
  }
}
