/**
 * Customer notices about tickets. The mail module subscribes to ticket activity (tickets never
 * imports mail, STYLE 2):
 * - a new ticket's acknowledgement is written with the ticket (ADR 0012, ADR 0020): the listener's
 *   `opening` part reads the mailbox and the template overrides with the ticket's facts, renders the
 *   template from what the creation knows (`OpenedTicket`: number, subject, requester, language, the
 *   opening mail's Message-ID, flags, mailbox and participants) and gives the email's row to the
 *   ticket's write statement — no job, no reload. Should rendering fail, or SMTP be configured, the
 *   job is enqueued in the ticket's transaction (the acknowledgement's, or the sending one);
 * - every other notice, inside the change's transaction, only enqueues `mail.send-ticket-notice`
 *   with ids; the job reloads the ticket, decides, renders the template in the customer's language
 *   and queues the email, all in one transaction.
 * Both ways write the same email: threading headers (ADR 0008), From/Reply-To of the mailbox,
 * Message-ID in its domain, once per cause (`notice_key`).
 *
 * Which activity sends what:
 * - a new ticket → acknowledgement (automatic), except phone tickets: the caller was told on the
 *   phone and gets the agent's replies by email from then on;
 * - a public staff reply → the reply itself (a person wrote it: no Auto-Submitted), to the requester
 *   and the CC participants; internal notes never leave;
 * - status → waiting for customer → a request for information, unless a staff reply in the last
 *   10 minutes already asked (the reply itself usually is the request);
 * - status → resolved → a resolution notice saying that replying reopens the ticket;
 * - status → closed → a closing notice (what a reply does depends on `reply_reopens`).
 *
 * No automatic notice (all but the reply) ever goes to a ticket opened by mail that is never answered
 * automatically (an auto-reply, a bounce, bulk mail — Precedence bulk/junk/list — or mailing-list
 * mail, `NEVER_ANSWERED_AUTOMATICALLY`): a status notice to a list or a no-reply sender is the same
 * loop or spam as an acknowledgement. An agent's reply is a person's and still goes.
 */
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Language } from '../../../contracts/common.contract.js';
import type { EmailTemplateKey, RenderedEmail } from '../../../contracts/mail.contract.js';
import type { Transaction } from '../../db/database.js';
import type { Dependencies } from '../../dependencies.js';
import { defineJob } from '../../jobs/job-queue.js';
import {
  recordOutgoingEmailId,
  type OpenedTicket,
  type OpeningStatement,
  type TicketActivity,
  type TicketActivityListener,
} from '../tickets/index.js';
import { renderNoticeText, type EmailTemplates } from './email-templates.service.js';
import { NEVER_ANSWERED_AUTOMATICALLY } from './inbound-filters.js';
import type { TemplateData } from './email-template-renderer.js';
import { messageIdDomain, newMessageId, type EmailToQueue, type Outbox } from './outbox.service.js';
import {
  acknowledgementSourceExpression,
  latestPublicMessage,
  loadNoticeMessage,
  loadNoticeTicket,
  mailboxOf,
  openingMessageFlags,
  threadMessageIds,
  type AcknowledgementSources,
  type NoticeMailbox,
  type NoticeTicket,
} from './ticket-notice.repo.js';
import { threadingHeaders } from './thread-headers.js';

const REPLY_ASKED_WITHIN_MS = 10 * 60_000;

const noticePayload = z.object({
  notice: z.enum([
    'ticket.acknowledgement',
    'ticket.reply',
    'ticket.pending_customer',
    'ticket.resolved',
    'ticket.closed',
  ]),
  ticketId: z.uuid(),
  messageId: z.uuid().nullable(),
  noticeKey: z.string().min(1),
  /** When the activity happened: the notice is dated then, which also orders the thread. */
  at: z.iso.datetime(),
});
type NoticeJob = z.infer<typeof noticePayload>;

