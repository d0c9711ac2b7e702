/**
 * Tickets: incidents and service requests worked by level 1 and level 2 on one record, their
 * conversation and history. Reaches identity and notifications only through the collaborators
 * handed in (collaborators.ts).
 */
import type { FastifyPluginAsync } from 'fastify';
import type { Dependencies } from '../../dependencies.js';
import { createAutoClose } from './auto-close.js';
import { createBulkActions } from './bulk-actions.service.js';
import type { TicketsCollaborators } from './collaborators.js';
import { createConversation } from './conversation.service.js';
import { createEscalations } from './escalation.service.js';
import { followersAndBulkRoutes } from './followers-and-bulk.routes.js';
import { createFollowers } from './followers.service.js';
import { createInboundEmail } from './inbound-email.service.js';
import { createMergeAndLinks } from './merge-and-links.service.js';
import { participantsRoutes } from './participants.routes.js';
import { createParticipants } from './participants.service.js';
import { createTicketSearch } from './ticket-search.js';
import { mergeAndLinksRoutes } from './merge-and-links.routes.js';
import { ticketsRoutes } from './tickets.routes.js';
import { createTickets } from './tickets.service.js';

export type {
  MessageAttachments,
  Notifier,
  OpenedTicket,
  OpeningStatement,
  RequesterDirectory,
  TicketActivity,
  TicketActivityListener,
  TicketsCollaborators,
} from './collaborators.js';
export { QUOTED_HISTORY_HEADER } from './message-language.js';
export { recordEmailFailure, recordOutgoingEmailId } from './ticket-email-records.js';
export type {
  AnnouncedTicket,
  InboundEmailInput,
  InboundEmailResult,
  InboundEmailService,
} from './inbound-email.service.js';

export function createTicketsModule(deps: Dependencies, collaborators: TicketsCollaborators) {
  const tickets = createTickets(deps, collaborators);
  const conversation = createConversation(deps, tickets, collaborators.attachments);
  const escalations = createEscalations(deps, collaborators, tickets);
  const search = createTicketSearch(deps);
  const mergeAndLinks = createMergeAndLinks(deps, tickets);
  const autoClose = createAutoClose(deps, tickets);
  const followers = createFollowers(deps, tickets);
  const participants = createParticipants(deps, tickets);
  const bulkActions = createBulkActions(deps, tickets, mergeAndLinks);
  const inboundEmail = createInboundEmail(deps, collaborators, tickets);
  const routes: FastifyPluginAsync = async (app) => {
    await app.register(ticketsRoutes, { deps, tickets, conversation, escalations });
    await app.register(mergeAndLinksRoutes, { mergeAndLinks });
    await app.register(followersAndBulkRoutes, { followers, bulkActions });
    await app.register(participantsRoutes, { participants });
  };
  return {
    tickets,
    conversation,
    escalations,
    search,
    autoClose,
    mergeAndLinks,
    followers,
    participants,
    bulkActions,
    inboundEmail,
    routes,
  };
}

export type TicketsModule = ReturnType<typeof createTicketsModule>;
