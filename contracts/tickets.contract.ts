/**
 * Tickets: incidents and service requests, worked by level 1 and level 2 on the same record, with
 * their conversation (messages) and history (events).
 */
import { z } from 'zod';
import { attachmentIdsSchema, attachmentSchema } from './attachments.contract.js';
import {
  channelSchema,
  emailSchema,
  idSchema,
  paginationQuerySchema,
  timestampSchema,
  versionSchema,
} from './common.contract.js';
import { customFieldValueSchema, customFieldValuesInputSchema } from './custom-fields.contract.js';

export const ticketTypeSchema = z.enum(['incident', 'service_request']);
export type TicketType = z.infer<typeof ticketTypeSchema>;

export const levelOfImpactSchema = z.enum(['high', 'medium', 'low']);
export type LevelOfImpact = z.infer<typeof levelOfImpactSchema>;

export const prioritySchema = z
  .enum(['P1', 'P2', 'P3', 'P4', 'P5'])
  .describe('From impact × urgency (the priority matrix)');
export type Priority = z.infer<typeof prioritySchema>;

/** The fixed categories the code keys on; status names are configurable. */
export const statusCategorySchema = z.enum([
  'new',
  'open',
  'pending_customer',
  'pending_supplier',
  'resolved',
  'closed',
  'merged',
]);
export type StatusCategory = z.infer<typeof statusCategorySchema>;

export const ticketStatusSchema = z.object({
  id: idSchema,
  name: z.string().describe("In the caller's language"),
  category: statusCategorySchema,
});
export type TicketStatus = z.infer<typeof ticketStatusSchema>;

const reference = z.object({ id: idSchema, name: z.string() });
export const personReferenceSchema = reference.extend({ email: z.string().nullable() });

/** What the caller may do with this ticket, decided by the server (the UI never re-implements it). */
export const ticketAbilitiesSchema = z.object({
  update: z.boolean(),
  reply: z.boolean(),
  addInternalNote: z.boolean(),
  escalate: z.boolean().describe('Functional escalation to level 2'),
  handBack: z.boolean().describe('Return to level 1'),
  escalateToSupervisor: z.boolean(),
  take: z.boolean().describe('Assign to me'),
  assign: z.boolean(),
  editCustomFields: z
    .boolean()
    .describe('Set custom field values (customers: the fields visible to them, until the ticket is closed)'),
  follow: z.boolean().describe('Follow the ticket, or add another staff member as a follower'),
  manageFollowers: z.boolean().describe('Remove other followers'),
  manageParticipants: z
    .boolean()
    .describe('Add or remove the CC participants (email addresses copied on public replies)'),
});
export type TicketAbilities = z.infer<typeof ticketAbilitiesSchema>;

export const ticketSchema = z.object({
  id: idSchema,
  number: z.string().describe('YYYY-NNNNNN; the email subject token is [#number]'),
  type: ticketTypeSchema,
  subject: z.string(),
  status: ticketStatusSchema,
  impact: levelOfImpactSchema,
  urgency: levelOfImpactSchema,
  priority: prioritySchema,
  supportLevel: z.union([z.literal(1), z.literal(2)]),
  group: reference.nullable(),
  assignee: reference.nullable(),
  requester: personReferenceSchema,
  organization: reference.nullable(),
  service: reference.nullable(),
  category: reference.nullable(),
  channel: channelSchema,
  tags: z.array(z.string()),
  followerIds: z.array(idSchema),
  followers: z
    .array(reference)
    .describe('Staff who follow the ticket: they keep access and get in-app notifications (empty for customers)'),
  following: z.boolean().describe('Whether the caller follows the ticket'),
  replyReopens: z.boolean(),
  customFields: z
    .record(z.string(), customFieldValueSchema)
    .describe('Custom field values by key (customers: only the fields visible to them)'),
  mergedInto: z
    .object({ id: idSchema, number: z.string() })
    .nullable()
    .describe('Set on a merged ticket: the surviving one, where its messages went'),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
  resolvedAt: timestampSchema.nullable(),
  closedAt: timestampSchema.nullable(),
  version: versionSchema,
  abilities: ticketAbilitiesSchema,
});
export type Ticket = z.infer<typeof ticketSchema>;

export const createTicketBodySchema = z.strictObject({
  type: ticketTypeSchema,
  subject: z.string().trim().min(1).max(250),
  description: z.string().trim().min(1).max(100_000).describe('HTML or plain text; HTML is sanitized'),
  requester: z
    .strictObject({ email: emailSchema, name: z.string().trim().min(1).max(200).optional() })
    .optional()
    .describe('Staff only: the customer the request is for (created when unknown). Customers open for themselves.'),
  serviceId: idSchema.optional(),
  categoryId: idSchema.optional(),
  impact: levelOfImpactSchema.optional(),
  urgency: levelOfImpactSchema.optional(),
  channel: channelSchema.optional(),
  tags: z.array(z.string().trim().min(1).max(50)).max(20).optional(),
  customFields: customFieldValuesInputSchema.optional(),
  attachmentIds: attachmentIdsSchema.optional(),
});
export type CreateTicketBody = z.input<typeof createTicketBodySchema>;

