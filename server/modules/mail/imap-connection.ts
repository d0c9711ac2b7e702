/**
 * Connecting to a mailbox's IMAP server with imapflow: the client options of a mailbox's settings,
 * the connection test of the admin screen, and one stable code for each way a connection fails
 * (the admin sees the code translated, the poller records the message on the mailbox).
 */
import { ImapFlow, type ImapFlowOptions } from 'imapflow';
import type { MailboxTestErrorCode, MailboxTestResult } from '../../../contracts/mailboxes.contract.js';
import { SecretBoxError } from '../../secret-box.js';
import type { mailboxes } from './mail.schema.js';

/** The IMAP settings of a mailbox row that has them, with the password opened. */
export interface ImapSettings {
  host: string;
  port: number;
  tls: 'tls' | 'starttls' | 'none';
  username: string;
  password: string;
  folder: string;
}

type MailboxRow = typeof mailboxes.$inferSelect;

/** Whether a mailbox row is polled over IMAP (its settings complete). */
export function hasImap(
  row: MailboxRow,
): row is MailboxRow & { imapHost: string; imapPort: number; imapUsername: string; imapPasswordEncrypted: string } {
  return Boolean(row.imapHost && row.imapPort && row.imapUsername && row.imapPasswordEncrypted);
}

export interface ImapTimeouts {
  connectionMs: number;
  greetingMs: number;
  socketMs: number;
}

const defaultTimeouts: ImapTimeouts = { connectionMs: 15_000, greetingMs: 15_000, socketMs: 5 * 60_000 };

/** imapflow options for the settings; TLS certificates are always verified. */
export function imapClientOptions(settings: ImapSettings, timeouts: ImapTimeouts = defaultTimeouts): ImapFlowOptions {
  return {
    host: settings.host,
    port: settings.port,
    secure: settings.tls === 'tls',
    doSTARTTLS: settings.tls === 'starttls' ? true : settings.tls === 'none' ? false : undefined,
    auth: { user: settings.username, pass: settings.password },
    logger: false,
    connectionTimeout: timeouts.connectionMs,
    greetingTimeout: timeouts.greetingMs,
    socketTimeout: timeouts.socketMs,
    clientInfo: { name: 'Sportello' },
  } as ImapFlowOptions;
}

interface ImapErrorLike {
  code?: string;
  authenticationFailed?: boolean;
  tlsFailed?: boolean;
  serverResponseCode?: string;
  responseText?: string;
  message?: string;
}

const connectionCodes = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNRESET',
  'EPIPE',
  'NoConnection',
  'EConnectionClosed',
  'ClosedAfterConnectText',
  'ClosedAfterConnectTLS',
]);
const timeoutCodes = new Set(['CONNECT_TIMEOUT', 'GREETING_TIMEOUT', 'UPGRADE_TIMEOUT', 'ETIMEOUT', 'ETIMEDOUT']);

/** One stable code and a readable message for an error of connecting, signing in or opening the folder. */
export function classifyImapError(error: unknown): { code: MailboxTestErrorCode; message: string } {
  if (error instanceof SecretBoxError) {
    return {
      code: 'IMAP_PASSWORD_UNREADABLE',
      message: 'The stored password cannot be decrypted with this SPORTELLO_SECRET_KEY; enter it again',
    };
  }
  const failure = (typeof error === 'object' && error !== null ? error : {}) as ImapErrorLike;
  const detail = [failure.message, failure.responseText].filter(Boolean).join(': ') || String(error);
  const code = failure.code ?? '';
  if (failure.authenticationFailed || failure.serverResponseCode === 'AUTHENTICATIONFAILED') {
    return { code: 'IMAP_AUTH_FAILED', message: `The server refused the user name or password (${detail})` };
  }
  if (failure.serverResponseCode === 'NONEXISTENT' || code === 'NotFound') {
    return { code: 'IMAP_FOLDER_NOT_FOUND', message: `The folder does not exist (${detail})` };
  }
  if (timeoutCodes.has(code)) return { code: 'IMAP_TIMEOUT', message: `The server did not answer in time (${detail})` };
  if (failure.tlsFailed || /^(ERR_SSL|ERR_TLS|CERT_|UNABLE_TO_|DEPTH_ZERO|SELF_SIGNED)/.test(code)) {
    return { code: 'IMAP_TLS_FAILED', message: `The secure connection failed (${detail})` };
  }
  if (connectionCodes.has(code)) {
    return { code: 'IMAP_CONNECTION_FAILED', message: `Cannot connect to the IMAP server (${detail})` };
  }
  return { code: 'IMAP_ERROR', message: detail };
}

/**
 * Connects, signs in and opens the folder read-only, then logs out: what the admin's "Test
 * connection" does. Never throws; the result says what failed.
 */
export async function testImapConnection(
  settings: () => ImapSettings,
  timeouts?: ImapTimeouts,
): Promise<MailboxTestResult> {
  let client: ImapFlow | null = null;
  try {
    const opened = settings();
    client = new ImapFlow(imapClientOptions(opened, timeouts));
    // Errors after connect arrive as events too; the awaited calls below report them.
    client.on('error', () => undefined);
    await client.connect();
    const mailbox = await client.mailboxOpen(opened.folder, { readOnly: true });
    const status = await client.status(opened.folder, { unseen: true }).catch(() => null);
    return { ok: true, messages: mailbox.exists, unseen: status ? (status.unseen ?? null) : null, error: null };
  } catch (error) {
    return { ok: false, messages: null, unseen: null, error: classifyImapError(error) };
  } finally {
    if (client?.usable) await client.logout().catch(() => client?.close());
    else client?.close();
  }
}
