/**
 * A whole Sportello on a private copy of the template database, driven through `inject()`, with a
 * fake clock and the demo data. Jobs do not poll: a test runs them with `runPendingJobs()`.
 */
import pino from 'pino';
import { inject } from 'vitest';
import { loadConfig, type Config } from '../config/config.js';
import { DEMO_PASSWORD, seedDemoData } from '../demo/demo-data.js';
import type { InboundFileSink } from '../modules/mail/index.js';
import { createServer, type SportelloServer } from '../server.js';
import { FakeClock } from './fake-clock.js';
import { openTestDatabase, type TestDatabase } from './test-database.js';

export interface TestServer extends SportelloServer {
  clock: FakeClock;
  testDatabase: TestDatabase;
  config: Config;
  /** Closes the app and deletes the database copy. */
  dispose(): Promise<void>;
}

export interface TestServerOptions {
  environment?: Record<string, string>;
  demo?: boolean;
  inboundFileSink?: InboundFileSink;
}

export async function createTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const testDatabase = await openTestDatabase(inject('databaseKind'), inject('databaseTemplate'));
  const config: Config = {
    ...loadConfig({
      SPORTELLO_DATA_DIR: testDatabase.dataDirectory,
      SPORTELLO_ROLES: 'http',
      SPORTELLO_LOG_LEVEL: 'silent',
      SPORTELLO_BASE_URL: 'http://sportello.test',
      SPORTELLO_LOGIN_RATE_LIMIT: '1000',
      // A test that wants the SMTP listener asks for one (SMTP_LISTEN_PORT: '0').
      SMTP_LISTEN_PORT: 'off',
      ...options.environment,
    }),
    passwordHashing: { memoryCost: 1024, timeCost: 1 },
    checkBuiltResponses: true,
    // On PostgreSQL the live bus is the real LISTEN/NOTIFY one.
    databaseUrl: testDatabase.url,
  };
  const clock = new FakeClock();
  const server = await createServer({
    config,
    database: testDatabase.database,
    clock,
    logger: pino({ level: 'silent' }),
    migrate: false,
    inboundFileSink: options.inboundFileSink,
  });
  if (options.demo !== false) await seedDemoData(server.deps, server.modules);
  return {
    ...server,
    clock,
    testDatabase,
    config,
    async dispose() {
      await server.close();
      await testDatabase.dispose();
    },
  };
}

export { DEMO_PASSWORD };

export interface SignedIn {
  headers: { cookie: string; 'x-csrf-token': string };
  accountId: string;
}

/** Signs in through the API like the browser does; returns the headers a browser would send. */
export async function signIn(server: SportelloServer, email: string, password = DEMO_PASSWORD): Promise<SignedIn> {
  const response = await server.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
  if (response.statusCode !== 200)
    throw new Error(`sign-in of ${email} failed: ${response.statusCode} ${response.body}`);
  const cookie = response.cookies.find((entry) => entry.name === 'sportello_session');
  const body = response.json<{ csrfToken: string; account: { id: string } }>();
  return {
    headers: { cookie: `sportello_session=${cookie!.value}`, 'x-csrf-token': body.csrfToken },
    accountId: body.account.id,
  };
}

/** A personal access token for scripts, made with email and password. */
export async function tokenFor(server: SportelloServer, email: string, password = DEMO_PASSWORD): Promise<string> {
  const response = await server.app.inject({
    method: 'POST',
    url: '/api/v1/auth/tokens',
    payload: { email, password, name: 'test' },
  });
  if (response.statusCode !== 201)
    throw new Error(`token for ${email} failed: ${response.statusCode} ${response.body}`);
  return response.json<{ token: string }>().token;
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