export const updateTicketBodySchema = z.strictObject({
  version: versionSchema,
  type: ticketTypeSchema.optional(),
  subject: z.string().trim().min(1).max(250).optional(),
  statusId: idSchema.optional(),
  impact: levelOfImpactSchema.optional(),
  urgency: levelOfImpactSchema.optional(),
  serviceId: idSchema.nullable().optional(),
  categoryId: idSchema.nullable().optional(),
  groupId: idSchema.optional(),
  assigneeId: idSchema.nullable().optional(),
  tags: z.array(z.string().trim().min(1).max(50)).max(20).optional(),
  replyReopens: z.boolean().optional(),
  customFields: customFieldValuesInputSchema
    .optional()
    .describe('Only the keys sent change; null clears. Customers may send only this (and version).'),
});
export type UpdateTicketBody = z.input<typeof updateTicketBodySchema>;

export const ticketViewSchema = z.enum([
  'my',
  'my_groups',
  'level1_unassigned',
  'level2_unassigned',
  'waiting_customer',
  'all_open',
]);
export type TicketView = z.infer<typeof ticketViewSchema>;

/** A comma-separated query parameter (`?status=open,pending_customer`) as a list of enum values. */
const csv = <Value extends string>(values: z.ZodEnum<{ [key in Value]: key }>) =>
  z
    .string()
    .max(1000)
    .transform((value) =>
      value
        .split(',')
        .map((part) => part.trim())
        .filter(Boolean),
    )
    .pipe(z.array(values));

export const listTicketsQuerySchema = paginationQuerySchema.extend({
  view: ticketViewSchema.optional(),
  q: z.string().trim().max(200).optional().describe('Number, subject or requester'),
  status: csv(statusCategorySchema).optional().describe('Comma-separated status categories'),
  priority: csv(prioritySchema).optional(),
  level: z.enum(['1', '2']).optional(),
  groupId: idSchema.optional(),
  assigneeId: z.union([idSchema, z.enum(['me', 'none'])]).optional(),
  serviceId: idSchema.optional(),
  organizationId: idSchema.optional(),
  requesterId: idSchema.optional(),
  tag: z.string().trim().max(50).optional(),
  createdFrom: timestampSchema.optional(),
  createdTo: timestampSchema.optional(),
  updatedFrom: timestampSchema.optional(),
  updatedTo: timestampSchema.optional(),
  sort: z.enum(['updated_desc', 'created_desc', 'created_asc', 'priority']).default('updated_desc'),
});
export type ListTicketsQuery = z.input<typeof listTicketsQuerySchema>;

/**
 * The query string `GET /tickets` accepts: the filters above plus any number of custom field
 * filters `cf.<key>=value` (exact value; for a multiselect, tickets having that option; numbers and
 * `true`/`false` as text). Kept loose so those parameters reach the route.
 */
export const listTicketsRouteQuerySchema = listTicketsQuerySchema
  .loose()
  .describe(
    'Also `cf.<key>=value` for each custom field to filter by (e.g. `cf.sede=milano`); an unknown key is a 400',
  );

export const ticketViewCountsSchema = z.object({
  items: z.array(z.object({ view: ticketViewSchema, count: z.number().int() })),
});

export const messageKindSchema = z.enum(['email', 'portal', 'phone', 'note', 'system']);
export const visibilitySchema = z.enum(['public', 'internal']);

export const actorReferenceSchema = z.object({
  kind: z.enum(['user', 'contact', 'system']),
  id: idSchema.nullable(),
  name: z.string(),
});

/** How an email message reached the ticket: shown to staff only. */
export const messageEmailSchema = z.object({
  from: z.string().nullable(),
  to: z.array(z.string()),
  cc: z.array(z.string()),
  subject: z.string().nullable(),
  messageId: z.string().nullable(),
  threadingReason: z
    .string()
    .nullable()
    .describe(
      'references, subject_token, new_ticket, token_rejected_not_participant, token_rejected_dmarc, closed_ticket_new, bounce',
    ),
  threading: z.record(z.string(), z.unknown()).nullable(),
  authenticationResults: z.string().nullable().describe('The upstream Authentication-Results header'),
  dmarc: z.string().nullable().describe('pass, fail, none… as reported upstream'),
  flags: z
    .array(z.string())
    .describe('auto_reply, bulk, mailing_list, bounce, new_participant, dmarc_fail, waited_for_parent'),
  attachments: z.array(
    z.object({
      filename: z.string(),
      contentType: z.string(),
      size: z.number().int(),
      inline: z.boolean(),
      contentId: z.string().nullable(),
      fileId: z.string().nullable(),
    }),
  ),
  /** Whether the original message can be downloaded (`GET /tickets/{id}/messages/{messageId}/original`). */
  hasOriginal: z.boolean(),
});

