/** The CC participants of a ticket (staff only; participants.service.ts has the rules). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorBodySchema, idParamsSchema } from '../../../contracts/common.contract.js';
import {
  addTicketParticipantBodySchema,
  addTicketParticipantResponseSchema,
  ticketParticipantParamsSchema,
  ticketParticipantsSchema,
} from '../../../contracts/ticket-participants.contract.js';
import { STAFF } from '../../http/access.js';
import type { Participants } from './participants.service.js';

const errors = {
  400: errorBodySchema,
  401: errorBodySchema,
  403: errorBodySchema,
  404: errorBodySchema,
  409: errorBodySchema,
};

export const participantsRoutes: FastifyPluginAsyncZod<{ participants: Participants }> = async (
  app,
  { participants },
) => {
  app.get(
    '/tickets/:id/participants',
    {
      config: { access: STAFF },
      schema: {
        tags: ['tickets'],
        summary: 'The CC participants: addresses copied on the public replies besides the requester',
        params: idParamsSchema,
        response: { 200: ticketParticipantsSchema, ...errors },
      },
    },
    async (request) => participants.listParticipants(request.context, request.params.id),
  );

  app.post(
    '/tickets/:id/participants',
    {
      config: { access: STAFF },
      schema: {
        tags: ['tickets'],
        summary: 'Copy an address on the ticket, or the sender of one of its emails (e.g. one flagged new_participant)',
        description:
          'Idempotent: an address that already is a participant changes nothing and answers 200 with `added: false`. 400 PARTICIPANT_IS_REQUESTER for the requester, 400 MESSAGE_HAS_NO_SENDER_ADDRESS for a message that did not come by email, 404 MESSAGE_NOT_FOUND for a message of another ticket, 409 TICKET_MERGED. Recorded in the history; the ticket version does not change.',
        params: idParamsSchema,
        body: addTicketParticipantBodySchema,
        response: { 200: addTicketParticipantResponseSchema, ...errors },
      },
    },
    async (request) => participants.addParticipant(request.context, request.params.id, request.body),
  );

  app.delete(
    '/tickets/:id/participants/:address',
    {
      config: { access: STAFF },
      schema: {
        tags: ['tickets'],
        summary: 'Stop copying an address on the ticket (404 PARTICIPANT_NOT_FOUND when it is not a participant)',
        params: ticketParticipantParamsSchema,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await participants.removeParticipant(request.context, request.params.id, request.params.address);
      return reply.status(204).send(null);
    },
  );
};
