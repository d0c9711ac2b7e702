/** Contacts: the customers. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorBodySchema, idParamsSchema, pageSchema } from '../../../contracts/common.contract.js';
import {
  contactSchema,
  createContactBodySchema,
  listContactsQuerySchema,
  updateContactBodySchema,
} from '../../../contracts/identity.contract.js';
import { STAFF } from '../../http/access.js';
import type { Contacts } from './contacts.service.js';

const errors = {
  400: errorBodySchema,
  401: errorBodySchema,
  403: errorBodySchema,
  404: errorBodySchema,
  409: errorBodySchema,
};

export const contactsRoutes: FastifyPluginAsyncZod<{ contacts: Contacts }> = async (app, { contacts }) => {
  app.get(
    '/contacts',
    {
      config: { access: STAFF },
      schema: {
        tags: ['contacts'],
        summary: 'List contacts',
        querystring: listContactsQuerySchema,
        response: { 200: pageSchema(contactSchema), ...errors },
      },
    },
    async (request) => contacts.listContacts(request.context, request.query),
  );

  app.post(
    '/contacts',
    {
      config: { access: STAFF },
      schema: {
        tags: ['contacts'],
        summary: 'Create a contact',
        body: createContactBodySchema,
        response: { 201: contactSchema, ...errors },
      },
    },
    async (request, reply) => reply.status(201).send(await contacts.createContact(request.context, request.body)),
  );

  app.get(
    '/contacts/:id',
    {
      config: { access: STAFF },
      schema: {
        tags: ['contacts'],
        summary: 'One contact',
        params: idParamsSchema,
        response: { 200: contactSchema, ...errors },
      },
    },
    async (request) => contacts.getContact(request.context, request.params.id),
  );

  app.patch(
    '/contacts/:id',
    {
      config: { access: STAFF },
      schema: {
        tags: ['contacts'],
        summary: 'Change a contact; deactivate with {active: false}',
        params: idParamsSchema,
        body: updateContactBodySchema,
        response: { 200: contactSchema, ...errors },
      },
    },
    async (request) => contacts.updateContact(request.context, request.params.id, request.body),
  );

  app.post(
    '/contacts/:id/invitations',
    {
      config: { access: STAFF },
      schema: {
        tags: ['contacts'],
        summary: 'Email the contact a link to set a portal password',
        params: idParamsSchema,
        response: { 202: z.object({}), ...errors },
      },
    },
    async (request, reply) => {
      await contacts.inviteContact(request.context, request.params.id);
      return reply.status(202).send({});
    },
  );
};
