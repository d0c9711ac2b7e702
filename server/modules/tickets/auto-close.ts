/**
 * A resolved ticket closes by itself after the configured days (default 7) unless the customer
 * replied (which reopens it) in the meantime. Runs every 15 minutes on the scheduler node; each
 * ticket closes in its own transaction with a `system` event, so a failure affects only one.
 */
import { and, eq, lte } from 'drizzle-orm';
import { z } from 'zod';
import type { Dependencies } from '../../dependencies.js';
import { defineJob } from '../../jobs/job-queue.js';
import { recordEvent, touched } from './ticket-events.js';
import { defaultStatusOf, statusName } from './tickets.repo.js';
import { tickets, ticketStatuses } from './tickets.schema.js';
import type { Tickets } from './tickets.service.js';

export function createAutoClose(deps: Dependencies, ticketsService: Tickets) {
  const { database } = deps;

  async function closeResolvedTickets(now: Date): Promise<number> {
    const cutoff = new Date(now.getTime() - deps.config.autoCloseResolvedDays * 86_400_000);
    const due = await database.orm
      .select({ id: tickets.id })
      .from(tickets)
      .innerJoin(ticketStatuses, eq(ticketStatuses.id, tickets.statusId))
      .where(and(eq(ticketStatuses.category, 'resolved'), lte(tickets.resolvedAt, cutoff)))
      .limit(500);
    const context = { actor: { kind: 'system' as const }, now, language: 'it' as const };
    let closed = 0;
    for (const { id } of due) {
      const done = await database.transaction(async (tx) => {
        const { ticket, status } = await ticketsService.lockVisible(tx, context, id);
        // Re-checked under the lock: a reply may have reopened it since the scan.
        if (status.category !== 'resolved' || !ticket.resolvedAt || ticket.resolvedAt > cutoff) return false;
        const next = await defaultStatusOf(tx, 'closed');
        await tx
          .update(tickets)
          .set({ statusId: next.id, closedAt: now, ...touched(now, ticket.version) })
          .where(eq(tickets.id, id));
        await recordEvent(tx, {
          ticketId: id,
          kind: 'updated',
          actor: context.actor,
          now,
          changes: [{ field: 'statusId', from: statusName(status, 'it'), to: statusName(next, 'it') }],
          note: `Chiuso automaticamente dopo ${deps.config.autoCloseResolvedDays} giorni dalla risoluzione`,
        });
        await ticketsService.reportActivity(tx, {
          ticketId: id,
          kind: 'updated',
          actor: context.actor,
          now,
          message: null,
          statusCategory: { from: 'resolved', to: 'closed' },
        });
        return true;
      });
      if (done) {
        closed += 1;
        await ticketsService.announce(context, await ticketsService.loadVisible(database.orm, context, id));
      }
    }
    return closed;
  }

  const job = defineJob({
    name: 'tickets.close-resolved-tickets',
    payload: z.object({}).passthrough(),
    retryLimit: 2,
    handle: async () => {
      await closeResolvedTickets(deps.clock.now());
    },
  });
  deps.jobs.register(job);
  deps.jobs.scheduleRecurring(job, '*/15 * * * *');

  return { closeResolvedTickets };
}
