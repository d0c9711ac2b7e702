/** The in-app Outbox: what Sportello sent or holds, for admins. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorBodySchema, pageSchema } from '../../../contracts/common.contract.js';
import { listOutboxQuerySchema, outboundMessageSchema } from '../../../contracts/mail.contract.js';
import { ADMIN } from '../../http/access.js';
import type { Outbox } from './outbox.service.js';

export const outboxRoutes: FastifyPluginAsyncZod<{ outbox: Outbox }> = async (app, { outbox }) => {
  app.get(
    '/outbox',
    {
      config: { access: ADMIN },
      schema: {
        tags: ['mail'],
        summary: 'Outgoing mail, newest first',
        querystring: listOutboxQuerySchema,
        response: {
          200: pageSchema(outboundMessageSchema),
          400: errorBodySchema,
          401: errorBodySchema,
          403: errorBodySchema,
        },
      },
    },
    async (request) => outbox.listOutbox(request.query),
  );
};
