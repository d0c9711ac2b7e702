/**
 * The IMAP poller (issue 4, ADR 0009): reads the active mailboxes that have IMAP settings.
 * - Every SPORTELLO_IMAP_POLL_SECONDS, and as soon as the server announces new mail while the
 *   connection IDLEs (imapflow starts IDLE by itself when the server supports it, NOOP otherwise),
 *   the unseen messages of the folder (every message when the mailbox moves what it processed) are
 *   fetched raw (BODY.PEEK, so reading does not flag them) and handed to the intake, which commits
 *   them and schedules their processing in one transaction.
 * - Only after that commit is a message flagged \Seen or moved. A message whose storing failed stays
 *   unseen and is read again on the next poll; one stored but not flagged (connection lost between
 *   the two) is read again and recognised as a duplicate, then flagged.
 * - One node polls a mailbox: on PostgreSQL a session advisory lock per mailbox, held on one
 *   dedicated connection; on PGlite there is only one process.
 * - A failure is recorded on the mailbox (`last_error`, shown to admins) and retried with back-off;
 *   it never reaches the process.
 */
import { and, eq, isNotNull } from 'drizzle-orm';
import { ImapFlow, type ImapFlowOptions } from 'imapflow';
import type pg from 'pg';
import type { Database } from '../../db/database.js';
import type { Dependencies } from '../../dependencies.js';
import type { SecretBox } from '../../secret-box.js';
import { classifyImapError, hasImap, imapClientOptions, type ImapTimeouts } from './imap-connection.js';
import type { MailIntake } from './inbound-store.js';
import { mailboxes } from './mail.schema.js';

type MailboxRow = typeof mailboxes.$inferSelect;

export interface ImapPollerOptions {
  pollSeconds: number;
  /** false: no IDLE (tests drive the poller with `pollAll`). Default true. */
  idle?: boolean;
  timeouts?: ImapTimeouts;
  /** How long a connection stays quiet before it IDLEs (imapflow's default: 15 s; tests shorten it). */
  autoIdleDelayMs?: number;
  /** Longest wait between retries of a failing mailbox. Default one hour. */
  maxBackoffSeconds?: number;
}

export interface PollReport {
  mailboxId: string;
  /** Not polled: another node holds the mailbox, or it is waiting out its back-off. */
  skipped: 'locked' | 'backoff' | null;
  stored: number;
  duplicates: number;
  /** Messages left unseen because storing them failed. */
  failed: number;
  error: string | null;
}

interface Watch {
  row: MailboxRow;
  client: ImapFlow | null;
  running: Promise<PollReport> | null;
  again: boolean;
  failures: number;
  retryAt: number;
}

/** Which mailboxes this node may poll (see the module comment). */
export interface MailboxLocks {
  tryAcquire(mailboxId: string): Promise<boolean>;
  release(mailboxId: string): Promise<void>;
  releaseAll(): Promise<void>;
}

export function createMailboxLocks(database: Database, logger: Dependencies['logger']): MailboxLocks {
  if (database.kind !== 'postgres') {
    return { tryAcquire: async () => true, release: async () => undefined, releaseAll: async () => undefined };
  }
  let session: pg.PoolClient | null = null;
  const held = new Set<string>();
  const keyOf = (mailboxId: string) => `sportello.imap-poller:${mailboxId}`;
  async function connection(): Promise<pg.PoolClient> {
    if (session) return session;
    const client = await database.pool.connect();
    client.on('error', (error) => {
      logger.warn({ err: error }, 'IMAP poller lock connection lost; locks are taken again on the next poll');
      if (session === client) {
        session = null;
        held.clear();
      }
    });
    session = client;
    return client;
  }
  return {
    async tryAcquire(mailboxId) {
      if (held.has(mailboxId) && session) return true;
      const client = await connection();
      const result = await client.query<{ locked: boolean }>(
        'SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked',
        [keyOf(mailboxId)],
      );
      if (result.rows[0]?.locked) held.add(mailboxId);
      return held.has(mailboxId);
    },
    async release(mailboxId) {
      if (!held.delete(mailboxId) || !session) return;
      await session.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [keyOf(mailboxId)]);
    },
    async releaseAll() {
      held.clear();
      const client = session;
      session = null;
      if (!client) return;
      // Unlocked now (another node may take over at once), then destroyed rather than pooled.
      await client.query('SELECT pg_advisory_unlock_all()').catch(() => undefined);
      client.release(true);
    },
  };
}

