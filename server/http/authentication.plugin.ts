/**
 * Runs first on every request: finds who is calling (session cookie or bearer token), enforces the
 * route's declared access, and checks the CSRF token on state-changing cookie requests.
 *
 * A route under /api without an access declaration is refused when it is registered, so nothing is
 * ever open by omission.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Account } from '../../contracts/identity.contract.js';
import type { Authentication } from '../modules/identity/authentication.service.js';
import { AppError } from './app-error.js';
import { describeAccess } from './access.js';
import type { Clock, Context } from './context.js';

export const SESSION_COOKIE = 'sportello_session';

export interface DeclaredRouteAccess {
  method: string;
  url: string;
  access: string;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every API route with its declared access, in registration order (for the access review test). */
    routeAccessTable: DeclaredRouteAccess[];
  }
  interface FastifyRequest {
    /** Actor and time of this request. */
    context: Context;
    /** The signed-in account, when there is one. */
    account: Account | null;
    authMethod: 'session' | 'token' | 'none';
    /** For logout. */
    sessionSecret: string | null;
    csrfToken: string | null;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export interface AuthenticationPluginOptions {
  authentication: Authentication;
  clock: Clock;
}

async function authenticationPlugin(app: FastifyInstance, options: AuthenticationPluginOptions) {
  const { authentication, clock } = options;

  const table: DeclaredRouteAccess[] = [];
  app.decorate('routeAccessTable', table);
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/')) return;
    if (route.url.startsWith('/api/docs')) {
      route.config = { ...route.config, access: 'public' };
      return;
    }
    const access = describeAccess(route.config?.access);
    if (access === 'UNDECLARED') {
      throw new Error(`Route ${String(route.method)} ${route.url} does not declare its access`);
    }
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') table.push({ method, url: route.url, access });
    }
  });

  app.decorateRequest('context', null as unknown as Context);
  app.decorateRequest('account', null);
  app.decorateRequest('authMethod', 'none');
  app.decorateRequest('sessionSecret', null);
  app.decorateRequest('csrfToken', null);

  app.addHook('onRequest', async (request: FastifyRequest, _reply: FastifyReply) => {
    const now = clock.now();
    request.context = { actor: { kind: 'anonymous' }, now, language: 'it' };

    const authorization = request.headers.authorization;
    if (authorization) {
      const match = /^Bearer\s+(\S+)$/i.exec(authorization);
      const loaded = match?.[1] ? await authentication.resolveAccessToken(now, match[1]) : null;
      if (!loaded)
        throw new AppError(401, 'INVALID_TOKEN', 'The access token is invalid, revoked or its account is deactivated');
      request.context = { actor: loaded.actor, now, language: loaded.account.language };
      request.account = loaded.account;
      request.authMethod = 'token';
    } else {
      const secret = request.cookies[SESSION_COOKIE];
      const session = secret ? await authentication.resolveSession(now, secret) : null;
      if (session && secret) {
        request.context = { actor: session.actor, now, language: session.account.language };
        request.account = session.account;
        request.authMethod = 'session';
        request.sessionSecret = secret;
        request.csrfToken = session.csrfToken;
      }
    }

    const access = request.routeOptions.config?.access ?? 'public';
    if (access !== 'public') {
      if (!request.account) throw new AppError(401, 'UNAUTHENTICATED', 'Sign in first');
      if (!access.includes(request.account.role)) throw new AppError(403, 'FORBIDDEN', 'Your role may not do this');
    }

    // Cookies ride along on cross-site requests; a state change also needs the CSRF token that only
    // our own pages can read.
    if (access !== 'public' && request.authMethod === 'session' && !SAFE_METHODS.has(request.method)) {
      const header = request.headers['x-csrf-token'];
      if (typeof header !== 'string' || !request.csrfToken || !sameSecret(header, request.csrfToken)) {
        throw new AppError(403, 'CSRF_TOKEN_INVALID', 'Missing or wrong X-CSRF-Token header; reload the page');
      }
    }
  });
}

export default fp(authenticationPlugin, { name: 'sportello-authentication', dependencies: ['@fastify/cookie'] });
