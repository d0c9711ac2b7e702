/**
 * Mail: the outgoing queue and the in-app Outbox, customer notices about tickets (subscribed to
 * ticket activity), the admin-editable email templates, the mailboxes, and the inbound raw store
 * every transport writes to first (`inbound-store.ts`).
 */
import type { FastifyPluginAsync } from 'fastify';
import type { Dependencies } from '../../dependencies.js';
import { emailTemplatesRoutes } from './email-templates.routes.js';
import { createEmailTemplates } from './email-templates.service.js';
import type { TicketsModule } from '../tickets/index.js';
import { createInboundEmails } from './inbound-emails.service.js';
import { createInboundPipeline, type InboundFileSink } from './inbound-pipeline.js';
import { inboundEmailsRoutes } from './inbound-emails.routes.js';
import { outboxRoutes } from './outbox.routes.js';
import { createOutbox, type MessageAttachmentSource } from './outbox.service.js';
import { createTicketNotices } from './ticket-notices.js';

export type { Outbox, EmailToQueue, MessageAttachmentSource } from './outbox.service.js';
export type { InboundDelivery, MailIntake, StoredDelivery } from './inbound-store.js';
export type { InboundFileSink, InboundPipeline, ProcessResult } from './inbound-pipeline.js';
export { startSmtpListener, type SmtpListener } from './smtp-listener.js';

/**
 * Inbound mail: the pipeline (stored raw → parse → filters → threading → apply through the tickets
 * module) and the admin routes of received mail. Assembled after the tickets module.
 */
export function createInboundMail(
  deps: Dependencies,
  ticketsModule: Pick<TicketsModule, 'inboundEmail' | 'tickets'>,
  options: { fileSink?: InboundFileSink | null } = {},
) {
  const pipeline = createInboundPipeline(deps, ticketsModule.inboundEmail, options);
  const inboundEmails = createInboundEmails(deps, pipeline);
  const routes: FastifyPluginAsync = async (app) => {
    await app.register(inboundEmailsRoutes, { inboundEmails, tickets: ticketsModule.tickets });
  };
  return { pipeline, inboundEmails, routes };
}

export interface MailModuleOptions {
  /** The attachments module's files of a message, attached to the email carrying it. */
  attachments?: MessageAttachmentSource;
}

export function createMailModule(deps: Dependencies, options: MailModuleOptions = {}) {
  const outbox = createOutbox(deps, options);
  const templates = createEmailTemplates(deps);
  const ticketNotices = createTicketNotices(deps, outbox, templates);
  const routes: FastifyPluginAsync = async (app) => {
    await app.register(outboxRoutes, { outbox });
    await app.register(emailTemplatesRoutes, { templates });
  };
  return { outbox, templates, ticketNotices, routes };
}
