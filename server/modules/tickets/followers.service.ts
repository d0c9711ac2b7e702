/**
 * Followers of a ticket. One table serves two purposes (DESIGN §3b): a follower keeps access to the
 * ticket (the policy's `follows` rule: the level 1 agent after an escalation, a supervisor pulled
 * in) and hears of it (tickets.service `notifyFollowers`). Working on a ticket makes one follow it;
 * here staff follow on purpose, add a colleague, or stop following.
 *
 * Rules: staff follow only tickets they can see; a colleague is added only when they could see the
 * ticket anyway (following must not become a way to hand out access); anyone stops following for
 * themselves, while taking someone else off is for whoever holds the ticket (`manageFollowers`).
 * Stopping may take away access that came only from following. Each explicit change is recorded
 * in the history as an `updated` event on the `followers` field; it does not change the ticket's
 * version, so nobody editing the ticket gets a conflict because a colleague followed it.
 */
import { and, asc, eq } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { TicketFollowers } from '../../../contracts/ticket-followers.contract.js';
import type { Dependencies } from '../../dependencies.js';
import { AppError, forbidden, notFound } from '../../http/app-error.js';
import type { Actor, Context } from '../../http/context.js';
import { groupMembers, users } from '../identity/identity.schema.js';
import { follow, recordEvent } from './ticket-events.js';
import { ticketAbilities, visibleTicketsCondition } from './tickets.policy.js';
import type { Queryable } from './tickets.repo.js';
import { ticketFollowers, tickets } from './tickets.schema.js';
import type { Tickets } from './tickets.service.js';

const addedByUsers = alias(users, 'added_by_users');

function staffOnly(context: Context) {
  if (context.actor.kind !== 'user') throw forbidden();
  return context.actor;
}

const followerField = (message: string) => ({ fields: [{ path: 'params.userId', message }] });

/** A staff user as the policy sees them, or null for an unknown or inactive account. */
async function staffActor(db: Queryable, userId: string): Promise<(Actor & { kind: 'user' }) | null> {
  const [user] = await db
    .select({ id: users.id, role: users.role, active: users.active })
    .from(users)
    .where(eq(users.id, userId));
  if (!user || !user.active) return null;
  const memberships = await db
    .select({ groupId: groupMembers.groupId })
    .from(groupMembers)
    .where(eq(groupMembers.userId, userId));
  return { kind: 'user', id: user.id, role: user.role, groupIds: memberships.map((row) => row.groupId) };
}

export function createFollowers(deps: Dependencies, ticketsService: Tickets) {
  const { database } = deps;

  async function listOf(db: Queryable, context: Context, ticketId: string): Promise<TicketFollowers> {
    const rows = await db
      .select({
        id: users.id,
        name: users.name,
        addedById: addedByUsers.id,
        addedByName: addedByUsers.name,
        createdAt: ticketFollowers.createdAt,
      })
      .from(ticketFollowers)
      .innerJoin(users, eq(users.id, ticketFollowers.userId))
      .leftJoin(addedByUsers, eq(addedByUsers.id, ticketFollowers.addedBy))
      .where(eq(ticketFollowers.ticketId, ticketId))
      .orderBy(asc(users.name), asc(users.id));
    const me = context.actor.kind === 'user' ? context.actor.id : null;
    return {
      items: rows.map((row) => ({
        id: row.id,
        name: row.name,
        addedBy: row.addedById && row.addedByName !== null ? { id: row.addedById, name: row.addedByName } : null,
        createdAt: row.createdAt.toISOString(),
      })),
      following: rows.some((row) => row.id === me),
    };
  }

  return {
    async listFollowers(context: Context, ticketId: string): Promise<TicketFollowers> {
      staffOnly(context);
      await ticketsService.loadVisible(database.orm, context, ticketId);
      return listOf(database.orm, context, ticketId);
    },

    /** Adds a follower (the caller or a colleague who can see the ticket); adding twice changes nothing. */
    async addFollower(context: Context, ticketId: string, userId: string): Promise<TicketFollowers> {
      const actor = staffOnly(context);
      await database.transaction(async (tx) => {
        const { ticket, status } = await ticketsService.lockVisible(tx, context, ticketId);
        if (!ticketAbilities(actor, { ...ticket, statusCategory: status.category }).follow) {
          throw new AppError(409, 'TICKET_MERGED', 'A merged ticket cannot be followed: follow the one it went into');
        }
        if (userId !== actor.id) {
          const colleague = await staffActor(tx, userId);
          if (!colleague) {
            throw new AppError(
              400,
              'USER_NOT_FOUND',
              'No active staff user with this id',
              followerField('Unknown user'),
            );
          }
          const [visible] = await tx
            .select({ id: tickets.id })
            .from(tickets)
            .where(and(eq(tickets.id, ticketId), visibleTicketsCondition(colleague)));
          if (!visible) {
            throw new AppError(
              400,
              'FOLLOWER_CANNOT_SEE_TICKET',
              'This user cannot see the ticket: assign it or move it to their group instead',
              followerField('Cannot see the ticket'),
            );
          }
        }
        const added = await follow(tx, ticketId, [userId], { addedBy: actor.id, now: context.now });
        if (added.length === 0) return;
        const [user] = await tx.select({ name: users.name }).from(users).where(eq(users.id, userId));
        await recordEvent(tx, {
          ticketId,
          kind: 'updated',
          actor,
          now: context.now,
          changes: [{ field: 'followers', from: null, to: user?.name ?? null }],
        });
      });
      return listOf(database.orm, context, ticketId);
    },

    /** Stops a follower: the caller themselves, or anyone when the caller holds the ticket. */
    async removeFollower(context: Context, ticketId: string, userId: string): Promise<void> {
      const actor = staffOnly(context);
      await database.transaction(async (tx) => {
        const { ticket, status } = await ticketsService.lockVisible(tx, context, ticketId);
        if (
          userId !== actor.id &&
          !ticketAbilities(actor, { ...ticket, statusCategory: status.category }).manageFollowers
        ) {
          throw forbidden('Only the group that holds the ticket, its assignee or a manager may remove other followers');
        }
        const [removed] = await tx
          .delete(ticketFollowers)
          .where(and(eq(ticketFollowers.ticketId, ticketId), eq(ticketFollowers.userId, userId)))
          .returning({ userId: ticketFollowers.userId });
        if (!removed) throw notFound('FOLLOWER_NOT_FOUND', 'This user does not follow the ticket');
        const [user] = await tx.select({ name: users.name }).from(users).where(eq(users.id, userId));
        await recordEvent(tx, {
          ticketId,
          kind: 'updated',
          actor,
          now: context.now,
          changes: [{ field: 'followers', from: user?.name ?? null, to: null }],
        });
      });
    },
  };
}

export type Followers = ReturnType<typeof createFollowers>;
