/**
 * Mailboxes: the addresses Sportello receives mail for, each leading to a group (and optionally a
 * service). Mail reaches a mailbox through the SMTP listener (forwarded to one of its addresses)
 * or, when IMAP settings are given, by polling an IMAP folder. The IMAP password is write-only:
 * it is stored encrypted and the API only says whether one is set.
 */
import { z } from 'zod';
import { emailSchema, idSchema, paginationQuerySchema, timestampSchema, versionSchema } from './common.contract.js';

export const imapTlsSchema = z
  .enum(['tls', 'starttls', 'none'])
  .describe(
    'tls: TLS from the start (usually port 993); starttls: upgraded plain connection (143); none: no encryption',
  );
export type ImapTls = z.infer<typeof imapTlsSchema>;

export const imapAfterProcessingSchema = z
  .enum(['seen', 'move'])
  .describe('Once a message is safely stored: flag it \\Seen (unseen messages are read), or move it to moveFolder');
export type ImapAfterProcessing = z.infer<typeof imapAfterProcessingSchema>;

/** The usual port of a TLS mode, offered by the form. */
export const defaultImapPort = (tls: ImapTls) => (tls === 'tls' ? 993 : 143);

export const mailboxImapSchema = z.object({
  host: z.string(),
  port: z.number().int(),
  tls: imapTlsSchema,
  username: z.string(),
  passwordSet: z.literal(true).describe('The password is never returned; it is always set when IMAP is'),
  folder: z.string(),
  afterProcessing: imapAfterProcessingSchema,
  moveFolder: z.string().nullable(),
});
export type MailboxImap = z.infer<typeof mailboxImapSchema>;

export const mailboxSchema = z.object({
  id: idSchema,
  name: z.string(),
  address: z.string().describe('The address replies are sent from; one of `addresses`'),
  addresses: z.array(z.string()).describe('Every address the mailbox receives for (lower case), `address` first'),
  groupId: idSchema.describe('New tickets from this mailbox go to this group'),
  serviceId: idSchema.nullable().describe('…and are filed under this service, when set'),
  isDefault: z.boolean().describe('The mailbox of portal, phone and API tickets; exactly one'),
  catchAll: z.boolean().describe('Takes SMTP mail to any address no mailbox claims; at most one'),
  active: z.boolean().describe('An inactive mailbox receives nothing and is not polled'),
  imap: mailboxImapSchema.nullable().describe('Null: reached through the SMTP listener only'),
  lastPolledAt: timestampSchema.nullable(),
  lastPollStatus: z.enum(['ok', 'error']).nullable(),
  lastError: z.string().nullable().describe('Why the last poll failed (retried with back-off)'),
  version: versionSchema,
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
});
export type Mailbox = z.infer<typeof mailboxSchema>;

const folderSchema = z.string().trim().min(1).max(200);

const imapFields = {
  host: z
    .string()
    .trim()
    .min(1)
    .max(253)
    .regex(/^[A-Za-z0-9.:[\]-]+$/, 'A host name or IP address'),
  port: z.number().int().min(1).max(65535),
  tls: imapTlsSchema,
  username: z.string().trim().min(1).max(320),
  folder: folderSchema.default('INBOX'),
  afterProcessing: imapAfterProcessingSchema.default('seen'),
  moveFolder: folderSchema.nullable().default(null),
};

/** Moving needs a destination other than the polled folder. */
function checkMove(
  value: { afterProcessing: ImapAfterProcessing; moveFolder: string | null; folder: string },
  context: z.core.$RefinementCtx,
) {
  if (value.afterProcessing === 'move' && !value.moveFolder) {
    context.addIssue({ code: 'custom', path: ['moveFolder'], message: 'Name the folder to move messages to' });
  }
  if (value.afterProcessing === 'move' && value.moveFolder === value.folder) {
    context.addIssue({ code: 'custom', path: ['moveFolder'], message: 'Must differ from the polled folder' });
  }
}

/** IMAP settings sent by the admin; `password` is required the first time, then only to change it. */
export const mailboxImapInputSchema = z
  .strictObject({
    ...imapFields,
    password: z
      .string()
      .min(1)
      .max(1000)
      .optional()
      .describe('Write-only; leave out to keep the stored password (required when IMAP is first set)'),
  })
  .superRefine(checkMove);
export type MailboxImapInput = z.input<typeof mailboxImapInputSchema>;

const nameSchema = z.string().trim().min(1).max(200);
const addressListSchema = z
  .array(emailSchema)
  .max(50)
  .describe('Further addresses the mailbox receives for; `address` is always one of them');

export const createMailboxBodySchema = z.strictObject({
  name: nameSchema,
  address: emailSchema,
  addresses: addressListSchema.default([]),
  groupId: idSchema,
  serviceId: idSchema.nullable().default(null),
  isDefault: z.boolean().default(false).describe('true moves the default from the current default mailbox'),
  catchAll: z.boolean().default(false),
  imap: mailboxImapInputSchema.nullable().default(null),
});
export type CreateMailboxBody = z.input<typeof createMailboxBodySchema>;

export const updateMailboxBodySchema = z.strictObject({
  version: versionSchema,
  name: nameSchema.optional(),
  address: emailSchema.optional(),
  addresses: addressListSchema.optional(),
  groupId: idSchema.optional(),
  serviceId: idSchema.nullable().optional(),
  isDefault: z.literal(true).optional().describe('Make this the default mailbox (another one must take it over)'),
  catchAll: z.boolean().optional(),
  active: z.boolean().optional(),
  imap: mailboxImapInputSchema.nullable().optional().describe('null removes IMAP polling'),
});
export type UpdateMailboxBody = z.input<typeof updateMailboxBodySchema>;

export const listMailboxesQuerySchema = paginationQuerySchema.extend({
  active: z.enum(['true', 'false']).optional(),
});

export const mailboxTestErrorCodeSchema = z
  .enum([
    'IMAP_CONNECTION_FAILED',
    'IMAP_TLS_FAILED',
    'IMAP_TIMEOUT',
    'IMAP_AUTH_FAILED',
    'IMAP_FOLDER_NOT_FOUND',
    'IMAP_PASSWORD_UNREADABLE',
    'IMAP_ERROR',
  ])
  .describe('Why the connection test failed');
export type MailboxTestErrorCode = z.infer<typeof mailboxTestErrorCodeSchema>;

export const mailboxTestResultSchema = z.object({
  ok: z.boolean(),
  messages: z.number().int().nullable().describe('Messages in the folder when the test succeeded'),
  unseen: z.number().int().nullable().describe('Unseen messages in the folder when the test succeeded'),
  error: z.object({ code: mailboxTestErrorCodeSchema, message: z.string() }).nullable(),
});
export type MailboxTestResult = z.infer<typeof mailboxTestResultSchema>;
