/**
 * Assembles Sportello around an open database: migrations, jobs, modules and the HTTP app.
 * main.ts uses it for the real process; tests use it on a copied template database.
 */
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { buildApp, type Modules } from './app.js';
import type { Config } from './config/config.js';
import type { Database } from './db/database.js';
import { applyMigrations } from './db/migrate.js';
import type { Dependencies } from './dependencies.js';
import type { Clock } from './http/context.js';
import { JobQueue } from './jobs/job-queue.js';
import { createAttachmentsModule } from './modules/attachments/index.js';
import { createIdentityModule, createPasswordHasher } from './modules/identity/index.js';
import { createCatalogModule } from './modules/catalog/index.js';
import { createCustomFieldsModule } from './modules/custom-fields/index.js';
import { findOrCreateRequester } from './modules/identity/index.js';
import { createInProcessBus, createPostgresBus, type LiveBus } from './live/live-bus.js';
import {
  createInboundMail,
  createMailModule,
  startSmtpListener,
  type InboundFileSink,
  type SmtpListener,
} from './modules/mail/index.js';
import { createNotificationsModule } from './modules/notifications/index.js';
import { createSearchModule } from './modules/search/index.js';
import { createTicketsModule } from './modules/tickets/index.js';
import { createTimeTrackingModule } from './modules/time-tracking/index.js';
import { secretBoxOf } from './secret-key.js';

export interface SportelloServer {
  app: FastifyInstance;
  live: LiveBus;
  deps: Dependencies;
  modules: Modules;
  /** The SMTP listener, when this node runs one (role http, SMTP_LISTEN_PORT not `off`). */
  smtp: SmtpListener | null;
  /** Stops accepting requests, lets in-flight ones finish, stops the jobs. The database stays open. */
  close(): Promise<void>;
}

export interface CreateServerOptions {
  config: Config;
  database: Database;
  clock: Clock;
  logger: FastifyBaseLogger;
  webDirectory?: string | null;
  /** Where files of inbound mail go: the attachments module unless given; null keeps only their metadata. */
  inboundFileSink?: InboundFileSink | null;
  /** Skip applying migrations (they were applied to the template already). */
  migrate?: boolean;
}

export async function createServer(options: CreateServerOptions): Promise<SportelloServer> {
  const { config, database, clock, logger } = options;
  if (options.migrate !== false) {
    await applyMigrations(database, {
      onOutOfOrder: (tags) =>
        logger.warn({ migrations: tags }, 'migrations applied out of order (merged after later ones)'),
    });
  }

  const jobs = new JobQueue(database, {
    work: config.roles.includes('worker'),
    schedule: config.roles.includes('scheduler'),
    pollingIntervalSeconds: database.kind === 'pglite' ? 0.5 : 2,
  });
  const deps: Dependencies = {
    config,
    database,
    jobs,
    clock,
    passwords: createPasswordHasher(config.passwordHashing),
    logger,
  };
  const secretBox = secretBoxOf(config);
  // The email carrying a public reply attaches its files (read at send time, after assembly).
  const mail = createMailModule(deps, {
    attachments: { attachmentsOf: (messageId) => attachments.filesOfMessage(messageId) },
    secretBox,
  });
  const identity = createIdentityModule(deps, mail.outbox);
  const catalog = createCatalogModule(deps);
  const customFields = createCustomFieldsModule(deps);
  const notifications = createNotificationsModule(deps);
  const live: LiveBus =
    database.kind === 'postgres' && config.databaseUrl
      ? await createPostgresBus(database.pool, config.databaseUrl)
      : createInProcessBus();
  // Attachments ask the conversation who may see a message; the conversation lists and links
  // files through the attachments module's port. Each reaches the other only through these.
  const attachments = createAttachmentsModule(deps, {
    canSeeMessage: (context, messageId) => tickets.conversation.canSeeMessage(context, messageId),
    canSeeTicket: (context, ticketId) =>
      tickets.tickets.getTicket(context, ticketId).then(
        () => true,
        () => false,
      ),
  });
  const tickets = createTicketsModule(deps, {
    requesters: { findOrCreateRequester },
    attachments: attachments.messageAttachments,
    notifier: notifications.notifier,
    // Mail reacts to ticket activity (customer notices); tickets never imports mail (STYLE 2).
    activity: [mail.ticketNotices.listener],
    changes: {
      ticketChanged: (change) => live.publish({ type: 'ticket.changed', ...change }),
      ticketChangeNotification: (change) => live.notification({ type: 'ticket.changed', ...change }),
    },
  });
  // Files of inbound mail are kept by the attachments module (tests may hand in their own sink).
  const inboundMail = createInboundMail(deps, tickets, {
    fileSink: options.inboundFileSink === undefined ? attachments.mailFiles : options.inboundFileSink,
    secretBox,
    inlineImages: { read: (context, fileId) => attachments.readInlineImage(context, fileId) },
  });
  const search = createSearchModule(identity, tickets);
  const timeTracking = createTimeTrackingModule(deps, { tickets: tickets.tickets });
  await jobs.start((job, error) => logger.error({ err: error, job }, 'job failed'));

  const modules: Modules = {
    identity,
    mail,
    inboundMail,
    catalog,
    customFields,
    notifications,
    tickets,
    search,
    timeTracking,
    attachments,
  };
  const app = await buildApp({ deps, modules, live, webDirectory: options.webDirectory ?? null });
  await app.ready();

  const smtp =
    config.smtpListenPort !== null && config.roles.includes('http')
      ? await startSmtpListener(deps, inboundMail.pipeline.intake, {
          host: config.smtpListenHost,
          port: config.smtpListenPort,
          maxMessageBytes: config.smtpMaxMessageBytes,
        })
      : null;
  if (config.roles.includes('worker')) {
    // Mail stored but never processed (a crash between commit and job): picked up now.
    void inboundMail.pipeline
      .processStranded()
      .catch((error: unknown) => logger.error({ err: error }, 'stranded inbound mail not processed'));
    // IMAP mailboxes: polled by worker nodes, each mailbox by one node at a time (ADR 0009).
    void inboundMail.imapPoller.start();
  }

  return {
    app,
    live,
    deps,
    modules,
    smtp,
    async close() {
      // Stop taking mail first: a message accepted from here on is committed before 250.
      await smtp?.close();
      await inboundMail.imapPoller.stop();
      await app.close();
      await jobs.stop();
      await inboundMail.pipeline.close();
      await live.close();
    },
  };
}
