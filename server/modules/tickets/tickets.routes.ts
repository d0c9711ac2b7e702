/** Tickets, their conversation, and the two-level hand-offs. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorBodySchema, idParamsSchema, pageSchema } from '../../../contracts/common.contract.js';
import {
  createMessageBodySchema,
  createTicketBodySchema,
  escalationBodySchema,
  listTicketsRouteQuerySchema,
  messageSchema,
  supervisorEscalationBodySchema,
  ticketSchema,
  ticketStatusSchema,
  ticketViewCountsSchema,
  timelineEntrySchema,
  updateTicketBodySchema,
} from '../../../contracts/tickets.contract.js';
import { customFieldFilterPrefix } from '../../../contracts/custom-fields.contract.js';
import { EVERYONE_SIGNED_IN, STAFF } from '../../http/access.js';
import { validationFailed } from '../../http/app-error.js';
import { builtResponse } from '../../http/response-encoding.js';
import type { Conversation } from './conversation.service.js';
import type { Escalations } from './escalation.service.js';
import { loadStatuses, statusName } from './tickets.repo.js';
import type { Tickets } from './tickets.service.js';
import type { Dependencies } from '../../dependencies.js';

const errors = {
  400: errorBodySchema,
  401: errorBodySchema,
  403: errorBodySchema,
  404: errorBodySchema,
  409: errorBodySchema,
};

export interface TicketsRoutesOptions {
  deps: Dependencies;
  tickets: Tickets;
  conversation: Conversation;
  escalations: Escalations;
}

/** Splits the `cf.<key>=value` parameters from the declared filters; each must be given once. */
function splitCustomFieldFilters<Query extends Record<string, unknown>>(query: Query) {
  const customFields: Record<string, string> = {};
  const failing: { path: string; message: string }[] = [];
  for (const [name, value] of Object.entries(query)) {
    if (!name.startsWith(customFieldFilterPrefix)) continue;
    const key = name.slice(customFieldFilterPrefix.length);
    if (typeof value === 'string' && value.length <= 200) customFields[key] = value;
    else failing.push({ path: `querystring.${name}`, message: 'Give one value of at most 200 characters' });
  }
  if (failing.length > 0) throw validationFailed(failing);
  return { ...query, customFields };
}

