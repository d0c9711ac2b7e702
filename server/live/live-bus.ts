/**
 * Live updates between app nodes and browsers. A change is published after its transaction commits;
 * every node delivers it to its own server-sent-event streams.
 *
 * Embedded (PGlite): one process, so an in-process emitter — NOTIFY does not cross PGlite's shared
 * socket session (DESIGN §3). PostgreSQL: NOTIFY on one channel, each node LISTENs on a dedicated
 * connection and re-delivers locally, so every node's browsers hear every node's changes.
 */
import { EventEmitter } from 'node:events';
import pg from 'pg';
import { z } from 'zod';

export const liveEventSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('ticket.changed'),
    ticketId: z.string(),
    actorUserId: z.string().nullable(),
    /** Lets a node decide, without a query, which customers may hear of it. */
    requesterId: z.string(),
    organizationId: z.string().nullable(),
  }),
  z.object({
    type: z.literal('presence'),
    ticketId: z.string(),
    userId: z.string(),
    name: z.string(),
    state: z.enum(['viewing', 'typing', 'left']),
    at: z.string(),
  }),
]);
export type LiveEvent = z.infer<typeof liveEventSchema>;

export interface LiveBus {
  publish(event: LiveEvent): Promise<void>;
  subscribe(listener: (event: LiveEvent) => void): () => void;
  close(): Promise<void>;
}

const CHANNEL = 'sportello_live';

export function createInProcessBus(): LiveBus {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  return {
    async publish(event) {
      emitter.emit('event', event);
    },
    subscribe(listener) {
      emitter.on('event', listener);
      return () => emitter.off('event', listener);
    },
    async close() {
      emitter.removeAllListeners();
    },
  };
}

/** Cross-node bus over PostgreSQL LISTEN/NOTIFY; reconnects its listener if the connection drops. */
export async function createPostgresBus(pool: pg.Pool, connectionString: string): Promise<LiveBus> {
  const local = createInProcessBus();
  let listener: pg.Client | null = null;
  let closed = false;

  const connect = async (): Promise<void> => {
    const client = new pg.Client({ connectionString, application_name: 'sportello-live' });
    client.on('notification', (message) => {
      if (message.channel !== CHANNEL || !message.payload) return;
      // A batch of events (an array), or one event from a node of an earlier version.
      const payload: unknown = JSON.parse(message.payload);
      for (const item of Array.isArray(payload) ? payload : [payload]) {
        const parsed = liveEventSchema.safeParse(item);
        if (parsed.success) void local.publish(parsed.data);
      }
    });
    client.on('error', () => {
      listener = null;
      void client.end().catch(() => undefined);
      if (!closed) setTimeout(() => void connect().catch(() => undefined), 1000).unref();
    });
    await client.connect();
    await client.query(`LISTEN ${CHANNEL}`);
    listener = client;
  };
  await connect();

  const outgoing = createNotifyBatcher((payload) => pool.query('SELECT pg_notify($1, $2)', [CHANNEL, payload]));
  return {
    publish: (event) => outgoing.send(JSON.stringify(event)),
    subscribe: local.subscribe,
    async close() {
      closed = true;
      await listener?.end().catch(() => undefined);
      await local.close();
    },
  };
}

/** NOTIFY payloads are limited to 8000 bytes; a batch stays below (a lone event is ids and names). */
const BATCH_PAYLOAD_LIMIT = 7000;

/**
 * Sends events as JSON arrays, one NOTIFY at a time: an event published while a NOTIFY is in flight
 * waits for it and goes with the others that came meanwhile, so that under load a node sends one
 * NOTIFY for many changes instead of a round trip each (every ticket created or changed publishes
 * one), while a lone event still goes at once. Each `send` resolves once its batch is sent, and
 * fails with it.
 */
export function createNotifyBatcher(notify: (payload: string) => Promise<unknown>) {
  const waiting: { json: string; bytes: number; done: (error?: unknown) => void }[] = [];
  let sending = false;

  async function drain(): Promise<void> {
    while (waiting.length > 0) {
      const batch: typeof waiting = [];
      let size = 2;
      while (waiting.length > 0 && (batch.length === 0 || size + waiting[0]!.bytes + 1 <= BATCH_PAYLOAD_LIMIT)) {
        const next = waiting.shift()!;
        size += next.bytes + 1;
        batch.push(next);
      }
      try {
        await notify(`[${batch.map((item) => item.json).join(',')}]`);
        for (const item of batch) item.done();
      } catch (error) {
        for (const item of batch) item.done(error);
      }
    }
    sending = false;
  }

  return {
    send(json: string): Promise<void> {
      return new Promise((resolve, reject) => {
        waiting.push({
          json,
          bytes: Buffer.byteLength(json),
          done: (error) => (error === undefined ? resolve() : reject(error)),
        });
        if (!sending) {
          sending = true;
          void drain();
        }
      });
    },
  };
}
