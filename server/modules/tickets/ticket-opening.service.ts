/**
 * Opening a ticket through the API (for a requester by staff, or by customers for themselves), in
 * two statements (ADR 0020): the facts with the number and what the activity subscribers need, then
 * the ticket with what they write (the acknowledgement) — without a transaction unless something
 * else must be written with it — answered from what it knows, without reading the ticket back. The
 * statements themselves are in ticket-creation.ts, shared with tickets opened by inbound mail.
 */
import type { Channel } from '../../../contracts/common.contract.js';
import type { CreateTicketBody, Ticket } from '../../../contracts/tickets.contract.js';
import type { Transaction } from '../../db/database.js';
import type { Dependencies } from '../../dependencies.js';
import { AppError, forbidden } from '../../http/app-error.js';
import type { Context } from '../../http/context.js';
import { checkCustomFieldValuesAgainst } from '../custom-fields/index.js';
import { notifyAutomaticAssignee, planAutomaticAssignment, type AutomaticAssignee } from './automatic-assignment.js';
import type { OpenedTicket, TicketActivity, TicketsCollaborators } from './collaborators.js';
import { prepareMessageBody } from './message-body.js';
import { detectLanguage } from './message-language.js';
import {
  assertNewTicketCatalogEntries,
  insertNewTicket,
  newTicketIds,
  NO_ACTIVITY_LISTENERS,
  normalizeTags,
  openingWrites,
  presentNewTicket,
  readNewTicketFacts,
  type NewTicket,
  type NewTicketFacts,
  type StatementRunner,
} from './ticket-creation.js';
import { yearInDeskTimeZone } from './ticket-number.js';

