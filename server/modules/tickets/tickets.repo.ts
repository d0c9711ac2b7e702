/**
 * Reading tickets as the API presents them: one query reads what a list row shows (status, group,
 * assignee, requester and their primary address, organisation, service, category, followers with
 * their names): one round trip per page or per opened ticket.
 */
import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import type { Language } from '../../../contracts/common.contract.js';
import type { Ticket } from '../../../contracts/tickets.contract.js';
import type { Transaction } from '../../db/database.js';
import type { Dependencies } from '../../dependencies.js';
import type { Actor } from '../../http/context.js';
import { customerVisibleKeys, valuesForCustomer } from '../custom-fields/index.js';
import { contacts, emailAddresses, users } from '../identity/identity.schema.js';
import { ticketAbilities } from './tickets.policy.js';
import { ticketColumns, ticketFollowers, tickets, ticketStatuses } from './tickets.schema.js';

export type Queryable = Dependencies['database']['orm'] | Transaction;

const primaryEmailOfRequester = sql<
  string | null
>`(SELECT ${emailAddresses.address} FROM ${emailAddresses} WHERE ${emailAddresses.contactId} = ${tickets.requesterId} ORDER BY ${emailAddresses.position} LIMIT 1)`;

/** The name of the row of a small table a ticket points at (null when it points at none). */
const nameOf = (table: string, column: string) =>
  sql<string | null>`(SELECT name FROM ${sql.identifier(table)} WHERE id = ${sql.raw(`"tickets"."${column}"`)})`;

/**
 * Names of the group, assignee, organisation, service and category come from scalar subqueries,
 * not joins: with nine relations joined, PostgreSQL spent 20–35 ms planning a list query that ran
 * in 1–4 ms (an exhaustive join search); subqueries on primary keys plan in a fraction of that.
 * Status and requester stay joined: the views filter on the status, the search box on the name.
 */
export function selectTicketRows(db: Queryable) {
  return db
    .select({
      ticket: ticketColumns,
      status: ticketStatuses,
      groupName: sql<string>`${nameOf('groups', 'group_id')}`,
      assigneeName: nameOf('users', 'assignee_id'),
      requesterName: contacts.name,
      requesterEmail: primaryEmailOfRequester,
      organizationName: nameOf('organizations', 'organization_id'),
      serviceName: nameOf('services', 'service_id'),
      categoryName: nameOf('categories', 'category_id'),
      // In the same query, not one more per page: [{ userId, name }] by name, or null.
      followers: sql<
        { userId: string; name: string }[] | null
      >`(SELECT json_agg(json_build_object('userId', f.user_id, 'name', u.name) ORDER BY u.name, u.id) FROM ${ticketFollowers} f JOIN ${users} u ON u.id = f.user_id WHERE f.ticket_id = ${tickets.id})`,
      mergedIntoNumber: sql<
        string | null
      >`(SELECT survivor.number FROM tickets AS survivor WHERE survivor.id = ${tickets.mergedIntoId})`,
    })
    .from(tickets)
    .innerJoin(ticketStatuses, eq(ticketStatuses.id, tickets.statusId))
    .innerJoin(contacts, eq(contacts.id, tickets.requesterId))
    .$dynamic();
}

export type TicketRow = Awaited<ReturnType<ReturnType<typeof selectTicketRows>['execute']>>[number];

export function statusName(status: typeof ticketStatuses.$inferSelect, language: Language): string {
  return language === 'en' ? status.nameEn : status.nameIt;
}

export async function presentTickets(
  db: Queryable,
  actor: Actor,
  language: Language,
  rows: TicketRow[],
): Promise<Ticket[]> {
  if (rows.length === 0) return [];
  const forCustomer = actor.kind === 'contact';
  // Customers receive only the values of fields shown to them.
  const visibleKeys = forCustomer ? await customerVisibleKeys(db) : null;
  return rows.map((row) => {
    const { ticket, status } = row;
    const reference = (id: string | null, name: string | null) => (id && name !== null ? { id, name } : null);
    const ticketFollowersOf = forCustomer ? [] : (row.followers ?? []);
    return {
      id: ticket.id,
      number: ticket.number,
      type: ticket.type,
      subject: ticket.subject,
      status: { id: status.id, name: statusName(status, language), category: status.category },
      impact: ticket.impact,
      urgency: ticket.urgency,
      priority: ticket.priority,
      supportLevel: ticket.supportLevel === 2 ? 2 : 1,
      group: reference(ticket.groupId, row.groupName),
      assignee: reference(ticket.assigneeId, row.assigneeName),
      requester: { id: ticket.requesterId, name: row.requesterName, email: row.requesterEmail },
      organization: reference(ticket.organizationId, row.organizationName),
      service: reference(ticket.serviceId, row.serviceName),
      category: reference(ticket.categoryId, row.categoryName),
      channel: ticket.channel,
      // Internal working data stays with the staff.
      tags: forCustomer ? [] : ticket.tags,
      followerIds: ticketFollowersOf.map((follower) => follower.userId),
      followers: ticketFollowersOf.map((follower) => ({ id: follower.userId, name: follower.name })),
      following: actor.kind === 'user' && ticketFollowersOf.some((follower) => follower.userId === actor.id),
      replyReopens: ticket.replyReopens,
      customFields: visibleKeys
        ? (valuesForCustomer(ticket.customFields, visibleKeys) as Ticket['customFields'])
        : (ticket.customFields as Ticket['customFields']),
      mergedInto:
        ticket.mergedIntoId && row.mergedIntoNumber ? { id: ticket.mergedIntoId, number: row.mergedIntoNumber } : null,
      createdAt: ticket.createdAt.toISOString(),
      updatedAt: ticket.updatedAt.toISOString(),
      resolvedAt: ticket.resolvedAt?.toISOString() ?? null,
      closedAt: ticket.closedAt?.toISOString() ?? null,
      version: ticket.version,
      abilities: ticketAbilities(actor, {
        supportLevel: ticket.supportLevel,
        groupId: ticket.groupId,
        assigneeId: ticket.assigneeId,
        statusCategory: status.category,
      }),
    };
  });
}

export async function loadStatuses(db: Queryable) {
  return db
    .select()
    .from(ticketStatuses)
    .where(eq(ticketStatuses.active, true))
    .orderBy(asc(ticketStatuses.position), asc(ticketStatuses.id));
}

/** The default status of a category: where the code moves a ticket (reopen, customer reply…). */
export async function defaultStatusOf(db: Queryable, category: (typeof ticketStatuses.$inferSelect)['category']) {
  const [status] = await db
    .select()
    .from(ticketStatuses)
    .where(and(eq(ticketStatuses.category, category), eq(ticketStatuses.isDefault, true)))
    .limit(1);
  if (!status) throw new Error(`No default status for the category ${category}`);
  return status;
}

export function andAll(conditions: SQL[]): SQL | undefined {
  return conditions.length === 0 ? undefined : and(...conditions);
}
