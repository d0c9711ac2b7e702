/** Email templates for admins: list, edit (validated by rendering), reset, live preview. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorBodySchema } from '../../../contracts/common.contract.js';
import {
  emailTemplateParamsSchema,
  emailTemplateSchema,
  previewEmailTemplateBodySchema,
  renderedEmailSchema,
  updateEmailTemplateBodySchema,
} from '../../../contracts/mail.contract.js';
import { ADMIN } from '../../http/access.js';
import type { EmailTemplates } from './email-templates.service.js';

const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema };

export const emailTemplatesRoutes: FastifyPluginAsyncZod<{ templates: EmailTemplates }> = async (
  app,
  { templates },
) => {
  app.get(
    '/email-templates',
    {
      config: { access: ADMIN },
      schema: {
        tags: ['mail'],
        summary: 'Every customer notice template, in each language (built-in or customized)',
        response: { 200: z.object({ items: z.array(emailTemplateSchema) }), ...errors },
      },
    },
    async (request) => ({ items: await templates.listTemplates(request.context) }),
  );

  app.put(
    '/email-templates/:key/:language',
    {
      config: { access: ADMIN },
      schema: {
        tags: ['mail'],
        summary: 'Customize a template; refused with EMAIL_TEMPLATE_INVALID when it does not render',
        params: emailTemplateParamsSchema,
        body: updateEmailTemplateBodySchema,
        response: { 200: emailTemplateSchema, ...errors, 409: errorBodySchema },
      },
    },
    async (request) =>
      templates.updateTemplate(request.context, request.params.key, request.params.language, request.body),
  );

  app.delete(
    '/email-templates/:key/:language',
    {
      config: { access: ADMIN },
      schema: {
        tags: ['mail'],
        summary: 'Reset a template to the built-in text',
        params: emailTemplateParamsSchema,
        response: { 200: emailTemplateSchema, ...errors },
      },
    },
    async (request) => templates.resetTemplate(request.context, request.params.key, request.params.language),
  );

  app.post(
    '/email-templates/preview',
    {
      config: { access: ADMIN },
      schema: {
        tags: ['mail'],
        summary: 'Render a draft template with sample ticket data',
        body: previewEmailTemplateBodySchema,
        response: { 200: renderedEmailSchema, ...errors },
      },
    },
    async (request) => templates.previewTemplate(request.context, request.body),
  );
};
