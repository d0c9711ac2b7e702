/** Merging duplicates and linking tickets (staff only). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorBodySchema, idParamsSchema, idSchema } from '../../../contracts/common.contract.js';
import {
  createTicketLinkBodySchema,
  mergeTicketBodySchema,
  ticketLinkSchema,
  ticketSchema,
} from '../../../contracts/tickets.contract.js';
import { STAFF } from '../../http/access.js';
import type { MergeAndLinks } from './merge-and-links.service.js';

const errors = {
  400: errorBodySchema,
  401: errorBodySchema,
  403: errorBodySchema,
  404: errorBodySchema,
  409: errorBodySchema,
};

export const mergeAndLinksRoutes: FastifyPluginAsyncZod<{ mergeAndLinks: MergeAndLinks }> = async (
  app,
  { mergeAndLinks },
) => {
  app.post(
    '/tickets/:id/merge',
    {
      config: { access: STAFF },
      schema: {
        tags: ['tickets'],
        summary: 'Merge this ticket into another: its messages move there, it becomes merged and points to it',
        params: idParamsSchema,
        body: mergeTicketBodySchema,
        response: { 200: ticketSchema.describe('The surviving ticket'), ...errors },
      },
    },
    async (request) => mergeAndLinks.mergeTicket(request.context, request.params.id, request.body),
  );

  app.get(
    '/tickets/:id/links',
    {
      config: { access: STAFF },
      schema: {
        tags: ['tickets'],
        summary: 'Related, parent and child tickets',
        params: idParamsSchema,
        response: { 200: z.object({ items: z.array(ticketLinkSchema) }), ...errors },
      },
    },
    async (request) => ({ items: await mergeAndLinks.listLinks(request.context, request.params.id) }),
  );

  app.post(
    '/tickets/:id/links',
    {
      config: { access: STAFF },
      schema: {
        tags: ['tickets'],
        summary: 'Link another ticket as related, parent or child',
        params: idParamsSchema,
        body: createTicketLinkBodySchema,
        response: { 201: ticketLinkSchema, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await mergeAndLinks.createLink(request.context, request.params.id, request.body)),
  );

  app.delete(
    '/tickets/:id/links/:linkId',
    {
      config: { access: STAFF },
      schema: {
        tags: ['tickets'],
        summary: 'Remove a link',
        params: z.object({ id: idSchema, linkId: idSchema }),
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await mergeAndLinks.deleteLink(request.context, request.params.id, request.params.linkId);
      return reply.status(204).send(null);
    },
  );
};
