/** `GET /search`: one box over tickets, contacts and organisations, each within the caller's scope. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorBodySchema } from '../../../contracts/common.contract.js';
import { searchQuerySchema, searchResultsSchema } from '../../../contracts/search.contract.js';
import { EVERYONE_SIGNED_IN } from '../../http/access.js';
import type { IdentityModule } from '../identity/index.js';
import type { TicketsModule } from '../tickets/index.js';

export interface SearchRoutesOptions {
  identity: IdentityModule;
  tickets: TicketsModule;
}

export const searchRoutes: FastifyPluginAsyncZod<SearchRoutesOptions> = async (app, { identity, tickets }) => {
  app.get(
    '/search',
    {
      config: { access: EVERYONE_SIGNED_IN },
      schema: {
        tags: ['search'],
        summary: 'Search tickets (ranked, with snippets), and for staff contacts and organisations',
        querystring: searchQuerySchema,
        response: { 200: searchResultsSchema, 400: errorBodySchema, 401: errorBodySchema },
      },
    },
    async (request) => {
      const { context } = request;
      const { q, limit } = request.query;
      const staff = context.actor.kind === 'user';
      const [ticketHits, contacts, organizations] = await Promise.all([
        tickets.search.searchTickets(context, q, limit),
        staff ? identity.contacts.listContacts(context, { q, limit: 5 }) : null,
        staff ? identity.organizations.listOrganizations(context, { q, limit: 5 }) : null,
      ]);
      return { tickets: ticketHits, contacts: contacts?.items ?? [], organizations: organizations?.items ?? [] };
    },
  );
};
