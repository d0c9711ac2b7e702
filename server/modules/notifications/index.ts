/** Notifications: in-app notices to staff (hand-offs, assignments, supervisor escalations). */
import type { FastifyPluginAsync } from 'fastify';
import type { Dependencies } from '../../dependencies.js';
import { notificationsRoutes } from './notifications.routes.js';
import { createNotifications } from './notifications.service.js';

export function createNotificationsModule(deps: Dependencies) {
  const notifications = createNotifications(deps);
  const routes: FastifyPluginAsync = async (app) => {
    await app.register(notificationsRoutes, { notifications });
  };
  return { notifications, notifier: notifications.notifier, routes };
}
