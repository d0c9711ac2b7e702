/**
 * The tickets side of the email channel: the lookups threading needs (`threadLookup`) and the one
 * transactional apply of an inbound email (`applyInboundEmail`): a new ticket for the mailbox's
 * group with the sender as requester and the CC'd addresses as participants, or a message
 * appended to a ticket with the status rules of a customer reply:
 * - `pending_customer` → open, `resolved` → reopened (open);
 * - `closed` → continued (reopened) only when `reply_reopens` was set and the ticket closed less
 *   than SPORTELLO_REPLY_REOPEN_DAYS ago; otherwise a new ticket linked "related" to it;
 * - automatic mail (out-of-office…) and mail from a new participant never change the status.
 * The caller (the mail pipeline) has sanitized the body and decided the threading.
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { Transaction } from '../../db/database.js';
import type { Dependencies } from '../../dependencies.js';
import type { Actor } from '../../http/context.js';
import { contacts, emailAddresses, organizations } from '../identity/identity.schema.js';
import type { OpenedTicket, TicketActivity, TicketsCollaborators } from './collaborators.js';
import { planAutomaticAssignment } from './automatic-assignment.js';
import { detectLanguage, messageLanguage } from './message-language.js';
import { recordEvent, touched } from './ticket-events.js';
import { insertNewTicket, newTicketIds, openingWrites, readNewTicketFacts, readRequester } from './ticket-creation.js';
import { yearInDeskTimeZone } from './ticket-number.js';
import { defaultStatusOf } from './tickets.repo.js';
import { notifyAutomaticAssignee, type Tickets } from './tickets.service.js';
import {
  messages,
  ticketColumns,
  ticketLinks,
  ticketParticipants,
  tickets,
  ticketStatuses,
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
  /** Stores the files of the message once it exists (same transaction). */
  storeFiles(ticketId: string, messageId: string): Promise<EmailAttachmentMeta[]>;
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

  async function survivor(tx: Transaction, ticketId: string) {
    let current = ticketId;
    for (let hops = 0; hops < 10; hops += 1) {
      const [row] = await tx
        .select({ mergedIntoId: tickets.mergedIntoId })
        .from(tickets)
        .where(eq(tickets.id, current));
      if (!row?.mergedIntoId) break;
      current = row.mergedIntoId;
    }
    return { ticketId: current, mergedFrom: current === ticketId ? null : ticketId };
  }

  /** Who wrote it: a staff user, a known contact, or a contact made for the address. */
  async function authorOf(tx: Transaction, now: Date, sender: { address: string; name: string }) {
    const [owner] = await tx
      .select({ userId: emailAddresses.userId, contactId: emailAddresses.contactId })
      .from(emailAddresses)
      .where(eq(emailAddresses.address, sender.address));
    if (owner?.userId) return { userId: owner.userId, contactId: null };
    if (owner?.contactId) return { userId: null, contactId: owner.contactId };
    const created = await collaborators.requesters.findOrCreateRequester(tx, now, {
      email: sender.address,
      name: sender.name,
    });
    return { userId: null, contactId: created.contactId };
  }

  async function insertMessage(
    tx: Transaction,
    input: InboundEmailInput,
    ticketId: string,
    author: { userId: string | null; contactId: string | null },
    threading: InboundThreading,
    flags: string[],
    languageContactId: string,
  ) {
    const [row] = await tx
      .insert(messages)
      .values({
        ticketId,
        kind: 'email',
        visibility: input.visibility,
        authorUserId: author.userId,
        authorContactId: author.contactId,
        bodyHtml: input.body.html,
        bodyText: input.body.text,
        language: await messageLanguage(tx, input.body.text, languageContactId),
        createdAt: input.now,
        emailMessageId: input.emailMessageId,
        emailHeaders: input.headers,
        threading,
        emailFlags: [...new Set(flags)],
      })
      .returning({ id: messages.id });
    const messageId = row!.id;
    const files = await input.storeFiles(ticketId, messageId);
    if (files.length > 0) await tx.update(messages).set({ emailAttachments: files }).where(eq(messages.id, messageId));
    return messageId;
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
    const listeners = collaborators.activity ?? [];
    const openers = listeners.flatMap((listener) => (listener.opening ? [listener.opening] : []));
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
      openers.map((opener) => opener.facts({ mailboxId: input.mailbox.id ?? null })),
    );
    let requester = facts.requester;
    if (!requester?.contactId || requester.userId) {
      // Unknown address (made now) or a staff one (refused): the requester directory decides.
      const made = await collaborators.requesters.findOrCreateRequester(tx, now, {
        email: input.sender.address,
        name: input.sender.name,
      });
      // Read back: the acknowledgement is written in this transaction, to the contact's address and language.
      requester = await readRequester(tx, made.contactId);
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
    const opening = await openingWrites(openers, activity, facts);
    const { assignee } = await insertNewTicket(tx, {
      number,
      statements: opening.statements,
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
    for (const listener of listeners) if (!listener.opening) await listener.ticketActivity(tx, activity);
    const files = await input.storeFiles(ticketId, messageId);
    if (files.length > 0) await tx.update(messages).set({ emailAttachments: files }).where(eq(messages.id, messageId));
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
    /** The lookups of the threading decision, inside the apply's transaction. */
    threadLookup(tx: Transaction) {
      return {
        async ticketByMessageIds(ids: string[]) {
          if (ids.length === 0) return null;
          const rows = await tx
            .select({ ticketId: messages.ticketId, emailMessageId: messages.emailMessageId })
            .from(messages)
            .where(inArray(messages.emailMessageId, ids));
          for (const id of ids) {
            const row = rows.find((entry) => entry.emailMessageId === id);
            if (row) return { ...(await survivor(tx, row.ticketId)), matchedMessageId: id };
          }
          return null;
        },
        async ticketByNumber(number: string) {
          const [row] = await tx.select({ id: tickets.id }).from(tickets).where(eq(tickets.number, number));
          return row ? survivor(tx, row.id) : null;
        },
        async isParticipant(ticketId: string, address: string) {
          const [ticket] = await tx
            .select({ requesterId: tickets.requesterId, organizationId: tickets.organizationId })
            .from(tickets)
            .where(eq(tickets.id, ticketId));
          if (!ticket) return false;
          const [participant] = await tx
            .select({ address: ticketParticipants.address })
            .from(ticketParticipants)
            .where(and(eq(ticketParticipants.ticketId, ticketId), eq(ticketParticipants.address, address)));
          if (participant) return true;
          const [owner] = await tx
            .select({ contactId: emailAddresses.contactId, organizationId: contacts.organizationId })
            .from(emailAddresses)
            .innerJoin(contacts, eq(contacts.id, emailAddresses.contactId))
            .where(eq(emailAddresses.address, address));
          if (!owner) return false;
          if (owner.contactId === ticket.requesterId) return true;
          if (!ticket.organizationId || owner.organizationId !== ticket.organizationId) return false;
          const [organization] = await tx
            .select({ shares: organizations.sharesTickets })
            .from(organizations)
            .where(eq(organizations.id, ticket.organizationId));
          return organization?.shares ?? false;
        },
        /** The ticket one of our messages belongs to (outgoing mail is looked up by the mail module). */
        survivor: (ticketId: string) => survivor(tx, ticketId),
      };
    },

    /** Creates the ticket or appends the message, in the caller's transaction. */
    async applyInboundEmail(tx: Transaction, input: InboundEmailInput): Promise<InboundEmailResult | null> {
      const { now } = input;
      let threading = input.threading;
      if (!threading.ticketId) return input.appendOnly ? null : createTicket(tx, input, threading);
      const [locked] = await tx
        .select({ ticket: ticketColumns })
        .from(tickets)
        .where(eq(tickets.id, threading.ticketId))
        .for('update');
      if (!locked) throw new Error(`ticket ${threading.ticketId} vanished`);
      const ticket = locked.ticket;
      const [status] = await tx.select().from(ticketStatuses).where(eq(ticketStatuses.id, ticket.statusId));
      const category = status!.category;
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
      const author = await authorOf(tx, now, input.sender);
      const flags = threading.newParticipant ? [...input.flags, 'new_participant'] : input.flags;
      const messageId = await insertMessage(tx, input, ticket.id, author, threading, flags, ticket.requesterId);
      const next =
        changesStatus && ['pending_customer', 'resolved', 'closed'].includes(category)
          ? await defaultStatusOf(tx, 'open')
          : null;
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
          changes: [{ field: 'statusId', from: status!.nameIt, to: next.nameIt }],
          note: category === 'pending_customer' ? null : 'Riaperto da una risposta via email',
        });
      } else {
        await tx.update(tickets).set({ updatedAt: now }).where(eq(tickets.id, ticket.id));
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
        .ticketChanged({
          ticketId: ticket.ticketId,
          actorUserId: null,
          requesterId: ticket.requesterId,
          organizationId: ticket.organizationId,
        })
        .catch((error: unknown) => deps.logger.warn({ err: error }, 'live update not published'));
    },
  };
}

export type InboundEmailService = ReturnType<typeof createInboundEmail>;
