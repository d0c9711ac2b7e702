/** Custom field definitions: read by everyone signed in (customers: the ones shown to them), written by admins. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorBodySchema, idParamsSchema, pageSchema } from '../../../contracts/common.contract.js';
import {
  createCustomFieldBodySchema,
  customFieldDefinitionSchema,
  listCustomFieldsQuerySchema,
  updateCustomFieldBodySchema,
} from '../../../contracts/custom-fields.contract.js';
import { ADMIN, EVERYONE_SIGNED_IN } from '../../http/access.js';
import type { CustomFields } from './custom-fields.service.js';

const errors = {
  400: errorBodySchema,
  401: errorBodySchema,
  403: errorBodySchema,
  404: errorBodySchema,
  409: errorBodySchema,
};

export const customFieldsRoutes: FastifyPluginAsyncZod<{ customFields: CustomFields }> = async (
  app,
  { customFields },
) => {
  app.get(
    '/custom-fields',
    {
      config: { access: EVERYONE_SIGNED_IN },
      schema: {
        tags: ['custom-fields'],
        summary: 'Custom field definitions, by position (customers: the active ones visible to customers)',
        querystring: listCustomFieldsQuerySchema,
        response: { 200: pageSchema(customFieldDefinitionSchema), ...errors },
      },
    },
    async (request) => customFields.list(request.context, request.query),
  );

  app.get(
    '/custom-fields/:id',
    {
      config: { access: EVERYONE_SIGNED_IN },
      schema: {
        tags: ['custom-fields'],
        summary: 'One custom field definition (customers: 404 unless visible to them)',
        params: idParamsSchema,
        response: { 200: customFieldDefinitionSchema, ...errors },
      },
    },
    async (request) => customFields.get(request.context, request.params.id),
  );

  app.post(
    '/custom-fields',
    {
      config: { access: ADMIN },
      schema: {
        tags: ['custom-fields'],
        summary: 'Define a custom field (409 CUSTOM_FIELD_KEY_TAKEN for a key in use)',
        body: createCustomFieldBodySchema,
        response: { 201: customFieldDefinitionSchema, ...errors },
      },
    },
    async (request, reply) => reply.status(201).send(await customFields.create(request.context, request.body)),
  );

  app.patch(
    '/custom-fields/:id',
    {
      config: { access: ADMIN },
      schema: {
        tags: ['custom-fields'],
        summary: 'Change a custom field (key and type are fixed); retire it with {active: false}',
        params: idParamsSchema,
        body: updateCustomFieldBodySchema,
        response: { 200: customFieldDefinitionSchema, ...errors },
      },
    },
    async (request) => customFields.update(request.context, request.params.id, request.body),
  );
};
