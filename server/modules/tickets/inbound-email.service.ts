/**
 * The tickets side of the email channel: the one transactional apply of an inbound email
 * (`applyInboundEmail`; the mail module reads the threading facts, inbound-thread-lookup.ts): a new ticket for the mailbox's
 * group with the sender as requester and the CC'd addresses as participants, or a message
 * appended to a ticket with the status rules of a customer reply:
 * - `pending_customer` → open, `resolved` → reopened (open);
 * - `closed` → continued (reopened) only when `reply_reopens` was set and the ticket closed less
 *   than SPORTELLO_REPLY_REOPEN_DAYS ago; otherwise a new ticket linked "related" to it;
 * - automatic mail (out-of-office…) and mail from a new participant never change the status.
 * The caller (the mail pipeline) has sanitized the body and decided the threading.
 */
import { eq, inArray } from 'drizzle-orm';
import type { Transaction } from '../../db/database.js';
import type { Dependencies } from '../../dependencies.js';
import type { Actor } from '../../http/context.js';
import { emailAddresses } from '../identity/identity.schema.js';
import type { OpenedTicket, TicketActivity, TicketsCollaborators } from './collaborators.js';
import { notifyAutomaticAssignee, planAutomaticAssignment } from './automatic-assignment.js';
import { detectLanguage } from './message-language.js';
import { recordEvent, touched } from './ticket-events.js';
import {
  insertNewTicket,
  newTicketIds,
  NO_ACTIVITY_LISTENERS,
  openingWrites,
  readNewTicketFacts,
} from './ticket-creation.js';
import { yearInDeskTimeZone } from './ticket-number.js';
import { defaultStatusOf } from './tickets.repo.js';
import type { Tickets } from './tickets.service.js';
import {
  ticketLinks,
  ticketParticipants,
  tickets,
  type ticketStatuses,
  type EmailAttachmentMeta,
  type EmailHeaders,
} from './tickets.schema.js';

export interface InboundThreading {
  reason: string;
  ticketId: string | null;
  relatedTicketId: string | null;
  newParticipant: boolean;
  [detail: string]: unknown;
}

export interface InboundEmailInput {
  now: Date;
  /** The mailbox the mail came to (its id: the acknowledgement is sent from it). */
  mailbox: { id?: string; groupId: string; serviceId: string | null };
  sender: { address: string; name: string };
  /** To and Cc addresses other than ours and the sender's: participants of a new ticket. */
  participants: { address: string; name: string }[];
  subject: string;
  body: { html: string; text: string };
  emailMessageId: string | null;
  headers: EmailHeaders;
  threading: InboundThreading;
  /** `auto_reply`, `bounce`, `dmarc_fail`… (`new_participant` is added here when it applies). */
  flags: string[];
  /** Automatic mail: never reopens, never changes the status. */
  automatic: boolean;
  /** Bounces are internal: the customer has no use for them. */
  visibility: 'public' | 'internal';
  /** Only append (bounces): never make a ticket. */
  appendOnly?: boolean;
  /**
   * Writes the message's files to the storage and tells their list, written with the message's row;
   * `insert` writes their rows once the message exists (same transaction).
   */
  prepareFiles(): Promise<{
    attachments: EmailAttachmentMeta[];
    insert(ticketId: string, messageId: string): Promise<void>;
  }>;
}

export interface InboundEmailResult {
  ticketId: string;
  messageId: string;
  created: boolean;
  /** The threading as finally applied (a closed ticket may have turned a reply into a new ticket). */
  threading: InboundThreading;
  /** Who the ticket belongs to, as committed: what `announce` tells live listeners. */
  requesterId: string;
  organizationId: string | null;
}

/** The ticket a live update is about (see `announce`). */
export type AnnouncedTicket = Pick<InboundEmailResult, 'ticketId' | 'requesterId' | 'organizationId'>;

const SYSTEM: Actor = { kind: 'system' };

/** What live listeners are told of a ticket an email changed (no staff actor). */
const changeOf = (ticket: AnnouncedTicket) => ({
  ticketId: ticket.ticketId,
  actorUserId: null,
  requesterId: ticket.requesterId,
  organizationId: ticket.organizationId,
});

