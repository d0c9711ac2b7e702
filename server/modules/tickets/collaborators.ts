/**
 * What the tickets module needs from others, as interfaces handed in at assembly (server.ts):
 * tickets never imports identity's or notifications' internals (STYLE 2).
 */
import type { Placeholder, SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Attachment } from '../../../contracts/attachments.contract.js';
import type { Channel, Language } from '../../../contracts/common.contract.js';
import type { Database, Transaction } from '../../db/database.js';
import type { Actor } from '../../http/context.js';
import type { NotificationKind } from '../../../contracts/tickets.contract.js';
import type { StatusCategory } from '../../../contracts/tickets.contract.js';

export interface RequesterDirectory {
  /**
   * The contact with this address, created (with the organisation of its domain) when unknown, with
   * what a new ticket shows and writes of its requester (its acknowledgement's address and language).
   */
  findOrCreateRequester(
    tx: Transaction,
    now: Date,
    requester: { email: string; name?: string | undefined },
  ): Promise<{
    contactId: string;
    organizationId: string | null;
    name: string;
    /** The primary address. */
    email: string;
    organizationName: string | null;
    /** The contact's language, else their organisation's, else the desk's. */
    language: 'it' | 'en';
  }>;
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

/** A change to a ticket, as live updates tell it. */
export interface TicketChange {
  ticketId: string;
  actorUserId: string | null;
  requesterId: string;
  organizationId: string | null;
}

/** Told after a change to a ticket has committed (live updates to browsers). */
export interface TicketChangeListener {
  ticketChanged(change: TicketChange): Promise<void>;
  /**
   * The NOTIFY that tells of the change when the caller's transaction commits, to be sent by the
   * caller in a statement it runs anyway (ADR 0016); null: call `ticketChanged` after the commit.
   */
  ticketChangeNotification(change: TicketChange): { channel: string; payload: string } | null;
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
  /**
   * The attachments of the message whose id is in this column, as an SQL expression to select
   * with the messages (a JSON array in upload order): the files come in the same query.
   */
  ofMessageColumn(messageId: AnyPgColumn): SQL<Attachment[]>;
}

/**
 * What happened to a ticket, told to subscribers (mail notices, later SLA and automation) inside
 * the transaction of the change, so that the jobs they enqueue commit with it (STYLE 1, 6).
 * Generic: a status change carries its categories from → to, whatever caused it.
 */
export interface TicketActivity {
  ticketId: string;
  kind: 'created' | 'updated' | 'message_added';
  actor: Actor;
  now: Date;
  /** `created`: the first message; `message_added`: the new one. */
  message: { id: string; visibility: 'public' | 'internal' } | null;
  /** Set when the status category changed with this activity. */
  statusCategory: { from: StatusCategory | null; to: StatusCategory } | null;
  /**
   * `created`: the new ticket as its transaction knows it, so that a subscriber can write what it
   * owes a new ticket (the acknowledgement, ADR 0012) without reading the ticket back.
   */
  opened?: OpenedTicket;
}

/** A new ticket, from the facts its creation read and the row it wrote. */
export interface OpenedTicket {
  number: string;
  subject: string;
  channel: Channel;
  groupId: string;
  replyReopens: boolean;
  status: { nameIt: string; nameEn: string };
  /** The requester's first address, name and language (the contact's, else the organisation's, else the desk's). */
  requester: { name: string | null; email: string | null; language: Language };
  /** Opened by an inbound email: the mail's facts. */
  email: {
    /** The Message-ID (without angle brackets) of the opening mail. */
    messageId: string | null;
    /** The opening message's flags (`auto_reply`, `bulk`, `mailing_list`…). */
    flags: string[];
    /** The mailbox the mail came to. */
    mailboxId: string | null;
    /** The participants the ticket is given (To and Cc but ours and the sender's). */
    participants: string[];
  } | null;
}

export interface TicketActivityListener {
  /**
   * Runs in the change's transaction: enqueue jobs or write rows here, do nothing slow or external.
   * A `created` activity is reported once the ticket and its first message are written (with
   * `opened`); its participants, files and links may be written after it: take them from `opened`,
   * not from a read. A new ticket is reported to `opening` instead, when the listener has one.
   */
  ticketActivity(tx: Transaction, activity: TicketActivity): Promise<void>;
  /** What the listener writes with a ticket opened through the API, in the ticket's own statement. */
  opening?: TicketOpeningWriter;
}

/**
 * A subscriber's part of opening a ticket in two statements (ADR 0020): what it needs is read with
 * the ticket's facts, and what it writes goes into the ticket's write statement, so that a new
 * ticket takes no transaction of its own on the common path.
 */
export interface TicketOpeningWriter {
  /**
   * One SQL expression read with a new ticket's facts, before the ticket exists. It may use the
   * level 1 group chosen for the ticket as `chosen.id`; `mailboxId` is the mailbox an inbound mail
   * came to, as a uuid parameter (NULL through the API). Built once per process: its text must not
   * vary, and any value of its own is a constant.
   */
  facts(input: { mailboxId: SQL }): SQL;
  /**
   * From what `facts` read: data-modifying statements (INSERT…) to run in the ticket's write
   * statement, after the ticket's own rows, and work for the ticket's transaction (a job to
   * enqueue) when there must be one.
   */
  writes(
    activity: TicketActivity & { opened: OpenedTicket },
    facts: unknown,
  ): Promise<{ statements: OpeningStatement[]; inTransaction: ((tx: Transaction) => Promise<void>) | null }>;
}

/**
 * A statement a subscriber writes with a new ticket, in a fixed shape: `build` writes it with the
 * `placeholder`s it is given (once per `shape` and process: the ticket's statement is compiled
 * once), `values` fills them, by name, on every creation.
 */
export interface OpeningStatement {
  /** Names the text `build` writes: two statements of one shape have the same text. */
  shape: string;
  build(placeholder: (name: string) => Placeholder): SQL;
  values: Record<string, unknown>;
}

export interface TicketsCollaborators {
  requesters: RequesterDirectory;
  attachments: MessageAttachments;
  notifier: Notifier;
  changes: TicketChangeListener;
  /** Subscribers to ticket activity; none by default. */
  activity?: TicketActivityListener[];
}
