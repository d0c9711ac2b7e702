/**
 * Received mail for admins (`/inbound-emails`: list, one, original bytes, re-process) and the
 * original of an email message for the staff who can see its ticket.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorBodySchema, idParamsSchema, idSchema, pageSchema } from '../../../contracts/common.contract.js';
import {
  inboundEmailSchema,
  listInboundEmailsQuerySchema,
  reprocessResultSchema,
} from '../../../contracts/mail.contract.js';
import { ADMIN, STAFF } from '../../http/access.js';
import { notFound } from '../../http/app-error.js';
import type { Tickets } from '../tickets/tickets.service.js';
import type { InboundEmails } from './inbound-emails.service.js';

const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema };
const emlSchema = z.any().describe('The original message (message/rfc822)');

export const inboundEmailsRoutes: FastifyPluginAsyncZod<{ inboundEmails: InboundEmails; tickets: Tickets }> = async (
  app,
  { inboundEmails, tickets },
) => {
  app.get(
    '/inbound-emails',
    {
      config: { access: ADMIN },
      schema: {
        tags: ['mail'],
        summary: 'Received mail, newest first (filter status=failed for the failed-mail list)',
        querystring: listInboundEmailsQuerySchema,
        response: { 200: pageSchema(inboundEmailSchema), ...errors },
      },
    },
    async (request) => inboundEmails.list(request.query),
  );

  app.get(
    '/inbound-emails/:id',
    {
      config: { access: ADMIN },
      schema: {
        tags: ['mail'],
        summary: 'One received message and what the pipeline decided',
        params: idParamsSchema,
        response: { 200: inboundEmailSchema, ...errors },
      },
    },
    async (request) => inboundEmails.get(request.params.id),
  );

  app.get(
    '/inbound-emails/:id/raw',
    {
      config: { access: ADMIN },
      schema: {
        tags: ['mail'],
        summary: 'The original message as received (.eml download)',
        params: idParamsSchema,
        response: { 200: emlSchema, ...errors },
      },
    },
    async (request, reply) => {
      const raw = await inboundEmails.raw(request.params.id);
      return reply
        .header('content-type', 'message/rfc822')
        .header('content-disposition', `attachment; filename="${request.params.id}.eml"`)
        .header('x-content-type-options', 'nosniff')
        .send(raw);
    },
  );

  app.post(
    '/inbound-emails/:id/reprocess',
    {
      config: { access: ADMIN },
      schema: {
        tags: ['mail'],
        summary: 'Runs the pipeline again on a failed or ignored message',
        params: idParamsSchema,
        response: { 200: reprocessResultSchema, 409: errorBodySchema, ...errors },
      },
    },
    async (request) => {
      const result = await inboundEmails.reprocess(request.params.id);
      return { status: result.status, ticketId: result.ticketId, error: result.error };
    },
  );

  app.get(
    '/tickets/:id/messages/:messageId/original',
    {
      config: { access: STAFF },
      schema: {
        tags: ['tickets'],
        summary: 'The original email that carried a message of the ticket (.eml download)',
        params: z.object({ id: idSchema, messageId: idSchema }),
        response: { 200: emlSchema, ...errors },
      },
    },
    async (request, reply) => {
      // Visibility of the ticket first: 404 for a ticket the caller cannot see.
      await tickets.getTicket(request.context, request.params.id);
      const raw = await inboundEmails.rawOfTicketMessage(request.params.id, request.params.messageId);
      if (!raw) throw notFound('ORIGINAL_EMAIL_NOT_FOUND', 'This message did not come by email');
      return reply
        .header('content-type', 'message/rfc822')
        .header('content-disposition', `attachment; filename="${request.params.messageId}.eml"`)
        .header('x-content-type-options', 'nosniff')
        .send(raw);
    },
  );
};
