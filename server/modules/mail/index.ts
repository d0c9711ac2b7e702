/**
 * Mail: the outgoing queue and the in-app Outbox, customer notices about tickets (subscribed to
 * ticket activity), the admin-editable email templates, the mailboxes (admin API, IMAP settings
 * with the password sealed), the inbound raw store every transport writes to first
 * (`inbound-store.ts`), the IMAP poller (`imap-poller.ts`, ADR 0009), and the formatted view of an
 * email message for the timeline's sandboxed frame (`formatted-email.ts`, ADR 0010).
 */
import type { FastifyPluginAsync } from 'fastify';
import type { Dependencies } from '../../dependencies.js';
import type { SecretBox } from '../../secret-box.js';
import { secretBoxOf } from '../../secret-key.js';
import { emailTemplatesRoutes } from './email-templates.routes.js';
import { createEmailTemplates } from './email-templates.service.js';
import type { TicketsModule } from '../tickets/index.js';
import { createInboundEmails } from './inbound-emails.service.js';
import { createInboundPipeline, type InboundFileSink } from './inbound-pipeline.js';
import { inboundEmailsRoutes } from './inbound-emails.routes.js';
import { formattedEmailRoutes, type InlineImageSource } from './formatted-email.routes.js';
import { createImapPoller } from './imap-poller.js';
import { mailboxesRoutes } from './mailboxes.routes.js';
import { createMailboxes } from './mailboxes.service.js';
import { outboxRoutes } from './outbox.routes.js';
import { createOutbox, type MessageAttachmentSource } from './outbox.service.js';
import { createTicketNotices } from './ticket-notices.js';

export type { Outbox, EmailToQueue, MessageAttachmentSource } from './outbox.service.js';
export type { InboundDelivery, MailIntake, StoredDelivery } from './inbound-store.js';
export type { InboundFileSink, InboundPipeline, ProcessResult } from './inbound-pipeline.js';
export { startSmtpListener, type SmtpListener } from './smtp-listener.js';
export type { ImapPoller, PollReport } from './imap-poller.js';
export type { InlineImageSource } from './formatted-email.routes.js';
export type { Mailboxes } from './mailboxes.service.js';

/**
 * Inbound mail: the pipeline (stored raw → parse → filters → threading → apply through the tickets
 * module) and the admin routes of received mail. Assembled after the tickets module.
 */
export function createInboundMail(
  deps: Dependencies,
  ticketsModule: Pick<TicketsModule, 'inboundEmail' | 'tickets' | 'conversation'>,
  options: {
    fileSink?: InboundFileSink | null;
    secretBox?: SecretBox;
    /** Inline images of the formatted view (the attachments module); without it they are left out. */
    inlineImages?: InlineImageSource;
  } = {},
) {
  const pipeline = createInboundPipeline(deps, ticketsModule.inboundEmail, options);
  const inboundEmails = createInboundEmails(deps, pipeline);
  // Started by the server on nodes with the worker role.
  const imapPoller = createImapPoller(deps, pipeline.intake, options.secretBox ?? secretBoxOf(deps.config), {
    pollSeconds: deps.config.imapPollSeconds,
  });
  const routes: FastifyPluginAsync = async (app) => {
    await app.register(inboundEmailsRoutes, { inboundEmails, tickets: ticketsModule.tickets });
    await app.register(formattedEmailRoutes, {
      conversation: ticketsModule.conversation,
      inlineImages: options.inlineImages ?? { read: async () => null },
    });
  };
  return { pipeline, inboundEmails, imapPoller, routes };
}

export interface MailModuleOptions {
  /** The attachments module's files of a message, attached to the email carrying it. */
  attachments?: MessageAttachmentSource;
  /** Seals the mailboxes' IMAP passwords (default: from SPORTELLO_SECRET_KEY). */
  secretBox?: SecretBox;
}

export function createMailModule(deps: Dependencies, options: MailModuleOptions = {}) {
  const outbox = createOutbox(deps, options);
  const templates = createEmailTemplates(deps);
  const ticketNotices = createTicketNotices(deps, outbox, templates);
  const mailboxes = createMailboxes(deps, options.secretBox ?? secretBoxOf(deps.config));
  const routes: FastifyPluginAsync = async (app) => {
    await app.register(outboxRoutes, { outbox });
    await app.register(emailTemplatesRoutes, { templates });
    await app.register(mailboxesRoutes, { mailboxes });
  };
  return { outbox, templates, ticketNotices, mailboxes, routes };
}
