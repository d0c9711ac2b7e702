/** Liveness and readiness: answers ok only when the database answers. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorBodySchema } from '../../contracts/common.contract.js';
import { healthSchema } from '../../contracts/identity.contract.js';
import type { Database } from '../db/database.js';
import { AppError } from './app-error.js';

export const healthRoutes: FastifyPluginAsyncZod<{ database: Database; version: string }> = async (
  app,
  { database, version },
) => {
  app.get(
    '/health',
    {
      config: { access: 'public', rateLimit: false },
      schema: { tags: ['system'], summary: 'Health check', response: { 200: healthSchema, 503: errorBodySchema } },
    },
    async () => {
      try {
        await database.pool.query('SELECT 1');
      } catch {
        throw new AppError(503, 'DATABASE_UNAVAILABLE', 'The database does not answer');
      }
      return { status: 'ok' as const, database: database.kind, version };
    },
  );
};
