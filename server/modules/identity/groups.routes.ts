/** Groups of staff with their support level. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorBodySchema, idParamsSchema, pageSchema } from '../../../contracts/common.contract.js';
import {
  createGroupBodySchema,
  groupSchema,
  listGroupsQuerySchema,
  updateGroupBodySchema,
} from '../../../contracts/identity.contract.js';
import { ADMIN, STAFF } from '../../http/access.js';
import type { Groups } from './groups.service.js';

const errors = {
  400: errorBodySchema,
  401: errorBodySchema,
  403: errorBodySchema,
  404: errorBodySchema,
  409: errorBodySchema,
};

export const groupsRoutes: FastifyPluginAsyncZod<{ groups: Groups }> = async (app, { groups }) => {
  app.get(
    '/groups',
    {
      config: { access: STAFF },
      schema: {
        tags: ['groups'],
        summary: 'List groups',
        querystring: listGroupsQuerySchema,
        response: { 200: pageSchema(groupSchema), ...errors },
      },
    },
    async (request) => groups.listGroups(request.context, request.query),
  );

  app.post(
    '/groups',
    {
      config: { access: ADMIN },
      schema: {
        tags: ['groups'],
        summary: 'Create a group',
        body: createGroupBodySchema,
        response: { 201: groupSchema, ...errors },
      },
    },
    async (request, reply) => reply.status(201).send(await groups.createGroup(request.context, request.body)),
  );

  app.get(
    '/groups/:id',
    {
      config: { access: STAFF },
      schema: {
        tags: ['groups'],
        summary: 'One group',
        params: idParamsSchema,
        response: { 200: groupSchema, ...errors },
      },
    },
    async (request) => groups.getGroup(request.context, request.params.id),
  );

  app.patch(
    '/groups/:id',
    {
      config: { access: ADMIN },
      schema: {
        tags: ['groups'],
        summary: 'Change a group; deactivate with {active: false}',
        params: idParamsSchema,
        body: updateGroupBodySchema,
        response: { 200: groupSchema, ...errors },
      },
    },
    async (request) => groups.updateGroup(request.context, request.params.id, request.body),
  );
};