/** The notices an activity calls for (decided on ids alone; the job re-checks on fresh state). */
export function noticesFor(activity: TicketActivity): NoticeJob[] {
  const jobs: NoticeJob[] = [];
  const at = activity.now.toISOString();
  if (activity.kind === 'created' && activity.message) {
    jobs.push({
      notice: 'ticket.acknowledgement',
      ticketId: activity.ticketId,
      messageId: activity.message.id,
      noticeKey: `ticket.acknowledgement:${activity.ticketId}`,
      at,
    });
  }
  if (
    activity.kind === 'message_added' &&
    activity.message?.visibility === 'public' &&
    activity.actor.kind === 'user'
  ) {
    jobs.push({
      notice: 'ticket.reply',
      ticketId: activity.ticketId,
      messageId: activity.message.id,
      noticeKey: `ticket.reply:${activity.message.id}`,
      at,
    });
  }
  const to = activity.statusCategory?.to;
  if (activity.statusCategory && activity.statusCategory.from !== to) {
    const notice: EmailTemplateKey | null =
      to === 'pending_customer'
        ? 'ticket.pending_customer'
        : to === 'resolved'
          ? 'ticket.resolved'
          : to === 'closed'
            ? 'ticket.closed'
            : null;
    if (notice) {
      jobs.push({
        notice,
        ticketId: activity.ticketId,
        messageId: null,
        noticeKey: `${notice}:${activity.ticketId}:${at}`,
        at,
      });
    }
  }
  return jobs;
}

/** Every address once, lower-case, none of our own mailboxes' (a CC to ourselves would loop). */
function recipientsOf(requesterEmail: string, participants: string[], ownAddress: string | null) {
  const to = requesterEmail.toLowerCase();
  const cc = [...new Set(participants.map((address) => address.toLowerCase()))].filter(
    (address) => address !== to && address !== ownAddress?.toLowerCase(),
  );
  return { to: [to], cc };
}

/** Everything a notice's email is made of, however it was gathered (job or creating transaction). */
interface NoticeFacts {
  notice: EmailTemplateKey;
  noticeKey: string;
  now: Date;
  ticket: { id: string; number: string; subject: string; statusName: string; replyReopens: boolean };
  requester: { name: string; email: string; language: Language };
  /** CC addresses (the ticket's participants). */
  participants: string[];
  mailbox: NoticeMailbox | null;
  /** The conversation message a reply notice carries. */
  message: { id: string; authorName: string | null; bodyHtml: string; bodyText: string } | null;
  /** The Message-IDs of the ticket's thread, oldest first. */
  threadIds: string[];
}

/** Never answer automatic, bulk or list mail automatically (mail loops, issue 4 "Inbound"). */
const neverAnsweredAutomatically = (flags: string[]) =>
  flags.some((flag) => NEVER_ANSWERED_AUTOMATICALLY.includes(flag));

