/**
 * What a ticket notice is written from, read in the notice job's transaction: the ticket, its
 * requester and CC participants, the mailbox it speaks from, and the Message-IDs of its thread; and,
 * for the acknowledgement written in the creating transaction, the mailbox and template override.
 * Read-only SQL over the tickets and identity tables; every write goes through their public
 * functions (STYLE 2).
 */
import { and, asc, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { Language } from '../../../contracts/common.contract.js';
import type { Transaction } from '../../db/database.js';
import { contacts, emailAddresses, organizations, users } from '../identity/identity.schema.js';
import { messages, ticketParticipants, tickets, ticketStatuses } from '../tickets/tickets.schema.js';
import type { TemplateText } from './email-template-defaults.js';
import { emailTemplates, inboundEmails, mailboxes, outboundMessages } from './mail.schema.js';

export interface NoticeMailbox {
  name: string;
  address: string;
}

/**
 * The ticket with what every notice needs; null when the ticket is gone. One statement: the
 * requester's first address and the participants come as sub-selects (a notice per new ticket from
 * mail, so this runs as often as mail arrives).
 */
export async function loadNoticeTicket(tx: Transaction, ticketId: string) {
  const [row] = await tx
    .select({
      ticket: {
        id: tickets.id,
        number: tickets.number,
        subject: tickets.subject,
        channel: tickets.channel,
        groupId: tickets.groupId,
        replyReopens: tickets.replyReopens,
        requesterId: tickets.requesterId,
      },
      statusCategory: ticketStatuses.category,
      statusIt: ticketStatuses.nameIt,
      statusEn: ticketStatuses.nameEn,
      requesterName: contacts.name,
      contactLanguage: contacts.language,
      organizationLanguage: organizations.language,
      requesterEmail: sql<string | null>`(
        SELECT ${emailAddresses.address} FROM ${emailAddresses}
         WHERE ${emailAddresses.contactId} = ${tickets.requesterId}
         ORDER BY ${emailAddresses.position} LIMIT 1)`,
      participantAddresses: sql<string[]>`ARRAY(
        SELECT ${ticketParticipants.address} FROM ${ticketParticipants}
         WHERE ${ticketParticipants.ticketId} = ${tickets.id}
         ORDER BY ${ticketParticipants.createdAt}, ${ticketParticipants.address})`,
    })
    .from(tickets)
    .innerJoin(ticketStatuses, eq(ticketStatuses.id, tickets.statusId))
    .innerJoin(contacts, eq(contacts.id, tickets.requesterId))
    .leftJoin(organizations, eq(organizations.id, tickets.organizationId))
    .where(eq(tickets.id, ticketId));
  if (!row) return null;
  // DESIGN §3b "Language of a message": the contact's, else the organisation's, else the desk's.
  const language: Language = row.contactLanguage ?? row.organizationLanguage ?? 'it';
  return {
    ...row,
    language,
    statusName: language === 'it' ? row.statusIt : row.statusEn,
    requesterEmail: row.requesterEmail ?? null,
    participantAddresses: row.participantAddresses ?? [],
  };
}

export type NoticeTicket = NonNullable<Awaited<ReturnType<typeof loadNoticeTicket>>>;

/**
 * The mailbox a ticket's mail comes from: the one its customer last wrote to, else the active
 * mailbox of its group, else the default mailbox (portal, phone and API tickets), else none.
 */
export async function mailboxOf(tx: Transaction, ticketId: string, groupId: string): Promise<NoticeMailbox | null> {
  const columns = { name: mailboxes.name, address: mailboxes.address };
  const [inbound] = await tx
    .select(columns)
    .from(inboundEmails)
    .innerJoin(mailboxes, eq(mailboxes.id, inboundEmails.mailboxId))
    .where(and(eq(inboundEmails.ticketId, ticketId), eq(mailboxes.active, true)))
    .orderBy(desc(inboundEmails.receivedAt))
    .limit(1);
  if (inbound) return inbound;
  const [ofGroup] = await tx
    .select(columns)
    .from(mailboxes)
    .where(and(eq(mailboxes.groupId, groupId), eq(mailboxes.active, true)))
    .orderBy(desc(mailboxes.isDefault), asc(mailboxes.createdAt), asc(mailboxes.id))
    .limit(1);
  if (ofGroup) return ofGroup;
  const [fallback] = await tx
    .select(columns)
    .from(mailboxes)
    .where(and(eq(mailboxes.isDefault, true), eq(mailboxes.active, true)));
  return fallback ?? null;
}

/**
 * The Message-IDs of the ticket's email thread, oldest first: every message that came in or went
 * out by email (inbound Message-IDs stored on the messages, ours on the outgoing queue). Failed
 * outgoing mail never reached anyone and is left out.
 */
export async function threadMessageIds(tx: Transaction, ticketId: string): Promise<string[]> {
  // One statement. Ties in time (to the millisecond, as the clock gives them) put received mail first.
  const { rows } = await tx.execute<{ id: string }>(sql`
    SELECT id FROM (
      SELECT ${messages.emailMessageId} AS id, ${messages.createdAt} AS at, 0 AS side, ${messages.id} AS row_id
        FROM ${messages}
       WHERE ${messages.ticketId} = ${ticketId} AND ${messages.emailMessageId} IS NOT NULL
      UNION ALL
      SELECT ${outboundMessages.emailMessageId}, ${outboundMessages.createdAt}, 1, ${outboundMessages.id}
        FROM ${outboundMessages}
       WHERE ${outboundMessages.ticketId} = ${ticketId} AND ${outboundMessages.emailMessageId} IS NOT NULL
         AND ${outboundMessages.status} <> 'failed'
    ) thread
    ORDER BY date_trunc('milliseconds', at), side, at, row_id`);
  return [...new Set(rows.map((row) => row.id))];
}

/** A conversation message a notice carries, with its author's name. */
export async function loadNoticeMessage(tx: Transaction, messageId: string) {
  const [row] = await tx
    .select({
      id: messages.id,
      ticketId: messages.ticketId,
      visibility: messages.visibility,
      bodyHtml: messages.bodyHtml,
      bodyText: messages.bodyText,
      authorUserId: messages.authorUserId,
      authorName: users.name,
      emailFlags: messages.emailFlags,
      createdAt: messages.createdAt,
    })
    .from(messages)
    .leftJoin(users, eq(users.id, messages.authorUserId))
    .where(eq(messages.id, messageId));
  return row ?? null;
}

/** The email flags of the message that opened the ticket (none for a ticket not opened by mail). */
export async function openingMessageFlags(tx: Transaction, ticketId: string): Promise<string[]> {
  const [first] = await tx
    .select({ emailFlags: messages.emailFlags })
    .from(messages)
    .where(eq(messages.ticketId, ticketId))
    .orderBy(asc(messages.createdAt), asc(messages.id))
    .limit(1);
  return first?.emailFlags ?? [];
}

/**
 * The newest public message of a ticket, and whether it is the opening one (whose author is the
 * staff member who opened the ticket for the customer): was the customer already asked by a reply?
 */
export async function latestPublicMessage(tx: Transaction, ticketId: string) {
  const ofTicket = and(eq(messages.ticketId, ticketId), eq(messages.visibility, 'public'));
  const [[latest], [first]] = await Promise.all([
    tx
      .select({ id: messages.id, authorUserId: messages.authorUserId, createdAt: messages.createdAt })
      .from(messages)
      .where(ofTicket)
      .orderBy(desc(messages.createdAt), desc(messages.id))
      .limit(1),
    tx
      .select({ id: messages.id })
      .from(messages)
      .where(eq(messages.ticketId, ticketId))
      .orderBy(asc(messages.createdAt), asc(messages.id))
      .limit(1),
  ]);
  return latest ? { ...latest, opening: latest.id === first?.id } : null;
}

/**
 * The mailbox a new ticket's acknowledgement speaks from, as `mailboxOf` chooses it (the one the mail
 * came to, else the group's, else the default; active ones only), as a JSON value or NULL.
 */
function acknowledgementMailbox(mailboxId: SQL, groupId: SQL): SQL {
  return sql`(SELECT json_build_object('name', chosen_mailbox.name, 'address', chosen_mailbox.address) FROM (
       (SELECT ${mailboxes.name}, ${mailboxes.address}, 0 AS rank FROM ${mailboxes}
         WHERE ${mailboxes.id} = ${mailboxId} AND ${mailboxes.active})
       UNION ALL
       (SELECT ${mailboxes.name}, ${mailboxes.address}, 1 FROM ${mailboxes}
         WHERE ${mailboxes.groupId} = ${groupId} AND ${mailboxes.active}
         ORDER BY ${mailboxes.isDefault} DESC, ${mailboxes.createdAt}, ${mailboxes.id} LIMIT 1)
       UNION ALL
       (SELECT ${mailboxes.name}, ${mailboxes.address}, 2 FROM ${mailboxes}
         WHERE ${mailboxes.isDefault} AND ${mailboxes.active} LIMIT 1)
     ) AS chosen_mailbox ORDER BY rank LIMIT 1)`;
}

/** An admin's override of a template in one language, as a JSON value or NULL. */
function templateOverride(templateKey: string, language: SQL): SQL {
  return sql`(SELECT json_build_object('subject', ${emailTemplates.subject}, 'bodyHtml', ${emailTemplates.bodyHtml},
       'bodyText', ${emailTemplates.bodyText})
     FROM ${emailTemplates}
     WHERE ${emailTemplates.key} = ${templateKey} AND ${emailTemplates.language} = ${language})`;
}

/**
 * For the acknowledgement written with a new ticket (ADR 0012, ADR 0020): the mailbox and the
 * template override in both languages, as one JSON expression read with the ticket's facts. Read on
 * every creation, never cached, so an admin's edit counts at once on every process.
 */
export function acknowledgementSourceExpression(mailboxId: SQL, groupId: SQL, templateKey: string): SQL {
  return sql`json_build_object('mailbox', ${acknowledgementMailbox(mailboxId, groupId)},
    'it', ${templateOverride(templateKey, sql`'it'`)}, 'en', ${templateOverride(templateKey, sql`'en'`)})`;
}

/** What `acknowledgementSourceExpression` reads. */
export interface AcknowledgementSources {
  mailbox: NoticeMailbox | null;
  it: TemplateText | null;
  en: TemplateText | null;
}
