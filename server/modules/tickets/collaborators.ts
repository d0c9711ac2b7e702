/**
 * What the tickets module needs from others, as interfaces handed in at assembly (server.ts):
 * tickets never imports identity's or notifications' internals (STYLE 2).
 */
import type { Attachment } from '../../../contracts/attachments.contract.js';
import type { Database, Transaction } from '../../db/database.js';
import type { Actor } from '../../http/context.js';
import type { NotificationKind } from '../../../contracts/tickets.contract.js';

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
      kind: NotificationKind;
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

/** The files of messages, kept by the attachments module. */
export interface MessageAttachments {
  /**
   * Attaches the actor's own unlinked uploads to a new message, in the message's transaction;
   * throws a 400 AppError naming the ids that do not qualify.
   */
  link(
    tx: Transaction,
    input: { attachmentIds: string[]; ticketId: string; messageId: string; actor: Actor },
  ): Promise<void>;
  /** The attachments of each of these messages. */
  listForMessages(db: Database['orm'] | Transaction, messageIds: string[]): Promise<Map<string, Attachment[]>>;
}

export interface TicketsCollaborators {
  requesters: RequesterDirectory;
  attachments: MessageAttachments;
  notifier: Notifier;
  changes: TicketChangeListener;
}
