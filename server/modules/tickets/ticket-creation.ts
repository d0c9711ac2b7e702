/**
 * Opening a ticket in two statements (issue 3: creations per second). Both ways in (the API and a
 * new inbound email) go through here:
 * - `readNewTicketFacts`: one statement reads everything a new ticket needs to know (requester,
 *   catalog entries, level 1 group and its assignment mode, default status, priority, custom field
 *   definitions, the names the response shows), takes the ticket number (`nextval` on the year's
 *   sequence, ADR 0013) and reads what the activity subscribers need (ADR 0020);
 * - `insertNewTicket`: one statement writes the ticket, its first message, its history, its first
 *   follower and what the subscribers write with it (the acknowledgement), and, in round-robin
 *   groups, moves the assignment cursor (a row lock held until commit, which serialises concurrent
 *   creations in a round-robin group).
 * The API runs both outside any transaction when nothing else is written (the second is atomic on
 * its own); inbound mail runs them in the pipeline's transaction.
 */
import { createHash } from 'node:crypto';
import { Param, Placeholder, sql, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type pg from 'pg';
import type { Channel } from '../../../contracts/common.contract.js';
import type { LevelOfImpact, Priority, Ticket } from '../../../contracts/tickets.contract.js';
import type { Transaction } from '../../db/database.js';
import { timeOrderedUuid } from '../../db/time-ordered-id.js';
import { AppError } from '../../http/app-error.js';
import type { Actor, Context } from '../../http/context.js';
import { customFieldRulesJson, valuesForCustomer, type CustomFieldRule } from '../custom-fields/index.js';
import { roundRobinCursorStep, type AssignmentPlan, type AutomaticAssignee } from './automatic-assignment.js';
import type { OpenedTicket, OpeningStatement, TicketActivity, TicketActivityListener } from './collaborators.js';
import { formatTicketNumber } from './ticket-number.js';
import type { SearchLanguage } from './message-language.js';
import { ticketAbilities } from './tickets.policy.js';

/** What one statement tells about a ticket about to be opened. */
export interface NewTicketFacts {
  /** The requester found by address or id; null when nobody owns the address yet. */
  requester: {
    /** Set when the address belongs to staff (refused by the requester directory). */
    userId: string | null;
    contactId: string | null;
    organizationId: string | null;
    name: string | null;
    email: string | null;
    organizationName: string | null;
    /** The contact's language, else their organisation's, else the desk's. */
    language: 'it' | 'en';
  } | null;
  status: { id: string; nameIt: string; nameEn: string };
  priority: Priority | null;
  service: { active: boolean; name: string; defaultLevel1GroupId: string | null } | null;
  category: { active: boolean; serviceId: string | null; name: string } | null;
  /** The level 1 group: the one given, else the category's, else the service's, else the desk's first. */
  group: { id: string; name: string; assignmentMode: 'manual' | 'round_robin' | 'least_open' } | null;
  actorName: string | null;
  /** Active custom field definitions (what a new ticket's values are checked against). */
  customFieldDefinitions: CustomFieldRule[];
  /** The new ticket's number, taken by this read: a creation refused afterwards leaves a gap. */
  number: string;
  /** What each `openingFacts` expression read, in order. */
  opening: unknown[];
}

export interface NewTicketLookup {
  requester: { address: string } | { contactId: string };
  serviceId: string | null;
  categoryId: string | null;
  /** The group chosen by the caller (a mailbox's); null: chosen from the catalog or the desk. */
  groupId: string | null;
  impact: LevelOfImpact;
  urgency: LevelOfImpact;
  actorUserId: string | null;
  /** The year of the ticket number (the desk's, `yearInDeskTimeZone`). */
  year: number;
}

interface FactsRow extends Record<string, unknown> {
  requester_user_id: string | null;
  requester_contact_id: string | null;
  requester_organization_id: string | null;
  requester_name: string | null;
  requester_email: string | null;
  requester_organization_name: string | null;
  requester_language: 'it' | 'en' | null;
  requester_found: boolean | null;
  status_id: string | null;
  status_name_it: string | null;
  status_name_en: string | null;
  priority: Priority | null;
  service_active: boolean | null;
  service_name: string | null;
  service_group_id: string | null;
  category_active: boolean | null;
  category_service_id: string | null;
  category_name: string | null;
  group_id: string | null;
  group_name: string | null;
  assignment_mode: 'manual' | 'round_robin' | 'least_open' | null;
  actor_name: string | null;
  custom_field_definitions: CustomFieldRule[] | null;
  sequence_value: string;
  opening: unknown[] | null;
}

const primaryAddressOf = (contact: SQL) =>
  sql`(SELECT address FROM email_addresses WHERE contact_id = ${contact} ORDER BY position LIMIT 1)`;

/** The requester's row, by contact id or by (lower-case) address: values or placeholders. */
function requesterSource(requester: { address: unknown } | { contactId: unknown }): SQL {
  if ('contactId' in requester) {
    return sql`SELECT NULL::uuid AS user_id, c.id AS contact_id, c.organization_id, c.name,
        ${primaryAddressOf(sql`c.id`)} AS email, o.name AS organization_name,
        coalesce(c.language, o.language, 'it') AS language
      FROM contacts c LEFT JOIN organizations o ON o.id = c.organization_id
      WHERE c.id = ${requester.contactId}::uuid`;
  }
  return sql`SELECT e.user_id, c.id AS contact_id, c.organization_id, c.name,
      ${primaryAddressOf(sql`c.id`)} AS email, o.name AS organization_name,
      coalesce(c.language, o.language, 'it') AS language
    FROM email_addresses e
    LEFT JOIN contacts c ON c.id = e.contact_id
    LEFT JOIN organizations o ON o.id = c.organization_id
    WHERE e.address = ${requester.address}`;
}

const dialect = new PgDialect();

/** A statement compiled once: its text, its prepared name, and where each value of a call goes. */
interface CompiledStatement {
  name: string;
  text: string;
  /** Per parameter: a fixed value, or the placeholder it is filled from (with its column's encoding). */
  slots: ({ fixed: unknown } | { placeholder: string; encode: ((value: unknown) => unknown) | null })[];
}

/** Compiled statements by the listeners whose parts are in their text, then by shape. */
const compiledStatements = new WeakMap<object, Map<string, CompiledStatement>>();

/** A connection in a transaction (`tx`), or the pool (`database.orm`): where a statement runs. */
export interface StatementRunner {
  $client: Pick<pg.Pool, 'query'> | Pick<pg.PoolClient, 'query'>;
}

function compile(purpose: string, query: SQL): CompiledStatement {
  const { sql: text, params } = dialect.sqlToQuery(query);
  return {
    name: `${purpose}-${createHash('sha1').update(text).digest('hex').slice(0, 16)}`,
    text,
    slots: params.map((param) => {
      if (param instanceof Placeholder) return { placeholder: param.name, encode: null };
      if (param instanceof Param && param.value instanceof Placeholder) {
        const { encoder } = param;
        return { placeholder: param.value.name, encode: (value: unknown) => encoder.mapToDriverValue(value) };
      }
      return { fixed: param };
    }),
  };
}

/**
 * Runs a statement of a known shape as a named prepared statement. `build` writes it with
 * `sql.placeholder`s and runs once per shape and process: the text and its parameters' places are
 * kept, and each call only fills in `values` (building and compiling the drizzle SQL of a creation's
 * two statements on every call was a tenth of the server's CPU per creation, docs/PERFORMANCE.md).
 * Each connection parses and plans the statement once (the facts query took longer to plan than to
 * run). `shape` must name everything the text depends on, within `scope` (the activity listeners
 * whose parts the text holds).
 */
async function executeShaped<Row>(
  runner: StatementRunner,
  purpose: string,
  scope: object,
  shape: string,
  build: () => SQL,
  values: Record<string, unknown>,
): Promise<Row[]> {
  let shapes = compiledStatements.get(scope);
  if (!shapes) {
    shapes = new Map();
    compiledStatements.set(scope, shapes);
  }
  let compiled = shapes.get(`${purpose}:${shape}`);
  if (!compiled) {
    compiled = compile(purpose, build());
    shapes.set(`${purpose}:${shape}`, compiled);
  }
  const parameters = compiled.slots.map((slot) => {
    if ('fixed' in slot) return slot.fixed;
    if (!(slot.placeholder in values)) throw new Error(`No value for ${slot.placeholder} in ${purpose}`);
    const value = values[slot.placeholder];
    return slot.encode && value !== null ? slot.encode(value) : value;
  });
  const result = await runner.$client.query({ name: compiled.name, text: compiled.text, values: parameters });
  return result.rows as Row[];
}

const placeholder = (name: string) => sql.placeholder(name);

/** For a desk without activity subscribers: one array, so that its compiled statements are kept. */
export const NO_ACTIVITY_LISTENERS: TicketActivityListener[] = [];

/** The activity subscribers whose `opening` parts a creation reads and writes, and the mail's mailbox. */
export interface OpeningSubscribers {
  listeners: TicketActivityListener[];
  /** The mailbox an inbound mail came to; null through the API. */
  mailboxId: string | null;
}

/**
 * Reads, in one statement, what opening a ticket needs, with what the subscribers' `opening.facts`
 * expressions read; takes the ticket number, and no lock.
 */
export async function readNewTicketFacts(
  runner: StatementRunner,
  lookup: NewTicketLookup,
  subscribers: OpeningSubscribers,
): Promise<NewTicketFacts> {
  const byContact = 'contactId' in lookup.requester;
  const chosenGroup = lookup.groupId !== null;
  const build = () => {
    const desk = sql`(SELECT id FROM groups WHERE support_level = 1 AND active ORDER BY created_at, id LIMIT 1)`;
    const groupChoice = chosenGroup
      ? sql`${placeholder('groupId')}::uuid`
      : sql`coalesce(category.default_level1_group_id, service.default_level1_group_id, ${desk})`;
    const openingFacts = subscribers.listeners.flatMap((listener) =>
      listener.opening ? [listener.opening.facts({ mailboxId: sql`${placeholder('mailboxId')}::uuid` })] : [],
    );
    return sql`
    SELECT requester.user_id AS requester_user_id, requester.contact_id AS requester_contact_id,
      requester.organization_id AS requester_organization_id, requester.name AS requester_name,
      requester.email AS requester_email, requester.organization_name AS requester_organization_name,
      requester.language AS requester_language,
      status.id AS status_id, status.name_it AS status_name_it, status.name_en AS status_name_en,
      (SELECT priority FROM priority_matrix WHERE impact = ${placeholder('impact')} AND urgency = ${placeholder('urgency')}) AS priority,
      service.active AS service_active, service.name AS service_name,
      service.default_level1_group_id AS service_group_id,
      category.active AS category_active, category.service_id AS category_service_id, category.name AS category_name,
      chosen.id AS group_id, chosen.name AS group_name, chosen.assignment_mode,
      (SELECT name FROM users WHERE id = ${placeholder('actorUserId')}::uuid) AS actor_name,
      ${customFieldRulesJson} AS custom_field_definitions,
      ticket_number_next(${placeholder('year')}::int) AS sequence_value,
      ${openingFacts.length > 0 ? sql`json_build_array(${sql.join(openingFacts, sql`, `)})` : sql`NULL::json`} AS opening
    FROM (SELECT 1) AS one
    LEFT JOIN (${requesterSource(byContact ? { contactId: placeholder('requester') } : { address: placeholder('requester') })}) AS requester ON true
    LEFT JOIN LATERAL (SELECT id, name_it, name_en FROM ticket_statuses WHERE category = 'new' AND is_default LIMIT 1) AS status ON true
    LEFT JOIN services AS service ON service.id = ${placeholder('serviceId')}::uuid
    LEFT JOIN categories AS category ON category.id = ${placeholder('categoryId')}::uuid
    LEFT JOIN groups AS chosen ON chosen.id = ${groupChoice}`;
  };
  const [row] = await executeShaped<FactsRow>(
    runner,
    'ticket-facts',
    subscribers.listeners,
    `${byContact ? 'contact' : 'address'}:${chosenGroup ? 'group' : 'catalog'}`,
    build,
    {
      requester: 'contactId' in lookup.requester ? lookup.requester.contactId : lookup.requester.address.toLowerCase(),
      groupId: lookup.groupId,
      impact: lookup.impact,
      urgency: lookup.urgency,
      actorUserId: lookup.actorUserId,
      year: lookup.year,
      serviceId: lookup.serviceId,
      categoryId: lookup.categoryId,
      mailboxId: subscribers.mailboxId,
    },
  );
  if (!row?.status_id) throw new Error('No default status for the category new');
  return {
    requester:
      row.requester_contact_id || row.requester_user_id
        ? {
            userId: row.requester_user_id,
            contactId: row.requester_contact_id,
            organizationId: row.requester_organization_id,
            name: row.requester_name,
            email: row.requester_email,
            organizationName: row.requester_organization_name,
            language: row.requester_language ?? 'it',
          }
        : null,
    status: { id: row.status_id, nameIt: row.status_name_it!, nameEn: row.status_name_en! },
    priority: row.priority,
    service:
      row.service_active === null
        ? null
        : { active: row.service_active, name: row.service_name!, defaultLevel1GroupId: row.service_group_id },
    category:
      row.category_active === null
        ? null
        : { active: row.category_active, serviceId: row.category_service_id, name: row.category_name! },
    group: row.group_id ? { id: row.group_id, name: row.group_name!, assignmentMode: row.assignment_mode! } : null,
    actorName: row.actor_name,
    customFieldDefinitions: row.custom_field_definitions ?? [],
    number: formatTicketNumber(lookup.year, Number(row.sequence_value)),
    opening: row.opening ?? [],
  };
}

export interface NewTicket {
  id: string;
  type: 'incident' | 'service_request';
  subject: string;
  statusId: string;
  impact: LevelOfImpact;
  urgency: LevelOfImpact;
  priority: Priority;
  groupId: string;
  requesterId: string;
  organizationId: string | null;
  serviceId: string | null;
  categoryId: string | null;
  channel: Channel;
  tags: string[];
  customFields: Record<string, unknown>;
  now: Date;
}

export interface NewTicketMessage {
  id: string;
  kind: 'email' | 'phone' | 'portal';
  visibility: 'public' | 'internal';
  authorUserId: string | null;
  authorContactId: string | null;
  bodyHtml: string;
  bodyText: string;
  language: SearchLanguage;
  email?: {
    messageId: string | null;
    headers: unknown;
    threading: unknown;
    flags: string[];
    /** The files the mail came with (`messages.email_attachments`); null when none. */
    attachments?: unknown[] | null;
  };
}

/** A history row written with the ticket (after its `created` event, in this order). */
export interface NewTicketEvent {
  kind: 'linked';
  actor: Actor;
  note: string;
}

/** Tags as tickets keep them: trimmed, lower-case, once each, sorted. */
export const normalizeTags = (tags: string[]) =>
  [...new Set(tags.map((tag) => tag.trim().toLowerCase()).filter(Boolean))].sort();

/** Made in the process, so that the subscribers know them before the write; in time order (time-ordered-id.ts). */
export const newTicketIds = () => ({ ticketId: timeOrderedUuid(), messageId: timeOrderedUuid() });

/**
 * Writes, in one statement, the ticket with the number its facts took, its first message, its
 * `created` event (then `extraEvents`), the automatic assignment's event, the actor's following and
 * the subscribers' `statements`, moving the round-robin cursor when the group has one. Atomic on its
 * own: run outside a transaction when nothing else is written. Returns the assignee chosen.
 */
export async function insertNewTicket(
  runner: StatementRunner,
  input: {
    ticket: NewTicket;
    number: string;
    message: NewTicketMessage;
    actor: Actor;
    assignment: AssignmentPlan;
    extraEvents?: NewTicketEvent[];
    follower: string | null;
    /** Data-modifying statements of the activity subscribers, run after the ticket's rows. */
    statements?: OpeningStatement[];
    /** The listeners the statements come from (their shapes are named within them). */
    listeners: TicketActivityListener[];
  },
): Promise<{ assignee: AutomaticAssignee | null }> {
  const { ticket, message, actor, assignment } = input;
  const extraEvents = input.extraEvents ?? [];
  const statements = input.statements ?? [];
  const email = message.email;
  const userOf = (who: Actor) => (who.kind === 'user' ? who.id : null);
  const contactOf = (who: Actor) => (who.kind === 'contact' ? who.id : null);
  const values: Record<string, unknown> = {
    ticketId: ticket.id,
    number: input.number,
    type: ticket.type,
    subject: ticket.subject,
    statusId: ticket.statusId,
    impact: ticket.impact,
    urgency: ticket.urgency,
    priority: ticket.priority,
    groupId: ticket.groupId,
    chosenAssigneeId: assignment.kind === 'chosen' ? assignment.assignee.id : null,
    candidateIds: assignment.kind === 'round_robin' ? assignment.candidates.map((candidate) => candidate.id) : null,
    requesterId: ticket.requesterId,
    organizationId: ticket.organizationId,
    serviceId: ticket.serviceId,
    categoryId: ticket.categoryId,
    channel: ticket.channel,
    tags: ticket.tags,
    customFields: JSON.stringify(ticket.customFields),
    now: ticket.now,
    messageId: message.id,
    messageKind: message.kind,
    visibility: message.visibility,
    authorUserId: message.authorUserId,
    authorContactId: message.authorContactId,
    bodyHtml: message.bodyHtml,
    bodyText: message.bodyText,
    language: message.language,
    emailMessageId: email?.messageId ?? null,
    emailHeaders: email ? JSON.stringify(email.headers) : null,
    threading: email ? JSON.stringify(email.threading) : null,
    emailFlags: email?.flags ?? [],
    emailAttachments: email?.attachments ? JSON.stringify(email.attachments) : null,
    actorUserId: userOf(actor),
    actorContactId: contactOf(actor),
    follower: input.follower,
  };
  extraEvents.forEach((event, index) => {
    values[`event${index}Kind`] = event.kind;
    values[`event${index}UserId`] = userOf(event.actor);
    values[`event${index}ContactId`] = contactOf(event.actor);
    values[`event${index}Note`] = event.note;
  });
  // The subscribers' placeholders are named apart: `opening0.<name>`.
  statements.forEach((statement, index) => {
    for (const [name, value] of Object.entries(statement.values)) values[`opening${index}.${name}`] = value;
  });

  const build = () => {
    const steps: SQL[] = [];
    const assigneeValue =
      assignment.kind === 'chosen'
        ? sql`${placeholder('chosenAssigneeId')}::uuid`
        : assignment.kind === 'round_robin'
          ? sql`(SELECT last_user_id FROM cursor)`
          : sql`NULL::uuid`;
    if (assignment.kind === 'round_robin') {
      steps.push(sql`cursor AS (${roundRobinCursorStep(placeholder('groupId'), placeholder('candidateIds'))})`);
    }
    steps.push(sql`ticket AS (
    INSERT INTO tickets (id, number, type, subject, status_id, impact, urgency, priority, support_level,
      group_id, level1_group_id, assignee_id, requester_id, organization_id, service_id, category_id,
      channel, tags, custom_fields, created_at, updated_at)
    VALUES (${placeholder('ticketId')}::uuid, ${placeholder('number')}, ${placeholder('type')}, ${placeholder('subject')},
      ${placeholder('statusId')}::uuid, ${placeholder('impact')}, ${placeholder('urgency')}, ${placeholder('priority')}, 1,
      ${placeholder('groupId')}::uuid, ${placeholder('groupId')}::uuid, ${assigneeValue}, ${placeholder('requesterId')}::uuid,
      ${placeholder('organizationId')}::uuid, ${placeholder('serviceId')}::uuid, ${placeholder('categoryId')}::uuid,
      ${placeholder('channel')}, ${placeholder('tags')}::text[], ${placeholder('customFields')}::jsonb,
      ${placeholder('now')}, ${placeholder('now')})
    RETURNING assignee_id)`);
    steps.push(sql`message AS (
    INSERT INTO messages (id, ticket_id, kind, visibility, author_user_id, author_contact_id, body_html,
      body_text, language, created_at, email_message_id, email_headers, threading, email_flags, email_attachments)
    VALUES (${placeholder('messageId')}::uuid, ${placeholder('ticketId')}::uuid, ${placeholder('messageKind')},
      ${placeholder('visibility')}, ${placeholder('authorUserId')}::uuid, ${placeholder('authorContactId')}::uuid,
      ${placeholder('bodyHtml')}, ${placeholder('bodyText')}, ${placeholder('language')}, ${placeholder('now')},
      ${placeholder('emailMessageId')}, ${placeholder('emailHeaders')}::jsonb, ${placeholder('threading')}::jsonb,
      ${placeholder('emailFlags')}::text[], ${placeholder('emailAttachments')}::jsonb))`);
    // History in order (ids are a sequence): created, then what came with it, then the assignment.
    const events: SQL[] = [
      sql`SELECT 0 AS position, 'created'::text AS kind, ${placeholder('actorUserId')}::uuid AS actor_user_id,
      ${placeholder('actorContactId')}::uuid AS actor_contact_id, '[]'::jsonb AS changes, NULL::text AS note`,
      ...extraEvents.map(
        (_event, index) =>
          sql`SELECT ${sql.raw(String(index + 1))}, ${placeholder(`event${index}Kind`)}::text,
          ${placeholder(`event${index}UserId`)}::uuid, ${placeholder(`event${index}ContactId`)}::uuid, '[]'::jsonb,
          ${placeholder(`event${index}Note`)}::text`,
      ),
    ];
    if (assignment.kind !== 'none') {
      // The system chose the assignee: history says so, by name (what the timeline shows).
      events.push(sql`SELECT 1000, 'updated'::text, NULL::uuid, NULL::uuid,
      jsonb_build_array(jsonb_build_object('field', 'assigneeId', 'from', NULL, 'to', users.name)),
      'Assegnazione automatica'
      FROM ticket JOIN users ON users.id = ticket.assignee_id`);
    }
    steps.push(sql`event AS (
    INSERT INTO ticket_events (ticket_id, kind, actor_user_id, actor_contact_id, changes, note, created_at)
    SELECT ${placeholder('ticketId')}::uuid, kind, actor_user_id, actor_contact_id, changes, note, ${placeholder('now')}
    FROM (${sql.join(events, sql` UNION ALL `)}) AS events ORDER BY position)`);
    if (input.follower) {
      steps.push(sql`follower AS (
      INSERT INTO ticket_followers (ticket_id, user_id) VALUES (${placeholder('ticketId')}::uuid, ${placeholder('follower')}::uuid)
      ON CONFLICT DO NOTHING)`);
    }
    statements.forEach((statement, index) =>
      steps.push(
        sql`${sql.raw(`opening_${index}`)} AS (${statement.build((name) => placeholder(`opening${index}.${name}`))})`,
      ),
    );
    return sql`WITH ${sql.join(steps, sql`, `)} SELECT assignee_id FROM ticket`;
  };
  const shape = [
    assignment.kind,
    `events:${extraEvents.length}`,
    input.follower ? 'follower' : 'nobody',
    ...statements.map((statement) => statement.shape),
  ].join(':');
  const [row] = await executeShaped<{ assignee_id: string | null }>(
    runner,
    'ticket-insert',
    input.listeners,
    shape,
    build,
    values,
  );
  if (!row) throw new Error('The new ticket was not written');
  const assigneeId = row.assignee_id;
  const assignee =
    assignment.kind === 'chosen'
      ? assignment.assignee
      : assignment.kind === 'round_robin'
        ? (assignment.candidates.find((candidate) => candidate.id === assigneeId) ?? null)
        : null;
  return { assignee };
}

/**
 * What the activity subscribers write with a new ticket: the `opening` parts' statements (from what
 * `openingFacts` read), and the work for the ticket's transaction — their jobs, and the `created`
 * activity for a subscriber without an `opening` part.
 */
export async function openingWrites(
  listeners: TicketActivityListener[],
  activity: TicketActivity & { opened: OpenedTicket },
  facts: NewTicketFacts,
): Promise<{ statements: OpeningStatement[]; inTransaction: ((tx: Transaction) => Promise<void>)[] }> {
  const statements: OpeningStatement[] = [];
  const inTransaction: ((tx: Transaction) => Promise<void>)[] = [];
  let read = 0;
  for (const listener of listeners) {
    if (!listener.opening) {
      inTransaction.push((tx) => listener.ticketActivity(tx, activity));
      continue;
    }
    const part = await listener.opening.writes(activity, facts.opening[read]);
    read += 1;
    statements.push(...part.statements);
    if (part.inTransaction) inTransaction.push(part.inTransaction);
  }
  return { statements, inTransaction };
}

export const serviceNotFound = () =>
  new AppError(400, 'SERVICE_NOT_FOUND', 'Unknown or inactive service', {
    fields: [{ path: 'body.serviceId', message: 'Unknown service' }],
  });
export const categoryNotFound = () =>
  new AppError(400, 'CATEGORY_NOT_FOUND', 'Unknown or inactive category, or one of another service', {
    fields: [{ path: 'body.categoryId', message: 'Unknown category' }],
  });

/** `assertCatalogEntries` on what `readNewTicketFacts` read. */
export function assertNewTicketCatalogEntries(
  facts: NewTicketFacts,
  serviceId: string | null,
  categoryId: string | null,
) {
  if (serviceId && !facts.service?.active) throw serviceNotFound();
  const category = facts.category;
  if (categoryId && (!category?.active || (serviceId && category.serviceId && category.serviceId !== serviceId))) {
    throw categoryNotFound();
  }
}

/** The new ticket as a read would show it to its creator, from what its transaction knows. */
export function presentNewTicket(
  context: Context,
  created: {
    facts: NewTicketFacts;
    requester: NonNullable<NewTicketFacts['requester']>;
    ticket: NewTicket;
    number: string;
    assignee: AutomaticAssignee | null;
  },
): Ticket {
  const { actor, now } = context;
  const { facts, requester, ticket, number, assignee } = created;
  const forCustomer = actor.kind === 'contact';
  const followers = actor.kind === 'user' ? [{ id: actor.id, name: facts.actorName ?? '' }] : [];
  // Customers receive only the values of fields shown to them.
  const visibleKeys = new Set(
    facts.customFieldDefinitions
      .filter((definition) => definition.active && definition.visibleToCustomer)
      .map((definition) => definition.key),
  );
  const reference = (id: string | null, name: string | null | undefined) => (id && name != null ? { id, name } : null);
  return {
    id: ticket.id,
    number,
    type: ticket.type,
    subject: ticket.subject,
    status: {
      id: facts.status.id,
      name: context.language === 'en' ? facts.status.nameEn : facts.status.nameIt,
      category: 'new',
    },
    impact: ticket.impact,
    urgency: ticket.urgency,
    priority: ticket.priority,
    supportLevel: 1,
    group: reference(ticket.groupId, facts.group?.name),
    assignee: assignee ? { id: assignee.id, name: assignee.name } : null,
    requester: { id: ticket.requesterId, name: requester.name ?? '', email: requester.email },
    organization: reference(ticket.organizationId, requester.organizationName),
    service: reference(ticket.serviceId, facts.service?.name),
    category: reference(ticket.categoryId, facts.category?.name),
    channel: ticket.channel,
    // Internal working data stays with the staff.
    tags: forCustomer ? [] : ticket.tags,
    followerIds: followers.map((follower) => follower.id),
    followers,
    following: actor.kind === 'user',
    replyReopens: false,
    customFields: (forCustomer
      ? valuesForCustomer(ticket.customFields, visibleKeys)
      : ticket.customFields) as Ticket['customFields'],
    mergedInto: null,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    resolvedAt: null,
    closedAt: null,
    version: 1,
    abilities: ticketAbilities(actor, {
      supportLevel: 1,
      groupId: ticket.groupId,
      assigneeId: assignee?.id ?? null,
      statusCategory: 'new',
    }),
  };
}
