/**
 * Outgoing mail as the admin Outbox shows it. Until an SMTP server is configured (SMTP_URL),
 * every message Sportello sends stays here, with the same headers it would have been sent with.
 */
import { z } from 'zod';
import { idSchema, paginationQuerySchema, timestampSchema } from './common.contract.js';

export const outboundStatusSchema = z
  .enum(['queued', 'sent', 'held', 'failed'])
  .describe(
    'queued: waiting for the sender; sent: handed to SMTP; held: kept in the in-app outbox (no SMTP configured); failed: gave up',
  );

export const outboundMessageSchema = z.object({
  id: idSchema,
  to: z.array(z.string()),
  subject: z.string(),
  text: z.string(),
  html: z.string().nullable(),
  headers: z.record(z.string(), z.string()),
  status: outboundStatusSchema,
  purpose: z.string().describe('Why it was sent, e.g. "identity.invitation"'),
  error: z.string().nullable(),
  createdAt: timestampSchema,
  sentAt: timestampSchema.nullable(),
});
export type OutboundMessage = z.infer<typeof outboundMessageSchema>;

export const listOutboxQuerySchema = paginationQuerySchema.extend({
  to: z.string().trim().max(254).optional().describe('Only messages to this address'),
  status: outboundStatusSchema.optional(),
});
