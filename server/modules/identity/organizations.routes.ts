/** Customer organisations. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorBodySchema, idParamsSchema, pageSchema } from '../../../contracts/common.contract.js';
import {
  createOrganizationBodySchema,
  listOrganizationsQuerySchema,
  organizationSchema,
  updateOrganizationBodySchema,
} from '../../../contracts/identity.contract.js';
import { STAFF } from '../../http/access.js';
import type { Organizations } from './organizations.service.js';

const errors = {
  400: errorBodySchema,
  401: errorBodySchema,
  403: errorBodySchema,
  404: errorBodySchema,
  409: errorBodySchema,
};

export const organizationsRoutes: FastifyPluginAsyncZod<{ organizations: Organizations }> = async (
  app,
  { organizations },
) => {
  app.get(
    '/organizations',
    {
      config: { access: STAFF },
      schema: {
        tags: ['organizations'],
        summary: 'List customer organisations',
        querystring: listOrganizationsQuerySchema,
        response: { 200: pageSchema(organizationSchema), ...errors },
      },
    },
    async (request) => organizations.listOrganizations(request.context, request.query),
  );

  app.post(
    '/organizations',
    {
      config: { access: STAFF },
      schema: {
        tags: ['organizations'],
        summary: 'Create an organisation',
        body: createOrganizationBodySchema,
        response: { 201: organizationSchema, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await organizations.createOrganization(request.context, request.body)),
  );

  app.get(
    '/organizations/:id',
    {
      config: { access: STAFF },
      schema: {
        tags: ['organizations'],
        summary: 'One organisation',
        params: idParamsSchema,
        response: { 200: organizationSchema, ...errors },
      },
    },
    async (request) => organizations.getOrganization(request.context, request.params.id),
  );

  app.patch(
    '/organizations/:id',
    {
      config: { access: STAFF },
      schema: {
        tags: ['organizations'],
        summary: 'Change an organisation; deactivate with {active: false}',
        params: idParamsSchema,
        body: updateOrganizationBodySchema,
        response: { 200: organizationSchema, ...errors },
      },
    },
    async (request) => organizations.updateOrganization(request.context, request.params.id, request.body),
  );
};
