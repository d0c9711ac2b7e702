/**
 * The built-in SMTP listener (DESIGN §3b, issue 4): takes mail forwarded to Sportello's addresses.
 * - RCPT TO is accepted only for an address of an active mailbox (or when a catch-all mailbox
 *   exists); anything else gets 550, so Sportello never becomes an open relay.
 * - Messages over SMTP_MAX_MESSAGE_BYTES get 552.
 * - 250 is answered only after the raw message (and its processing job) committed, so a message
 *   the sender saw accepted is never lost; a failure to store answers 451 and the sender retries.
 */
import type { AddressInfo } from 'node:net';
import { eq, and } from 'drizzle-orm';
import { SMTPServer, type SMTPServerAddress, type SMTPServerSession } from 'smtp-server';
import type { Dependencies } from '../../dependencies.js';
import type { MailIntake } from './inbound-store.js';
import { mailboxAddresses, mailboxes } from './mail.schema.js';

export interface SmtpListenerOptions {
  host: string;
  /** 0: an ephemeral port (tests). */
  port: number;
  maxMessageBytes: number;
}

export interface SmtpListener {
  /** The port actually listened on. */
  readonly port: number;
  close(): Promise<void>;
}

/** How long a recipient's mailbox is remembered (see `mailboxFor`). */
const RECIPIENT_CACHE_MS = 5_000;

function smtpError(message: string, responseCode: number): Error {
  return Object.assign(new Error(message), { responseCode });
}

export async function startSmtpListener(
  deps: Pick<Dependencies, 'database' | 'logger'>,
  intake: MailIntake,
  options: SmtpListenerOptions,
): Promise<SmtpListener> {
  const { database, logger } = deps;
  // Recipient → mailbox, per session (the first accepted recipient's mailbox takes the message).
  const mailboxOfSession = new Map<string, string>();

  // Recipients found recently, so a busy sender's every message does not look its mailbox up again.
  // Only found ones: a mailbox just added must not be refused (550 is permanent); a mailbox just
  // deactivated keeps receiving for at most RECIPIENT_CACHE_MS (what it receives is kept and processed).
  const recentRecipients = new Map<string, { mailboxId: string; until: number }>();

  async function mailboxFor(address: string): Promise<string | null> {
    const recent = recentRecipients.get(address.toLowerCase());
    if (recent && recent.until > Date.now()) return recent.mailboxId;
    const mailboxId = await lookUpMailbox(address);
    if (mailboxId) {
      if (recentRecipients.size > 10_000) recentRecipients.clear();
      recentRecipients.set(address.toLowerCase(), { mailboxId, until: Date.now() + RECIPIENT_CACHE_MS });
    }
    return mailboxId;
  }

  async function lookUpMailbox(address: string): Promise<string | null> {
    const [owned] = await database.orm
      .select({ id: mailboxes.id })
      .from(mailboxAddresses)
      .innerJoin(mailboxes, eq(mailboxes.id, mailboxAddresses.mailboxId))
      .where(and(eq(mailboxAddresses.address, address.toLowerCase()), eq(mailboxes.active, true)));
    if (owned) return owned.id;
    const [catchAll] = await database.orm
      .select({ id: mailboxes.id })
      .from(mailboxes)
      .where(and(eq(mailboxes.catchAll, true), eq(mailboxes.active, true)));
    return catchAll?.id ?? null;
  }

  const server = new SMTPServer({
    name: 'sportello',
    banner: 'Sportello inbound mail',
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: options.maxMessageBytes,
    logger: false,
    closeTimeout: 5_000,
    onMailFrom(_address, session, callback) {
      mailboxOfSession.delete(session.id);
      callback();
    },
    onRcptTo(address: SMTPServerAddress, session: SMTPServerSession, callback) {
      mailboxFor(address.address)
        .then((mailboxId) => {
          if (!mailboxId) return callback(smtpError(`5.1.1 <${address.address}>: no such mailbox here`, 550));
          if (!mailboxOfSession.has(session.id)) mailboxOfSession.set(session.id, mailboxId);
          callback();
        })
        .catch((error: unknown) => {
          logger.error({ err: error }, 'SMTP recipient lookup failed');
          callback(smtpError('4.3.0 temporary failure, try again later', 451));
        });
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= options.maxMessageBytes) chunks.push(chunk);
      });
      stream.on('error', (error: Error) => callback(error));
      stream.on('end', () => {
        if (stream.sizeExceeded || size > options.maxMessageBytes) {
          return callback(smtpError(`5.3.4 message exceeds the ${options.maxMessageBytes} byte limit`, 552));
        }
        const envelopeFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : null;
        intake
          .accept({
            raw: Buffer.concat(chunks),
            source: 'smtp',
            mailboxId: mailboxOfSession.get(session.id) ?? null,
            envelopeFrom: envelopeFrom || null,
            envelopeTo: session.envelope.rcptTo.map((recipient) => recipient.address),
          })
          .then((stored) => callback(null, `2.0.0 stored as ${stored.inboundEmailId}`))
          .catch((error: unknown) => {
            logger.error({ err: error }, 'SMTP message not stored');
            callback(smtpError('4.3.0 message not stored, try again later', 451));
          });
      });
    },
    onClose(session) {
      mailboxOfSession.delete(session.id);
    },
  });
  server.on('error', (error) => logger.error({ err: error }, 'SMTP listener error'));

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.server.address() as AddressInfo).port;
  logger.info({ port, host: options.host }, 'SMTP listener started');
  return {
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
