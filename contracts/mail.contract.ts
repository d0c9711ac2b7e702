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

export const inboundEmailStatusSchema = z
  .enum(['received', 'processed', 'ignored', 'failed'])
  .describe(
    'received: stored, not processed yet; processed: on a ticket; ignored: a filter kept it off tickets (loop, duplicate, bounce or auto-reply without ticket); failed: an error, see error',
  );

export const inboundEmailSchema = z.object({
  id: idSchema,
  status: inboundEmailStatusSchema,
  source: z.enum(['smtp', 'imap']),
  messageId: z.string().nullable(),
  envelopeFrom: z.string().nullable(),
  envelopeTo: z.array(z.string()),
  from: z.string().nullable().describe('The From header, decoded'),
  subject: z.string().nullable().describe('The Subject header, decoded'),
  size: z.number().int(),
  error: z.string().nullable(),
  attempts: z.number().int(),
  outcome: z.record(z.string(), z.unknown()).nullable().describe('What the pipeline decided and why'),
  ticket: z.object({ id: idSchema, number: z.string() }).nullable(),
  mailbox: z.object({ id: idSchema, name: z.string() }).nullable(),
  receivedAt: timestampSchema,
  processedAt: timestampSchema.nullable(),
});
export type InboundEmail = z.infer<typeof inboundEmailSchema>;

export const listInboundEmailsQuerySchema = paginationQuerySchema.extend({
  status: inboundEmailStatusSchema.optional(),
});

export const reprocessResultSchema = z.object({
  status: z.enum(['processed', 'ignored', 'failed', 'skipped']),
  ticketId: idSchema.nullable(),
  error: z.string().nullable(),
});
export type ReprocessResult = z.infer<typeof reprocessResultSchema>;