type TicketStatusCategory = (typeof ticketStatuses.$inferSelect)['category'];

/** What appending a reply reads of its ticket, under the ticket's lock (`lockTicketForReply`). */
interface LockedTicket {
  id: string;
  statusId: string;
  category: TicketStatusCategory;
  statusNameIt: string;
  closedAt: Date | null;
  replyReopens: boolean;
  version: number;
  requesterId: string;
  organizationId: string | null;
  assigneeId: string | null;
  /** The requester's language, else their organisation's, else the desk's: a message's fallback. */
  requesterLanguage: 'it' | 'en';
  /** Who owns the sender's address, if anyone (a staff user or a contact). */
  senderOwner: { userId: string | null; contactId: string | null };
  /** Active staff following the ticket: told of a customer's reply. */
  followerIds: string[];
}

interface LockedTicketRow {
  id: string;
  status_id: string;
  category: TicketStatusCategory;
  name_it: string;
  closed_at: Date | null;
  reply_reopens: boolean;
  version: number;
  requester_id: string;
  organization_id: string | null;
  assignee_id: string | null;
  requester_language: 'it' | 'en';
  sender_user_id: string | null;
  sender_contact_id: string | null;
  follower_ids: string[];
}

/**
 * `lockTicketForReply`: $1 the ticket, $2 the sender's address. One named statement (ADR 0016) for
 * what were four: the ticket's lock, its status, the owner of the sender's address (`authorOf`), the
 * requester's language (`requesterLanguage` of message-language.ts, the fallback of detection) and
 * the followers (`followersOf` of ticket-events.ts), read under the lock.
 */
const LOCK_TICKET_FOR_REPLY = `
  SELECT ticket.id, ticket.status_id, status.category, status.name_it, ticket.closed_at, ticket.reply_reopens,
         ticket.version, ticket.requester_id, ticket.organization_id, ticket.assignee_id,
         coalesce(requester.language, requester_organization.language, 'it') AS requester_language,
         sender.user_id AS sender_user_id, sender.contact_id AS sender_contact_id,
         ARRAY (SELECT follower.user_id FROM ticket_followers follower
                  JOIN users ON users.id = follower.user_id AND users.active
                 WHERE follower.ticket_id = ticket.id) AS follower_ids
    FROM tickets ticket
    JOIN ticket_statuses status ON status.id = ticket.status_id
    LEFT JOIN contacts requester ON requester.id = ticket.requester_id
    LEFT JOIN organizations requester_organization ON requester_organization.id = requester.organization_id
    LEFT JOIN email_addresses sender ON sender.address = $2::text
   WHERE ticket.id = $1::uuid
     FOR UPDATE OF ticket`;

/**
 * `insertMessage`: the email message on ticket $1 with the list of its files $14 and, when $13 (its
 * status does not change), the ticket's update time, in one statement; returns the message's id.
 */
const INSERT_MESSAGE = `
  WITH message AS (
    INSERT INTO messages (ticket_id, kind, visibility, author_user_id, author_contact_id, body_html, body_text,
                          language, created_at, email_message_id, email_headers, threading, email_flags,
                          email_attachments)
    VALUES ($1::uuid, 'email', $2::visibility, $3::uuid, $4::uuid, $5::text, $6::text, $7::search_language,
            $8::timestamptz, $9::text, $10::jsonb, $11::jsonb, $12::text[], $14::jsonb)
    RETURNING id
  ), touched AS (
    UPDATE tickets SET updated_at = $8::timestamptz WHERE id = $1::uuid AND $13::boolean
  )
  SELECT id FROM message`;

/**
 * `ticketsService` tells activity subscribers (the acknowledgement and notices of the mail module)
 * and followers, the same way a reply typed in Sportello does.
 */
