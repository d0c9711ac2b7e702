/** Uploading a file (multipart), downloading it, and previewing raster images. */
import multipart from '@fastify/multipart';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { uploadedAttachmentSchema, type Attachment } from '../../../contracts/attachments.contract.js';
import { errorBodySchema, idParamsSchema } from '../../../contracts/common.contract.js';
import type { Config } from '../../config/config.js';
import { AppError } from '../../http/app-error.js';
import { EVERYONE_SIGNED_IN } from '../../http/access.js';
import type { Attachments } from './attachments.service.js';

const errors = {
  400: errorBodySchema,
  401: errorBodySchema,
  403: errorBodySchema,
  404: errorBodySchema,
};

/** RFC 6266 / RFC 5987: an ASCII fallback name, and the exact name in UTF-8 for browsers that read it. */
export function contentDisposition(kind: 'attachment' | 'inline', filename: string): string {
  const fallback = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\%]/g, '_');
  const encoded = encodeURIComponent(filename).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${kind}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

function sendFile(reply: FastifyReply, attachment: Attachment, content: NodeJS.ReadableStream, inline: boolean) {
  return (
    reply
      .header(
        'content-type',
        attachment.contentType === 'text/plain' ? 'text/plain; charset=utf-8' : attachment.contentType,
      )
      .header('content-length', String(attachment.size))
      .header('content-disposition', contentDisposition(inline ? 'inline' : 'attachment', attachment.filename))
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'private, max-age=300')
      // Even if a browser were to render it, nothing in it may run or load anything.
      .header('content-security-policy', "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox")
      .send(content)
  );
}

export const attachmentsRoutes: FastifyPluginAsyncZod<{ attachments: Attachments; config: Config }> = async (
  app,
  { attachments, config },
) => {
  await app.register(multipart, { limits: { files: 1, fields: 5, parts: 6 } });

  app.post(
    '/attachments',
    {
      config: { access: EVERYONE_SIGNED_IN },
      schema: {
        tags: ['attachments'],
        summary: 'Upload one file (multipart/form-data, part `file`), then reference its id from a message',
        description:
          'The type is detected from the content; programs and scripts are refused (400 ATTACHMENT_TYPE_REFUSED); larger than SPORTELLO_ATTACHMENT_MAX_BYTES: 413 ATTACHMENT_TOO_LARGE. Uploads not attached to a message within 24 hours are deleted.',
        consumes: ['multipart/form-data'],
        response: { 201: uploadedAttachmentSchema, 413: errorBodySchema, ...errors },
      },
    },
    async (request, reply) => {
      if (!request.isMultipart()) {
        throw new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the file as multipart/form-data');
      }
      // The limit is read per request, from the configuration validated at start.
      const part = await request.file({
        throwFileSizeLimit: false,
        limits: { fileSize: config.attachmentMaxBytes },
      });
      if (!part) {
        throw new AppError(400, 'ATTACHMENT_MISSING', 'Send one file in the multipart body', {
          fields: [{ path: 'body.file', message: 'Required' }],
        });
      }
      const uploaded = await attachments.upload(request.context, {
        filename: part.filename,
        content: part.file,
        truncated: () => part.file.truncated,
      });
      return reply.status(201).send(uploaded);
    },
  );

  app.get(
    '/attachments/:id',
    {
      config: { access: EVERYONE_SIGNED_IN },
      schema: {
        tags: ['attachments'],
        summary: 'Download an attachment (always as a download, never rendered)',
        params: idParamsSchema,
        response: { 200: z.any().describe('The file'), 410: errorBodySchema, ...errors },
      },
    },
    async (request, reply) => {
      const { attachment, content } = await attachments.open(request.context, request.params.id, { preview: false });
      return sendFile(reply, attachment, content, false);
    },
  );

  app.get(
    '/attachments/:id/preview',
    {
      config: { access: EVERYONE_SIGNED_IN },
      schema: {
        tags: ['attachments'],
        summary: 'Show an image attachment inline (PNG, JPEG, GIF, WebP only; 415 otherwise)',
        params: idParamsSchema,
        response: { 200: z.any().describe('The image'), 410: errorBodySchema, 415: errorBodySchema, ...errors },
      },
    },
    async (request, reply) => {
      const { attachment, content } = await attachments.open(request.context, request.params.id, { preview: true });
      return sendFile(reply, attachment, content, true);
    },
  );
};
