/**
 * Followers of a ticket: staff who keep access to it and get in-app notifications of its public
 * conversation, status changes and hand-offs (never of their own actions). Working on a ticket
 * makes one follow it; staff also follow on purpose or add a colleague.
 */
import { z } from 'zod';
import { idSchema, timestampSchema } from './common.contract.js';

export const ticketFollowerSchema = z.object({
  id: idSchema.describe('The staff user who follows'),
  name: z.string(),
  addedBy: z
    .object({ id: idSchema, name: z.string() })
    .nullable()
    .describe('Who added them; null when they follow because they worked on the ticket'),
  createdAt: timestampSchema,
});
export type TicketFollower = z.infer<typeof ticketFollowerSchema>;

export const ticketFollowersSchema = z.object({
  items: z.array(ticketFollowerSchema).describe('By name'),
  following: z.boolean().describe('Whether the caller follows the ticket'),
});
export type TicketFollowers = z.infer<typeof ticketFollowersSchema>;

export const ticketFollowerParamsSchema = z.object({ id: idSchema, userId: idSchema });
