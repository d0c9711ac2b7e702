/** Followers of a ticket and bulk actions over many tickets (staff only). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorBodySchema, idParamsSchema } from '../../../contracts/common.contract.js';
import { bulkActionBodySchema, bulkActionResponseSchema } from '../../../contracts/ticket-bulk.contract.js';
import { ticketFollowerParamsSchema, ticketFollowersSchema } from '../../../contracts/ticket-followers.contract.js';
import { STAFF } from '../../http/access.js';
import type { BulkActions } from './bulk-actions.service.js';
import type { Followers } from './followers.service.js';

const errors = {
  400: errorBodySchema,
  401: errorBodySchema,
  403: errorBodySchema,
  404: errorBodySchema,
  409: errorBodySchema,
};

export const followersAndBulkRoutes: FastifyPluginAsyncZod<{ followers: Followers; bulkActions: BulkActions }> = async (
  app,
  { followers, bulkActions },
) => {
  app.get(
    '/tickets/:id/followers',
    {
      config: { access: STAFF },
      schema: {
        tags: ['tickets'],
        summary: 'Who follows the ticket (they keep access and get notifications)',
        params: idParamsSchema,
        response: { 200: ticketFollowersSchema, ...errors },
      },
    },
    async (request) => followers.listFollowers(request.context, request.params.id),
  );

  app.put(
    '/tickets/:id/followers/:userId',
    {
      config: { access: STAFF },
      schema: {
        tags: ['tickets'],
        summary:
          'Follow the ticket (your own id) or add a colleague who can see it (400 FOLLOWER_CANNOT_SEE_TICKET otherwise); idempotent',
        params: ticketFollowerParamsSchema,
        response: { 200: ticketFollowersSchema, ...errors },
      },
    },
    async (request) => followers.addFollower(request.context, request.params.id, request.params.userId),
  );

  app.delete(
    '/tickets/:id/followers/:userId',
    {
      config: { access: STAFF },
      schema: {
        tags: ['tickets'],
        summary: 'Stop following (your own id), or remove a follower when you hold the ticket',
        params: ticketFollowerParamsSchema,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await followers.removeFollower(request.context, request.params.id, request.params.userId);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/tickets/bulk',
    {
      config: { access: STAFF },
      schema: {
        tags: ['tickets'],
        summary: 'Apply one action (assign, status, priority, add_tag, merge) to up to 200 tickets; results per ticket',
        description:
          'Each ticket goes through the same rules as its single-ticket route, in its own transaction, on its current state (no version precondition). A ticket that fails, or that the caller cannot see (TICKET_NOT_FOUND), is reported in its result and does not stop the others.',
        body: bulkActionBodySchema,
        response: { 200: bulkActionResponseSchema, ...errors },
      },
    },
    async (request) => ({ results: await bulkActions.applyBulkAction(request.context, request.body) }),
  );
};
