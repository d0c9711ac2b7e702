/**
 * The Sportello process: `npm start` runs this (after building what is missing).
 * Any fault at start (bad configuration, locked or unwritable data directory, unreachable
 * database, port in use) ends the start with one line that says what to fix.
 */
import fs from 'node:fs';
import pino from 'pino';
import { loadConfig, type Config } from './config/config.js';
import { openDatabase, type Database } from './db/database.js';
import { seedDemoData } from './demo/demo-data.js';
import { systemClock } from './http/context.js';
import { webDirectory } from './project-paths.js';
import { resolveSecretKey } from './secret-key.js';
import { createServer, type SportelloServer } from './server.js';

function fail(message: string): never {
  process.stderr.write(`sportello: ${message}\n`);
  process.exit(1);
}

function checkDataDirectory(config: Config): void {
  try {
    fs.mkdirSync(config.dataDirectory, { recursive: true });
    fs.accessSync(config.dataDirectory, fs.constants.W_OK);
  } catch {
    fail(`the data directory ${config.dataDirectory} is not writable; set SPORTELLO_DATA_DIR to a writable directory`);
  }
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    fail((error as Error).message);
  }
  const logger = pino({
    level: config.logLevel,
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'], remove: true },
  });

  checkDataDirectory(config);
  const secret = resolveSecretKey(config.secretKey, config.dataDirectory);
  if (secret.generated) {
    logger.warn(
      'SPORTELLO_SECRET_KEY is not set: using a key generated into the data directory (fine for a demo, set it in production)',
    );
  }

  let database: Database;
  try {
    database = await openDatabase({
      databaseUrl: config.databaseUrl,
      dataDirectory: config.dataDirectory,
      poolSize: config.databasePoolSize,
    });
  } catch (error) {
    fail((error as Error).message);
  }

  let server: SportelloServer;
  try {
    server = await createServer({ config, database, clock: systemClock, logger, webDirectory });
  } catch (error) {
    await database.close().catch(() => undefined);
    fail(`could not start: ${(error as Error).message}`);
  }

  let seeded = false;
  try {
    if (config.demo) seeded = await seedDemoData(server.deps, server.modules);
  } catch (error) {
    await server.close().catch(() => undefined);
    await database.close().catch(() => undefined);
    fail(`could not create the demo data: ${(error as Error).message}`);
  }

  if (config.roles.includes('http')) {
    try {
      await server.app.listen({ port: config.port, host: config.host });
    } catch (error) {
      await server.close().catch(() => undefined);
      await database.close().catch(() => undefined);
      const code = (error as NodeJS.ErrnoException).code;
      fail(
        code === 'EADDRINUSE'
          ? `port ${config.port} is already in use; stop the other program or set PORT`
          : `cannot listen on ${config.host}:${config.port}: ${(error as Error).message}`,
      );
    }
  }

  const address = server.app.server.address();
  const listening =
    address && typeof address === 'object' && config.port === 0 ? `http://localhost:${address.port}` : config.baseUrl;
  const lines = [
    '',
    `  Sportello is running at ${listening}  (database: ${database.kind === 'pglite' ? `embedded, ${config.dataDirectory}` : 'PostgreSQL'})`,
    `  API docs: ${listening}/api/docs`,
  ];
  // The actual port matters when SMTP_LISTEN_PORT is 0 (ephemeral): tests and benchmarks read it here.
  if (server.smtp) lines.push(`  Inbound mail (SMTP) on port ${server.smtp.port}`);
  if (config.demo) {
    lines.push(
      `  Demo accounts${seeded ? ' (just created)' : ''}, password "sportello":`,
      '    admin@example.com · supervisor@example.com · l1@example.com · l2@example.com · customer@example.com',
    );
  }
  process.stdout.write(`${lines.join('\n')}\n\n`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const forced = setTimeout(() => {
      logger.error('shutdown took too long; exiting');
      process.exit(1);
    }, 60_000);
    forced.unref();
    try {
      await server.close();
      await database.close();
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, 'error while shutting down');
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

void main();
