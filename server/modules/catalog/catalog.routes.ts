/** Services and categories. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  categorySchema,
  createCategoryBodySchema,
  createServiceBodySchema,
  listCatalogQuerySchema,
  serviceSchema,
  updateCategoryBodySchema,
  updateServiceBodySchema,
} from '../../../contracts/catalog.contract.js';
import { errorBodySchema, idParamsSchema, pageSchema } from '../../../contracts/common.contract.js';
import { ADMIN, EVERYONE_SIGNED_IN } from '../../http/access.js';
import type { Catalog } from './catalog.service.js';

const errors = {
  400: errorBodySchema,
  401: errorBodySchema,
  403: errorBodySchema,
  404: errorBodySchema,
  409: errorBodySchema,
};

export const catalogRoutes: FastifyPluginAsyncZod<{ catalog: Catalog }> = async (app, { catalog }) => {
  const resources = [
    {
      path: '/services',
      tag: 'catalog',
      item: serviceSchema,
      list: catalog.listServices,
      get: catalog.getService,
      noun: 'service',
    },
    {
      path: '/categories',
      tag: 'catalog',
      item: categorySchema,
      list: catalog.listCategories,
      get: catalog.getCategory,
      noun: 'category',
    },
  ] as const;

  for (const resource of resources) {
    app.get(
      resource.path,
      {
        config: { access: EVERYONE_SIGNED_IN },
        schema: {
          tags: [resource.tag],
          summary: `List ${resource.noun} records (customers: active ones)`,
          querystring: listCatalogQuerySchema,
          response: { 200: pageSchema(resource.item), ...errors },
        },
      },
      async (request) => resource.list(request.context, request.query),
    );
    app.get(
      `${resource.path}/:id`,
      {
        config: { access: EVERYONE_SIGNED_IN },
        schema: {
          tags: [resource.tag],
          summary: `One ${resource.noun}`,
          params: idParamsSchema,
          response: { 200: resource.item, ...errors },
        },
      },
      async (request) => resource.get(request.context, request.params.id),
    );
  }

  app.post(
    '/services',
    {
      config: { access: ADMIN },
      schema: {
        tags: ['catalog'],
        summary: 'Create a service',
        body: createServiceBodySchema,
        response: { 201: serviceSchema, ...errors },
      },
    },
    async (request, reply) => reply.status(201).send(await catalog.createService(request.context, request.body)),
  );
  app.patch(
    '/services/:id',
    {
      config: { access: ADMIN },
      schema: {
        tags: ['catalog'],
        summary: 'Change a service; deactivate with {active: false}',
        params: idParamsSchema,
        body: updateServiceBodySchema,
        response: { 200: serviceSchema, ...errors },
      },
    },
    async (request) => catalog.updateService(request.context, request.params.id, request.body),
  );
  app.post(
    '/categories',
    {
      config: { access: ADMIN },
      schema: {
        tags: ['catalog'],
        summary: 'Create a category',
        body: createCategoryBodySchema,
        response: { 201: categorySchema, ...errors },
      },
    },
    async (request, reply) => reply.status(201).send(await catalog.createCategory(request.context, request.body)),
  );
  app.patch(
    '/categories/:id',
    {
      config: { access: ADMIN },
      schema: {
        tags: ['catalog'],
        summary: 'Change a category; deactivate with {active: false}',
        params: idParamsSchema,
        body: updateCategoryBodySchema,
        response: { 200: categorySchema, ...errors },
      },
    },
    async (request) => catalog.updateCategory(request.context, request.params.id, request.body),
  );
};
