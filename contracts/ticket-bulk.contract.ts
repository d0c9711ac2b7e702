/**
 * Bulk actions on tickets: one action applied to up to 200 tickets, each through the same use-case
 * (rules, history, notifications) as the single-ticket route. Results are reported per ticket, so
 * that a partial failure says which tickets failed and why.
 */
import { z } from 'zod';
import { idSchema } from './common.contract.js';
import { levelOfImpactSchema } from './tickets.contract.js';

export const BULK_MAX_TICKETS = 200;

export const bulkActionSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('assign'),
    assigneeId: idSchema.nullable().describe("null unassigns; the assignee must belong to each ticket's group"),
  }),
  z
    .strictObject({
      type: z.literal('status'),
      statusId: idSchema.optional(),
      status: z
        .enum(['new', 'open', 'pending_customer', 'pending_supplier', 'resolved', 'closed'])
        .optional()
        .describe('A category: its default status (instead of statusId)'),
    })
    .refine((action) => (action.statusId === undefined) !== (action.status === undefined), {
      message: 'Give statusId or status, not both',
      path: ['statusId'],
    }),
  z
    .strictObject({
      type: z.literal('priority'),
      impact: levelOfImpactSchema.optional(),
      urgency: levelOfImpactSchema.optional(),
    })
    .refine((action) => action.impact !== undefined || action.urgency !== undefined, {
      message: 'Give impact, urgency or both: the priority follows from the matrix',
      path: ['impact'],
    }),
  z.strictObject({
    type: z.literal('add_tag'),
    tag: z.string().trim().min(1).max(50),
  }),
  z.strictObject({
    type: z.literal('merge'),
    targetTicketId: idSchema.describe('The survivor: every other ticket of the set is merged into it'),
  }),
]);
export type BulkAction = z.infer<typeof bulkActionSchema>;

export const bulkActionBodySchema = z.strictObject({
  ticketIds: z
    .array(idSchema)
    .min(1)
    .max(BULK_MAX_TICKETS)
    .describe(`1–${BULK_MAX_TICKETS} tickets; repeated ids count once`),
  action: bulkActionSchema,
});
export type BulkActionBody = z.input<typeof bulkActionBodySchema>;

export const bulkActionResultSchema = z.union([
  z.object({ ticketId: idSchema, ok: z.literal(true) }),
  z.object({
    ticketId: idSchema,
    ok: z.literal(false),
    error: z.object({ code: z.string(), message: z.string() }),
  }),
]);
export type BulkActionResult = z.infer<typeof bulkActionResultSchema>;

export const bulkActionResponseSchema = z.object({
  results: z.array(bulkActionResultSchema).describe('One per ticket, in the order asked'),
});
export type BulkActionResponse = z.infer<typeof bulkActionResponseSchema>;
