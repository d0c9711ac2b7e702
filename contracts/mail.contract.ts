/**
 * Outgoing mail as the admin Outbox shows it. Until an SMTP server is configured (SMTP_URL),
 * every message Sportello sends stays here, with the same headers it would have been sent with.
 */
import { z } from 'zod';
import { idSchema, languageSchema, paginationQuerySchema, timestampSchema } from './common.contract.js';

export const outboundStatusSchema = z
  .enum(['queued', 'sent', 'held', 'failed'])
  .describe(
    'queued: waiting for the sender; sent: handed to SMTP; held: kept in the in-app outbox (no SMTP configured); failed: gave up',
  );

export const outboundMessageSchema = z.object({
  id: idSchema,
  to: z.array(z.string()),
  cc: z.array(z.string()).describe('Carbon-copy recipients (the ticket CC participants on ticket notices)'),
  subject: z.string(),
  text: z.string(),
  html: z.string().nullable(),
  headers: z.record(z.string(), z.string()),
  status: outboundStatusSchema,
  purpose: z.string().describe('Why it was sent, e.g. "identity.invitation"'),
  error: z.string().nullable(),
  attempts: z.number().int().describe('Delivery attempts so far'),
  ticketId: idSchema.nullable().describe('The ticket the message is about, if any'),
  createdAt: timestampSchema,
  sentAt: timestampSchema.nullable(),
  failedAt: timestampSchema.nullable(),
});
export type OutboundMessage = z.infer<typeof outboundMessageSchema>;

export const listOutboxQuerySchema = paginationQuerySchema.extend({
  to: z.string().trim().max(254).optional().describe('Only messages to this address'),
  status: outboundStatusSchema.optional(),
});

/** The customer notices Sportello sends about tickets, each an admin-editable template. */
export const emailTemplateKeySchema = z
  .enum(['ticket.acknowledgement', 'ticket.reply', 'ticket.pending_customer', 'ticket.resolved', 'ticket.closed'])
  .describe('Which notice the template writes');
export type EmailTemplateKey = z.infer<typeof emailTemplateKeySchema>;

export const emailTemplateSchema = z.object({
  key: emailTemplateKeySchema,
  language: languageSchema,
  subject: z.string().describe('Liquid; the ticket token [#YYYY-NNNNNN] is appended when missing'),
  bodyHtml: z.string().describe('Liquid; output is HTML-escaped unless `| raw`'),
  bodyText: z.string().nullable().describe('Liquid; null: the text part is derived from the HTML'),
  customized: z.boolean().describe('false: the built-in text'),
  version: z.number().int().describe('0 for the built-in text; send it back when saving'),
  updatedAt: timestampSchema.nullable(),
});
export type EmailTemplate = z.infer<typeof emailTemplateSchema>;

export const emailTemplateParamsSchema = z.object({ key: emailTemplateKeySchema, language: languageSchema });

const templateSource = {
  subject: z.string().trim().min(1).max(500),
  bodyHtml: z.string().min(1).max(100_000),
  bodyText: z.string().max(100_000).nullable().optional(),
};

export const updateEmailTemplateBodySchema = z.object({
  ...templateSource,
  version: z.number().int().min(0).describe('The version read (0 for the built-in text)'),
});
export type UpdateEmailTemplateBody = z.infer<typeof updateEmailTemplateBodySchema>;

export const previewEmailTemplateBodySchema = z.object({
  key: emailTemplateKeySchema,
  language: languageSchema,
  ...templateSource,
});
export type PreviewEmailTemplateBody = z.infer<typeof previewEmailTemplateBodySchema>;

export const renderedEmailSchema = z.object({
  subject: z.string(),
  html: z.string(),
  text: z.string(),
});
export type RenderedEmail = z.infer<typeof renderedEmailSchema>;

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
  status: z
    .enum(['processed', 'ignored', 'failed', 'skipped', 'deferred', 'interrupted'])
    .describe(
      'deferred: a reply waiting for the message it answers, still in flight (tried again shortly); interrupted: the server stopped before the message was parsed (processed at the next start)',
    ),
  ticketId: idSchema.nullable(),
  error: z.string().nullable(),
});
export type ReprocessResult = z.infer<typeof reprocessResultSchema>;
