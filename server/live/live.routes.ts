/**
 * `GET /live`: a server-sent-event stream of what changed, for the browser to refetch. Each stream
 * hears only what its account may: staff hear which tickets changed (ids, then they reload through
 * the API, which applies the access policy) and presence on tickets; customers hear only about
 * their own tickets (or their organisation's when shared), and never presence.
 * `POST /tickets/:id/presence`: staff say they are viewing, typing in, or leaving a ticket.
 * Streams are closed when the server shuts down, so in-flight requests can finish.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ServerResponse } from 'node:http';
import { z } from 'zod';
import { errorBodySchema, idParamsSchema } from '../../contracts/common.contract.js';
import { EVERYONE_SIGNED_IN, STAFF } from '../http/access.js';
import type { Actor } from '../http/context.js';
import type { LiveBus, LiveEvent } from './live-bus.js';

const KEEPALIVE_MS = 25_000;
/** A presence lasts this long without a new heartbeat (pages send one every 10 s). */
export const PRESENCE_TTL_MS = 30_000;

interface PresenceEntry {
  userId: string;
  name: string;
  state: 'viewing' | 'typing';
  at: string;
}

/**
 * Who is on which ticket, as heard from the bus — so every node knows about presence announced on
 * any node, and a page that opens a ticket learns at once who is already there.
 */
function createPresenceRegistry(bus: LiveBus, now: () => Date) {
  const byTicket = new Map<string, Map<string, PresenceEntry>>();
  const unsubscribe = bus.subscribe((event) => {
    if (event.type !== 'presence') return;
    const onTicket = byTicket.get(event.ticketId) ?? new Map<string, PresenceEntry>();
    if (event.state === 'left') onTicket.delete(event.userId);
    else onTicket.set(event.userId, { userId: event.userId, name: event.name, state: event.state, at: event.at });
    if (onTicket.size === 0) byTicket.delete(event.ticketId);
    else byTicket.set(event.ticketId, onTicket);
  });
  return {
    on(ticketId: string): PresenceEntry[] {
      const cutoff = now().getTime() - PRESENCE_TTL_MS;
      const onTicket = byTicket.get(ticketId);
      if (!onTicket) return [];
      for (const [userId, entry] of onTicket) if (Date.parse(entry.at) < cutoff) onTicket.delete(userId);
      return [...onTicket.values()];
    },
    close: unsubscribe,
  };
}

const presenceEntrySchema = z.object({
  userId: z.string(),
  name: z.string(),
  state: z.enum(['viewing', 'typing']),
  at: z.string(),
});

export interface LiveRoutesOptions {
  bus: LiveBus;
  now: () => Date;
  /** Whether the actor may see the ticket (presence is only announced to those who can). */
  canSeeTicket(actor: Actor, ticketId: string): Promise<boolean>;
  organizationSharesTickets(organizationId: string): Promise<boolean>;
}

function mayHear(actor: Actor, event: LiveEvent, sharesTickets: boolean): boolean {
  if (actor.kind === 'user') return event.type !== 'presence' || event.userId !== actor.id;
  if (actor.kind !== 'contact' || event.type !== 'ticket.changed') return false;
  return (
    event.requesterId === actor.id ||
    (sharesTickets && actor.organizationId !== null && event.organizationId === actor.organizationId)
  );
}

export const liveRoutes: FastifyPluginAsyncZod<LiveRoutesOptions> = async (app, options) => {
  const open = new Set<ServerResponse>();
  const presence = createPresenceRegistry(options.bus, options.now);
  // preClose, not onClose: the server waits for open connections before onClose runs.
  app.addHook('preClose', async () => {
    for (const response of open) response.end();
    presence.close();
  });

  app.get(
    '/live',
    {
      config: { access: EVERYONE_SIGNED_IN, rateLimit: false },
      schema: { tags: ['live'], summary: 'Server-sent events: tickets that changed, presence on tickets', hide: false },
    },
    async (request, reply) => {
      const actor = request.context.actor;
      const sharesTickets =
        actor.kind === 'contact' && actor.organizationId
          ? await options.organizationSharesTickets(actor.organizationId)
          : false;
      reply.hijack();
      const response = reply.raw;
      response.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      response.write(': connected\n\n');
      open.add(response);
      const unsubscribe = options.bus.subscribe((event) => {
        if (!mayHear(actor, event, sharesTickets)) return;
        const payload =
          actor.kind === 'contact' && event.type === 'ticket.changed'
            ? { type: event.type, ticketId: event.ticketId }
            : event;
        response.write(`event: ${event.type}\ndata: ${JSON.stringify(payload)}\n\n`);
      });
      const keepalive = setInterval(() => response.write(': keepalive\n\n'), KEEPALIVE_MS);
      keepalive.unref();
      response.on('close', () => {
        clearInterval(keepalive);
        unsubscribe();
        open.delete(response);
      });
    },
  );

  app.get(
    '/tickets/:id/presence',
    {
      config: { access: STAFF },
      schema: {
        tags: ['live'],
        summary: 'Who else is on this ticket now (heard in the last 30 seconds)',
        params: idParamsSchema,
        response: {
          200: z.object({ items: z.array(presenceEntrySchema) }),
          401: errorBodySchema,
          403: errorBodySchema,
          404: errorBodySchema,
        },
      },
    },
    async (request, reply) => {
      const actor = request.context.actor;
      if (actor.kind !== 'user' || !(await options.canSeeTicket(actor, request.params.id))) {
        return reply.status(404).send({ error: { code: 'TICKET_NOT_FOUND', message: 'No such ticket' } });
      }
      return { items: presence.on(request.params.id).filter((entry) => entry.userId !== actor.id) };
    },
  );

  app.post(
    '/tickets/:id/presence',
    {
      config: { access: STAFF, rateLimit: false },
      schema: {
        tags: ['live'],
        summary: 'Announce that you are viewing, typing in or leaving a ticket (collision warning)',
        params: idParamsSchema,
        body: z.strictObject({ state: z.enum(['viewing', 'typing', 'left']) }),
        response: { 204: z.null(), 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema },
      },
    },
    async (request, reply) => {
      const actor = request.context.actor;
      if (actor.kind !== 'user' || !request.account)
        return reply.status(403).send({ error: { code: 'FORBIDDEN', message: 'Staff only' } });
      if (!(await options.canSeeTicket(actor, request.params.id))) {
        return reply.status(404).send({ error: { code: 'TICKET_NOT_FOUND', message: 'No such ticket' } });
      }
      await options.bus.publish({
        type: 'presence',
        ticketId: request.params.id,
        userId: actor.id,
        name: request.account.name,
        state: request.body.state,
        at: request.context.now.toISOString(),
      });
      return reply.status(204).send(null);
    },
  );
};
