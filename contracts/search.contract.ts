/** The one search box: tickets (full text), contacts and organisations. */
import { z } from 'zod';
import { contactSchema, organizationSchema } from './identity.contract.js';
import { ticketSchema } from './tickets.contract.js';

export const searchQuerySchema = z.object({
  q: z.string().trim().min(1).max(200).describe('Words, a phrase in quotes, -excluded, or a ticket number'),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});

export const searchResultsSchema = z.object({
  tickets: z.array(
    z.object({
      ticket: ticketSchema,
      snippetHtml: z.string().describe('Escaped text with the matches in <mark>…</mark>'),
    }),
  ),
  contacts: z.array(contactSchema).describe('Staff only'),
  organizations: z.array(organizationSchema).describe('Staff only'),
});
export type SearchResults = z.infer<typeof searchResultsSchema>;
