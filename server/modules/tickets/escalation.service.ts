/**
 * The two levels (DESIGN §3b):
 * - functional escalation to level 2 sets the level, the level 2 group (given, else the category's,
 *   else the service's default) and clears the assignee unless one is given; the level 1 group and
 *   whoever worked the ticket keep access and follow it; the receiving group is notified.
 * - a hand-back (`toLevel: 1`) returns the ticket to the level 1 group it came from, and to the
 *   level 1 agent who had it when they are still active; they are notified.
 * - hierarchical escalation pulls a supervisor in (they follow the ticket) and notifies them.
 * Every hand-off carries a mandatory note, recorded in the history.
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { Ticket } from '../../../contracts/tickets.contract.js';
import type { Transaction } from '../../db/database.js';
import type { Dependencies } from '../../dependencies.js';
import { AppError, forbidden } from '../../http/app-error.js';
import type { Context } from '../../http/context.js';
import { categories, services } from '../catalog/catalog.schema.js';
import { groupMembers, groups, users } from '../identity/identity.schema.js';
import type { TicketsCollaborators } from './collaborators.js';
import { automaticAssignee } from './automatic-assignment.js';
import { follow, recordEvent, touched } from './ticket-events.js';
import { ticketAbilities } from './tickets.policy.js';
import { userName, type Tickets } from './tickets.service.js';
import { tickets, type TicketRecord } from './tickets.schema.js';

export interface EscalationInput {
  toLevel: 1 | 2;
  groupId?: string | undefined;
  assigneeId?: string | undefined;
  note: string;
}

async function activeMembers(tx: Transaction, groupId: string): Promise<string[]> {
  const rows = await tx
    .select({ id: users.id })
    .from(groupMembers)
    .innerJoin(users, eq(users.id, groupMembers.userId))
    .where(and(eq(groupMembers.groupId, groupId), eq(users.active, true)));
  return rows.map((row) => row.id);
}

async function level2GroupFor(tx: Transaction, ticket: TicketRecord, requested?: string): Promise<string> {
  let groupId = requested;
  if (!groupId && ticket.categoryId) {
    const [category] = await tx.select().from(categories).where(eq(categories.id, ticket.categoryId));
    groupId = category?.defaultLevel2GroupId ?? undefined;
  }
  if (!groupId && ticket.serviceId) {
    const [service] = await tx.select().from(services).where(eq(services.id, ticket.serviceId));
    groupId = service?.defaultLevel2GroupId ?? undefined;
  }
  if (!groupId) {
    throw new AppError(400, 'LEVEL2_GROUP_REQUIRED', 'Choose the level 2 group: the ticket has no default one', {
      fields: [{ path: 'body.groupId', message: 'Required' }],
    });
  }
  const [group] = await tx
    .select()
    .from(groups)
    .where(and(eq(groups.id, groupId), eq(groups.active, true), eq(groups.supportLevel, 2)));
  if (!group) {
    throw new AppError(400, 'GROUP_NOT_FOUND', 'Not an active level 2 group', {
      fields: [{ path: 'body.groupId', message: 'Not an active level 2 group' }],
    });
  }
  return group.id;
}

export function createEscalations(deps: Dependencies, collaborators: TicketsCollaborators, ticketsService: Tickets) {
  const { database } = deps;
  const groupName = async (tx: Transaction, id: string) =>
    (await tx.select({ name: groups.name }).from(groups).where(eq(groups.id, id)))[0]?.name ?? null;

  return {
    async escalate(context: Context, id: string, input: EscalationInput): Promise<Ticket> {
      const actor = context.actor;
      if (actor.kind !== 'user') throw forbidden();
      await database.transaction(async (tx) => {
        const { ticket, status } = await ticketsService.lockVisible(tx, context, id);
        // Decided on the locked row: a concurrent hand-off may have moved the ticket since it was read.
        const abilities = ticketAbilities(actor, { ...ticket, statusCategory: status.category });
        if (!(input.toLevel === 2 ? abilities.escalate : abilities.handBack)) {
          throw new AppError(
            409,
            input.toLevel === 2 ? 'CANNOT_ESCALATE' : 'CANNOT_HAND_BACK',
            input.toLevel === 2
              ? 'Only an open level 1 ticket can be escalated'
              : 'Only an open level 2 ticket can be handed back',
          );
        }
        const toLevel2 = input.toLevel === 2;
        const groupId = toLevel2
          ? await level2GroupFor(tx, ticket, input.groupId)
          : (input.groupId ?? ticket.level1GroupId);
        if (!toLevel2 && input.groupId) {
          const [group] = await tx
            .select()
            .from(groups)
            .where(and(eq(groups.id, groupId), eq(groups.supportLevel, 1)));
          if (!group) {
            throw new AppError(400, 'GROUP_NOT_FOUND', 'Not a level 1 group', {
              fields: [{ path: 'body.groupId', message: 'Not a level 1 group' }],
            });
          }
        }
        let assigneeId: string | null = null;
        if (input.assigneeId) {
          await ticketsService.assertAssignable(tx, input.assigneeId, groupId);
          assigneeId = input.assigneeId;
        } else if (!toLevel2 && ticket.level1AssigneeId) {
          const [previous] = await tx
            .select()
            .from(groupMembers)
            .innerJoin(users, eq(users.id, groupMembers.userId))
            .where(
              and(eq(groupMembers.groupId, groupId), eq(users.id, ticket.level1AssigneeId), eq(users.active, true)),
            );
          if (previous) assigneeId = ticket.level1AssigneeId;
        }
        // Nobody named and nobody to return to: the receiving group's own rule decides.
        if (!assigneeId) assigneeId = (await automaticAssignee(tx, groupId))?.id ?? null;
        await tx
          .update(tickets)
          .set({
            supportLevel: input.toLevel,
            groupId,
            assigneeId,
            ...(toLevel2 ? { level1AssigneeId: ticket.assigneeId ?? actor.id } : { level1GroupId: groupId }),
            ...touched(context.now, ticket.version),
          })
          .where(eq(tickets.id, id));
        const [fromGroup, toGroup] = await Promise.all([groupName(tx, ticket.groupId), groupName(tx, groupId)]);
        await recordEvent(tx, {
          ticketId: id,
          kind: toLevel2 ? 'escalated' : 'handed_back',
          actor,
          now: context.now,
          note: input.note,
          changes: [
            { field: 'supportLevel', from: ticket.supportLevel, to: input.toLevel },
            { field: 'groupId', from: fromGroup, to: toGroup },
            ...(ticket.assigneeId !== assigneeId
              ? [
                  {
                    field: 'assigneeId',
                    from: await userName(tx, ticket.assigneeId),
                    to: await userName(tx, assigneeId),
                  },
                ]
              : []),
          ],
        });
        // Level 1 keeps following what it escalated; whoever hands off keeps following too.
        await follow(tx, id, [actor.id, ...(ticket.assigneeId ? [ticket.assigneeId] : [])]);
        const recipients = assigneeId ? [assigneeId] : await activeMembers(tx, groupId);
        await collaborators.notifier.notify(tx, {
          userIds: recipients.filter((userId) => userId !== actor.id),
          kind: toLevel2 ? 'ticket_escalated' : 'ticket_handed_back',
          ticketId: id,
          actorUserId: actor.id,
          note: input.note,
          now: context.now,
        });
        // The other followers hear of the hand-off once, in their own words.
        await ticketsService.notifyFollowers(
          tx,
          context,
          {
            ticketId: id,
            kind: toLevel2 ? 'followed_ticket_escalated' : 'followed_ticket_handed_back',
            note: input.note,
          },
          recipients,
        );
      });
      return ticketsService.announce(context, await ticketsService.loadVisible(database.orm, context, id));
    },

    async escalateToSupervisor(
      context: Context,
      id: string,
      input: { supervisorId?: string | undefined; note: string },
    ) {
      const actor = context.actor;
      if (actor.kind !== 'user') throw forbidden();
      const before = await ticketsService.loadVisible(database.orm, context, id);
      if (!before.abilities.escalateToSupervisor) {
        throw new AppError(409, 'CANNOT_ESCALATE', 'This ticket cannot be escalated to a supervisor');
      }
      await database.transaction(async (tx) => {
        const { ticket } = await ticketsService.lockVisible(tx, context, id);
        let supervisors: string[];
        if (input.supervisorId) {
          const [supervisor] = await tx
            .select({ id: users.id })
            .from(users)
            .where(
              and(
                eq(users.id, input.supervisorId),
                eq(users.active, true),
                inArray(users.role, ['supervisor', 'admin']),
              ),
            );
          if (!supervisor) {
            throw new AppError(400, 'SUPERVISOR_NOT_FOUND', 'Not an active supervisor', {
              fields: [{ path: 'body.supervisorId', message: 'Not an active supervisor' }],
            });
          }
          supervisors = [supervisor.id];
        } else {
          const ofGroup = await tx
            .select({ id: users.id })
            .from(groupMembers)
            .innerJoin(users, eq(users.id, groupMembers.userId))
            .where(and(eq(groupMembers.groupId, ticket.groupId), eq(users.active, true), eq(users.role, 'supervisor')));
          supervisors = ofGroup.length
            ? ofGroup.map((row) => row.id)
            : (
                await tx
                  .select({ id: users.id })
                  .from(users)
                  .where(and(eq(users.active, true), eq(users.role, 'supervisor')))
              ).map((row) => row.id);
          if (supervisors.length === 0) throw new AppError(409, 'NO_SUPERVISOR', 'The desk has no active supervisor');
        }
        await tx.update(tickets).set(touched(context.now, ticket.version)).where(eq(tickets.id, id));
        await recordEvent(tx, {
          ticketId: id,
          kind: 'supervisor_escalated',
          actor,
          now: context.now,
          note: input.note,
        });
        await follow(tx, id, [actor.id, ...supervisors]);
        await collaborators.notifier.notify(tx, {
          userIds: supervisors.filter((userId) => userId !== actor.id),
          kind: 'supervisor_escalation',
          ticketId: id,
          actorUserId: actor.id,
          note: input.note,
          now: context.now,
        });
      });
      return ticketsService.announce(context, await ticketsService.loadVisible(database.orm, context, id));
    },
  };
}

export type Escalations = ReturnType<typeof createEscalations>;
