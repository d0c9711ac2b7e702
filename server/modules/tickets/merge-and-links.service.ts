/**
 * Merging duplicates and linking tickets.
 *
 * Merge: the source's messages move to the surviving ticket, the source becomes `merged` and points
 * to the survivor, both histories say so, and the source's followers follow the survivor. A ticket
 * cannot be merged into itself or into a merged ticket (400); a merged ticket cannot be merged again
 * (409). Both rows are locked in id order, so two crossed merges cannot deadlock.
 *
 * Links: `related` (symmetric, stored once) and parent/child (a ticket has at most one parent and is
 * never its own ancestor). Only staff see links, and only to tickets they may see.
 */
import { and, eq, inArray, or } from 'drizzle-orm';
import type { Ticket, TicketLink } from '../../../contracts/tickets.contract.js';
import type { Transaction } from '../../db/database.js';
import { isUniqueViolation } from '../../db/sql-helpers.js';
import type { Dependencies } from '../../dependencies.js';
import { AppError, forbidden, notFound } from '../../http/app-error.js';
import type { Context } from '../../http/context.js';
import { follow, recordEvent, touched } from './ticket-events.js';
import { defaultStatusOf, presentTickets, readTicketRows } from './tickets.repo.js';
import { visibleTicketsCondition } from './tickets.policy.js';
import { messages, ticketFollowers, ticketLinks, tickets } from './tickets.schema.js';
import type { Tickets } from './tickets.service.js';

const invalidMerge = (message: string) =>
  new AppError(400, 'TICKET_MERGE_INVALID', message, { fields: [{ path: 'body.targetTicketId', message }] });

/** Whether `candidate` is `ticketId` or one of its ancestors (following parent links upwards). */
async function isSelfOrAncestor(tx: Transaction, ticketId: string, candidate: string): Promise<boolean> {
  const seen = new Set<string>();
  for (let current: string | undefined = ticketId; current && !seen.has(current);) {
    if (current === candidate) return true;
    seen.add(current);
    const [parent] = await tx
      .select({ id: ticketLinks.ticketId })
      .from(ticketLinks)
      .where(and(eq(ticketLinks.linkedTicketId, current), eq(ticketLinks.kind, 'parent')));
    current = parent?.id;
  }
  return false;
}

