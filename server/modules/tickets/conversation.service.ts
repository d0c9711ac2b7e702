/**
 * The conversation of a ticket and its timeline.
 *
 * Invariant: internal notes never reach a customer — customers cannot write them, and every read
 * path for a customer filters on `visibility = 'public'`. The timeline shows a customer the public
 * messages and the status changes only, never who handled the ticket internally.
 *
 * A customer's message moves a ticket waiting for them back to open, and reopens a resolved one.
 * A staff member's first public reply moves a new ticket to open.
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Message, TicketEvent, TimelineEntry } from '../../../contracts/tickets.contract.js';
import type { Dependencies } from '../../dependencies.js';
import { AppError, forbidden, notFound } from '../../http/app-error.js';
import type { Actor, Context } from '../../http/context.js';
import { contacts, users } from '../identity/identity.schema.js';
import type { MessageAttachments } from './collaborators.js';
import { prepareMessageBody } from './message-body.js';
import { messageLanguage } from './message-language.js';
import { follow, recordEvent, touched } from './ticket-events.js';
import { ticketAbilities } from './tickets.policy.js';
import { defaultStatusOf, statusName, type Queryable } from './tickets.repo.js';
import { ticketNotFound, type Tickets } from './tickets.service.js';
import { createTimelineQueries } from './timeline-queries.js';
import { messageColumns, messages, tickets, type MessageRow } from './tickets.schema.js';

export interface NewMessage {
  body: string;
  visibility: 'public' | 'internal';
  kind: 'reply' | 'phone';
  /** The caller's own uploads, attached in the message's transaction. */
  attachmentIds?: string[] | undefined;
}

async function namesOf(db: Queryable, userIds: string[], contactIds: string[]) {
  const [staff, customers] = await Promise.all([
    userIds.length ? db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, userIds)) : [],
    contactIds.length
      ? db.select({ id: contacts.id, name: contacts.name }).from(contacts).where(inArray(contacts.id, contactIds))
      : [],
  ]);
  return new Map([...staff, ...customers].map((entry) => [entry.id, entry.name]));
}

function actorReference(names: Map<string, string>, userId: string | null, contactId: string | null) {
  if (userId) return { kind: 'user' as const, id: userId, name: names.get(userId) ?? '' };
  if (contactId) return { kind: 'contact' as const, id: contactId, name: names.get(contactId) ?? '' };
  return { kind: 'system' as const, id: null, name: 'Sportello' };
}

const unique = (values: (string | null)[]) => [...new Set(values.filter((value): value is string => value !== null))];