export function createTicketOpening(
  deps: Pick<Dependencies, 'database'>,
  collaborators: TicketsCollaborators,
  /** Tells live listeners after the ticket is written (tickets.service.ts). */
  announce: (context: Context, ticket: Ticket) => Promise<Ticket>,
) {
  const { database } = deps;

  return async function createTicket(
    context: Context,
    input: CreateTicketBody & { channelHint: Channel },
  ): Promise<Ticket> {
    const { actor, now } = context;
    if (actor.kind !== 'user' && actor.kind !== 'contact' && actor.kind !== 'system') throw forbidden();
    if (actor.kind === 'contact' && input.requester) {
      throw new AppError(400, 'VALIDATION_FAILED', 'Customers open requests for themselves', {
        fields: [{ path: 'body.requester', message: 'Not allowed for customers' }],
      });
    }
    if (actor.kind !== 'contact' && !input.requester) {
      throw new AppError(400, 'VALIDATION_FAILED', 'Say who the request is for', {
        fields: [{ path: 'body.requester', message: 'Required when staff open a ticket' }],
      });
    }
    const serviceId = input.serviceId ?? null;
    const categoryId = input.categoryId ?? null;
    const impact = input.impact ?? 'medium';
    const urgency = input.urgency ?? 'medium';
    const channel = input.channel ?? input.channelHint;
    // Tags are the staff's working vocabulary: customers neither set nor see them.
    const tags = actor.kind === 'contact' ? [] : normalizeTags(input.tags ?? []);
    const actorUserId = actor.kind === 'user' ? actor.id : null;
    const attachmentIds = input.attachmentIds ?? [];
    // Pure work, done before any statement.
    const body = prepareMessageBody(input.description);
    const detectedLanguage = detectLanguage(body.text);
    const { ticketId, messageId } = newTicketIds();
    const listeners = collaborators.activity ?? NO_ACTIVITY_LISTENERS;

    // Facts, number and what the subscribers need: one statement, no lock, no transaction.
    const facts = await readNewTicketFacts(
      database.orm,
      {
        requester: actor.kind === 'contact' ? { contactId: actor.id } : { address: input.requester!.email },
        serviceId,
        categoryId,
        groupId: null,
        impact,
        urgency,
        actorUserId,
        year: yearInDeskTimeZone(now),
      },
      { listeners, mailboxId: null },
    );
    assertNewTicketCatalogEntries(facts, serviceId, categoryId);
    const customFields = checkCustomFieldValuesAgainst(facts.customFieldDefinitions, {
      author: actor.kind === 'user' ? 'staff' : actor.kind === 'contact' ? 'customer' : 'system',
      mode: 'create',
      ticket: { type: input.type, serviceId },
      current: {},
      submitted: input.customFields,
    });
    const { group, priority } = facts;
    if (!group) {
      throw new AppError(409, 'NO_LEVEL1_GROUP', 'Create an active level 1 group first: new tickets go there');
    }
    if (!priority) throw new Error(`The priority matrix has no entry for ${impact} × ${urgency}`);
    const assignment = await planAutomaticAssignment(database.orm, group.id, group.assignmentMode);

    /** The ticket and everything written with it, once its requester is known. */
    const prepare = async (requester: NonNullable<NewTicketFacts['requester']>) => {
      const requesterId = requester.contactId;
      if (!requesterId) throw new Error(`The requester of a new ticket has no contact (${actor.kind})`);
      const ticket: NewTicket = {
        id: ticketId,
        type: input.type,
        subject: input.subject,
        statusId: facts.status.id,
        impact,
        urgency,
        priority,
        groupId: group.id,
        requesterId,
        organizationId: requester.organizationId,
        serviceId,
        categoryId,
        channel,
        tags,
        customFields: customFields.values,
        now,
      };
      const activity: TicketActivity & { opened: OpenedTicket } = {
        ticketId,
        kind: 'created',
        actor,
        now,
        message: { id: messageId, visibility: 'public' },
        statusCategory: { from: null, to: 'new' },
        opened: {
          number: facts.number,
          subject: ticket.subject,
          channel,
          groupId: ticket.groupId,
          replyReopens: false,
          status: { nameIt: facts.status.nameIt, nameEn: facts.status.nameEn },
          requester: { name: requester.name, email: requester.email, language: requester.language },
          email: null,
        },
      };
      const subscribers = await openingWrites(listeners, activity, facts);
      const write = (runner: StatementRunner) =>
        insertNewTicket(runner, {
          ticket,
          number: facts.number,
          message: {
            id: messageId,
            kind: channel === 'email' ? 'email' : channel === 'phone' ? 'phone' : 'portal',
            visibility: 'public',
            authorUserId: actorUserId,
            authorContactId: actor.kind === 'contact' ? actor.id : requesterId,
            bodyHtml: body.html,
            bodyText: body.text,
            language: detectedLanguage ?? requester.language,
          },
          actor,
          assignment,
          follower: actorUserId,
          statements: subscribers.statements,
          listeners,
        });
      /** The write and what needs the rows just written (subscribers' jobs, uploads, the assignee told). */
      const writeInTransaction = async (tx: Transaction) => {
        const { assignee } = await write(tx);
        for (const work of subscribers.inTransaction) await work(tx);
        await collaborators.attachments.link(tx, { attachmentIds, ticketId, messageId, actor });
        if (assignee) await notifyAutomaticAssignee(tx, ticketId, assignee, actor, now, collaborators.notifier);
        return assignee;
      };
      const alone = attachmentIds.length === 0 && assignment.kind === 'none' && subscribers.inTransaction.length === 0;
      return { requester, ticket, write, writeInTransaction, alone };
    };

    // A known requester: the ticket's one write statement, atomic on its own, unless something else
    // must be written with it. An unknown (or staff) address: the requester directory decides, in
    // the ticket's transaction.
    const known = facts.requester?.contactId && !facts.requester.userId ? facts.requester : null;
    let created: { prepared: Awaited<ReturnType<typeof prepare>>; assignee: AutomaticAssignee | null };
    if (known) {
      const prepared = await prepare(known);
      const assignee = prepared.alone
        ? (await prepared.write(database.orm)).assignee
        : await database.transaction((tx) => prepared.writeInTransaction(tx));
      created = { prepared, assignee };
    } else {
      if (actor.kind === 'contact') throw new Error('The customer opening a ticket has no contact');
      created = await database.transaction(async (tx) => {
        const made = await collaborators.requesters.findOrCreateRequester(tx, now, input.requester!);
        const prepared = await prepare({ ...made, userId: null });
        return { prepared, assignee: await prepared.writeInTransaction(tx) };
      });
    }
    return announce(
      context,
      presentNewTicket(context, {
        facts,
        requester: created.prepared.requester,
        ticket: created.prepared.ticket,
        number: facts.number,
        assignee: created.assignee,
      }),
    );
  };
}
