/** What use-cases need from the running server, built once in main.ts (or by a test). */
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from './config/config.js';
import type { Database } from './db/database.js';
import type { Clock } from './http/context.js';
import type { JobQueue } from './jobs/job-queue.js';
import type { PasswordHasher } from './modules/identity/password-hasher.js';

export interface Dependencies {
  config: Config;
  database: Database;
  jobs: JobQueue;
  clock: Clock;
  passwords: PasswordHasher;
  logger: FastifyBaseLogger;
}
