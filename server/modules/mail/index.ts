/**
 * Mail: for now the outgoing queue and the in-app Outbox (inbound mail comes with the email
 * channel issue).
 */
import type { FastifyPluginAsync } from 'fastify';
import type { Dependencies } from '../../dependencies.js';
import { outboxRoutes } from './outbox.routes.js';
import { createOutbox } from './outbox.service.js';

export type { Outbox, EmailToQueue } from './outbox.service.js';

export function createMailModule(deps: Dependencies) {
  const outbox = createOutbox(deps);
  const routes: FastifyPluginAsync = async (app) => {
    await app.register(outboxRoutes, { outbox });
  };
  return { outbox, routes };
}
