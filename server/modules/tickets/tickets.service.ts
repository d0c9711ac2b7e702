/**
 * Tickets: reading them within the caller's scope, the workspace views, and changing their fields
 * under optimistic concurrency with the status rules of ticket-status.ts. Opening them lives in
 * ticket-opening.service.ts, escalations in escalation.service.ts, the conversation in
 * conversation.service.ts.
 */
import { and, asc, desc, eq, gte, ilike, inArray, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import type { Page } from '../../../contracts/common.contract.js';
import type { CustomFieldValue } from '../../../contracts/custom-fields.contract.js';
import type {
  LevelOfImpact,
  NotificationKind,
  Priority,
  StatusCategory,
  Ticket,
  TicketView,
} from '../../../contracts/tickets.contract.js';
import type { Transaction } from '../../db/database.js';
import { containsPattern } from '../../db/sql-helpers.js';
import type { Dependencies } from '../../dependencies.js';
import { AppError, forbidden, notFound, versionConflict } from '../../http/app-error.js';
import type { Context } from '../../http/context.js';
import { decodeCursor, isIsoInstant, toPage } from '../../http/pagination.js';
import { applyCustomFieldValues, customFieldFilterDocuments } from '../custom-fields/index.js';
import { contacts, groupMembers, groups, users } from '../identity/identity.schema.js';
import { categories, services } from '../catalog/catalog.schema.js';
import type { TicketActivity, TicketsCollaborators } from './collaborators.js';
import { automaticAssignee } from './automatic-assignment.js';
import { textQuery, ticketNumberIn } from './ticket-search.js';
import { follow, followersOf, recordEvent, touched } from './ticket-events.js';
import { categoryNotFound, normalizeTags, serviceNotFound } from './ticket-creation.js';
import { createTicketOpening } from './ticket-opening.service.js';
import { createTicketViewCounter, type ViewCounts } from './ticket-view-counts.js';
import { canMoveBetween, OPEN_CATEGORIES } from './ticket-status.js';
import {
  andAll,
  defaultStatusOf,
  presentTickets,
  readTicketRows,
  statusIdsByCategory,
  statusName,
  type Queryable,
  type TagPage,
} from './tickets.repo.js';
import { ticketAbilities, inIdsLiteral, visibleTicketsArms, visibleTicketsCondition } from './tickets.policy.js';
import {
  messages,
  priorityMatrix,
  ticketColumns,
  tickets,
  ticketStatuses,
  type FieldChange,
  type TicketRecord,
} from './tickets.schema.js';

export interface ListTicketsInput {
  limit: number;
  cursor?: string | undefined;
  view?: TicketView | undefined;
  q?: string | undefined;
  status?: StatusCategory[] | undefined;
  priority?: Priority[] | undefined;
  level?: '1' | '2' | undefined;
  groupId?: string | undefined;
  assigneeId?: string | undefined;
  serviceId?: string | undefined;
  organizationId?: string | undefined;
  requesterId?: string | undefined;
  tag?: string | undefined;
  createdFrom?: string | undefined;
  createdTo?: string | undefined;
  updatedFrom?: string | undefined;
  updatedTo?: string | undefined;
  sort: 'updated_desc' | 'created_desc' | 'created_asc' | 'priority';
  /** `cf.<key>=value` filters, by key. */
  customFields?: Record<string, string> | undefined;
}

export interface UpdateTicketInput {
  /**
   * The version the caller read: a stale one is refused (409). Left out only by bulk actions, which
   * apply to the current state read under the row lock (never a blind overwrite).
   */
  version?: number | undefined;
  type?: Ticket['type'] | undefined;
  subject?: string | undefined;
  statusId?: string | undefined;
  impact?: LevelOfImpact | undefined;
  urgency?: LevelOfImpact | undefined;
  serviceId?: string | null | undefined;
  categoryId?: string | null | undefined;
  groupId?: string | undefined;
  assigneeId?: string | null | undefined;
  tags?: string[] | undefined;
  /** Tags added to the ones the ticket has when the change is applied (bulk "add tag"). */
  addTags?: string[] | undefined;
  replyReopens?: boolean | undefined;
  customFields?: Record<string, CustomFieldValue | null> | undefined;
}

/** The answer to a ticket that does not exist or that the caller may not see (they are the same). */
export const ticketNotFound = () => notFound('TICKET_NOT_FOUND', 'No such ticket');

/** History records people by name (what the timeline shows), not by id. */
export async function userName(db: Queryable, userId: string | null): Promise<string | null> {
  if (!userId) return null;
  const [user] = await db.select({ name: users.name }).from(users).where(eq(users.id, userId));
  return user?.name ?? null;
}

const openCategoryCondition = sql`${ticketStatuses.category} IN ('new', 'open', 'pending_customer', 'pending_supplier')`;

export async function priorityFor(db: Queryable, impact: LevelOfImpact, urgency: LevelOfImpact): Promise<Priority> {
  const [entry] = await db
    .select()
    .from(priorityMatrix)
    .where(and(eq(priorityMatrix.impact, impact), eq(priorityMatrix.urgency, urgency)));
  if (!entry) throw new Error(`The priority matrix has no entry for ${impact} × ${urgency}`);
  return entry.priority;
}

async function assertCatalogEntries(tx: Transaction, serviceId: string | null, categoryId: string | null) {
  if (serviceId) {
    const [service] = await tx
      .select()
      .from(services)
      .where(and(eq(services.id, serviceId), eq(services.active, true)));
    if (!service) throw serviceNotFound();
  }
  if (categoryId) {
    const [category] = await tx
      .select()
      .from(categories)
      .where(and(eq(categories.id, categoryId), eq(categories.active, true)));
    if (!category || (serviceId && category.serviceId && category.serviceId !== serviceId)) throw categoryNotFound();
  }
}

/**
 * Whether a list's statement is named, so that PostgreSQL may plan it once per connection and keep
 * a generic plan (≈ 0.6 ms of planning per list at 1M tickets). Only for the workspace's shapes (a
 * view, sort, page and the filter bar's status, priority and level), whose generic plans were
 * checked against the custom ones at 1M tickets (docs/PERFORMANCE.md, ADR 0014,
 * bench/tickets/explain-list.ts): the same plans, as fast; PostgreSQL still re-plans a shape whose
 * custom plans it estimates cheaper. Text search, tag (but in update order), dates, group, people, organisation, service
 * and custom field filters keep a plan made for their values (one rare value can want another index),
 * which also keeps the statements of a connection to a bounded number of shapes.
 */
function hasCheckedGenericPlan(query: ListTicketsInput): boolean {
  return (
    !query.q &&
    !query.groupId &&
    !query.assigneeId &&
    !query.serviceId &&
    !query.organizationId &&
    !query.requesterId &&
    // One tag is on a tenth of the tickets, another on none: containment's generic plan cannot suit
    // both; read from the tag's own rows in update order, one plan does (ADR 0021).
    (!query.tag || query.sort === 'updated_desc') &&
    !query.createdFrom &&
    !query.createdTo &&
    !query.updatedFrom &&
    !query.updatedTo &&
    Object.keys(query.customFields ?? {}).length === 0
  );
}

function viewCountList(counts: ViewCounts): { view: TicketView; count: number }[] {
  return [
    { view: 'my', count: counts.my },
    { view: 'my_groups', count: counts.myGroups },
    { view: 'level1_unassigned', count: counts.level1 },
    { view: 'level2_unassigned', count: counts.level2 },
    { view: 'waiting_customer', count: counts.waiting },
    { view: 'all_open', count: counts.open },
  ];
}

export function createTickets(deps: Dependencies, collaborators: TicketsCollaborators) {
  const { database } = deps;
  const viewCounter = createTicketViewCounter();

  async function loadVisible(db: Queryable, context: Context, id: string): Promise<Ticket> {
    const rows = await readTicketRows(db, {
      where: and(eq(tickets.id, id), visibleTicketsCondition(context.actor)),
      prepared: true,
    });
    if (rows.length === 0) throw ticketNotFound();
    const [ticket] = await presentTickets(db, context.actor, context.language, rows);
    return ticket!;
  }

  /**
   * Locks the ticket row for a change, after checking the actor may see it. The row is locked alone:
   * after waiting for a concurrent change, PostgreSQL rechecks the new row against the rows joined
   * before the wait, so a join with the old status would lose a ticket whose status just changed.
   */
  async function lockVisible(tx: Transaction, context: Context, id: string) {
    const [row] = await tx
      .select({ ticket: ticketColumns })
      .from(tickets)
      .where(and(eq(tickets.id, id), visibleTicketsCondition(context.actor)))
      .for('update');
    if (!row) throw ticketNotFound();
    const [status] = await tx.select().from(ticketStatuses).where(eq(ticketStatuses.id, row.ticket.statusId));
    return { ticket: row.ticket, status: status! };
  }

  async function assertAssignable(tx: Transaction, assigneeId: string, groupId: string): Promise<string> {
    const [member] = await tx
      .select({ name: users.name })
      .from(groupMembers)
      .innerJoin(users, eq(users.id, groupMembers.userId))
      .where(and(eq(groupMembers.groupId, groupId), eq(groupMembers.userId, assigneeId), eq(users.active, true)));
    if (!member) {
      throw new AppError(400, 'ASSIGNEE_NOT_IN_GROUP', 'The assignee must be an active member of the ticket group', {
        fields: [{ path: 'body.assigneeId', message: 'Not an active member of the group' }],
      });
    }
    return member.name;
  }

  /**
   * Tells a ticket's followers what happened (in the transaction of the change), except the actor and
   * the users named in `except` (told otherwise, e.g. the new assignee).
   */
  async function notifyFollowers(
    tx: Transaction,
    context: Context,
    notification: { ticketId: string; kind: NotificationKind; note: string | null },
    except: (string | null)[] = [],
    /** The ticket's active followers when the caller read them already (with the ticket's lock). */
    followers?: string[],
  ): Promise<void> {
    const actorUserId = context.actor.kind === 'user' ? context.actor.id : null;
    const excluded = [actorUserId, ...except];
    const userIds = followers
      ? followers.filter((userId) => !excluded.includes(userId))
      : await followersOf(tx, notification.ticketId, excluded);
    await collaborators.notifier.notify(tx, { ...notification, userIds, actorUserId, now: context.now });
  }

  /** After commit: tell live listeners; a failure to announce never fails the change itself. */
  async function announce(context: Context, ticket: Ticket): Promise<Ticket> {
    await collaborators.changes
      .ticketChanged({
        ticketId: ticket.id,
        actorUserId: context.actor.kind === 'user' ? context.actor.id : null,
        requesterId: ticket.requester.id,
        organizationId: ticket.organization?.id ?? null,
      })
      .catch((error: unknown) => deps.logger.warn({ err: error }, 'live update not published'));
    return ticket;
  }

  /**
   * A customer changes the custom fields shown to them, and nothing else, while the request is not
   * closed; the values hidden from them are kept as they are.
   */
  async function updateCustomFieldsAsCustomer(context: Context, id: string, input: UpdateTicketInput) {
    const staffOnly = Object.entries(input)
      .filter(([field, value]) => field !== 'version' && field !== 'customFields' && value !== undefined)
      .map(([field]) => ({ path: `body.${field}`, message: 'Customers may change only custom fields' }));
    if (staffOnly.length > 0) {
      throw new AppError(403, 'FORBIDDEN', 'Customers may change only custom fields', { fields: staffOnly });
    }
    await database.transaction(async (tx) => {
      const { ticket, status } = await lockVisible(tx, context, id);
      if (ticket.version !== input.version) throw versionConflict('TICKET_VERSION_CONFLICT', ticket.version);
      if (!ticketAbilities(context.actor, { ...ticket, statusCategory: status.category }).editCustomFields) {
        throw forbidden('A closed request cannot change');
      }
      const customFields = await applyCustomFieldValues(tx, {
        author: 'customer',
        mode: 'update',
        ticket: { type: ticket.type, serviceId: ticket.serviceId },
        current: ticket.customFields,
        submitted: input.customFields,
      });
      if (customFields.changes.length === 0) return;
      await tx
        .update(tickets)
        .set({ customFields: customFields.values, ...touched(context.now, ticket.version) })
        .where(eq(tickets.id, id));
      await recordEvent(tx, {
        ticketId: id,
        kind: 'updated',
        actor: context.actor,
        now: context.now,
        changes: customFields.changes,
      });
    });
    return announce(context, await loadVisible(database.orm, context, id));
  }

  /** Tells the activity subscribers, inside the change's transaction (collaborators.ts). */
  async function reportActivity(tx: Transaction, activity: TicketActivity): Promise<void> {
    for (const listener of collaborators.activity ?? []) await listener.ticketActivity(tx, activity);
  }

  return {
    loadVisible,
    lockVisible,
    assertAssignable,
    announce,
    notifyFollowers,
    reportActivity,

    createTicket: createTicketOpening(deps, collaborators, announce),

    getTicket: (context: Context, id: string) => loadVisible(database.orm, context, id),

    async listTickets(context: Context, query: ListTicketsInput): Promise<Page<Ticket>> {
      const { actor } = context;
      const conditions: SQL[] = [];
      const me = actor.kind === 'user' ? actor.id : null;
      const myGroups = actor.kind === 'user' ? actor.groupIds : [];
      const arms = visibleTicketsArms(actor);
      // Rows that must match one of these (each read as a page of its own, then merged: ADR 0018).
      let anyOf: SQL[] | undefined;
      switch (query.view) {
        case 'my':
          // Assigned to the caller: visible to them by that alone.
          conditions.push(me ? eq(tickets.assigneeId, me) : sql`false`, openCategoryCondition);
          break;
        case 'my_groups':
          // In the caller's groups: visible to them by that alone. The ids in the text, so that a
          // generic plan knows how many tickets the groups hold (ADR 0018).
          conditions.push(inIdsLiteral(tickets.groupId, myGroups), openCategoryCondition);
          break;
        case 'level1_unassigned':
        case 'level2_unassigned':
          // The view's level is part of the text, not a parameter: a generic plan then knows it.
          conditions.push(
            sql`${tickets.supportLevel} = ${sql.raw(query.view === 'level1_unassigned' ? '1' : '2')}`,
            isNull(tickets.assigneeId),
            openCategoryCondition,
          );
          // An agent's visibility read arm by arm: as one OR, the planner took a level 2 agent's
          // (no level 1 group) for 91 000 rows and read the whole table in order to find none.
          // Nobody is assigned these, so the assignee's arm is left out.
          if (arms) anyOf = arms.groups ? [arms.groups, arms.followedElsewhere] : [arms.followedElsewhere];
          else conditions.push(visibleTicketsCondition(actor));
          break;
        case 'waiting_customer': {
          // The category's statuses in the text (one, unless a migration added more), so that a
          // page reads them in update order by (status, update time) instead of walking every
          // ticket's updates past the new ones at their head (ADR 0021). An agent's visibility
          // arm by arm, each planned with its own statistics (ADR 0018).
          const waiting = (await statusIdsByCategory(database.orm)).get('pending_customer') ?? [];
          conditions.push(inIdsLiteral(tickets.statusId, waiting));
          if (arms) anyOf = [arms.groups, arms.assigned, arms.followedElsewhere].filter((arm) => arm !== null);
          else conditions.push(visibleTicketsCondition(actor));
          break;
        }
        case 'all_open':
          conditions.push(visibleTicketsCondition(actor), openCategoryCondition);
          break;
        case undefined:
          conditions.push(visibleTicketsCondition(actor));
          break;
      }
      const number = query.q ? ticketNumberIn(query.q) : null;
      // A ticket number is looked up as such (an index hit), not searched as words.
      if (number) conditions.push(eq(tickets.number, number));
      else if (query.q) {
        const words = textQuery(query.q);
        const publicOnly = actor.kind === 'contact' ? sql`AND ${messages.visibility} = 'public'` : sql``;
        conditions.push(
          or(
            sql`${tickets.search} @@ ${words}`,
            sql`EXISTS (SELECT 1 FROM ${messages} WHERE ${messages.ticketId} = ${tickets.id} AND ${messages.search} @@ ${words} ${publicOnly})`,
            ilike(contacts.name, containsPattern(query.q)),
          )!,
        );
      }
      if (query.status?.length) conditions.push(inArray(ticketStatuses.category, query.status));
      if (query.priority?.length) conditions.push(inArray(tickets.priority, query.priority));
      if (query.level) conditions.push(eq(tickets.supportLevel, Number(query.level)));
      if (query.groupId) conditions.push(eq(tickets.groupId, query.groupId));
      if (query.assigneeId === 'none') conditions.push(isNull(tickets.assigneeId));
      else if (query.assigneeId === 'me') conditions.push(me ? eq(tickets.assigneeId, me) : sql`false`);
      else if (query.assigneeId) conditions.push(eq(tickets.assigneeId, query.assigneeId));
      if (query.serviceId) conditions.push(eq(tickets.serviceId, query.serviceId));
      if (query.organizationId) conditions.push(eq(tickets.organizationId, query.organizationId));
      if (query.requesterId) conditions.push(eq(tickets.requesterId, query.requesterId));
      const after = query.cursor
        ? decodeCursor(query.cursor, (value) =>
            query.sort === 'priority' ? /^P[1-5]$/.test(value) : isIsoInstant(value),
          )
        : null;
      // By update time, a tag's tickets are read from its own rows in that order (ADR 0021); in the
      // other orders, containment, which the GIN index on tags serves.
      const tagPage: TagPage | undefined =
        query.tag && query.sort === 'updated_desc' ? { tag: query.tag.toLowerCase(), after } : undefined;
      if (query.tag && !tagPage) conditions.push(sql`${tickets.tags} @> ARRAY[${query.tag.toLowerCase()}]::text[]`);
      if (query.createdFrom) conditions.push(gte(tickets.createdAt, new Date(query.createdFrom)));
      if (query.createdTo) conditions.push(lte(tickets.createdAt, new Date(query.createdTo)));
      if (query.updatedFrom) conditions.push(gte(tickets.updatedAt, new Date(query.updatedFrom)));
      if (query.updatedTo) conditions.push(lte(tickets.updatedAt, new Date(query.updatedTo)));
      for (const document of await customFieldFilterDocuments(database.orm, actor, query.customFields ?? {})) {
        conditions.push(sql`${tickets.customFields} @> ${JSON.stringify(document)}::jsonb`);
      }

      const sort = {
        updated_desc: { column: tickets.updatedAt, direction: 'desc' },
        created_desc: { column: tickets.createdAt, direction: 'desc' },
        created_asc: { column: tickets.createdAt, direction: 'asc' },
        priority: { column: tickets.priority, direction: 'asc' },
      }[query.sort];
      const keyOf = (row: { ticket: TicketRecord }): [string, string] => {
        const value =
          row.ticket[
            query.sort === 'priority' ? 'priority' : query.sort === 'updated_desc' ? 'updatedAt' : 'createdAt'
          ];
        return [value instanceof Date ? value.toISOString() : value, row.ticket.id];
      };
      if (after) {
        const [value, id] = after;
        const typed = query.sort === 'priority' ? sql`${value}::priority` : sql`${value}::timestamptz`;
        conditions.push(
          sort.direction === 'desc'
            ? sql`(${sort.column}, ${tickets.id}) < (${typed}, ${id}::uuid)`
            : sql`(${sort.column}, ${tickets.id}) > (${typed}, ${id}::uuid)`,
        );
      }
      const order =
        sort.direction === 'desc' ? [desc(sort.column), desc(tickets.id)] : [asc(sort.column), asc(tickets.id)];
      const rows = await readTicketRows(database.orm, {
        where: andAll(conditions),
        anyOf,
        tagPage,
        orderBy: order,
        limit: query.limit + 1,
        prepared: hasCheckedGenericPlan(query),
      });
      const page = toPage(rows, query.limit, (row) => row, keyOf);
      return {
        items: await presentTickets(database.orm, actor, context.language, page.items),
        nextCursor: page.nextCursor,
      };
    },

    /** Staff only (the route says so): from the counts kept by triggers, not by counting tickets. */
    async viewCounts(context: Context): Promise<{ view: TicketView; count: number }[]> {
      if (context.actor.kind !== 'user') throw forbidden();
      return viewCountList(await viewCounter.count(database.orm, context.actor));
    },

    async updateTicket(context: Context, id: string, input: UpdateTicketInput): Promise<Ticket> {
      if (context.actor.kind === 'contact') return updateCustomFieldsAsCustomer(context, id, input);
      if (context.actor.kind !== 'user') throw forbidden();
      const actor = context.actor;
      await database.transaction(async (tx) => {
        const { ticket, status } = await lockVisible(tx, context, id);
        if (input.version !== undefined && ticket.version !== input.version) {
          throw versionConflict('TICKET_VERSION_CONFLICT', ticket.version);
        }
        if (status.category === 'merged') throw new AppError(409, 'TICKET_MERGED', 'A merged ticket cannot change');
        const abilities = ticketAbilities(actor, { ...ticket, statusCategory: status.category });
        const reassigning =
          (input.assigneeId !== undefined && input.assigneeId !== ticket.assigneeId) ||
          (input.groupId !== undefined && input.groupId !== ticket.groupId);
        if (reassigning && !abilities.assign) {
          throw forbidden('Only the group that holds the ticket, its assignee or a manager may reassign it');
        }
        const changes: FieldChange[] = [];
        const set: Partial<typeof tickets.$inferInsert> = {};
        let statusChange: string | null = null;
        let nextCategory: StatusCategory | null = null;
        const change = <K extends keyof typeof tickets.$inferInsert>(
          field: K,
          from: unknown,
          to: unknown,
          value: (typeof tickets.$inferInsert)[K],
        ) => {
          changes.push({ field, from, to });
          set[field] = value;
        };

        if (input.type !== undefined && input.type !== ticket.type) change('type', ticket.type, input.type, input.type);
        if (input.subject !== undefined && input.subject !== ticket.subject) {
          change('subject', ticket.subject, input.subject, input.subject);
        }
        if (input.statusId !== undefined && input.statusId !== ticket.statusId) {
          const [next] = await tx
            .select()
            .from(ticketStatuses)
            .where(and(eq(ticketStatuses.id, input.statusId), eq(ticketStatuses.active, true)));
          if (!next) {
            throw new AppError(400, 'STATUS_NOT_FOUND', 'Unknown status', {
              fields: [{ path: 'body.statusId', message: 'Unknown status' }],
            });
          }
          if (!canMoveBetween(status.category, next.category)) {
            const allowed = await tx.select().from(ticketStatuses).where(eq(ticketStatuses.active, true));
            throw new AppError(
              409,
              'INVALID_STATUS_TRANSITION',
              `A ${status.category} ticket cannot become ${next.category}`,
              {
                from: status.category,
                to: next.category,
                allowedStatusIds: allowed
                  .filter(
                    (candidate) => canMoveBetween(status.category, candidate.category) && candidate.id !== status.id,
                  )
                  .map((candidate) => candidate.id),
              },
            );
          }
          change('statusId', statusName(status, context.language), statusName(next, context.language), next.id);
          statusChange = `${statusName(status, context.language)} → ${statusName(next, context.language)}`;
          nextCategory = next.category;
          if (next.category === 'resolved') set.resolvedAt = context.now;
          if (next.category === 'closed') set.closedAt = context.now;
          if (next.category !== 'resolved' && next.category !== 'closed') {
            set.resolvedAt = null;
            set.closedAt = null;
          }
        }
        const impact = input.impact ?? ticket.impact;
        const urgency = input.urgency ?? ticket.urgency;
        if (impact !== ticket.impact) change('impact', ticket.impact, impact, impact);
        if (urgency !== ticket.urgency) change('urgency', ticket.urgency, urgency, urgency);
        if (impact !== ticket.impact || urgency !== ticket.urgency) {
          const priority = await priorityFor(tx, impact, urgency);
          if (priority !== ticket.priority) change('priority', ticket.priority, priority, priority);
        }
        const serviceId = input.serviceId === undefined ? ticket.serviceId : input.serviceId;
        const categoryId = input.categoryId === undefined ? ticket.categoryId : input.categoryId;
        if (serviceId !== ticket.serviceId || categoryId !== ticket.categoryId) {
          await assertCatalogEntries(tx, serviceId, categoryId);
          if (serviceId !== ticket.serviceId) change('serviceId', ticket.serviceId, serviceId, serviceId);
          if (categoryId !== ticket.categoryId) change('categoryId', ticket.categoryId, categoryId, categoryId);
        }
        let groupId = ticket.groupId;
        if (input.groupId !== undefined && input.groupId !== ticket.groupId) {
          const [group] = await tx
            .select()
            .from(groups)
            .where(and(eq(groups.id, input.groupId), eq(groups.active, true)));
          if (!group) {
            throw new AppError(400, 'GROUP_NOT_FOUND', 'Unknown or inactive group', {
              fields: [{ path: 'body.groupId', message: 'Unknown group' }],
            });
          }
          if (group.supportLevel !== ticket.supportLevel) {
            throw new AppError(
              400,
              'GROUP_LEVEL_MISMATCH',
              'Moving a ticket to another support level is an escalation',
              {
                fields: [{ path: 'body.groupId', message: `Not a level ${ticket.supportLevel} group` }],
              },
            );
          }
          groupId = group.id;
          change('groupId', ticket.groupId, group.name, group.id);
          if (ticket.supportLevel === 1) set.level1GroupId = group.id;
        }
        let assigneeId = input.assigneeId === undefined ? ticket.assigneeId : input.assigneeId;
        // A transfer to another group leaves the assignee only if they belong to it.
        if (input.assigneeId === undefined && groupId !== ticket.groupId && assigneeId) {
          const [stillMember] = await tx
            .select()
            .from(groupMembers)
            .where(and(eq(groupMembers.groupId, groupId), eq(groupMembers.userId, assigneeId)));
          if (!stillMember) assigneeId = (await automaticAssignee(tx, groupId))?.id ?? null;
        }
        if (assigneeId !== ticket.assigneeId) {
          const name = assigneeId ? await assertAssignable(tx, assigneeId, groupId) : null;
          change('assigneeId', await userName(tx, ticket.assigneeId), name, assigneeId);
          // Someone is now responsible for a new ticket: it is being worked.
          if (assigneeId && status.category === 'new' && set.statusId === undefined) {
            const open = await defaultStatusOf(tx, 'open');
            change('statusId', statusName(status, context.language), statusName(open, context.language), open.id);
            nextCategory = 'open';
          }
        }
        if (input.tags !== undefined || input.addTags !== undefined) {
          const tags = normalizeTags([...(input.tags ?? ticket.tags), ...(input.addTags ?? [])]);
          if (tags.join(',') !== ticket.tags.join(',')) change('tags', ticket.tags, tags, tags);
        }
        if (input.replyReopens !== undefined && input.replyReopens !== ticket.replyReopens) {
          change('replyReopens', ticket.replyReopens, input.replyReopens, input.replyReopens);
        }
        if (input.customFields !== undefined) {
          const customFields = await applyCustomFieldValues(tx, {
            author: 'staff',
            mode: 'update',
            ticket: { type: set.type ?? ticket.type, serviceId },
            current: ticket.customFields,
            submitted: input.customFields,
          });
          if (customFields.changes.length > 0) {
            changes.push(...customFields.changes);
            set.customFields = customFields.values;
          }
        }
        if (changes.length === 0) return;
        await tx
          .update(tickets)
          .set({ ...set, ...touched(context.now, ticket.version) })
          .where(eq(tickets.id, id));
        await recordEvent(tx, { ticketId: id, kind: 'updated', actor, now: context.now, changes });
        const newAssignee = assigneeId && assigneeId !== ticket.assigneeId ? assigneeId : null;
        if (statusChange) {
          // The new assignee hears of the assignment instead.
          await notifyFollowers(tx, context, { ticketId: id, kind: 'ticket_status_changed', note: statusChange }, [
            newAssignee,
          ]);
        }
        await reportActivity(tx, {
          ticketId: id,
          kind: 'updated',
          actor,
          now: context.now,
          message: null,
          statusCategory:
            nextCategory && nextCategory !== status.category ? { from: status.category, to: nextCategory } : null,
        });
        await follow(tx, id, [actor.id]);
        if (newAssignee && newAssignee !== actor.id) {
          await collaborators.notifier.notify(tx, {
            userIds: [newAssignee],
            kind: 'ticket_assigned',
            ticketId: id,
            actorUserId: actor.id,
            note: null,
            now: context.now,
          });
        }
      });
      return announce(context, await loadVisible(database.orm, context, id));
    },

    async takeTicket(context: Context, id: string): Promise<Ticket> {
      const actor = context.actor;
      if (actor.kind !== 'user') throw forbidden();
      const current = await loadVisible(database.orm, context, id);
      if (!current.abilities.take) {
        throw new AppError(
          409,
          'CANNOT_TAKE',
          'You cannot take this ticket (already yours, finished, or not your group)',
        );
      }
      if (actor.role === 'agent' || actor.groupIds.includes(current.group!.id)) {
        return this.updateTicket(context, id, { version: current.version, assigneeId: actor.id });
      }
      // A manager outside the group takes it by joining the responsibility directly.
      await database.transaction(async (tx) => {
        const { ticket } = await lockVisible(tx, context, id);
        await tx
          .update(tickets)
          .set({ assigneeId: actor.id, ...touched(context.now, ticket.version) })
          .where(eq(tickets.id, id));
        const [me] = await tx.select({ name: users.name }).from(users).where(eq(users.id, actor.id));
        await recordEvent(tx, {
          ticketId: id,
          kind: 'updated',
          actor,
          now: context.now,
          changes: [{ field: 'assigneeId', from: await userName(tx, ticket.assigneeId), to: me?.name ?? null }],
        });
        await follow(tx, id, [actor.id]);
      });
      return announce(context, await loadVisible(database.orm, context, id));
    },
  };
}

export type Tickets = ReturnType<typeof createTickets>;
export { OPEN_CATEGORIES };
