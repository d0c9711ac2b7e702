/**
 * Attachments: uploaded first (`POST /api/v1/attachments`, multipart, one file in the `file` part),
 * then referenced by id from a new ticket or message (`attachmentIds`). Shared by server and web.
 */
import { z } from 'zod';
import { idSchema } from './common.contract.js';

/** The content types the preview endpoint shows inline: raster images only, never HTML or SVG. */
export const PREVIEWABLE_CONTENT_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'] as const;

export const attachmentSchema = z.object({
  id: idSchema,
  filename: z.string().describe('Normalized file name (no path, no control characters)'),
  contentType: z.string().describe('Detected from the content, not from what the client declared'),
  size: z.number().int().describe('Bytes'),
  inline: z.boolean().describe('An image inside an email body (cid:), not a separate file'),
});
export type Attachment = z.infer<typeof attachmentSchema>;

export const uploadedAttachmentSchema = attachmentSchema.omit({ inline: true });
export type UploadedAttachment = z.infer<typeof uploadedAttachmentSchema>;

export const attachmentIdsSchema = z
  .array(idSchema)
  .max(20)
  .refine((ids) => new Set(ids).size === ids.length, 'An attachment may be referenced once')
  .describe('Ids of your own uploads (POST /attachments) not yet attached to a message');

export const isPreviewable = (contentType: string) =>
  (PREVIEWABLE_CONTENT_TYPES as readonly string[]).includes(contentType);
