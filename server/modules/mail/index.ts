/**
 * Mail: the outgoing queue and the in-app Outbox, customer notices about tickets (subscribed to
 * ticket activity), the admin-editable email templates, the mailboxes, and the inbound raw store
 * every transport writes to first (`inbound-store.ts`).
 */
import type { FastifyPluginAsync } from 'fastify';
import type { Dependencies } from '../../dependencies.js';
import { emailTemplatesRoutes } from './email-templates.routes.js';
import { createEmailTemplates } from './email-templates.service.js';
import { outboxRoutes } from './outbox.routes.js';
import { createOutbox, type MessageAttachmentSource } from './outbox.service.js';
import { createTicketNotices } from './ticket-notices.js';

export type { Outbox, EmailToQueue, MessageAttachmentSource } from './outbox.service.js';
export type { InboundDelivery, MailIntake, StoredDelivery } from './inbound-store.js';

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
