/**
 * Configuration comes from the environment only, validated once at start: a wrong value stops the
 * start with one line that says which variable to fix (issue #2, "Bad input and faults").
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';

const roleSchema = z.enum(['http', 'worker', 'scheduler']);
export type ProcessRole = z.infer<typeof roleSchema>;

const portSchema = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);

const booleanFlag = (fallback: boolean) =>
  z
    .enum(['0', '1', 'true', 'false', 'yes', 'no'])
    .optional()
    .transform((value) => (value === undefined ? fallback : ['1', 'true', 'yes'].includes(value)));

const environmentSchema = z.object({
  PORT: portSchema(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  SPORTELLO_DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .optional()
    .refine((value) => value === undefined || value === '' || /^postgres(ql)?:\/\//.test(value), {
      message: 'must be a postgres:// or postgresql:// URL',
    }),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  SPORTELLO_DEMO: booleanFlag(true),
  SMTP_LISTEN_PORT: z
    .union([z.literal('off'), z.coerce.number().int().min(0).max(65535)])
    .default(2525)
    .describe('off disables the listener; 0 takes an ephemeral port'),
  SMTP_LISTEN_HOST: z.string().min(1).default('0.0.0.0'),
  SMTP_MAX_MESSAGE_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(25 * 1024 * 1024),
  SPORTELLO_INBOUND_CONCURRENCY: z.coerce.number().int().min(1).max(32).optional(),
  SPORTELLO_PARSE_WORKERS: z.coerce.number().int().min(0).max(16).optional(),
  SPORTELLO_IMAP_POLL_SECONDS: z.coerce.number().int().min(5).max(86_400).default(60),
  SPORTELLO_REPLY_REOPEN_DAYS: z.coerce.number().int().min(0).max(3650).default(14),
  SMTP_URL: z.string().optional(),
  SPORTELLO_BASE_URL: z.string().url().optional(),
  SPORTELLO_ROLES: z
    .string()
    .default('http,worker,scheduler')
    .transform((value, context) => {
      const roles = value
        .split(',')
        .map((role) => role.trim())
        .filter(Boolean);
      const parsed = z.array(roleSchema).min(1).safeParse(roles);
      if (!parsed.success) {
        context.addIssue({ code: 'custom', message: 'must be a comma-separated list of http, worker, scheduler' });
        return z.NEVER;
      }
      return [...new Set(parsed.data)];
    }),
  SPORTELLO_SECRET_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
  SPORTELLO_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SPORTELLO_LOGIN_RATE_LIMIT: z.coerce.number().int().min(1).default(10),
  SPORTELLO_RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(1).default(60),
  SPORTELLO_BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(1024 * 1024),
  SPORTELLO_SESSION_DAYS: z.coerce.number().int().min(1).max(365).default(14),
  SPORTELLO_AUTO_CLOSE_DAYS: z.coerce.number().int().min(1).max(365).default(7),
  SPORTELLO_ATTACHMENT_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(25 * 1024 * 1024),
  SPORTELLO_DKIM_DOMAIN: z
    .string()
    .regex(/^[a-z0-9.-]+\.[a-z]{2,}$/i, 'must be a domain name, e.g. example.com')
    .optional(),
  SPORTELLO_DKIM_SELECTOR: z
    .string()
    .regex(/^[a-z0-9._-]+$/i, 'must be a DNS label, e.g. sportello')
    .optional(),
  SPORTELLO_DKIM_PRIVATE_KEY: z.string().optional(),
  SPORTELLO_DKIM_PRIVATE_KEY_FILE: z.string().optional(),
});

/** DKIM signing of outgoing mail: the three settings together, or none (DESIGN §3b "Outbound"). */
export interface DkimConfig {
  domainName: string;
  keySelector: string;
  privateKey: string;
}

function dkimFrom(env: z.infer<typeof environmentSchema>): DkimConfig | null {
  let privateKey = env.SPORTELLO_DKIM_PRIVATE_KEY?.replace(/\\n/g, '\n');
  if (env.SPORTELLO_DKIM_PRIVATE_KEY_FILE) {
    if (privateKey)
      throw new ConfigError('Invalid configuration: set SPORTELLO_DKIM_PRIVATE_KEY or its _FILE, not both');
    try {
      privateKey = readFileSync(env.SPORTELLO_DKIM_PRIVATE_KEY_FILE, 'utf8');
    } catch (error) {
      throw new ConfigError(
        `Invalid configuration: SPORTELLO_DKIM_PRIVATE_KEY_FILE cannot be read (${(error as Error).message})`,
      );
    }
  }
  const given = [env.SPORTELLO_DKIM_DOMAIN, env.SPORTELLO_DKIM_SELECTOR, privateKey].filter(Boolean).length;
  if (given === 0) return null;
  if (given < 3 || !env.SPORTELLO_DKIM_DOMAIN || !env.SPORTELLO_DKIM_SELECTOR || !privateKey) {
    throw new ConfigError(
      'Invalid configuration: DKIM needs SPORTELLO_DKIM_DOMAIN, SPORTELLO_DKIM_SELECTOR and SPORTELLO_DKIM_PRIVATE_KEY (or _FILE) together',
    );
  }
  if (!/-----BEGIN (RSA |EC )?PRIVATE KEY-----/.test(privateKey)) {
    throw new ConfigError('Invalid configuration: SPORTELLO_DKIM_PRIVATE_KEY must be a PEM private key');
  }
  return {
    domainName: env.SPORTELLO_DKIM_DOMAIN.toLowerCase(),
    keySelector: env.SPORTELLO_DKIM_SELECTOR,
    privateKey: privateKey.trim(),
  };
}

