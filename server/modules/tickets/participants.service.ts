/**
 * The CC participants of a ticket (`ticket_participants`): addresses besides the requester that get
 * its public replies and notices and may thread into it by subject token (ADR 0007). The first
 * email's To/Cc make the initial list; mail from anyone else that joins by its headers is flagged
 * `new_participant` and NOT added — copying a stranger on every reply is a staff decision, taken
 * here (issue 4).
 *
 * Rules: staff who see the ticket and may manage its participants (`manageParticipants`: not a
 * merged ticket); customers never. The requester is not a participant (they get every reply
 * anyway). Adding an address that already is one changes nothing and answers `added: false`
 * (idempotent, so a double click or a retried request is harmless); removing one that is not there
 * is 404 PARTICIPANT_NOT_FOUND. Each change is an `updated` event on the `participants` field; like
 * followers, it leaves the ticket's version alone (nobody editing the ticket gets a conflict).
 */
import { and, asc, eq } from 'drizzle-orm';
import type {
  AddTicketParticipantBody,
  AddTicketParticipantResponse,
  TicketParticipants,
} from '../../../contracts/ticket-participants.contract.js';
import type { Transaction } from '../../db/database.js';
import type { Dependencies } from '../../dependencies.js';
import { AppError, forbidden, notFound, validationFailed } from '../../http/app-error.js';
import type { Context } from '../../http/context.js';
import { contacts, emailAddresses, users } from '../identity/identity.schema.js';
import { recordEvent } from './ticket-events.js';
import { ticketAbilities } from './tickets.policy.js';
import type { Queryable } from './tickets.repo.js';
import { messages, ticketParticipants } from './tickets.schema.js';
import type { Tickets } from './tickets.service.js';

function staffOnly(context: Context) {
  if (context.actor.kind !== 'user') throw forbidden();
  return context.actor;
}

/** The address of a From header value: `Name <a@b>` or a bare `a@b`. */
export function senderAddress(from: string | undefined): string | null {
  if (!from) return null;
  const bracketed = /<([^<>\s]+@[^<>\s]+)>/.exec(from)?.[1];
  const address = bracketed ?? (/^[^\s<>@]+@[^\s<>@]+$/.test(from.trim()) ? from.trim() : null);
  return address ? address.toLowerCase() : null;
}

const addressField = (message: string) => ({ fields: [{ path: 'body.address', message }] });

export function createParticipants(deps: Dependencies, ticketsService: Tickets) {
  const { database } = deps;

  async function listOf(db: Queryable, ticketId: string): Promise<TicketParticipants> {
    const rows = await db
      .select({
        address: ticketParticipants.address,
        contactId: ticketParticipants.contactId,
        name: contacts.name,
        addedById: users.id,
        addedByName: users.name,
        createdAt: ticketParticipants.createdAt,
      })
      .from(ticketParticipants)
      .leftJoin(contacts, eq(contacts.id, ticketParticipants.contactId))
      .leftJoin(users, eq(users.id, ticketParticipants.addedByUserId))
      .where(eq(ticketParticipants.ticketId, ticketId))
      .orderBy(asc(ticketParticipants.address));
    return {
      items: rows.map((row) => ({
        address: row.address,
        name: row.name ?? null,
        contactId: row.contactId,
        addedBy: row.addedById && row.addedByName !== null ? { id: row.addedById, name: row.addedByName } : null,
        createdAt: row.createdAt.toISOString(),
      })),
    };
  }

  async function lockManageable(tx: Transaction, context: Context, ticketId: string) {
    const actor = staffOnly(context);
    const locked = await ticketsService.lockVisible(tx, context, ticketId);
    if (!ticketAbilities(actor, { ...locked.ticket, statusCategory: locked.status.category }).manageParticipants) {
      throw new AppError(
        409,
        'TICKET_MERGED',
        'A merged ticket has no participants of its own: use the one it went into',
      );
    }
    return { actor, ticket: locked.ticket };
  }

  return {
    async listParticipants(context: Context, ticketId: string): Promise<TicketParticipants> {
      staffOnly(context);
      await ticketsService.loadVisible(database.orm, context, ticketId);
      return listOf(database.orm, ticketId);
    },

    /** Adds an address, or the sender of one of the ticket's email messages; adding twice changes nothing. */
    async addParticipant(
      context: Context,
      ticketId: string,
      body: AddTicketParticipantBody,
    ): Promise<AddTicketParticipantResponse> {
      const result = await database.transaction(async (tx) => {
        const { actor, ticket } = await lockManageable(tx, context, ticketId);
        let address = body.address ?? null;
        if (body.messageId) {
          const [message] = await tx
            .select({ kind: messages.kind, headers: messages.emailHeaders })
            .from(messages)
            .where(and(eq(messages.id, body.messageId), eq(messages.ticketId, ticketId)));
          if (!message) throw notFound('MESSAGE_NOT_FOUND', 'No message with this id on this ticket');
          address = message.kind === 'email' ? senderAddress(message.headers?.from) : null;
          if (!address) {
            throw new AppError(
              400,
              'MESSAGE_HAS_NO_SENDER_ADDRESS',
              'This message did not come by email from an address',
              {
                fields: [{ path: 'body.messageId', message: 'Not an email with a sender address' }],
              },
            );
          }
        }
        if (!address) throw validationFailed([{ path: 'body.address', message: 'Give either address or messageId' }]);
        const [requester] = await tx
          .select({ address: emailAddresses.address })
          .from(emailAddresses)
          .where(and(eq(emailAddresses.contactId, ticket.requesterId), eq(emailAddresses.address, address)));
        if (requester) {
          throw new AppError(
            400,
            'PARTICIPANT_IS_REQUESTER',
            'This is the requester: they receive every public reply already',
            addressField('The requester'),
          );
        }
        const [owner] = await tx
          .select({ contactId: emailAddresses.contactId })
          .from(emailAddresses)
          .where(eq(emailAddresses.address, address));
        const [inserted] = await tx
          .insert(ticketParticipants)
          .values({
            ticketId,
            address,
            contactId: owner?.contactId ?? null,
            addedByUserId: actor.id,
            createdAt: context.now,
          })
          .onConflictDoNothing()
          .returning({ address: ticketParticipants.address });
        if (inserted) {
          await recordEvent(tx, {
            ticketId,
            kind: 'updated',
            actor,
            now: context.now,
            changes: [{ field: 'participants', from: null, to: address }],
          });
        }
        return { added: Boolean(inserted), address };
      });
      return { ...(await listOf(database.orm, ticketId)), ...result };
    },

    async removeParticipant(context: Context, ticketId: string, rawAddress: string): Promise<void> {
      const address = rawAddress.trim().toLowerCase();
      await database.transaction(async (tx) => {
        const { actor } = await lockManageable(tx, context, ticketId);
        const [removed] = await tx
          .delete(ticketParticipants)
          .where(and(eq(ticketParticipants.ticketId, ticketId), eq(ticketParticipants.address, address)))
          .returning({ address: ticketParticipants.address });
        if (!removed) throw notFound('PARTICIPANT_NOT_FOUND', 'This address is not a participant of the ticket');
        await recordEvent(tx, {
          ticketId,
          kind: 'updated',
          actor,
          now: context.now,
          changes: [{ field: 'participants', from: address, to: null }],
        });
      });
    },
  };
}

export type Participants = ReturnType<typeof createParticipants>;
