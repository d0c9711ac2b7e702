/** Staff users (admin-managed directory). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorBodySchema, idParamsSchema, pageSchema } from '../../../contracts/common.contract.js';
import {
  createUserBodySchema,
  listUsersQuerySchema,
  updateUserBodySchema,
  userSchema,
} from '../../../contracts/identity.contract.js';
import { ADMIN, STAFF } from '../../http/access.js';
import type { Users } from './users.service.js';

const errors = {
  400: errorBodySchema,
  401: errorBodySchema,
  403: errorBodySchema,
  404: errorBodySchema,
  409: errorBodySchema,
};

export const usersRoutes: FastifyPluginAsyncZod<{ users: Users }> = async (app, { users }) => {
  app.get(
    '/users',
    {
      config: { access: STAFF },
      schema: {
        tags: ['users'],
        summary: 'List staff users',
        querystring: listUsersQuerySchema,
        response: { 200: pageSchema(userSchema), ...errors },
      },
    },
    async (request) => users.listUsers(request.context, request.query),
  );

  app.post(
    '/users',
    {
      config: { access: ADMIN },
      schema: {
        tags: ['users'],
        summary: 'Create a staff user (and email an invitation)',
        body: createUserBodySchema,
        response: { 201: userSchema, ...errors },
      },
    },
    async (request, reply) => reply.status(201).send(await users.createUser(request.context, request.body)),
  );

  app.get(
    '/users/:id',
    {
      config: { access: STAFF },
      schema: {
        tags: ['users'],
        summary: 'One staff user',
        params: idParamsSchema,
        response: { 200: userSchema, ...errors },
      },
    },
    async (request) => users.getUser(request.context, request.params.id),
  );

  app.patch(
    '/users/:id',
    {
      config: { access: ADMIN },
      schema: {
        tags: ['users'],
        summary: 'Change a staff user; deactivate with {active: false}',
        params: idParamsSchema,
        body: updateUserBodySchema,
        response: { 200: userSchema, ...errors },
      },
    },
    async (request) => users.updateUser(request.context, request.params.id, request.body),
  );

  app.post(
    '/users/:id/invitations',
    {
      config: { access: ADMIN },
      schema: {
        tags: ['users'],
        summary: 'Email a new invitation link',
        params: idParamsSchema,
        response: { 202: z.object({}), ...errors },
      },
    },
    async (request, reply) => {
      await users.inviteUser(request.context, request.params.id);
      return reply.status(202).send({});
    },
  );
};
