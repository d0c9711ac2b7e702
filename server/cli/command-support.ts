/**
 * What the maintenance commands share: argument parsing, and the rule that an expected fault (bad
 * arguments, missing file, locked data directory, unreachable database, damaged archive) ends with
 * one line on stderr and a non-zero exit code, never a stack trace. Only a bug prints one.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import pg from 'pg';
import { ConfigError, loadConfig, type Config } from '../config/config.js';
import { DataDirectoryLockedError } from '../db/data-directory-lock.js';
import { ArchiveError } from '../backup/archive-reader.js';
import { SqlScriptError } from '../db/sql-script.js';
import { EmbeddedDatabaseError } from '../db/pglite-dump.js';

/** An expected fault: its message is the one line the user sees. */
export class CommandError extends Error {
  override name = 'CommandError';
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

export const EXIT_USAGE = 2;

type Options = NonNullable<ParseArgsConfig['options']>;

/** `util.parseArgs`, strict; a mistake becomes a CommandError that shows the usage. */
export function parseCommandArguments<T extends Options>(args: string[], options: T, usage: string) {
  try {
    // `node scripts/run.mjs backup -- --output x` passes the `--` that `npm run` would have eaten.
    const rest = args[0] === '--' ? args.slice(1) : args;
    return parseArgs({ args: rest, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new CommandError(`${(error as Error).message.split('\n')[0]} — usage: ${usage}`, EXIT_USAGE);
  }
}

export function loadCommandConfig(): Config {
  try {
    return loadConfig();
  } catch (error) {
    throw new CommandError((error as Error).message);
  }
}

function isExpected(error: unknown): error is Error {
  if (
    error instanceof CommandError ||
    error instanceof DataDirectoryLockedError ||
    error instanceof ConfigError ||
    error instanceof ArchiveError ||
    error instanceof SqlScriptError ||
    error instanceof EmbeddedDatabaseError ||
    // A server's refusal (permissions, a missing database) is reported as the server words it.
    error instanceof pg.DatabaseError
  ) {
    return true;
  }
  // File-system faults (ENOENT, EACCES, ENOSPC…) are the user's to fix, and their message says what.
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return error instanceof Error && typeof code === 'string' && /^E[A-Z]+$/.test(code);
}

/** Runs a command body; turns any fault into one stderr line and an exit code. */
export async function runGuarded(command: string, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (error) {
    if (isExpected(error)) {
      process.stderr.write(`sportello ${command}: ${error.message.replace(/\s*\n\s*/g, ' ')}\n`);
      return error instanceof CommandError ? error.exitCode : 1;
    }
    process.stderr.write(
      `sportello ${command}: unexpected error: ${error instanceof Error ? error.stack : String(error)}\n`,
    );
    return 1;
  }
}

/** Why the command cannot run while Sportello holds the data directory, and what to do. */
export function whileRunning(error: DataDirectoryLockedError, dataDirectory: string, action: string): CommandError {
  const pid = /PID (\d+)/.exec(error.message)?.[1];
  if (!pid) return new CommandError(`cannot ${action}: ${error.message}`);
  return new CommandError(
    `Sportello is running on ${dataDirectory} (PID ${pid}): stop it (Ctrl-C, or kill -INT ${pid}), then ${action} again`,
  );
}

/** A database URL fit for messages: the password is replaced. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(invalid URL)';
  }
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = -1;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}
