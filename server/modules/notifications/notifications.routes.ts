/** A staff member's in-app notifications. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  errorBodySchema,
  idParamsSchema,
  pageSchema,
  paginationQuerySchema,
} from '../../../contracts/common.contract.js';
import { notificationSchema } from '../../../contracts/tickets.contract.js';
import { STAFF } from '../../http/access.js';
import type { Notifications } from './notifications.service.js';

const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema };

export const notificationsRoutes: FastifyPluginAsyncZod<{ notifications: Notifications }> = async (
  app,
  { notifications },
) => {
  app.get(
    '/notifications',
    {
      config: { access: STAFF },
      schema: {
        tags: ['notifications'],
        summary: 'Your notifications, newest first',
        querystring: paginationQuerySchema.extend({ unread: z.enum(['true', 'false']).optional() }),
        response: { 200: pageSchema(notificationSchema), ...errors },
      },
    },
    async (request) => notifications.listNotifications(request.context, request.query),
  );
  app.post(
    '/notifications/:id/read',
    {
      config: { access: STAFF },
      schema: {
        tags: ['notifications'],
        summary: 'Mark one as read',
        params: idParamsSchema,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await notifications.markRead(request.context, request.params.id);
      return reply.status(204).send(null);
    },
  );
  app.post(
    '/notifications/read-all',
    {
      config: { access: STAFF },
      schema: { tags: ['notifications'], summary: 'Mark all as read', response: { 204: z.null(), ...errors } },
    },
    async (request, reply) => {
      await notifications.markAllRead(request.context);
      return reply.status(204).send(null);
    },
  );
};