export const ticketsRoutes: FastifyPluginAsyncZod<TicketsRoutesOptions> = async (app, options) => {
  const { tickets, conversation, escalations, deps } = options;

  app.get(
    '/ticket-statuses',
    {
      config: { access: EVERYONE_SIGNED_IN },
      schema: {
        tags: ['tickets'],
        summary: "The ticket statuses, named in the caller's language",
        response: { 200: z.object({ items: z.array(ticketStatusSchema) }), ...errors },
      },
    },
    async (request) => ({
      items: (await loadStatuses(deps.database.orm)).map((status) => ({
        id: status.id,
        name: statusName(status, request.context.language),
        category: status.category,
      })),
    }),
  );

  app.get(
    '/tickets',
    {
      config: { access: EVERYONE_SIGNED_IN },
      schema: {
        tags: ['tickets'],
        summary: "Tickets the caller may see (customers: their own, or their organisation's when shared)",
        description:
          'Custom field filters: `cf.<key>=value`, one per field, combined with AND (e.g. `?cf.sede=milano`). ' +
          'Text, date and select fields match the exact value, a multiselect matches tickets having that option, ' +
          'numbers and booleans (`true`/`false`) are parsed. An unknown key, or one hidden from a customer, is a 400.',
        querystring: listTicketsRouteQuerySchema,
        // Built field by field by presentTickets: sent without encoding (response-encoding.ts).
        response: { 200: builtResponse(pageSchema(ticketSchema)), ...errors },
      },
    },
    async (request) => tickets.listTickets(request.context, splitCustomFieldFilters(request.query)),
  );

  app.get(
    '/tickets/views',
    {
      config: { access: STAFF },
      schema: {
        tags: ['tickets'],
        summary: 'Counts of the workspace views',
        response: { 200: builtResponse(ticketViewCountsSchema), ...errors },
      },
    },
    async (request) => ({ items: await tickets.viewCounts(request.context) }),
  );

  app.post(
    '/tickets',
    {
      config: { access: EVERYONE_SIGNED_IN },
      schema: {
        tags: ['tickets'],
        summary: 'Open a ticket (staff: for a requester; customers: for themselves)',
        body: createTicketBodySchema,
        // Built field by field by presentNewTicket: sent without encoding (response-encoding.ts).
        response: { 201: builtResponse(ticketSchema.describe('The new ticket')), ...errors },
      },
    },
    async (request, reply) => {
      const channelHint =
        request.authMethod === 'token' ? 'api' : request.context.actor.kind === 'contact' ? 'portal' : 'phone';
      return reply.status(201).send(await tickets.createTicket(request.context, { ...request.body, channelHint }));
    },
  );

  app.get(
    '/tickets/:id',
    {
      config: { access: EVERYONE_SIGNED_IN },
      schema: {
        tags: ['tickets'],
        summary: 'One ticket',
        params: idParamsSchema,
        response: { 200: ticketSchema, ...errors },
      },
    },
    async (request) => tickets.getTicket(request.context, request.params.id),
  );

  app.patch(
    '/tickets/:id',
    {
      config: { access: EVERYONE_SIGNED_IN },
      schema: {
        tags: ['tickets'],
        summary:
          'Change a ticket (send the version you read; 409 on a stale one or a forbidden status change). ' +
          'Customers may send only `customFields` (those visible to them).',
        params: idParamsSchema,
        body: updateTicketBodySchema,
        response: { 200: ticketSchema, ...errors },
      },
    },
    async (request) => tickets.updateTicket(request.context, request.params.id, request.body),
  );

  app.post(
    '/tickets/:id/take',
    {
      config: { access: STAFF },
      schema: {
        tags: ['tickets'],
        summary: 'Assign the ticket to me',
        params: idParamsSchema,
        response: { 200: ticketSchema, ...errors },
      },
    },
    async (request) => tickets.takeTicket(request.context, request.params.id),
  );

  app.get(
    '/tickets/:id/messages',
    {
      config: { access: EVERYONE_SIGNED_IN },
      schema: {
        tags: ['tickets'],
        summary: 'The conversation (customers: public messages only)',
        params: idParamsSchema,
        response: { 200: z.object({ items: z.array(messageSchema) }), ...errors },
      },
    },
    async (request) => ({ items: await conversation.listMessages(request.context, request.params.id) }),
  );

  app.post(
    '/tickets/:id/messages',
    {
      config: { access: EVERYONE_SIGNED_IN },
      schema: {
        tags: ['tickets'],
        summary: 'Reply, add an internal note, or log a phone call',
        params: idParamsSchema,
        body: createMessageBodySchema,
        response: { 201: messageSchema, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await conversation.addMessage(request.context, request.params.id, request.body)),
  );

  app.get(
    '/tickets/:id/timeline',
    {
      config: { access: EVERYONE_SIGNED_IN },
      schema: {
        tags: ['tickets'],
        summary: 'Messages and changes, oldest first',
        params: idParamsSchema,
        response: { 200: z.object({ items: z.array(timelineEntrySchema) }), ...errors },
      },
    },
    async (request) => ({ items: await conversation.timeline(request.context, request.params.id) }),
  );

  app.post(
    '/tickets/:id/escalations',
    {
      config: { access: STAFF },
      schema: {
        tags: ['tickets'],
        summary: 'Functional escalation to level 2, or hand-back to level 1 (a note is required)',
        params: idParamsSchema,
        body: escalationBodySchema,
        response: { 200: ticketSchema, ...errors },
      },
    },
    async (request) => escalations.escalate(request.context, request.params.id, request.body),
  );

  app.post(
    '/tickets/:id/supervisor-escalations',
    {
      config: { access: STAFF },
      schema: {
        tags: ['tickets'],
        summary: 'Hierarchical escalation: pull a supervisor in',
        params: idParamsSchema,
        body: supervisorEscalationBodySchema,
        response: { 200: ticketSchema, ...errors },
      },
    },
    async (request) => escalations.escalateToSupervisor(request.context, request.params.id, request.body),
  );
};
