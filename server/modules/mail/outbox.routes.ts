/** The in-app Outbox: what Sportello sent or holds, for admins. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorBodySchema, idParamsSchema, pageSchema } from '../../../contracts/common.contract.js';
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

  app.post(
    '/outbox/:id/resend',
    {
      config: { access: ADMIN },
      schema: {
        tags: ['mail'],
        summary: 'Send a failed (or held) message again, from the first attempt',
        params: idParamsSchema,
        response: {
          200: outboundMessageSchema,
          401: errorBodySchema,
          403: errorBodySchema,
          404: errorBodySchema,
          409: errorBodySchema,
        },
      },
    },
    async (request) => outbox.resendMessage(request.context, request.params.id),
  );
};
