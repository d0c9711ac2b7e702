/**
 * What the tickets module needs from others, as interfaces handed in at assembly (server.ts):
 * tickets never imports identity's or notifications' internals (STYLE 2).
 */
import type { Transaction } from '../../db/database.js';

export interface RequesterDirectory {
  /** The contact with this address, created (with the organisation of its domain) when unknown. */
  findOrCreateRequester(
    tx: Transaction,
    now: Date,
    requester: { email: string; name?: string | undefined },
  ): Promise<{ contactId: string; organizationId: string | null }>;
}

export interface Notifier {
  notify(
    tx: Transaction,
    notification: {
      userIds: string[];
      kind:
        | 'ticket_escalated'
        | 'ticket_handed_back'
        | 'ticket_assigned'
        | 'supervisor_escalation'
        | 'email_from_new_participant';
      ticketId: string;
      actorUserId: string | null;
      note: string | null;
      now: Date;
    },
  ): Promise<void>;
}

/** Told after a change to a ticket has committed (live updates to browsers). */
export interface TicketChangeListener {
  ticketChanged(change: {
    ticketId: string;
    actorUserId: string | null;
    requesterId: string;
    organizationId: string | null;
  }): Promise<void>;
}

export interface TicketsCollaborators {
  requesters: RequesterDirectory;
  notifier: Notifier;
  changes: TicketChangeListener;
}
