/**
 * Sign-in, sessions, personal access tokens, password flows and the caller's own profile.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorBodySchema, idParamsSchema } from '../../../contracts/common.contract.js';
import {
  accessTokenSchema,
  accountSchema,
  changePasswordBodySchema,
  createdAccessTokenSchema,
  createTokenBodySchema,
  createTokenWithPasswordBodySchema,
  loginBodySchema,
  requestPasswordResetBodySchema,
  sessionSchema,
  setPasswordBodySchema,
  updateProfileBodySchema,
} from '../../../contracts/identity.contract.js';
import { EVERYONE_SIGNED_IN } from '../../http/access.js';
import { AppError } from '../../http/app-error.js';
import { SESSION_COOKIE } from '../../http/authentication.plugin.js';
import type { Authentication } from './authentication.service.js';

export interface AuthRoutesOptions {
  authentication: Authentication;
  rateLimit: { max: number; timeWindow: number };
  secureCookies: boolean;
  sessionDays: number;
}

const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 429: errorBodySchema };

export const authRoutes: FastifyPluginAsyncZod<AuthRoutesOptions> = async (app, options) => {
  const { authentication } = options;
  // Keyed on account + IP: guessing one account's password is slowed; a desk behind one NAT is not.
  const credentialRateLimit = {
    max: options.rateLimit.max,
    timeWindow: options.rateLimit.timeWindow,
    hook: 'preHandler' as const,
    keyGenerator: (request: { ip: string; body?: unknown }) =>
      `${request.ip}|${String((request.body as { email?: unknown } | undefined)?.email ?? '').toLowerCase()}`,
  };

  app.post(
    '/auth/login',
    {
      config: { access: 'public', rateLimit: credentialRateLimit },
      schema: {
        tags: ['auth'],
        summary: 'Sign in with email and password; sets the session cookie',
        body: loginBodySchema,
        response: { 200: sessionSchema, ...errors },
      },
    },
    async (request, reply) => {
      const result = await authentication.login(request.context.now, request.body.email, request.body.password, {
        ip: request.ip,
        userAgent: request.headers['user-agent'] ?? null,
      });
      reply.setCookie(SESSION_COOKIE, result.secret, {
        httpOnly: true,
        sameSite: 'lax',
        secure: options.secureCookies,
        path: '/',
        maxAge: options.sessionDays * 86_400,
      });
      return { account: result.account, csrfToken: result.csrfToken };
    },
  );

  app.post(
    '/auth/logout',
    {
      config: { access: EVERYONE_SIGNED_IN },
      schema: { tags: ['auth'], summary: 'End the browser session', response: { 204: z.null(), ...errors } },
    },
    async (request, reply) => {
      if (request.sessionSecret) await authentication.logout(request.sessionSecret);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/auth/session',
    {
      config: { access: EVERYONE_SIGNED_IN },
      schema: { tags: ['auth'], summary: 'The signed-in account', response: { 200: sessionSchema, ...errors } },
    },
    async (request) => {
      if (!request.account || !request.csrfToken) {
        throw new AppError(401, 'UNAUTHENTICATED', 'This endpoint needs a browser session');
      }
      return { account: request.account, csrfToken: request.csrfToken };
    },
  );

  app.post(
    '/auth/tokens',
    {
      config: { access: 'public', rateLimit: credentialRateLimit },
      schema: {
        tags: ['auth'],
        summary: 'Create a personal access token with email and password (for scripts)',
        body: createTokenWithPasswordBodySchema,
        response: { 201: createdAccessTokenSchema, ...errors },
      },
    },
    async (request, reply) => {
      const { email, password, name } = request.body;
      const created = await authentication.createAccessTokenWithPassword(request.context.now, email, password, name);
      return reply.status(201).send(created);
    },
  );

  app.post(
    '/auth/password-resets',
    {
      config: { access: 'public', rateLimit: credentialRateLimit },
      schema: {
        tags: ['auth'],
        summary: 'Email a password-reset link (answers 202 whether or not the address has an account)',
        body: requestPasswordResetBodySchema,
        response: { 202: z.object({}), ...errors },
      },
    },
    async (request, reply) => {
      await authentication.requestPasswordReset(request.context.now, request.body.email);
      return reply.status(202).send({});
    },
  );

  app.post(
    '/auth/set-password',
    {
      config: { access: 'public', rateLimit: { ...credentialRateLimit, keyGenerator: (request) => request.ip } },
      schema: {
        tags: ['auth'],
        summary: 'Choose a password with a one-time link (invitation or reset)',
        body: setPasswordBodySchema,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await authentication.setPasswordWithToken(request.context.now, request.body.token, request.body.password);
      return reply.status(204).send(null);
    },
  );

  app.patch(
    '/me',
    {
      config: { access: EVERYONE_SIGNED_IN },
      schema: {
        tags: ['profile'],
        summary: 'Change your name or language',
        body: updateProfileBodySchema,
        response: { 200: accountSchema, ...errors },
      },
    },
    async (request) => authentication.updateProfile(request.context, request.body),
  );

  app.post(
    '/me/password',
    {
      config: {
        access: EVERYONE_SIGNED_IN,
        rateLimit: { ...credentialRateLimit, keyGenerator: (request) => request.ip },
      },
      schema: {
        tags: ['profile'],
        summary: 'Change your password',
        body: changePasswordBodySchema,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await authentication.changePassword(request.context, request.body.currentPassword, request.body.newPassword);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/me/tokens',
    {
      config: { access: EVERYONE_SIGNED_IN },
      schema: {
        tags: ['profile'],
        summary: 'Your personal access tokens',
        response: { 200: z.object({ items: z.array(accessTokenSchema) }), ...errors },
      },
    },
    async (request) => ({ items: await authentication.listAccessTokens(request.context) }),
  );

  app.post(
    '/me/tokens',
    {
      config: { access: EVERYONE_SIGNED_IN },
      schema: {
        tags: ['profile'],
        summary: 'Create a personal access token (the secret is shown once)',
        body: createTokenBodySchema,
        response: { 201: createdAccessTokenSchema, ...errors },
      },
    },
    async (request, reply) => {
      const created = await authentication.createOwnAccessToken(request.context, request.body.name);
      return reply.status(201).send(created);
    },
  );

  app.delete(
    '/me/tokens/:id',
    {
      config: { access: EVERYONE_SIGNED_IN },
      schema: {
        tags: ['profile'],
        summary: 'Revoke one of your tokens; it stops working at once',
        params: idParamsSchema,
        response: { 204: z.null(), 404: errorBodySchema, ...errors },
      },
    },
    async (request, reply) => {
      await authentication.revokeAccessToken(request.context, request.params.id);
      return reply.status(204).send(null);
    },
  );
};