export function createInboundEmail(
  deps: Dependencies,
  collaborators: TicketsCollaborators,
  ticketsService: Pick<Tickets, 'reportActivity' | 'notifyFollowers'>,
) {
  const reopenWindowMs = deps.config.replyReopenDays * 24 * 60 * 60 * 1000;

  /**
   * Who wrote it: a staff user, a known contact (`owner`, the address's owner read with the
   * ticket's lock), or a contact made for the address (race-safe: ON CONFLICT on the address).
   */
  async function authorOf(
    tx: Transaction,
    now: Date,
    sender: { address: string; name: string },
    owner: { userId: string | null; contactId: string | null },
  ) {
    if (owner.userId) return { userId: owner.userId, contactId: null };
    if (owner.contactId) return { userId: null, contactId: owner.contactId };
    const created = await collaborators.requesters.findOrCreateRequester(tx, now, {
      email: sender.address,
      name: sender.name,
    });
    return { userId: null, contactId: created.contactId };
  }

  /**
   * The message with the list of its files, and the ticket's update time when its status does not
   * change (`touch`), in one named statement; then its files' rows, which need the message's row.
   */
  async function insertMessage(
    tx: Transaction,
    input: InboundEmailInput,
    locked: LockedTicket,
    author: { userId: string | null; contactId: string | null },
    threading: InboundThreading,
    flags: string[],
    touch: boolean,
  ) {
    const language = detectLanguage(input.body.text) ?? locked.requesterLanguage;
    const files = await input.prepareFiles();
    const { rows } = await tx.$client.query<{ id: string }>({
      name: 'inbound-insert-message',
      text: INSERT_MESSAGE,
      values: [
        locked.id,
        input.visibility,
        author.userId,
        author.contactId,
        input.body.html,
        input.body.text,
        language,
        input.now.toISOString(),
        input.emailMessageId,
        JSON.stringify(input.headers),
        JSON.stringify(threading),
        [...new Set(flags)],
        touch,
        files.attachments.length > 0 ? JSON.stringify(files.attachments) : null,
      ],
    });
    const messageId = rows[0]!.id;
    await files.insert(locked.id, messageId);
    return messageId;
  }

  /** The ticket a reply joins, locked, with what appending needs (see `LOCK_TICKET_FOR_REPLY`). */
  async function lockTicketForReply(tx: Transaction, ticketId: string, senderAddress: string) {
    const { rows } = await tx.$client.query<LockedTicketRow>({
      name: 'inbound-lock-ticket',
      text: LOCK_TICKET_FOR_REPLY,
      values: [ticketId, senderAddress],
    });
    const row = rows[0];
    if (!row) return null;
    return {
      id: row.id,
      statusId: row.status_id,
      category: row.category,
      statusNameIt: row.name_it,
      closedAt: row.closed_at,
      replyReopens: row.reply_reopens,
      version: row.version,
      requesterId: row.requester_id,
      organizationId: row.organization_id,
      assigneeId: row.assignee_id,
      requesterLanguage: row.requester_language,
      senderOwner: { userId: row.sender_user_id, contactId: row.sender_contact_id },
      followerIds: row.follower_ids,
    } satisfies LockedTicket;
  }

  /**
   * A new ticket from an email, written like one opened through the API (ticket-creation.ts): its
   * facts and number in one statement, then the ticket with its message and history in one statement,
   * then the activity (the acknowledgement is written from it, ADR 0012); only the rarer parts
   * (files, participants, a related ticket, an automatic assignee to tell) follow it.
   */
  async function createTicket(tx: Transaction, input: InboundEmailInput, threading: InboundThreading) {
    const { now } = input;
    const { ticketId, messageId } = newTicketIds();
    const listeners = collaborators.activity ?? NO_ACTIVITY_LISTENERS;
    const facts = await readNewTicketFacts(
      tx,
      {
        requester: { address: input.sender.address },
        serviceId: input.mailbox.serviceId,
        categoryId: null,
        groupId: input.mailbox.groupId,
        impact: 'medium',
        urgency: 'medium',
        actorUserId: null,
        year: yearInDeskTimeZone(now),
      },
      { listeners, mailboxId: input.mailbox.id ?? null },
    );
    let requester = facts.requester;
    if (!requester?.contactId || requester.userId) {
      // Unknown address (made now) or a staff one (refused): the requester directory decides.
      // The acknowledgement is written in this transaction, to the contact's address and language.
      const made = await collaborators.requesters.findOrCreateRequester(tx, now, {
        email: input.sender.address,
        name: input.sender.name,
      });
      requester = { ...made, userId: null };
    }
    const requesterId = requester.contactId!;
    const language = detectLanguage(input.body.text) ?? requester.language;
    if (!facts.priority) throw new Error('The priority matrix has no entry for medium × medium');
    const groupId = input.mailbox.groupId;
    const assignment = await planAutomaticAssignment(tx, groupId, facts.group?.assignmentMode ?? null);
    const actor: Actor = { kind: 'contact', id: requesterId, organizationId: requester.organizationId };
    const subject = input.subject.slice(0, 300) || '(senza oggetto)';
    const flags = [...new Set(input.flags)];
    const participants = input.participants.filter((entry) => entry.address !== input.sender.address);
    const { number } = facts;
    const activity: TicketActivity & { opened: OpenedTicket } = {
      ticketId,
      kind: 'created',
      actor,
      now,
      message: { id: messageId, visibility: input.visibility },
      statusCategory: { from: null, to: 'new' },
      opened: {
        number,
        subject,
        channel: 'email',
        groupId,
        replyReopens: false,
        status: { nameIt: facts.status.nameIt, nameEn: facts.status.nameEn },
        requester: { name: requester.name, email: requester.email, language: requester.language },
        email: {
          messageId: input.emailMessageId,
          flags,
          mailboxId: input.mailbox.id ?? null,
          participants: participants.map((entry) => entry.address),
        },
      },
    };
    // What the subscribers owe a new ticket (its acknowledgement) is written by its statement (ADR 0020).
    const opening = await openingWrites(listeners, activity, facts);
    const files = await input.prepareFiles();
    const { assignee } = await insertNewTicket(tx, {
      number,
      statements: opening.statements,
      listeners,
      ticket: {
        id: ticketId,
        type: 'incident',
        subject,
        statusId: facts.status.id,
        impact: 'medium',
        urgency: 'medium',
        priority: facts.priority,
        groupId,
        requesterId,
        organizationId: requester.organizationId,
        serviceId: input.mailbox.serviceId,
        categoryId: null,
        channel: 'email',
        tags: [],
        customFields: {},
        now,
      },
      message: {
        id: messageId,
        kind: 'email',
        visibility: input.visibility,
        authorUserId: null,
        authorContactId: requesterId,
        bodyHtml: input.body.html,
        bodyText: input.body.text,
        language,
        email: {
          messageId: input.emailMessageId,
          headers: input.headers,
          threading,
          flags,
          attachments: files.attachments.length > 0 ? files.attachments : null,
        },
      },
      actor,
      assignment,
      extraEvents: threading.relatedTicketId
        ? [{ kind: 'linked', actor: SYSTEM, note: `related (${threading.reason})` }]
        : [],
      follower: null,
    });
    for (const work of opening.inTransaction) await work(tx);
    await files.insert(ticketId, messageId);
    if (participants.length > 0) {
      const known = await tx
        .select({ address: emailAddresses.address, contactId: emailAddresses.contactId })
        .from(emailAddresses)
        .where(
          inArray(
            emailAddresses.address,
            participants.map((entry) => entry.address),
          ),
        );
      await tx
        .insert(ticketParticipants)
        .values(
          participants.map((entry) => ({
            ticketId,
            address: entry.address,
            contactId: known.find((row) => row.address === entry.address)?.contactId ?? null,
            createdAt: now,
          })),
        )
        .onConflictDoNothing();
    }
    if (threading.relatedTicketId) {
      await tx
        .insert(ticketLinks)
        .values({ ticketId, linkedTicketId: threading.relatedTicketId, kind: 'related', createdAt: now })
        .onConflictDoNothing();
    }
    if (assignee) await notifyAutomaticAssignee(tx, ticketId, assignee, actor, now, collaborators.notifier);
    return {
      ticketId,
      messageId,
      created: true,
      threading,
      requesterId,
      organizationId: requester.organizationId,
    };
  }

  return {
    /** Creates the ticket or appends the message, in the caller's transaction. */
    async applyInboundEmail(tx: Transaction, input: InboundEmailInput): Promise<InboundEmailResult | null> {
      const { now } = input;
      let threading = input.threading;
      if (!threading.ticketId) return input.appendOnly ? null : createTicket(tx, input, threading);
      const ticket = await lockTicketForReply(tx, threading.ticketId, input.sender.address);
      if (!ticket) throw new Error(`ticket ${threading.ticketId} vanished`);
      const category = ticket.category;
      const changesStatus = !input.automatic && !threading.newParticipant && input.visibility === 'public';
      if (category === 'closed' && changesStatus && !input.appendOnly) {
        const withinWindow = ticket.closedAt !== null && now.getTime() - ticket.closedAt.getTime() <= reopenWindowMs;
        if (!ticket.replyReopens || !withinWindow) {
          threading = {
            ...threading,
            reason: 'closed_ticket_new',
            previousReason: threading.reason,
            ticketId: null,
            relatedTicketId: ticket.id,
          };
          return createTicket(tx, input, threading);
        }
      }
      const author = await authorOf(tx, now, input.sender, ticket.senderOwner);
      const flags = threading.newParticipant ? [...input.flags, 'new_participant'] : input.flags;
      const next =
        changesStatus && ['pending_customer', 'resolved', 'closed'].includes(category)
          ? await defaultStatusOf(tx, 'open')
          : null;
      const messageId = await insertMessage(tx, input, ticket, author, threading, flags, next === null);
      const actor: Actor = author.contactId
        ? { kind: 'contact', id: author.contactId, organizationId: null }
        : author.userId
          ? { kind: 'user', id: author.userId, role: 'agent', groupIds: [] }
          : SYSTEM;
      if (next) {
        await tx
          .update(tickets)
          .set({ statusId: next.id, resolvedAt: null, closedAt: null, ...touched(now, ticket.version) })
          .where(eq(tickets.id, ticket.id));
        await recordEvent(tx, {
          ticketId: ticket.id,
          kind: 'updated',
          actor,
          now,
          changes: [{ field: 'statusId', from: ticket.statusNameIt, to: next.nameIt }],
          note: category === 'pending_customer' ? null : 'Riaperto da una risposta via email',
        });
      }
      await ticketsService.reportActivity(tx, {
        ticketId: ticket.id,
        kind: 'message_added',
        actor,
        now,
        message: { id: messageId, visibility: input.visibility },
        statusCategory: next ? { from: category, to: 'open' } : null,
      });
      if (input.visibility === 'public' && !input.automatic) {
        await ticketsService.notifyFollowers(
          tx,
          { actor, now, language: 'it' },
          {
            ticketId: ticket.id,
            kind: 'customer_replied',
            note: input.body.text.length > 200 ? `${input.body.text.slice(0, 199)}…` : input.body.text,
          },
          [],
          ticket.followerIds,
        );
      }
      if (threading.newParticipant && ticket.assigneeId) {
        await collaborators.notifier.notify(tx, {
          userIds: [ticket.assigneeId],
          kind: 'email_from_new_participant',
          ticketId: ticket.id,
          actorUserId: null,
          note: input.sender.address,
          now,
        });
      }
      return {
        ticketId: ticket.id,
        messageId,
        created: false,
        threading,
        requesterId: ticket.requesterId,
        organizationId: ticket.organizationId,
      };
    },

    /**
     * After commit: live listeners learn about the change. The ticket's owner as the apply
     * committed it (a statement per message fewer than reading it back).
     */
    async announce(ticket: AnnouncedTicket): Promise<void> {
      await collaborators.changes
        .ticketChanged(changeOf(ticket))
        .catch((error: unknown) => deps.logger.warn({ err: error }, 'live update not published'));
    },

    /**
     * The NOTIFY that announces the change when the apply's transaction commits, for the caller to
     * send with a statement it runs anyway (ADR 0016); null: `announce` after the commit.
     */
    announcement(ticket: AnnouncedTicket) {
      return collaborators.changes.ticketChangeNotification(changeOf(ticket));
    },
  };
}

export type InboundEmailService = ReturnType<typeof createInboundEmail>;
