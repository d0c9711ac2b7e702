/**
 * In-app notifications for staff: written in the transaction of the hand-off that causes them, read
 * and marked read by their recipient only.
 */
import { and, desc, eq, inArray, isNull, lt, or, type SQL } from 'drizzle-orm';
import type { Page } from '../../../contracts/common.contract.js';
import type { Notification } from '../../../contracts/tickets.contract.js';
import type { Dependencies } from '../../dependencies.js';
import { forbidden, notFound } from '../../http/app-error.js';
import type { Context } from '../../http/context.js';
import { decodeInstantCursor, toPage } from '../../http/pagination.js';
import { users } from '../identity/identity.schema.js';
import type { Notifier } from '../tickets/index.js';
import { tickets } from '../tickets/tickets.schema.js';
import { notifications } from './notifications.schema.js';

function recipientOf(context: Context): string {
  if (context.actor.kind !== 'user') throw forbidden();
  return context.actor.id;
}

export function createNotifications(deps: Dependencies) {
  const { database } = deps;

  const notifier: Notifier = {
    async notify(tx, notification) {
      const userIds = [...new Set(notification.userIds)];
      if (userIds.length === 0) return;
      await tx.insert(notifications).values(
        userIds.map((userId) => ({
          userId,
          kind: notification.kind,
          ticketId: notification.ticketId,
          actorUserId: notification.actorUserId,
          note: notification.note,
          createdAt: notification.now,
        })),
      );
    },
  };

  return {
    notifier,

    async listNotifications(
      context: Context,
      query: { limit: number; cursor?: string | undefined; unread?: 'true' | 'false' | undefined },
    ): Promise<Page<Notification>> {
      const userId = recipientOf(context);
      const conditions: SQL[] = [eq(notifications.userId, userId)];
      if (query.unread === 'true') conditions.push(isNull(notifications.readAt));
      if (query.cursor) {
        const [createdAt, id] = decodeInstantCursor(query.cursor);
        conditions.push(
          or(
            lt(notifications.createdAt, createdAt),
            and(eq(notifications.createdAt, createdAt), lt(notifications.id, id)),
          )!,
        );
      }
      const rows = await database.orm
        .select({
          notification: notifications,
          ticket: { id: tickets.id, number: tickets.number, subject: tickets.subject },
        })
        .from(notifications)
        .innerJoin(tickets, eq(tickets.id, notifications.ticketId))
        .where(and(...conditions))
        .orderBy(desc(notifications.createdAt), desc(notifications.id))
        .limit(query.limit + 1);
      const actorIds = [...new Set(rows.map((row) => row.notification.actorUserId).filter((id): id is string => !!id))];
      const actors = actorIds.length
        ? await database.orm.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, actorIds))
        : [];
      return toPage(
        rows,
        query.limit,
        ({ notification, ticket }) => ({
          id: notification.id,
          kind: notification.kind,
          ticket,
          actor: notification.actorUserId
            ? {
                kind: 'user' as const,
                id: notification.actorUserId,
                name: actors.find((actor) => actor.id === notification.actorUserId)?.name ?? '',
              }
            : { kind: 'system' as const, id: null, name: 'Sportello' },
          note: notification.note,
          readAt: notification.readAt?.toISOString() ?? null,
          createdAt: notification.createdAt.toISOString(),
        }),
        ({ notification }) => [notification.createdAt.toISOString(), notification.id],
      );
    },

    async markRead(context: Context, id: string): Promise<void> {
      const userId = recipientOf(context);
      const updated = await database.orm
        .update(notifications)
        .set({ readAt: context.now })
        .where(and(eq(notifications.id, id), eq(notifications.userId, userId)))
        .returning({ id: notifications.id });
      if (updated.length === 0) throw notFound('NOTIFICATION_NOT_FOUND', 'No such notification');
    },

    async markAllRead(context: Context): Promise<void> {
      const userId = recipientOf(context);
      await database.orm
        .update(notifications)
        .set({ readAt: context.now })
        .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
    },
  };
}

export type Notifications = ReturnType<typeof createNotifications>;
