/**
 * Who sees and does what with tickets. Deny by default:
 * - admins and supervisors see every ticket;
 * - agents see the tickets of their groups — the current group and the level 1 group a ticket came
 *   from (level 1 keeps following what it escalated) — and those assigned to them or that they follow;
 * - customers see the tickets they requested, and their organisation's when it shares tickets; a
 *   ticket they may not see is "not found" (404), never "forbidden";
 * - internal notes never reach a customer by any path (see conversation.service.ts).
 */
import { sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { StatusCategory, TicketAbilities } from '../../../contracts/tickets.contract.js';
import type { Actor } from '../../http/context.js';
import { organizations } from '../identity/identity.schema.js';
import { isFinished } from './ticket-status.js';
import { ticketFollowers, ticketFollowerViewCounts, tickets } from './tickets.schema.js';

const uuidArray = (ids: string[]) =>
  sql`ARRAY[${sql.join(
    ids.map((id) => sql`${id}::uuid`),
    sql`, `,
  )}]::uuid[]`;

/** The SQL condition that limits `tickets` to what the actor may see. */
export function visibleTicketsCondition(actor: Actor): SQL {
  switch (actor.kind) {
    case 'system':
      return sql`true`;
    case 'user': {
      if (actor.role === 'admin' || actor.role === 'supervisor') return sql`true`;
      const follows = sql`EXISTS (SELECT 1 FROM ${ticketFollowers} WHERE ${ticketFollowers.ticketId} = ${tickets.id} AND ${ticketFollowers.userId} = ${actor.id})`;
      const assigned = sql`${tickets.assigneeId} = ${actor.id}`;
      if (actor.groupIds.length === 0) return sql`(${assigned} OR ${follows})`;
      const groups = uuidArray(actor.groupIds);
      return sql`(${tickets.groupId} = ANY(${groups}) OR ${tickets.level1GroupId} = ANY(${groups}) OR ${assigned} OR ${follows})`;
    }
    case 'contact': {
      const own = sql`${tickets.requesterId} = ${actor.id}`;
      if (!actor.organizationId) return own;
      return sql`(${own} OR (${tickets.organizationId} = ${actor.organizationId} AND EXISTS (SELECT 1 FROM ${organizations} WHERE ${organizations.id} = ${actor.organizationId} AND ${organizations.sharesTickets})))`;
    }
    case 'anonymous':
      return sql`false`;
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A uuid written into the statement's text (checked: the text must stay safe). */
function uuidLiteral(id: string): string {
  if (!UUID.test(id)) throw new Error(`Not a uuid: ${id}`);
  return `'${id}'::uuid`;
}

/**
 * `column` is one of `ids`, the ids written into the statement's text, not sent as parameters: a
 * generic plan then knows which groups a list reads, so the statistics of migration 0026 tell it
 * "level 1 in a level 2 group" is nothing (with parameters, the generic plan of a level 2 agent's
 * "level 1 unassigned" by priority read every ticket in priority order: 10 s at 1M tickets). `=` for
 * one id, which an index on (column, sort) reads in order; `= ANY(ARRAY[…])` for several (PostgreSQL
 * 15 reads those unordered). The ids are the session's, read from the database.
 */
export function inIdsLiteral(column: AnyColumn, ids: string[]): SQL {
  if (ids.length === 0) return sql`false`;
  if (ids.length === 1) return sql`${column} = ${sql.raw(uuidLiteral(ids[0]!))}`;
  return sql`${column} = ANY(${sql.raw(`ARRAY[${ids.map(uuidLiteral).join(', ')}]`)})`;
}

/** An agent's visibility as its arms, any one of which makes a ticket visible. */
export interface VisibilityArms {
  /** The tickets its groups hold or escalated (their level 1 group); null without groups. */
  groups: SQL | null;
  assigned: SQL;
  /** What the agent follows outside its groups (inside them, the groups' arm lists it already). */
  followedElsewhere: SQL;
}

/**
 * The arms of `visibleTicketsCondition` for an agent, each one a condition planned on its own (the
 * groups' with their indexes and statistics, the assignee's, the followers'): as one OR, the
 * followers' subquery hid the rest from the planner's statistics. A list reads a page per arm and
 * merges them (ADR 0018). null when the actor's visibility is not such an OR (managers and the
 * system see everything; customers; anonymous).
 */
export function visibleTicketsArms(actor: Actor): VisibilityArms | null {
  if (actor.kind !== 'user' || actor.role === 'admin' || actor.role === 'supervisor') return null;
  const hasGroups = actor.groupIds.length > 0;
  const outside = (groupId: AnyColumn, level1GroupId: AnyColumn) =>
    hasGroups
      ? sql`NOT ${inIdsLiteral(groupId, actor.groupIds)} AND NOT ${inIdsLiteral(level1GroupId, actor.groupIds)}`
      : sql`true`;
  return {
    groups: hasGroups
      ? sql`(${inIdsLiteral(tickets.groupId, actor.groupIds)} OR ${inIdsLiteral(tickets.level1GroupId, actor.groupIds)})`
      : null,
    assigned: sql`${tickets.assigneeId} = ${actor.id}::uuid`,
    // Read from the follower's side (every ticket they follow, then each one's row): an agent follows
    // every ticket they create, thousands of them, so the arm is skipped outright when the follower
    // counts (migration 0020, exact in every transaction) say none lies outside their groups.
    followedElsewhere: sql`${tickets.id} IN (SELECT ${ticketFollowers.ticketId} FROM ${ticketFollowers} WHERE ${ticketFollowers.userId} = ${actor.id}::uuid)
      AND ${outside(tickets.groupId, tickets.level1GroupId)}
      AND EXISTS (SELECT 1 FROM ${ticketFollowerViewCounts} WHERE ${ticketFollowerViewCounts.userId} = ${actor.id}::uuid
        AND ${outside(ticketFollowerViewCounts.groupId, ticketFollowerViewCounts.level1GroupId)} HAVING sum(${ticketFollowerViewCounts.tickets}) > 0)`,
  };
}

export interface TicketFacts {
  supportLevel: number;
  groupId: string;
  assigneeId: string | null;
  statusCategory: StatusCategory;
}

const NOTHING: TicketAbilities = {
  update: false,
  reply: false,
  addInternalNote: false,
  escalate: false,
  handBack: false,
  escalateToSupervisor: false,
  take: false,
  assign: false,
  editCustomFields: false,
  follow: false,
  manageFollowers: false,
  manageParticipants: false,
};

/** What the actor may do with a ticket it can see (sent to the browser with every ticket). */
export function ticketAbilities(actor: Actor, ticket: TicketFacts): TicketAbilities {
  const finished = isFinished(ticket.statusCategory);
  if (actor.kind === 'contact') {
    // A customer answers until the ticket is closed (a reply to a resolved ticket reopens it).
    // …and keeps the fields shown to them up to date on the same terms.
    return { ...NOTHING, reply: !finished, editCustomFields: !finished };
  }
  if (actor.kind !== 'user') return NOTHING;
  const manager = actor.role === 'admin' || actor.role === 'supervisor';
  const inGroup = actor.groupIds.includes(ticket.groupId);
  const mine = ticket.assigneeId === actor.id;
  // Hand-offs belong to whoever holds the ticket now: its group, its assignee, or a manager.
  // Followers (the level 1 group after an escalation) keep reading and writing notes.
  const holds = inGroup || mine || manager;
  const working = !finished;
  return {
    update: ticket.statusCategory !== 'merged',
    reply: working,
    addInternalNote: ticket.statusCategory !== 'merged',
    escalate: working && holds && ticket.supportLevel === 1,
    handBack: working && holds && ticket.supportLevel === 2,
    escalateToSupervisor: working && actor.role !== 'supervisor',
    // One responsible person: an unassigned ticket is taken by its group; taking one from a
    // colleague is a manager's decision.
    take: working && !mine && (ticket.assigneeId === null ? inGroup || manager : manager),
    assign: working && holds,
    editCustomFields: ticket.statusCategory !== 'merged',
    // Any staff member who sees a ticket may follow it or bring a colleague in; taking someone
    // else off it (which may take their access away) is for whoever holds the ticket.
    follow: ticket.statusCategory !== 'merged',
    manageFollowers: holds,
    // Who is copied on the public replies: any staff member working the ticket (not a customer:
    // copying someone in must not be a way for a customer to widen who reads the conversation).
    manageParticipants: ticket.statusCategory !== 'merged',
  };
}