export function createTicketNotices(
  deps: Pick<Dependencies, 'config' | 'jobs' | 'database' | 'clock' | 'logger'>,
  outbox: Outbox,
  templates: EmailTemplates,
) {
  const fallbackDomain = messageIdDomain(deps.config.baseUrl);

  async function shouldSkip(tx: Transaction, job: NoticeJob, ticket: NoticeTicket, now: Date): Promise<boolean> {
    if (!ticket.requesterEmail) return true;
    if (job.notice === 'ticket.acknowledgement' && ticket.ticket.channel === 'phone') return true;
    if (job.notice !== 'ticket.reply' && neverAnsweredAutomatically(await openingMessageFlags(tx, job.ticketId))) {
      return true;
    }
    if (job.notice === 'ticket.pending_customer') {
      const latest = await latestPublicMessage(tx, job.ticketId);
      const askedByReply = latest && !latest.opening && latest.authorUserId !== null;
      if (askedByReply && now.getTime() - latest.createdAt.getTime() <= REPLY_ASKED_WITHIN_MS) return true;
    }
    return false;
  }

  function templateData(facts: NoticeFacts): TemplateData {
    const { ticket, mailbox, message } = facts;
    return {
      ticket: {
        number: ticket.number,
        subject: ticket.subject,
        status: ticket.statusName,
        url: `${deps.config.baseUrl}/portal/tickets/${ticket.id}`,
        reply_reopens: ticket.replyReopens,
        auto_close_days: deps.config.autoCloseResolvedDays,
      },
      contact: { name: facts.requester.name, email: facts.requester.email },
      agent: { name: message?.authorName ?? '' },
      message: { body_html: message?.bodyHtml ?? '', body_text: message?.bodyText ?? '' },
      desk: { name: mailbox?.name ?? 'Sportello', address: mailbox?.address ?? `no-reply@${fallbackDomain}` },
    };
  }

  /** The rendered notice as an email with its headers, and the Message-ID it is given. */
  function noticeEmail(facts: NoticeFacts, rendered: RenderedEmail): { email: EmailToQueue; messageId: string } {
    const { mailbox, message } = facts;
    const domain = mailbox?.address.split('@')[1]?.toLowerCase() ?? fallbackDomain;
    const messageId = newMessageId(domain);
    const from = mailbox ? `"${mailbox.name.replace(/["\\]/g, '')}" <${mailbox.address}>` : undefined;
    const email: EmailToQueue = {
      ...recipientsOf(facts.requester.email, facts.participants, mailbox?.address ?? null),
      subject: rendered.subject,
      html: rendered.html,
      text: rendered.text,
      purpose: facts.notice,
      automatic: facts.notice !== 'ticket.reply',
      headers: {
        ...(from ? { From: from, 'Reply-To': mailbox!.address } : {}),
        'Message-ID': messageId,
        // RFC 3834: notices answer the customer's request automatically; a person's reply does not.
        ...(facts.notice === 'ticket.reply' ? {} : { 'Auto-Submitted': 'auto-replied' }),
        ...threadingHeaders(facts.threadIds),
      },
      ticketId: facts.ticket.id,
      ...(message ? { ticketMessageId: message.id } : {}),
      noticeKey: facts.noticeKey,
    };
    return { email, messageId };
  }

  /** Queues the rendered notice with its headers; the Message-ID given to a reply is recorded on it. */
  async function queueNotice(tx: Transaction, facts: NoticeFacts, rendered: RenderedEmail): Promise<void> {
    const { email, messageId } = noticeEmail(facts, rendered);
    const queued = await outbox.queueEmail(tx, facts.now, email);
    if (queued && facts.message) await recordOutgoingEmailId(tx, facts.message.id, messageId.slice(1, -1));
  }

  async function sendNotice(job: NoticeJob): Promise<void> {
    const now = new Date(job.at);
    await deps.database.transaction(async (tx) => {
      const ticket = await loadNoticeTicket(tx, job.ticketId);
      if (!ticket || (await shouldSkip(tx, job, ticket, now))) return;
      const message =
        job.notice === 'ticket.reply' && job.messageId ? await loadNoticeMessage(tx, job.messageId) : null;
      // Re-checked on the stored row: an internal note never leaves, whatever the job says.
      if (
        job.notice === 'ticket.reply' &&
        (!message || message.visibility !== 'public' || message.ticketId !== ticket.ticket.id)
      ) {
        return;
      }
      const facts: NoticeFacts = {
        notice: job.notice,
        noticeKey: job.noticeKey,
        now,
        ticket: { ...ticket.ticket, statusName: ticket.statusName },
        requester: { name: ticket.requesterName, email: ticket.requesterEmail!, language: ticket.language },
        participants: ticket.participantAddresses,
        mailbox: await mailboxOf(tx, ticket.ticket.id, ticket.ticket.groupId),
        message,
        threadIds: await threadMessageIds(tx, ticket.ticket.id),
      };
      await queueNotice(tx, facts, await templates.renderNotice(tx, job.notice, ticket.language, templateData(facts)));
    });
  }

  /**
   * The acknowledgement of a ticket being created, from what the creation knows (ADR 0012) and the
   * mailbox and template override read with it, under the job's rules: null when none is owed,
   * `render-failed` when it could not be rendered (the job then sends it, and the creation goes on).
   */
  async function acknowledgement(
    job: NoticeJob,
    activity: TicketActivity,
    opened: OpenedTicket,
    sources: AcknowledgementSources,
  ): Promise<EmailToQueue | null | 'render-failed'> {
    const email = opened.requester.email;
    if (!email || opened.channel === 'phone') return null;
    if (opened.email && neverAnsweredAutomatically(opened.email.flags)) return null;
    const { language } = opened.requester;
    const { mailbox } = sources;
    const override = sources[language];
    const facts: NoticeFacts = {
      notice: job.notice,
      noticeKey: job.noticeKey,
      now: activity.now,
      ticket: {
        id: activity.ticketId,
        number: opened.number,
        subject: opened.subject,
        statusName: language === 'it' ? opened.status.nameIt : opened.status.nameEn,
        replyReopens: opened.replyReopens,
      },
      // A contact always has a name (the creation read it from the contact's row).
      requester: { name: opened.requester.name ?? '', email, language },
      // Participants are written at the same instant: the job's order (time, then address).
      participants: [...(opened.email?.participants ?? [])].sort(),
      mailbox,
      message: null,
      // A new ticket's thread is the mail that opened it, if any.
      threadIds: opened.email?.messageId ? [opened.email.messageId] : [],
    };
    try {
      return noticeEmail(facts, await renderNoticeText(override, job.notice, language, templateData(facts))).email;
    } catch (error) {
      deps.logger.warn(
        { ticketId: activity.ticketId, error },
        'acknowledgement not rendered in the creation: sent by the job',
      );
      return 'render-failed';
    }
  }

  const sendNoticeJob = defineJob({
    name: 'mail.send-ticket-notice',
    payload: noticePayload,
    retryLimit: 3,
    retryDelaySeconds: 30,
    // One a new ticket from mail: under an inbound burst they come by the hundred (ADR 0002).
    batchSize: 10,
    handle: sendNotice,
  });
  deps.jobs.register(sendNoticeJob);

  const listener: TicketActivityListener = {
    // A new ticket's acknowledgement is written by `opening`: what comes here goes to the job.
    async ticketActivity(tx, activity) {
      for (const job of noticesFor(activity)) await deps.jobs.enqueue(tx, sendNoticeJob, job);
    },
    // A new ticket: the acknowledgement goes into the ticket's write (ADR 0020).
    opening: {
      facts: ({ mailboxId }) =>
        acknowledgementSourceExpression(mailboxId, sql.raw('chosen.id'), 'ticket.acknowledgement'),
      async writes(activity, facts) {
        const sources = facts as AcknowledgementSources;
        const statements: OpeningStatement[] = [];
        const inTransaction: ((tx: Transaction) => Promise<void>)[] = [];
        for (const job of noticesFor(activity)) {
          // Only the acknowledgement is written here; should it fail to render, or another notice be
          // due, the job sends it.
          const email =
            job.notice === 'ticket.acknowledgement'
              ? await acknowledgement(job, activity, activity.opened, sources)
              : 'by-job';
          if (email === null) continue;
          if (email === 'render-failed' || email === 'by-job') {
            inTransaction.push((tx) => deps.jobs.enqueue(tx, sendNoticeJob, job));
            continue;
          }
          const insert = outbox.emailInsert(activity.now, email);
          statements.push(insert.statement);
          if (insert.sendingJob) inTransaction.push(insert.sendingJob);
        }
        return {
          statements,
          inTransaction:
            inTransaction.length === 0
              ? null
              : async (tx) => {
                  for (const work of inTransaction) await work(tx);
                },
        };
      },
    },
  };

  return { listener, sendNotice };
}
