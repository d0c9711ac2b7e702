/**
 * The CC participants of a ticket: email addresses (besides the requester) that receive its public
 * replies and notices, and whose mail threads into it by subject token. Staff add them — from the
 * To/Cc of the first email, by hand, or from a message flagged `new_participant` — and remove them.
 */
import { z } from 'zod';
import { emailSchema, idSchema, timestampSchema } from './common.contract.js';

export const ticketParticipantSchema = z.object({
  address: z.string().describe('Lower-case email address'),
  name: z.string().nullable().describe('The contact who owns the address, when there is one'),
  contactId: idSchema.nullable(),
  addedBy: z
    .object({ id: idSchema, name: z.string() })
    .nullable()
    .describe('The staff member who added it; null when it came with the first email'),
  createdAt: timestampSchema,
});
export type TicketParticipant = z.infer<typeof ticketParticipantSchema>;

export const ticketParticipantsSchema = z.object({
  items: z.array(ticketParticipantSchema).describe('By address'),
});
export type TicketParticipants = z.infer<typeof ticketParticipantsSchema>;

export const addTicketParticipantBodySchema = z
  .object({
    address: emailSchema.optional().describe('The address to copy on the ticket'),
    messageId: idSchema
      .optional()
      .describe('Or: an email message of this ticket (e.g. flagged new_participant) whose sender to add'),
  })
  .refine((body) => (body.address === undefined) !== (body.messageId === undefined), {
    message: 'Give either address or messageId',
    path: ['address'],
  });
export type AddTicketParticipantBody = z.infer<typeof addTicketParticipantBodySchema>;

export const addTicketParticipantResponseSchema = ticketParticipantsSchema.extend({
  added: z.boolean().describe('False when the address already was a participant (nothing changed)'),
  address: z.string().describe('The address added (or already there)'),
});
export type AddTicketParticipantResponse = z.infer<typeof addTicketParticipantResponseSchema>;

export const ticketParticipantParamsSchema = z.object({
  id: idSchema,
  address: z.string().min(3).max(254).describe('The participant address (URL-encoded)'),
});
