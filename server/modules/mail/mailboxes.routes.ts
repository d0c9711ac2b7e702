/** Mailboxes for admins: list, read, create, change (activate/deactivate), test the IMAP connection. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorBodySchema, idParamsSchema, pageSchema } from '../../../contracts/common.contract.js';
import {
  createMailboxBodySchema,
  listMailboxesQuerySchema,
  mailboxSchema,
  mailboxTestResultSchema,
  updateMailboxBodySchema,
} from '../../../contracts/mailboxes.contract.js';
import { ADMIN } from '../../http/access.js';
import type { Mailboxes } from './mailboxes.service.js';

const errors = {
  400: errorBodySchema,
  401: errorBodySchema,
  403: errorBodySchema,
  404: errorBodySchema,
  409: errorBodySchema,
};

export const mailboxesRoutes: FastifyPluginAsyncZod<{ mailboxes: Mailboxes }> = async (app, { mailboxes }) => {
  app.get(
    '/mailboxes',
    {
      config: { access: ADMIN },
      schema: {
        tags: ['mail'],
        summary: 'Mailboxes by name, with the status of their last IMAP poll',
        querystring: listMailboxesQuerySchema,
        response: { 200: pageSchema(mailboxSchema), ...errors },
      },
    },
    async (request) => mailboxes.list(request.context, request.query),
  );

  app.get(
    '/mailboxes/:id',
    {
      config: { access: ADMIN },
      schema: {
        tags: ['mail'],
        summary: 'One mailbox (the IMAP password is never returned, only that it is set)',
        params: idParamsSchema,
        response: { 200: mailboxSchema, ...errors },
      },
    },
    async (request) => mailboxes.get(request.context, request.params.id),
  );

  app.post(
    '/mailboxes',
    {
      config: { access: ADMIN },
      schema: {
        tags: ['mail'],
        summary: 'Add a mailbox (409 MAILBOX_ADDRESS_TAKEN when another mailbox has one of its addresses)',
        body: createMailboxBodySchema,
        response: { 201: mailboxSchema, ...errors },
      },
    },
    async (request, reply) => reply.status(201).send(await mailboxes.create(request.context, request.body)),
  );

  app.patch(
    '/mailboxes/:id',
    {
      config: { access: ADMIN },
      schema: {
        tags: ['mail'],
        summary: 'Change a mailbox; {active: false} stops receiving and polling (409 on a stale version)',
        params: idParamsSchema,
        body: updateMailboxBodySchema,
        response: { 200: mailboxSchema, ...errors },
      },
    },
    async (request) => mailboxes.update(request.context, request.params.id, request.body),
  );

  app.post(
    '/mailboxes/:id/test',
    {
      config: { access: ADMIN },
      schema: {
        tags: ['mail'],
        summary: 'Connect to the IMAP server, sign in and open the folder; the result says what failed',
        params: idParamsSchema,
        response: { 200: mailboxTestResultSchema, ...errors },
      },
    },
    async (request) => mailboxes.test(request.context, request.params.id),
  );
};
