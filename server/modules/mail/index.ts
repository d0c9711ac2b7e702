/**
 * Mail: the outgoing queue and the in-app Outbox, the mailboxes, and the inbound raw store every
 * transport writes to first (`inbound-store.ts`).
 */
import type { FastifyPluginAsync } from 'fastify';
import type { Dependencies } from '../../dependencies.js';
import type { TicketsModule } from '../tickets/index.js';
import { createInboundEmails } from './inbound-emails.service.js';
import { createInboundPipeline, type InboundFileSink } from './inbound-pipeline.js';
import { inboundEmailsRoutes } from './inbound-emails.routes.js';
import { outboxRoutes } from './outbox.routes.js';
import { createOutbox } from './outbox.service.js';

export type { Outbox, EmailToQueue } from './outbox.service.js';
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

export function createMailModule(deps: Dependencies) {
  const outbox = createOutbox(deps);
  const routes: FastifyPluginAsync = async (app) => {
    await app.register(outboxRoutes, { outbox });
  };
  return { outbox, routes };
}