export const messageSchema = z.object({
  id: idSchema,
  kind: messageKindSchema,
  visibility: visibilitySchema,
  author: actorReferenceSchema,
  bodyHtml: z.string().describe('Sanitized HTML'),
  bodyText: z.string(),
  attachments: z.array(attachmentSchema).describe('Files attached to this message'),
  createdAt: timestampSchema,
  email: messageEmailSchema.nullable().optional().describe('Inbound email details (staff only)'),
  formattedEmail: z
    .object({
      blockedRemoteImages: z
        .number()
        .int()
        .describe('Remote images held back until the viewer asks for them (`?remoteImages=1`)'),
    })
    .nullable()
    .optional()
    .describe(
      'Set when the email had an HTML part: its sanitized formatting is served for a sandboxed frame by GET /tickets/{id}/messages/{messageId}/html',
    ),
});
export type Message = z.infer<typeof messageSchema>;

export const createMessageBodySchema = z.strictObject({
  body: z.string().trim().min(1).max(100_000).describe('HTML or plain text; HTML is sanitized'),
  visibility: visibilitySchema.default('public'),
  kind: z.enum(['reply', 'phone']).default('reply').describe('phone: a logged phone call (staff only)'),
  attachmentIds: attachmentIdsSchema.optional(),
});
export type CreateMessageBody = z.input<typeof createMessageBodySchema>;

export const fieldChangeSchema = z.object({ field: z.string(), from: z.unknown(), to: z.unknown() });

export const ticketEventSchema = z.object({
  id: z.string(),
  kind: z
    .enum([
      'created',
      'updated',
      'escalated',
      'handed_back',
      'supervisor_escalated',
      'merged',
      'linked',
      'unlinked',
      'email_failed',
    ])
    .describe('email_failed: an email about the ticket could not be delivered (note says to whom and why)'),
  actor: actorReferenceSchema,
  changes: z.array(fieldChangeSchema),
  note: z.string().nullable(),
  createdAt: timestampSchema,
});
export type TicketEvent = z.infer<typeof ticketEventSchema>;

export const timelineEntrySchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('message'), message: messageSchema }),
  z.object({ type: z.literal('event'), event: ticketEventSchema }),
]);
export type TimelineEntry = z.infer<typeof timelineEntrySchema>;

export const escalationBodySchema = z.strictObject({
  toLevel: z.union([z.literal(1), z.literal(2)]).describe('2: functional escalation; 1: hand back to level 1'),
  groupId: idSchema
    .optional()
    .describe("Default: the category's or service's level 2 group (or the level 1 group it came from)"),
  assigneeId: idSchema.optional(),
  note: z.string().trim().min(1, 'A hand-off note is required').max(10_000),
});
export type EscalationBody = z.input<typeof escalationBodySchema>;

export const supervisorEscalationBodySchema = z.strictObject({
  supervisorId: idSchema.optional().describe('Default: every supervisor of the ticket group'),
  note: z.string().trim().min(1).max(10_000),
});

/**
 * What a notification is about. The first four go to whoever receives a hand-off; the `followed_…`,
 * `…_replied` and status ones go to the ticket's followers (never for their own actions).
 */
export const NOTIFICATION_KINDS = [
  'ticket_escalated',
  'ticket_handed_back',
  'ticket_assigned',
  'supervisor_escalation',
  'ticket_replied',
  'customer_replied',
  'ticket_status_changed',
  'followed_ticket_escalated',
  'followed_ticket_handed_back',
  'email_from_new_participant',
] as const;
export const notificationKindSchema = z.enum(NOTIFICATION_KINDS);
export type NotificationKind = z.infer<typeof notificationKindSchema>;

export const notificationSchema = z.object({
  id: idSchema,
  kind: notificationKindSchema,
  ticket: z.object({ id: idSchema, number: z.string(), subject: z.string() }),
  actor: actorReferenceSchema,
  note: z.string().nullable(),
  readAt: timestampSchema.nullable(),
  createdAt: timestampSchema,
});
export type Notification = z.infer<typeof notificationSchema>;

export const mergeTicketBodySchema = z.strictObject({
  targetTicketId: idSchema.describe('The ticket that survives: this one is merged into it'),
  note: z.string().trim().max(10_000).optional(),
});
export type MergeTicketBody = z.input<typeof mergeTicketBodySchema>;

/** As seen from the ticket asked about: `parent` means the other ticket is its parent. */
export const ticketLinkKindSchema = z.enum(['related', 'parent', 'child']);

export const ticketLinkSchema = z.object({
  id: idSchema,
  kind: ticketLinkKindSchema,
  ticket: z.object({ id: idSchema, number: z.string(), subject: z.string(), status: ticketStatusSchema }),
  createdAt: timestampSchema,
});
export type TicketLink = z.infer<typeof ticketLinkSchema>;

export const createTicketLinkBodySchema = z.strictObject({
  kind: ticketLinkKindSchema.describe('related, or what the other ticket is to this one (parent or child)'),
  ticketId: idSchema,
});
export type CreateTicketLinkBody = z.input<typeof createTicketLinkBodySchema>;