export function createConversation(deps: Dependencies, ticketsService: Tickets, files: MessageAttachments) {
  const { database } = deps;
  const timelineQueries = createTimelineQueries(database.orm, files);

  /** Email details for staff: who, why it joined, what the receiving server said about it. */
  function emailDetails(row: MessageRow): Message['email'] {
    if (!row.emailHeaders) return null;
    const threading = row.threading ?? null;
    const authentication = threading?.authentication as { dmarc?: string | null } | null | undefined;
    return {
      from: row.emailHeaders.from ?? null,
      to: row.emailHeaders.to ?? [],
      cc: row.emailHeaders.cc ?? [],
      subject: row.emailHeaders.subject ?? null,
      messageId: row.emailMessageId,
      threadingReason: typeof threading?.reason === 'string' ? threading.reason : null,
      threading,
      authenticationResults: row.emailHeaders.authenticationResults ?? null,
      dmarc: authentication?.dmarc ?? null,
      flags: row.emailFlags,
      attachments: row.emailAttachments ?? [],
      hasOriginal: threading !== null,
    };
  }

  async function presentMessages(db: Queryable, rows: MessageRow[], forStaff = true): Promise<Message[]> {
    const [names, attachments] = await Promise.all([
      namesOf(db, unique(rows.map((row) => row.authorUserId)), unique(rows.map((row) => row.authorContactId))),
      files.listForMessages(
        db,
        rows.map((row) => row.id),
      ),
    ]);
    return presentMessageRows(rows, names, attachments, forStaff);
  }

  function presentMessageRows(
    rows: MessageRow[],
    names: Map<string, string>,
    attachments: Awaited<ReturnType<MessageAttachments['listForMessages']>>,
    forStaff: boolean,
  ): Message[] {
    return rows.map((row) => ({
      id: row.id,
      kind: row.kind,
      visibility: row.visibility,
      author: actorReference(names, row.authorUserId, row.authorContactId),
      bodyHtml: row.bodyHtml,
      bodyText: row.bodyText,
      attachments: attachments.get(row.id) ?? [],
      createdAt: row.createdAt.toISOString(),
      email: forStaff ? emailDetails(row) : null,
      formattedEmail: row.kind === 'email' && row.emailHeaders?.formatted ? row.emailHeaders.formatted : null,
    }));
  }

  function visibleMessages(actor: Actor, ticketId: string) {
    return actor.kind === 'contact'
      ? and(eq(messages.ticketId, ticketId), eq(messages.visibility, 'public'))
      : eq(messages.ticketId, ticketId);
  }

  return {
    /**
     * Whether the caller may see this message: its ticket is in their scope and, for a customer,
     * the message is public (the rule every customer read path follows).
     */
    async canSeeMessage(context: Context, messageId: string): Promise<boolean> {
      const [row] = await database.orm
        .select({ ticketId: messages.ticketId, visibility: messages.visibility })
        .from(messages)
        .where(eq(messages.id, messageId));
      if (!row) return false;
      if (context.actor.kind !== 'user' && row.visibility !== 'public') return false;
      return ticketsService.loadVisible(database.orm, context, row.ticketId).then(
        () => true,
        () => false,
      );
    },

    /**
     * The stored formatting of an email message and the inline files it refers to, for the
     * sandboxed frame: only when the caller may see the message (a customer: public messages of
     * their own tickets; 404 for anything else, as everywhere a customer reads).
     */
    async formattedEmailOf(
      context: Context,
      ticketId: string,
      messageId: string,
    ): Promise<{ html: string; inlineFiles: { contentId: string; fileId: string }[] }> {
      await ticketsService.loadVisible(database.orm, context, ticketId);
      const [row] = await database.orm
        .select({ bodyHtml: messages.bodyHtml, headers: messages.emailHeaders, files: messages.emailAttachments })
        .from(messages)
        .where(and(visibleMessages(context.actor, ticketId), eq(messages.id, messageId), eq(messages.kind, 'email')));
      if (!row?.headers?.formatted) {
        throw notFound('FORMATTED_EMAIL_NOT_FOUND', 'This message has no email formatting to show');
      }
      const inlineFiles = (row.files ?? []).flatMap((file) =>
        file.contentId && file.fileId ? [{ contentId: file.contentId, fileId: file.fileId }] : [],
      );
      return { html: row.bodyHtml, inlineFiles };
    },

    async addMessage(context: Context, ticketId: string, input: NewMessage): Promise<Message> {
      const { actor, now } = context;
      if (actor.kind !== 'user' && actor.kind !== 'contact') throw forbidden();
      if (actor.kind === 'contact' && (input.visibility === 'internal' || input.kind === 'phone')) {
        throw forbidden('Customers write public replies only');
      }
      const ticket = await ticketsService.loadVisible(database.orm, context, ticketId);
      const body = prepareMessageBody(input.body);
      const id = await database.transaction(async (tx) => {
        const { ticket: locked, status } = await ticketsService.lockVisible(tx, context, ticketId);
        // Decided on the locked row, so that a reply cannot land on a ticket closed meanwhile.
        const abilities = ticketAbilities(actor, { ...locked, statusCategory: status.category });
        const allowed = input.visibility === 'internal' ? abilities.addInternalNote : abilities.reply;
        if (!allowed) throw new AppError(409, 'TICKET_CLOSED', 'This ticket no longer takes messages');
        const kind =
          input.visibility === 'internal' && input.kind === 'reply'
            ? 'note'
            : input.kind === 'phone'
              ? 'phone'
              : locked.channel === 'email'
                ? 'email'
                : 'portal';
        const [row] = await tx
          .insert(messages)
          .values({
            ticketId,
            kind,
            visibility: input.visibility,
            authorUserId: actor.kind === 'user' ? actor.id : null,
            authorContactId: actor.kind === 'contact' ? actor.id : null,
            bodyHtml: body.html,
            bodyText: body.text,
            language: await messageLanguage(tx, body.text, locked.requesterId),
            createdAt: now,
          })
          .returning({ id: messages.id });
        await files.link(tx, { attachmentIds: input.attachmentIds ?? [], ticketId, messageId: row!.id, actor });

        let nextCategory: 'open' | null = null;
        if (
          actor.kind === 'contact' &&
          ['pending_customer', 'pending_supplier', 'resolved'].includes(status.category)
        ) {
          nextCategory = status.category === 'pending_supplier' ? null : 'open';
        }
        if (actor.kind === 'user' && input.visibility === 'public' && status.category === 'new') nextCategory = 'open';
        if (nextCategory) {
          const next = await defaultStatusOf(tx, nextCategory);
          await tx
            .update(tickets)
            .set({ statusId: next.id, resolvedAt: null, ...touched(now, locked.version) })
            .where(eq(tickets.id, ticketId));
          await recordEvent(tx, {
            ticketId,
            kind: 'updated',
            actor,
            now,
            changes: [
              { field: 'statusId', from: statusName(status, context.language), to: statusName(next, context.language) },
            ],
          });
        } else {
          await tx.update(tickets).set({ updatedAt: now }).where(eq(tickets.id, ticketId));
        }
        if (input.visibility === 'public') {
          // Followers hear of the conversation with the customer, not of internal notes.
          await ticketsService.notifyFollowers(tx, context, {
            ticketId,
            kind: actor.kind === 'contact' ? 'customer_replied' : 'ticket_replied',
            note: body.text.length > 200 ? `${body.text.slice(0, 199)}…` : body.text,
          });
        }
        await ticketsService.reportActivity(tx, {
          ticketId,
          kind: 'message_added',
          actor,
          now,
          message: { id: row!.id, visibility: input.visibility },
          statusCategory: nextCategory ? { from: status.category, to: nextCategory } : null,
        });
        if (actor.kind === 'user') await follow(tx, ticketId, [actor.id]);
        return row!.id;
      });
      const [row] = await database.orm.select(messageColumns).from(messages).where(eq(messages.id, id));
      const [message] = await presentMessages(database.orm, [row!], actor.kind === 'user');
      await ticketsService.announce(context, ticket);
      return message!;
    },

    async listMessages(context: Context, ticketId: string): Promise<Message[]> {
      await ticketsService.loadVisible(database.orm, context, ticketId);
      const rows = await database.orm
        .select(messageColumns)
        .from(messages)
        .where(visibleMessages(context.actor, ticketId))
        .orderBy(asc(messages.createdAt), asc(messages.id));
      return presentMessages(database.orm, rows, context.actor.kind === 'user');
    },

    /**
     * Messages and history in one list. Read in two queries sent together (a ticket with twenty
     * messages is opened all day long), each carrying the visibility check itself: the history,
     * read from the ticket so that a ticket the caller may not see yields no row at all (404, as
     * everywhere), and the messages of a visible ticket with their files and authors' names
     * (timeline-queries.ts).
     */
    async timeline(context: Context, ticketId: string): Promise<TimelineEntry[]> {
      const [messageRows, historyRows] = await Promise.all([
        timelineQueries.messages(context.actor, ticketId),
        timelineQueries.history(context.actor, ticketId),
      ]);
      // One row even for a ticket without history (the join's nulls); none for an unseen ticket.
      if (historyRows.length === 0) throw ticketNotFound();
      const eventRows = historyRows.flatMap(({ id, ticketId: eventTicketId, kind, changes, createdAt, ...rest }) =>
        id !== null && eventTicketId !== null && kind !== null && changes !== null && createdAt !== null
          ? [{ ...rest, id, ticketId: eventTicketId, kind, changes, createdAt }]
          : [],
      );
      const forCustomer = context.actor.kind === 'contact';
      const shown = eventRows
        .map((row) => ({
          ...row,
          changes: forCustomer ? row.changes.filter((change) => change.field === 'statusId') : row.changes,
        }))
        .filter((row) => !forCustomer || row.kind === 'created' || row.changes.length > 0);
      // The names came with the rows (no lookup of its own).
      const names = new Map<string, string>();
      for (const row of messageRows) {
        const author = row.authorUserId ?? row.authorContactId;
        if (author && row.authorName !== null) names.set(author, row.authorName);
      }
      for (const row of shown) {
        const actor = row.actorUserId ?? row.actorContactId;
        if (actor && row.actorName !== null) names.set(actor, row.actorName);
      }
      const attachments = new Map(messageRows.map((row) => [row.id, row.attachments]));
      const messageList = presentMessageRows(messageRows, names, attachments, context.actor.kind === 'user');
      const events: TicketEvent[] = shown.map((row) => ({
        id: String(row.id),
        kind: row.kind,
        // Customers see that the desk acted, not which agent or group.
        actor:
          forCustomer && row.actorUserId
            ? { kind: 'system', id: null, name: 'Sportello' }
            : actorReference(names, row.actorUserId, row.actorContactId),
        changes: row.changes,
        note: forCustomer ? null : row.note,
        createdAt: row.createdAt.toISOString(),
      }));
      const entries: (TimelineEntry & { at: string; order: number })[] = [
        ...events.map((event, index) => ({ type: 'event' as const, event, at: event.createdAt, order: index })),
        ...messageList.map((message, index) => ({
          type: 'message' as const,
          message,
          at: message.createdAt,
          order: index,
        })),
      ];
      // Oldest first; at the same instant the event (e.g. "created") comes before its message.
      entries.sort((a, b) =>
        a.at === b.at ? (a.type === b.type ? a.order - b.order : a.type === 'event' ? -1 : 1) : a.at < b.at ? -1 : 1,
      );
      return entries.map(({ at: _at, order: _order, ...entry }) => entry);
    },
  };
}

export type Conversation = ReturnType<typeof createConversation>;
