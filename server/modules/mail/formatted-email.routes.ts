/**
 * `GET /tickets/{id}/messages/{messageId}/html`: an email message's formatting as a document for
 * the timeline's sandboxed frame. Readable exactly like the message: staff who may see the ticket,
 * a customer only for public messages of their own tickets (404 otherwise).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorBodySchema, idSchema } from '../../../contracts/common.contract.js';
import { EVERYONE_SIGNED_IN } from '../../http/access.js';
import type { Context } from '../../http/context.js';
import type { TicketsModule } from '../tickets/index.js';
import { formattedEmailDocument, formattedEmailPolicy, type InlineImage } from './formatted-email.js';

/** Reads an inline file of a message for the caller, or null when they may not or it is gone. */
export interface InlineImageSource {
  read(context: Context, fileId: string): Promise<InlineImage | null>;
}

const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema };

export const formattedEmailRoutes: FastifyPluginAsyncZod<{
  conversation: Pick<TicketsModule['conversation'], 'formattedEmailOf'>;
  inlineImages: InlineImageSource;
}> = async (app, { conversation, inlineImages }) => {
  app.get(
    '/tickets/:id/messages/:messageId/html',
    {
      config: { access: EVERYONE_SIGNED_IN },
      schema: {
        tags: ['tickets'],
        summary: "An email message's formatting, for a sandboxed frame (text/html under a strict CSP)",
        description:
          'The sanitized HTML of the mail with its inline images embedded. Remote images stay blocked unless remoteImages=1. 404 FORMATTED_EMAIL_NOT_FOUND when the message had no HTML part or the caller may not see it.',
        params: z.object({ id: idSchema, messageId: idSchema }),
        querystring: z.object({
          remoteImages: z
            .enum(['0', '1'])
            .default('0')
            .describe('1: the viewer asked to load the remote images (they tell the sender the mail was read)'),
        }),
        response: { 200: z.any().describe('text/html'), ...errors },
      },
    },
    async (request, reply) => {
      const { id, messageId } = request.params;
      const remoteImages = request.query.remoteImages === '1';
      const formatted = await conversation.formattedEmailOf(request.context, id, messageId);
      const images = new Map<string, InlineImage>();
      for (const file of formatted.inlineFiles) {
        const image = await inlineImages.read(request.context, file.fileId);
        if (image) images.set(file.contentId, image);
      }
      const document = formattedEmailDocument(formatted.html, { inlineImages: images, remoteImages });
      return reply
        .header('content-type', 'text/html; charset=utf-8')
        .header('content-security-policy', formattedEmailPolicy(remoteImages))
        .header('x-content-type-options', 'nosniff')
        .header('referrer-policy', 'no-referrer')
        .header('cache-control', 'private, no-store')
        .send(Buffer.from(document, 'utf8'));
    },
  );
};