export interface Config {
  port: number;
  host: string;
  dataDirectory: string;
  /** Unset: the embedded PGlite database in the data directory. */
  databaseUrl: string | null;
  databasePoolSize: number;
  demo: boolean;
  /** Null: the SMTP listener is off (SMTP_LISTEN_PORT=off). 0: an ephemeral port. */
  smtpListenPort: number | null;
  smtpListenHost: string;
  /** Larger messages are refused during the SMTP DATA phase (552). */
  smtpMaxMessageBytes: number;
  /** IMAP mailboxes are read this often (and at once when an IDLE connection announces new mail). */
  imapPollSeconds: number;
  /** Inbound messages one worker node processes at once (SPORTELLO_INBOUND_CONCURRENCY). */
  inboundConcurrency: number;
  /** Threads that parse inbound mail (SPORTELLO_PARSE_WORKERS); 0: the main thread parses (ADR 0024). */
  parseWorkers: number;
  /** A reply to a closed ticket with `reply_reopens` reopens it within this many days of closure. */
  replyReopenDays: number;
  smtpUrl: string | null;
  /** Null: outgoing mail is not signed. */
  dkim: DkimConfig | null;
  /** Used in links sent by email (invitations, password resets). */
  baseUrl: string;
  roles: ProcessRole[];
  /** Null: generated into the data directory on first start (demo convenience, logged as a warning). */
  secretKey: string | null;
  logLevel: string;
  rateLimit: { loginPerWindow: number; windowSeconds: number };
  bodyLimitBytes: number;
  sessionDays: number;
  /** A resolved ticket closes by itself after this many days without a customer reply. */
  autoCloseResolvedDays: number;
  /** The largest file one upload may carry (413 ATTACHMENT_TOO_LARGE above it). */
  attachmentMaxBytes: number;
  /** Argon2 cost; tests lower it (DESIGN §3b). */
  passwordHashing: { memoryCost: number; timeCost: number };
  /**
   * Encode the answers of `builtResponse` routes against their schema too, and fail on a difference
   * (server/http/response-encoding.ts); the test suites turn it on.
   */
  checkBuiltResponses: boolean;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Inbound messages processed at once per worker node: 4 on PostgreSQL (see docs/PERFORMANCE.md),
 * 1 embedded, where one connection serialises the transactions anyway. Each takes a pooled
 * connection, so some of the pool must stay free for the HTTP API and the SMTP listener.
 */
function inboundConcurrencyOf(env: z.infer<typeof environmentSchema>): number {
  const concurrency = env.SPORTELLO_INBOUND_CONCURRENCY ?? (env.DATABASE_URL ? 4 : 1);
  if (env.DATABASE_URL && concurrency >= env.DATABASE_POOL_SIZE) {
    throw new ConfigError(
      `Invalid configuration: SPORTELLO_INBOUND_CONCURRENCY (${concurrency}) must be less than DATABASE_POOL_SIZE (${env.DATABASE_POOL_SIZE})`,
    );
  }
  return concurrency;
}

/** Reads and validates the environment; throws a ConfigError whose message is one line. */
export function loadConfig(environment: NodeJS.ProcessEnv = process.env): Config {
  const parsed = environmentSchema.safeParse(environment);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`);
    throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
  }
  const env = parsed.data;
  return {
    port: env.PORT,
    host: env.HOST,
    dataDirectory: path.resolve(env.SPORTELLO_DATA_DIR),
    databaseUrl: env.DATABASE_URL ? env.DATABASE_URL : null,
    databasePoolSize: env.DATABASE_POOL_SIZE,
    demo: env.SPORTELLO_DEMO,
    smtpListenPort: env.SMTP_LISTEN_PORT === 'off' ? null : env.SMTP_LISTEN_PORT,
    smtpListenHost: env.SMTP_LISTEN_HOST,
    smtpMaxMessageBytes: env.SMTP_MAX_MESSAGE_BYTES,
    imapPollSeconds: env.SPORTELLO_IMAP_POLL_SECONDS,
    inboundConcurrency: inboundConcurrencyOf(env),
    // One core is the main thread's (and the database's, on one machine): the rest may parse.
    parseWorkers: env.SPORTELLO_PARSE_WORKERS ?? Math.min(2, Math.max(1, os.availableParallelism() - 1)),
    replyReopenDays: env.SPORTELLO_REPLY_REOPEN_DAYS,
    smtpUrl: env.SMTP_URL ? env.SMTP_URL : null,
    dkim: dkimFrom(env),
    baseUrl: (env.SPORTELLO_BASE_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, ''),
    roles: env.SPORTELLO_ROLES,
    secretKey: env.SPORTELLO_SECRET_KEY ?? null,
    logLevel: env.SPORTELLO_LOG_LEVEL,
    rateLimit: {
      loginPerWindow: env.SPORTELLO_LOGIN_RATE_LIMIT,
      windowSeconds: env.SPORTELLO_RATE_LIMIT_WINDOW_SECONDS,
    },
    bodyLimitBytes: env.SPORTELLO_BODY_LIMIT_BYTES,
    sessionDays: env.SPORTELLO_SESSION_DAYS,
    autoCloseResolvedDays: env.SPORTELLO_AUTO_CLOSE_DAYS,
    attachmentMaxBytes: env.SPORTELLO_ATTACHMENT_MAX_BYTES,
    passwordHashing: { memoryCost: 19456, timeCost: 2 },
    checkBuiltResponses: false,
  };
}
