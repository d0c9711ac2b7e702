/**
 * `buildApp()` assembles the HTTP application without listening, so tests drive it with
 * `inject()` and main.ts decides where it listens (STYLE, Fastify's guides).
 */
import fs from 'node:fs';
import path from 'node:path';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { jsonSchemaTransform, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import helmet from 'helmet';
import type { Dependencies } from './dependencies.js';
import authenticationPlugin from './http/authentication.plugin.js';
import { registerErrorHandling } from './http/error-handler.js';
import { createResponseSerializerCompiler } from './http/response-encoding.js';
import { healthRoutes } from './http/health.routes.js';
import type { AttachmentsModule } from './modules/attachments/index.js';
import type { createCatalogModule } from './modules/catalog/index.js';
import type { CustomFieldsModule } from './modules/custom-fields/index.js';
import type { IdentityModule } from './modules/identity/index.js';
import type { createInboundMail, createMailModule } from './modules/mail/index.js';
import type { createNotificationsModule } from './modules/notifications/index.js';
import type { createSearchModule } from './modules/search/index.js';
import type { TicketsModule } from './modules/tickets/index.js';
import type { TimeTrackingModule } from './modules/time-tracking/index.js';
import { readPackageVersion } from './version.js';
import type { LiveBus } from './live/live-bus.js';
import { liveRoutes } from './live/live.routes.js';
import { organizationSharesTickets } from './modules/identity/index.js';

export interface Modules {
  identity: IdentityModule;
  mail: ReturnType<typeof createMailModule>;
  inboundMail: ReturnType<typeof createInboundMail>;
  catalog: ReturnType<typeof createCatalogModule>;
  customFields: CustomFieldsModule;
  notifications: ReturnType<typeof createNotificationsModule>;
  tickets: TicketsModule;
  search: ReturnType<typeof createSearchModule>;
  timeTracking: TimeTrackingModule;
  attachments: AttachmentsModule;
}

/**
 * Fastify's own request lines log the full URL, query string included, and a one-time link
 * (`/set-password?token=…`) would put a secret in the logs: one line per request instead, with the
 * route pattern, never the URL.
 */
class RouteLogController extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(_error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    request.log.info(
      {
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
        account: request.account?.id,
      },
      'request',
    );
  }
}

export interface BuildAppOptions {
  deps: Dependencies;
  modules: Modules;
  live: LiveBus;
  /** Directory of the built web app; not served when missing (tests). */
  webDirectory?: string | null;
}

export async function buildApp({
  deps,
  modules,
  live,
  webDirectory = null,
}: BuildAppOptions): Promise<FastifyInstance> {
  const version = readPackageVersion();
  const app = Fastify({
    loggerInstance: deps.logger,
    bodyLimit: deps.config.bodyLimitBytes,
    trustProxy: false,
    genReqId: () => crypto.randomUUID(),
    requestIdHeader: false,
    logController: new RouteLogController(),
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(createResponseSerializerCompiler({ check: deps.config.checkBuiltResponses }));
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  registerErrorHandling(app);

  // Security headers by helmet, its middleware built once: @fastify/helmet built it again for every
  // request (all of its headers' options parsed anew, 2-3 % of the server's CPU on a list or a
  // creation, docs/PERFORMANCE.md session 9). A route may still set its own policy (files, email).
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // Mantine injects style attributes; swagger-ui needs inline styles too.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
      },
    },
    crossOriginEmbedderPolicy: false,
  });
  app.addHook('onRequest', (request, reply, done) => {
    securityHeaders(request.raw, reply.raw, (error?: unknown) => done(error instanceof Error ? error : undefined));
  });
  await app.register(cookie);
  await app.register(rateLimit, { global: false });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Sportello API',
        version,
        description:
          'Multi-level service desk. Authenticate with a browser session (cookie + X-CSRF-Token) or a personal access token (Authorization: Bearer spt_…). Errors: {"error": {"code", "message", "details"}}.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          session: { type: 'apiKey', in: 'cookie', name: 'sportello_session' },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
  });

  await app.register(authenticationPlugin, { authentication: modules.identity.authentication, clock: deps.clock });

  await app.register(
    async (api) => {
      await api.register(healthRoutes, { database: deps.database, version });
      await api.register(modules.identity.routes);
      await api.register(modules.mail.routes);
      await api.register(modules.inboundMail.routes);
      await api.register(modules.catalog.routes);
      await api.register(modules.customFields.routes);
      await api.register(modules.tickets.routes);
      await api.register(modules.notifications.routes);
      await api.register(modules.search.routes);
      await api.register(modules.timeTracking.routes);
      await api.register(modules.attachments.routes);
      await api.register(liveRoutes, {
        bus: live,
        now: () => deps.clock.now(),
        canSeeTicket: (actor, ticketId) =>
          modules.tickets.tickets.getTicket({ actor, now: deps.clock.now(), language: 'it' }, ticketId).then(
            () => true,
            () => false,
          ),
        organizationSharesTickets: (organizationId) => organizationSharesTickets(deps.database.orm, organizationId),
      });
      api.get('/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () => app.swagger());
    },
    { prefix: '/api/v1' },
  );
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  if (webDirectory && fs.existsSync(path.join(webDirectory, 'index.html'))) {
    await app.register(fastifyStatic, { root: webDirectory, wildcard: false, index: false });
    // The single-page app handles its own routes: any other GET outside /api gets index.html.
    app.get('/*', { config: { access: 'public' }, schema: { hide: true } }, async (request, reply) => {
      const requested = (request.params as { '*': string })['*'];
      const file = path.join(webDirectory, requested);
      if (requested && file.startsWith(webDirectory) && fs.existsSync(file) && fs.statSync(file).isFile()) {
        return reply.sendFile(requested);
      }
      if (request.url.startsWith('/api/')) {
        return reply.status(404).send({ error: { code: 'ROUTE_NOT_FOUND', message: `No route GET ${request.url}` } });
      }
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    });
  }

  return app;
}
