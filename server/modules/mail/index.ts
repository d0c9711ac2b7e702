/**
 * Mail: the outgoing queue and the in-app Outbox, the mailboxes, and the inbound raw store every
 * transport writes to first (`inbound-store.ts`).
 */
import type { FastifyPluginAsync } from 'fastify';
import type { Dependencies } from '../../dependencies.js';
import { outboxRoutes } from './outbox.routes.js';
import { createOutbox } from './outbox.service.js';

export type { Outbox, EmailToQueue } from './outbox.service.js';
export type { InboundDelivery, MailIntake, StoredDelivery } from './inbound-store.js';

export function createMailModule(deps: Dependencies) {
  const outbox = createOutbox(deps);
  const routes: FastifyPluginAsync = async (app) => {
    await app.register(outboxRoutes, { outbox });
  };
  return { outbox, routes };
}
