/** Search: the one search box, across modules (it only reads through their services). */
import type { FastifyPluginAsync } from 'fastify';
import type { IdentityModule } from '../identity/index.js';
import type { TicketsModule } from '../tickets/index.js';
import { searchRoutes } from './search.routes.js';

export function createSearchModule(identity: IdentityModule, tickets: TicketsModule) {
  const routes: FastifyPluginAsync = async (app) => {
    await app.register(searchRoutes, { identity, tickets });
  };
  return { routes };
}
