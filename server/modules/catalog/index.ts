/** Catalog: services and categories, with their default level 1 and level 2 groups. */
import type { FastifyPluginAsync } from 'fastify';
import type { Dependencies } from '../../dependencies.js';
import { catalogRoutes } from './catalog.routes.js';
import { createCatalog } from './catalog.service.js';

export type { Catalog } from './catalog.service.js';

export function createCatalogModule(deps: Dependencies) {
  const catalog = createCatalog(deps);
  const routes: FastifyPluginAsync = async (app) => {
    await app.register(catalogRoutes, { catalog });
  };
  return { catalog, routes };
}