export function createImapPoller(
  deps: Pick<Dependencies, 'database' | 'clock' | 'logger'>,
  intake: MailIntake,
  box: SecretBox,
  options: ImapPollerOptions,
) {
  const { database, logger } = deps;
  const idle = options.idle ?? true;
  const locks = createMailboxLocks(database, logger);
  const watches = new Map<string, Watch>();
  let timer: NodeJS.Timeout | null = null;
  let ticking: Promise<PollReport[]> | null = null;
  let stopped = false;

  function backoffMs(failures: number): number {
    const max = (options.maxBackoffSeconds ?? 3600) * 1000;
    return Math.min(options.pollSeconds * 1000 * 2 ** Math.max(0, failures - 1), max);
  }

  async function closeClient(watch: Watch): Promise<void> {
    const client = watch.client;
    watch.client = null;
    if (client?.usable) await client.logout().catch(() => client.close());
    else client?.close();
  }

  async function record(mailboxId: string, error: string | null): Promise<void> {
    await database.orm
      .update(mailboxes)
      .set({
        lastPolledAt: deps.clock.now(),
        lastPollStatus: error ? 'error' : 'ok',
        lastError: error?.slice(0, 2000) ?? null,
      })
      .where(eq(mailboxes.id, mailboxId))
      .catch((failure: unknown) => logger.error({ err: failure, mailboxId }, 'IMAP poll status not recorded'));
  }

  async function connected(watch: Watch & { row: MailboxRow & { imapPasswordEncrypted: string } }): Promise<ImapFlow> {
    if (watch.client?.usable) return watch.client;
    await closeClient(watch);
    const row = watch.row;
    const client = new ImapFlow({
      ...imapClientOptions(
        {
          host: row.imapHost!,
          port: row.imapPort!,
          tls: row.imapTls,
          username: row.imapUsername!,
          password: box.open(row.imapPasswordEncrypted),
          folder: row.imapFolder,
        },
        options.timeouts,
      ),
      disableAutoIdle: !idle,
      ...(options.autoIdleDelayMs === undefined ? {} : { autoIdleDelay: options.autoIdleDelayMs }),
    } as ImapFlowOptions);
    client.on('error', (error: unknown) => logger.warn({ err: error, mailboxId: row.id }, 'IMAP connection error'));
    client.on('close', () => {
      if (watch.client === client) watch.client = null;
    });
    // New mail announced while IDLE: read it now rather than at the next poll.
    client.on('exists', () => {
      if (!stopped && watches.get(row.id) === watch) void poll(watch);
    });
    try {
      await client.connect();
      await client.mailboxOpen(row.imapFolder);
    } catch (error) {
      client.close();
      throw error;
    }
    watch.client = client;
    return client;
  }

  /** Reads the folder once: store each message, then (only then) flag or move it. */
  async function readFolder(watch: Watch): Promise<Omit<PollReport, 'mailboxId' | 'skipped'>> {
    const row = watch.row;
    if (!hasImap(row)) throw new Error('The mailbox has no IMAP settings');
    const client = await connected(watch as Watch & { row: typeof row });
    const lock = await client.getMailboxLock(row.imapFolder);
    let stored = 0;
    let duplicates = 0;
    let failed = 0;
    let firstFailure: string | null = null;
    try {
      // A connection kept open sees mail delivered since its last command only once it asks.
      await client.noop();
      const moving = row.imapAfterProcessing === 'move' && row.imapMoveFolder;
      const found = await client.search(moving ? { all: true } : { seen: false }, { uid: true });
      const uids = [...(found || [])].sort((a, b) => a - b);
      for (const uid of uids) {
        if (stopped) break;
        const message = await client.fetchOne(String(uid), { uid: true, source: true }, { uid: true });
        if (!message || !message.source) continue;
        let duplicate: boolean;
        try {
          ({ duplicate } = await intake.accept({
            raw: message.source,
            source: 'imap',
            mailboxId: row.id,
            envelopeFrom: null,
            envelopeTo: [],
          }));
        } catch (error) {
          failed += 1;
          firstFailure ??= error instanceof Error ? error.message : String(error);
          logger.error({ err: error, mailboxId: row.id, uid }, 'IMAP message not stored; it stays unseen');
          continue;
        }
        // Committed: now the server may forget it is new.
        const done = moving
          ? await client.messageMove(String(uid), row.imapMoveFolder!, { uid: true })
          : await client.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true });
        if (done === false) throw new Error(`The server refused to ${moving ? 'move' : 'flag'} message UID ${uid}`);
        if (duplicate) duplicates += 1;
        else stored += 1;
      }
    } finally {
      lock.release();
    }
    const error = failed > 0 ? `${failed} message(s) could not be stored and stay unseen: ${firstFailure}` : null;
    return { stored, duplicates, failed, error };
  }

  function poll(watch: Watch): Promise<PollReport> {
    if (watch.running) {
      watch.again = true;
      return watch.running;
    }
    const mailboxId = watch.row.id;
    watch.running = (async (): Promise<PollReport> => {
      try {
        const result = await readFolder(watch);
        watch.failures = 0;
        watch.retryAt = 0;
        await record(mailboxId, result.error);
        return { mailboxId, skipped: null, ...result };
      } catch (error) {
        await closeClient(watch);
        watch.failures += 1;
        // Half a period early, so that a retry due "in one period" is not missed by a tick's jitter.
        watch.retryAt = deps.clock.now().getTime() + backoffMs(watch.failures) - options.pollSeconds * 500;
        const { code, message } = classifyImapError(error);
        logger.warn({ err: error, mailboxId, code, failures: watch.failures }, 'IMAP poll failed');
        await record(mailboxId, `${code}: ${message}`);
        return { mailboxId, skipped: null, stored: 0, duplicates: 0, failed: 0, error: `${code}: ${message}` };
      } finally {
        watch.running = null;
      }
    })();
    return watch.running.then((report) => {
      if (watch.again && !stopped) {
        watch.again = false;
        void poll(watch);
      }
      return report;
    });
  }

  async function forget(mailboxId: string): Promise<void> {
    const watch = watches.get(mailboxId);
    watches.delete(mailboxId);
    if (watch) {
      await watch.running?.catch(() => undefined);
      await closeClient(watch);
    }
    await locks.release(mailboxId).catch(() => undefined);
  }

  /** One round: follow the mailboxes' settings, then poll each one this node holds and is due. */
  async function pollAll(): Promise<PollReport[]> {
    const rows = (
      await database.orm
        .select()
        .from(mailboxes)
        .where(and(eq(mailboxes.active, true), isNotNull(mailboxes.imapHost)))
        .orderBy(mailboxes.name)
    ).filter(hasImap);
    const current = new Map(rows.map((row) => [row.id, row]));
    for (const [id, watch] of watches) {
      const row = current.get(id);
      // Deactivated, IMAP removed, or settings changed: drop the connection (and the lock).
      if (!row || row.version !== watch.row.version) await forget(id);
    }
    const reports: PollReport[] = [];
    for (const row of rows) {
      if (stopped) break;
      const skipped = (reason: 'locked' | 'backoff'): PollReport => ({
        mailboxId: row.id,
        skipped: reason,
        stored: 0,
        duplicates: 0,
        failed: 0,
        error: null,
      });
      if (!(await locks.tryAcquire(row.id).catch(() => false))) {
        if (watches.has(row.id)) await forget(row.id);
        reports.push(skipped('locked'));
        continue;
      }
      let watch = watches.get(row.id);
      if (!watch) {
        watch = { row, client: null, running: null, again: false, failures: 0, retryAt: 0 };
        watches.set(row.id, watch);
      }
      watch.row = row;
      if (deps.clock.now().getTime() < watch.retryAt) {
        reports.push(skipped('backoff'));
        continue;
      }
      reports.push(await poll(watch));
    }
    return reports;
  }

  function tick(): void {
    if (ticking || stopped) return;
    ticking = pollAll()
      .catch((error: unknown) => {
        logger.error({ err: error }, 'IMAP poll round failed');
        return [];
      })
      .finally(() => {
        ticking = null;
      });
  }

  return {
    pollAll,
    /** Polls now and every `pollSeconds` until `stop`; resolves with the first round's reports (never rejects). */
    start(): Promise<PollReport[]> {
      stopped = false;
      tick();
      const first = ticking ?? Promise.resolve([]);
      timer = setInterval(tick, options.pollSeconds * 1000);
      timer.unref();
      return first;
    },
    /** Stops polling: waits for the round in progress, signs out, releases the mailboxes. */
    async stop(): Promise<void> {
      stopped = true;
      if (timer) clearInterval(timer);
      timer = null;
      await ticking;
      for (const id of [...watches.keys()]) await forget(id);
      await locks.releaseAll();
    },
  };
}

export type ImapPoller = ReturnType<typeof createImapPoller>;
