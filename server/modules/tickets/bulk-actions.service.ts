/**
 * Bulk actions: one action over up to 200 tickets, each ticket through the same use-case as the
 * single-ticket routes (updateTicket, mergeTicket), hence the same rules, history, notifications
 * and live updates.
 *
 * - Access is checked once over the whole set (one query with the visibility condition, as Immich
 *   does for its bulk endpoints): a ticket the caller cannot see fails as TICKET_NOT_FOUND without
 *   anything being tried, the same answer as for an id that does not exist, so nothing leaks. Each
 *   use-case checks again under its row lock.
 * - Each ticket is changed in its own transaction (ADR 0005): one failing ticket does not undo the
 *   others, locks are held for one ticket at a time (the embedded database has one connection), and
 *   the results say per ticket what happened.
 * - No version precondition: a bulk action applies to the current state of each ticket, read under
 *   the row lock inside its transaction (add_tag adds to the tags the ticket has then), so a
 *   concurrent change is never overwritten blindly.
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { BulkAction, BulkActionResult } from '../../../contracts/ticket-bulk.contract.js';
import type { Dependencies } from '../../dependencies.js';
import { AppError, forbidden } from '../../http/app-error.js';
import type { Context } from '../../http/context.js';
import type { MergeAndLinks } from './merge-and-links.service.js';
import { visibleTicketsCondition } from './tickets.policy.js';
import { defaultStatusOf } from './tickets.repo.js';
import { tickets, ticketStatuses } from './tickets.schema.js';
import type { Tickets, UpdateTicketInput } from './tickets.service.js';

export function createBulkActions(deps: Dependencies, ticketsService: Tickets, mergeAndLinks: MergeAndLinks) {
  const { database } = deps;

  /** Turns the action into the change one ticket gets; checks what does not depend on the ticket once. */
  async function changeFor(action: Exclude<BulkAction, { type: 'merge' }>): Promise<UpdateTicketInput> {
    switch (action.type) {
      case 'assign':
        return { assigneeId: action.assigneeId };
      case 'status': {
        if (action.status) return { statusId: (await defaultStatusOf(database.orm, action.status)).id };
        const [status] = await database.orm
          .select({ id: ticketStatuses.id })
          .from(ticketStatuses)
          .where(and(eq(ticketStatuses.id, action.statusId!), eq(ticketStatuses.active, true)));
        if (!status) {
          throw new AppError(400, 'STATUS_NOT_FOUND', 'Unknown status', {
            fields: [{ path: 'body.action.statusId', message: 'Unknown status' }],
          });
        }
        return { statusId: status.id };
      }
      case 'priority':
        return { impact: action.impact, urgency: action.urgency };
      case 'add_tag':
        return { addTags: [action.tag] };
    }
  }

  return {
    async applyBulkAction(
      context: Context,
      input: { ticketIds: string[]; action: BulkAction },
    ): Promise<BulkActionResult[]> {
      if (context.actor.kind !== 'user') throw forbidden();
      const ticketIds = [...new Set(input.ticketIds)];
      const { action } = input;
      const change = action.type === 'merge' ? null : await changeFor(action);
      const visible = new Set(
        (
          await database.orm
            .select({ id: tickets.id })
            .from(tickets)
            .where(and(inArray(tickets.id, ticketIds), visibleTicketsCondition(context.actor)))
        ).map((row) => row.id),
      );

      const results: BulkActionResult[] = [];
      for (const ticketId of ticketIds) {
        try {
          if (!visible.has(ticketId)) throw new AppError(404, 'TICKET_NOT_FOUND', 'No such ticket');
          if (change) {
            await ticketsService.updateTicket(context, ticketId, change);
          } else if (action.type === 'merge' && ticketId !== action.targetTicketId) {
            // The target itself is the survivor: nothing to do for it.
            await mergeAndLinks.mergeTicket(context, ticketId, { targetTicketId: action.targetTicketId });
          }
          results.push({ ticketId, ok: true });
        } catch (error) {
          if (error instanceof AppError) {
            results.push({ ticketId, ok: false, error: { code: error.code, message: error.message } });
          } else {
            // A fault, not a refusal: logged for the operators, reported for this ticket only.
            deps.logger.error({ err: error, ticketId }, 'bulk action failed on a ticket');
            results.push({ ticketId, ok: false, error: { code: 'INTERNAL_ERROR', message: 'Unexpected error' } });
          }
        }
      }
      return results;
    },
  };
}

export type BulkActions = ReturnType<typeof createBulkActions>;