export function createMergeAndLinks(deps: Dependencies, ticketsService: Tickets) {
  const { database } = deps;

  function staffOnly(context: Context) {
    if (context.actor.kind !== 'user') throw forbidden();
    return context.actor;
  }

  return {
    async mergeTicket(
      context: Context,
      sourceId: string,
      input: { targetTicketId: string; note?: string | undefined },
    ) {
      const actor = staffOnly(context);
      if (sourceId === input.targetTicketId) throw invalidMerge('A ticket cannot be merged into itself');
      await database.transaction(async (tx) => {
        const [first, second] = [sourceId, input.targetTicketId].sort();
        const locked = new Map([
          [first!, await ticketsService.lockVisible(tx, context, first!)],
          [second!, await ticketsService.lockVisible(tx, context, second!)],
        ]);
        const source = locked.get(sourceId)!;
        const target = locked.get(input.targetTicketId)!;
        if (source.status.category === 'merged')
          throw new AppError(409, 'TICKET_MERGED', 'This ticket is already merged');
        if (target.status.category === 'merged') throw invalidMerge('The target ticket is itself merged');

        await tx.update(messages).set({ ticketId: target.ticket.id }).where(eq(messages.ticketId, sourceId));
        const merged = await defaultStatusOf(tx, 'merged');
        await tx
          .update(tickets)
          .set({
            statusId: merged.id,
            mergedIntoId: target.ticket.id,
            closedAt: context.now,
            ...touched(context.now, source.ticket.version),
          })
          .where(eq(tickets.id, sourceId));
        await tx
          .update(tickets)
          .set(touched(context.now, target.ticket.version))
          .where(eq(tickets.id, target.ticket.id));
        await recordEvent(tx, {
          ticketId: sourceId,
          kind: 'merged',
          actor,
          now: context.now,
          changes: [{ field: 'mergedInto', from: null, to: target.ticket.number }],
          note: input.note ?? null,
        });
        await recordEvent(tx, {
          ticketId: target.ticket.id,
          kind: 'merged',
          actor,
          now: context.now,
          changes: [{ field: 'mergedFrom', from: null, to: source.ticket.number }],
          note: input.note ?? null,
        });
        const sourceFollowers = await tx
          .select({ userId: ticketFollowers.userId })
          .from(ticketFollowers)
          .where(eq(ticketFollowers.ticketId, sourceId));
        await follow(tx, target.ticket.id, [actor.id, ...sourceFollowers.map((row) => row.userId)]);
      });
      const [source, target] = await Promise.all([
        ticketsService.loadVisible(database.orm, context, sourceId),
        ticketsService.loadVisible(database.orm, context, input.targetTicketId),
      ]);
      await ticketsService.announce(context, source);
      return ticketsService.announce(context, target);
    },

    async listLinks(context: Context, ticketId: string): Promise<TicketLink[]> {
      staffOnly(context);
      await ticketsService.loadVisible(database.orm, context, ticketId);
      const rows = await database.orm
        .select()
        .from(ticketLinks)
        .where(or(eq(ticketLinks.ticketId, ticketId), eq(ticketLinks.linkedTicketId, ticketId)));
      const otherIds = rows.map((row) => (row.ticketId === ticketId ? row.linkedTicketId : row.ticketId));
      if (otherIds.length === 0) return [];
      const visible = await presentTickets(
        database.orm,
        context.actor,
        context.language,
        await readTicketRows(database.orm, {
          where: and(inArray(tickets.id, otherIds), visibleTicketsCondition(context.actor)),
        }),
      );
      return rows.flatMap((row) => {
        const otherId = row.ticketId === ticketId ? row.linkedTicketId : row.ticketId;
        const other = visible.find((ticket: Ticket) => ticket.id === otherId);
        if (!other) return [];
        const kind = row.kind === 'related' ? 'related' : row.ticketId === ticketId ? 'child' : 'parent';
        return [
          {
            id: row.id,
            kind,
            ticket: { id: other.id, number: other.number, subject: other.subject, status: other.status },
            createdAt: row.createdAt.toISOString(),
          } satisfies TicketLink,
        ];
      });
    },

    async createLink(
      context: Context,
      ticketId: string,
      input: { kind: 'related' | 'parent' | 'child'; ticketId: string },
    ) {
      const actor = staffOnly(context);
      if (ticketId === input.ticketId) {
        throw new AppError(400, 'TICKET_LINK_INVALID', 'A ticket cannot be linked to itself', {
          fields: [{ path: 'body.ticketId', message: 'The same ticket' }],
        });
      }
      try {
        await database.transaction(async (tx) => {
          const [first, second] = [ticketId, input.ticketId].sort();
          const locked = new Map([
            [first!, await ticketsService.lockVisible(tx, context, first!)],
            [second!, await ticketsService.lockVisible(tx, context, second!)],
          ]);
          const [existing] = await tx
            .select({ id: ticketLinks.id })
            .from(ticketLinks)
            .where(
              or(
                and(eq(ticketLinks.ticketId, ticketId), eq(ticketLinks.linkedTicketId, input.ticketId)),
                and(eq(ticketLinks.ticketId, input.ticketId), eq(ticketLinks.linkedTicketId, ticketId)),
              ),
            );
          if (existing) throw new AppError(409, 'TICKET_LINK_EXISTS', 'These tickets are already linked');
          const parentId = input.kind === 'parent' ? input.ticketId : ticketId;
          const childId = input.kind === 'parent' ? ticketId : input.ticketId;
          if (input.kind !== 'related') {
            const [hasParent] = await tx
              .select({ id: ticketLinks.id })
              .from(ticketLinks)
              .where(and(eq(ticketLinks.linkedTicketId, childId), eq(ticketLinks.kind, 'parent')));
            if (hasParent)
              throw new AppError(409, 'TICKET_ALREADY_HAS_PARENT', 'The child ticket already has a parent');
            if (await isSelfOrAncestor(tx, parentId, childId)) {
              throw new AppError(400, 'TICKET_LINK_CYCLE', 'A ticket cannot become its own ancestor', {
                fields: [{ path: 'body.ticketId', message: 'Would make a cycle' }],
              });
            }
          }
          await tx.insert(ticketLinks).values({
            ticketId: input.kind === 'related' ? ticketId : parentId,
            linkedTicketId: input.kind === 'related' ? input.ticketId : childId,
            kind: input.kind === 'related' ? 'related' : 'parent',
            createdAt: context.now,
            createdByUserId: actor.id,
          });
          for (const [id, other] of [
            [ticketId, input.ticketId],
            [input.ticketId, ticketId],
          ] as const) {
            await recordEvent(tx, {
              ticketId: id,
              kind: 'linked',
              actor,
              now: context.now,
              changes: [{ field: 'link', from: null, to: locked.get(other)!.ticket.number }],
            });
          }
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw new AppError(409, 'TICKET_LINK_EXISTS', 'These tickets are already linked');
        throw error;
      }
      return (await this.listLinks(context, ticketId)).find((link) => link.ticket.id === input.ticketId)!;
    },

    async deleteLink(context: Context, ticketId: string, linkId: string): Promise<void> {
      const actor = staffOnly(context);
      await ticketsService.loadVisible(database.orm, context, ticketId);
      await database.transaction(async (tx) => {
        const [link] = await tx
          .delete(ticketLinks)
          .where(
            and(
              eq(ticketLinks.id, linkId),
              or(eq(ticketLinks.ticketId, ticketId), eq(ticketLinks.linkedTicketId, ticketId)),
            ),
          )
          .returning();
        if (!link) throw notFound('TICKET_LINK_NOT_FOUND', 'No such link on this ticket');
        const numbers = await tx
          .select({ id: tickets.id, number: tickets.number })
          .from(tickets)
          .where(inArray(tickets.id, [link.ticketId, link.linkedTicketId]));
        for (const [id, other] of [
          [link.ticketId, link.linkedTicketId],
          [link.linkedTicketId, link.ticketId],
        ] as const) {
          await recordEvent(tx, {
            ticketId: id,
            kind: 'unlinked',
            actor,
            now: context.now,
            changes: [{ field: 'link', from: numbers.find((entry) => entry.id === other)?.number ?? null, to: null }],
          });
        }
      });
    },
  };
}

export type MergeAndLinks = ReturnType<typeof createMergeAndLinks>;
