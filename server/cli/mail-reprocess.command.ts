/**
 * `npm run mail:reprocess [-- --id <inbound email id>]`: runs the inbound pipeline again on failed
 * mail (and on mail stored but never processed), or on one message; prints one line per message.
 * With the embedded database, Sportello must be stopped first (or use Admin → Inbound mail).
 */
import pino from 'pino';
import { openDatabase } from '../db/database.js';
import { DataDirectoryLockedError } from '../db/data-directory-lock.js';
import { systemClock } from '../http/context.js';
import { createServer } from '../server.js';
import { CommandError, loadCommandConfig, parseCommandArguments, runGuarded, whileRunning } from './command-support.js';

const USAGE = 'npm run mail:reprocess [-- --id <inbound email id>]';

export async function runCommand(args: string[]): Promise<number> {
  return runGuarded('mail:reprocess', async () => {
    const { values } = parseCommandArguments(args, { id: { type: 'string' } }, USAGE);
    if (values.id !== undefined && !/^[0-9a-f-]{36}$/i.test(values.id)) {
      throw new CommandError(`--id must be an inbound email id (UUID) — usage: ${USAGE}`, 2);
    }
    const config = loadCommandConfig();
    let database;
    try {
      database = await openDatabase({ databaseUrl: config.databaseUrl, dataDirectory: config.dataDirectory });
    } catch (error) {
      if (error instanceof DataDirectoryLockedError) throw whileRunning(error, config.dataDirectory, 'reprocess mail');
      throw error;
    }
    // No role: no HTTP listener, no SMTP listener, no job polling — only the pipeline.
    const server = await createServer({
      config: { ...config, roles: [] },
      database,
      clock: systemClock,
      logger: pino({ level: 'silent' }),
    });
    try {
      const pipeline = server.modules.inboundMail.pipeline;
      const results = values.id
        ? [{ id: values.id, ...(await pipeline.reprocess(values.id)) }]
        : await pipeline.reprocessAll({ includeReceivedBefore: systemClock.now() });
      for (const result of results) {
        const where = result.ticketId ? ` → ticket ${result.ticketId}` : '';
        process.stdout.write(`${result.id}: ${result.status}${where}${result.error ? ` (${result.error})` : ''}\n`);
      }
      const failed = results.filter((result) => result.status === 'failed').length;
      process.stdout.write(`${results.length} message(s) reprocessed, ${failed} still failing.\n`);
      return failed > 0 ? 1 : 0;
    } finally {
      await server.close();
      await database.close();
    }
  });
}
