/** Time worked on tickets: a ticket's entries and totals, logging, changing, and an agent's summary. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorBodySchema, idParamsSchema, paginationQuerySchema } from '../../../contracts/common.contract.js';
import {
  agentTimeEntriesSchema,
  createTimeEntryBodySchema,
  listTimeEntriesQuerySchema,
  ticketTimeEntriesSchema,
  timeEntrySchema,
  updateTimeEntryBodySchema,
} from '../../../contracts/time-tracking.contract.js';
import { STAFF } from '../../http/access.js';
import type { TimeTracking } from './time-tracking.service.js';

const errors = {
  400: errorBodySchema,
  401: errorBodySchema,
  403: errorBodySchema,
  404: errorBodySchema,
  409: errorBodySchema,
};

export const timeTrackingRoutes: FastifyPluginAsyncZod<{ timeTracking: TimeTracking }> = async (
  app,
  { timeTracking },
) => {
  app.get(
    '/tickets/:id/time-entries',
    {
      config: { access: STAFF },
      schema: {
        tags: ['time-tracking'],
        summary: "A ticket's time entries, newest work first, with the totals per ticket and per agent",
        params: idParamsSchema,
        querystring: paginationQuerySchema,
        response: { 200: ticketTimeEntriesSchema, ...errors },
      },
    },
    async (request) => timeTracking.listTicketEntries(request.context, request.params.id, request.query),
  );
  app.post(
    '/tickets/:id/time-entries',
    {
      config: { access: STAFF },
      schema: {
        tags: ['time-tracking'],
        summary: 'Log your time on a ticket (in any status: work is often recorded after)',
        params: idParamsSchema,
        body: createTimeEntryBodySchema,
        response: { 201: timeEntrySchema, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await timeTracking.logTime(request.context, request.params.id, request.body)),
  );
  app.patch(
    '/time-entries/:id',
    {
      config: { access: STAFF },
      schema: {
        tags: ['time-tracking'],
        summary: 'Change a time entry (its author, an admin or a supervisor); 409 on a stale version',
        params: idParamsSchema,
        body: updateTimeEntryBodySchema,
        response: { 200: timeEntrySchema, ...errors },
      },
    },
    async (request) => timeTracking.changeEntry(request.context, request.params.id, request.body),
  );
  app.delete(
    '/time-entries/:id',
    {
      config: { access: STAFF },
      schema: {
        tags: ['time-tracking'],
        summary: 'Remove a time entry (its author, an admin or a supervisor)',
        params: idParamsSchema,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await timeTracking.removeEntry(request.context, request.params.id);
      return reply.status(204).send(null);
    },
  );
  app.get(
    '/time-entries',
    {
      config: { access: STAFF },
      schema: {
        tags: ['time-tracking'],
        summary: "An agent's time entries over a range of work days, with their total",
        querystring: listTimeEntriesQuerySchema,
        response: { 200: agentTimeEntriesSchema, ...errors },
      },
    },
    async (request) => timeTracking.listAgentEntries(request.context, request.query),
  );
};
