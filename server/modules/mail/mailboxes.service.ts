/**
 * Mailboxes for admins: list, read, create and change them (optimistic concurrency on `version`),
 * and test their IMAP connection. An address belongs to one mailbox (409 MAILBOX_ADDRESS_TAKEN);
 * there is always exactly one default mailbox (it moves, it is never removed). The IMAP password
 * is sealed with the secret box before it is stored and never leaves the server; changing where
 * the password is sent (host, port, TLS mode, user name) requires typing it again, so a stored
 * password cannot be redirected to another server.
 */
import { and, asc, eq, inArray, ne, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { Page } from '../../../contracts/common.contract.js';
import type {
  createMailboxBodySchema,
  Mailbox,
  mailboxImapInputSchema,
  MailboxTestResult,
  updateMailboxBodySchema,
} from '../../../contracts/mailboxes.contract.js';
import type { Transaction } from '../../db/database.js';
import { isUniqueViolation } from '../../db/sql-helpers.js';
import type { Dependencies } from '../../dependencies.js';
import { AppError, forbidden, notFound, validationFailed, versionConflict } from '../../http/app-error.js';
import { hasRole, type Context } from '../../http/context.js';
import { decodeCursor, toPage } from '../../http/pagination.js';
import type { SecretBox } from '../../secret-box.js';
import { services } from '../catalog/catalog.schema.js';
import { groups } from '../identity/identity.schema.js';
import { hasImap, testImapConnection, type ImapTimeouts } from './imap-connection.js';
import { mailboxAddresses, mailboxes } from './mail.schema.js';

type MailboxRow = typeof mailboxes.$inferSelect;
export type CreateMailboxInput = z.output<typeof createMailboxBodySchema>;
export type UpdateMailboxInput = z.output<typeof updateMailboxBodySchema>;
type ImapInput = z.output<typeof mailboxImapInputSchema>;

const mailboxNotFound = () => notFound('MAILBOX_NOT_FOUND', 'No such mailbox');

function present(row: MailboxRow, addresses: string[]): Mailbox {
  return {
    id: row.id,
    name: row.name,
    address: row.address,
    addresses: [row.address, ...addresses.filter((address) => address !== row.address).sort()],
    groupId: row.groupId,
    serviceId: row.serviceId,
    isDefault: row.isDefault,
    catchAll: row.catchAll,
    active: row.active,
    imap: hasImap(row)
      ? {
          host: row.imapHost,
          port: row.imapPort,
          tls: row.imapTls,
          username: row.imapUsername,
          passwordSet: true,
          folder: row.imapFolder,
          afterProcessing: row.imapAfterProcessing,
          moveFolder: row.imapMoveFolder,
        }
      : null,
    lastPolledAt: row.lastPolledAt?.toISOString() ?? null,
    lastPollStatus: row.lastPollStatus,
    lastError: row.lastError,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

function authorize(context: Context): void {
  if (context.actor.kind === 'system') return;
  if (context.actor.kind !== 'user' || !hasRole(context.actor, 'admin')) throw forbidden();
}

async function addressesOf(tx: Pick<Transaction, 'select'>, ids: string[]): Promise<Map<string, string[]>> {
  const byMailbox = new Map<string, string[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return byMailbox;
  const rows = await tx.select().from(mailboxAddresses).where(inArray(mailboxAddresses.mailboxId, ids));
  for (const row of rows) byMailbox.get(row.mailboxId)?.push(row.address);
  return byMailbox;
}

async function assertReferences(tx: Transaction, groupId: string | undefined, serviceId: string | null | undefined) {
  if (groupId) {
    const [group] = await tx.select({ id: groups.id }).from(groups).where(eq(groups.id, groupId));
    if (!group) {
      throw new AppError(400, 'GROUP_NOT_FOUND', 'Unknown group', {
        fields: [{ path: 'body.groupId', message: 'Unknown group' }],
      });
    }
  }
  if (serviceId) {
    const [service] = await tx.select({ id: services.id }).from(services).where(eq(services.id, serviceId));
    if (!service) {
      throw new AppError(400, 'SERVICE_NOT_FOUND', 'Unknown service', {
        fields: [{ path: 'body.serviceId', message: 'Unknown service' }],
      });
    }
  }
}

const addressTaken = (addresses: string[]) =>
  new AppError(409, 'MAILBOX_ADDRESS_TAKEN', 'Another mailbox already receives mail for this address', {
    fields: [{ path: 'body.addresses', message: `Already used by another mailbox: ${addresses.join(', ')}` }],
  });

/** Replaces the mailbox's addresses; 409 when another mailbox has one of them. */
async function setAddresses(tx: Transaction, mailboxId: string, addresses: string[]): Promise<void> {
  const wanted = [...new Set(addresses.map((address) => address.toLowerCase()))];
  const taken = await tx
    .select({ address: mailboxAddresses.address })
    .from(mailboxAddresses)
    .where(and(inArray(mailboxAddresses.address, wanted), ne(mailboxAddresses.mailboxId, mailboxId)));
  if (taken.length > 0) throw addressTaken(taken.map((row) => row.address));
  await tx.delete(mailboxAddresses).where(eq(mailboxAddresses.mailboxId, mailboxId));
  await tx.insert(mailboxAddresses).values(wanted.map((address) => ({ address, mailboxId })));
}

/** The IMAP columns of the admin's settings; the password is sealed, or kept when not retyped. */
function imapColumns(box: SecretBox, input: ImapInput | null, current: MailboxRow | null) {
  if (input === null) {
    return {
      imapHost: null,
      imapPort: null,
      imapUsername: null,
      imapPasswordEncrypted: null,
      imapFolder: 'INBOX',
      imapAfterProcessing: 'seen' as const,
      imapMoveFolder: null,
      lastPollStatus: null,
      lastError: null,
    };
  }
  const sameDestination =
    current !== null &&
    hasImap(current) &&
    current.imapHost === input.host &&
    current.imapPort === input.port &&
    current.imapTls === input.tls &&
    current.imapUsername === input.username;
  if (input.password === undefined && !sameDestination) {
    throw validationFailed([
      {
        path: 'body.imap.password',
        message: 'Type the password: it is needed when IMAP is set up or its server or user changes',
      },
    ]);
  }
  return {
    imapHost: input.host,
    imapPort: input.port,
    imapTls: input.tls,
    imapUsername: input.username,
    imapPasswordEncrypted: input.password === undefined ? current!.imapPasswordEncrypted : box.seal(input.password),
    imapFolder: input.folder,
    imapAfterProcessing: input.afterProcessing,
    imapMoveFolder: input.afterProcessing === 'move' ? input.moveFolder : null,
  };
}

export function createMailboxes(
  deps: Pick<Dependencies, 'database'>,
  box: SecretBox,
  options: { testTimeouts?: ImapTimeouts } = {},
) {
  const { database } = deps;

  async function load(tx: Pick<Transaction, 'select'>, id: string): Promise<Mailbox> {
    const [row] = await tx.select().from(mailboxes).where(eq(mailboxes.id, id));
    if (!row) throw mailboxNotFound();
    return present(row, (await addressesOf(tx, [id])).get(id) ?? []);
  }

  /** Unique violations left after the checks (two admins at once) answer 409 too. */
  async function guarded<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (isUniqueViolation(error)) throw addressTaken([]);
      throw error;
    }
  }

  return {
    async list(
      context: Context,
      query: { limit: number; cursor?: string | undefined; active?: 'true' | 'false' | undefined },
    ): Promise<Page<Mailbox>> {
      authorize(context);
      const conditions: SQL[] = [];
      if (query.active !== undefined) conditions.push(eq(mailboxes.active, query.active === 'true'));
      if (query.cursor) {
        const [name, id] = decodeCursor(query.cursor);
        conditions.push(sql`(${mailboxes.name}, ${mailboxes.id}) > (${name}, ${id}::uuid)`);
      }
      const rows = await database.orm
        .select()
        .from(mailboxes)
        .where(and(...conditions))
        .orderBy(asc(mailboxes.name), asc(mailboxes.id))
        .limit(query.limit + 1);
      const addresses = await addressesOf(
        database.orm,
        rows.map((row) => row.id),
      );
      return toPage(
        rows,
        query.limit,
        (row) => present(row, addresses.get(row.id) ?? []),
        (row) => [row.name, row.id],
      );
    },

    async get(context: Context, id: string): Promise<Mailbox> {
      authorize(context);
      return load(database.orm, id);
    },

    async create(context: Context, input: CreateMailboxInput): Promise<Mailbox> {
      authorize(context);
      return guarded(() =>
        database.transaction(async (tx) => {
          await assertReferences(tx, input.groupId, input.serviceId);
          const [clash] = await tx
            .select({ id: mailboxes.id })
            .from(mailboxes)
            .where(sql`lower(${mailboxes.address}) = ${input.address}`);
          if (clash) throw addressTaken([input.address]);
          if (input.isDefault)
            await tx.update(mailboxes).set({ isDefault: false }).where(eq(mailboxes.isDefault, true));
          if (input.catchAll) await tx.update(mailboxes).set({ catchAll: false }).where(eq(mailboxes.catchAll, true));
          const [row] = await tx
            .insert(mailboxes)
            .values({
              name: input.name,
              address: input.address,
              groupId: input.groupId,
              serviceId: input.serviceId,
              isDefault: input.isDefault,
              catchAll: input.catchAll,
              ...imapColumns(box, input.imap, null),
              createdAt: context.now,
              updatedAt: context.now,
            })
            .returning();
          await setAddresses(tx, row!.id, [input.address, ...input.addresses]);
          return load(tx, row!.id);
        }),
      );
    },

    async update(context: Context, id: string, input: UpdateMailboxInput): Promise<Mailbox> {
      authorize(context);
      return guarded(() =>
        database.transaction(async (tx) => {
          const [current] = await tx.select().from(mailboxes).where(eq(mailboxes.id, id)).for('update');
          if (!current) throw mailboxNotFound();
          if (current.version !== input.version) throw versionConflict('MAILBOX_VERSION_CONFLICT', current.version);
          await assertReferences(tx, input.groupId, input.serviceId);
          const address = input.address ?? current.address;
          if (input.address !== undefined && input.address !== current.address) {
            const [clash] = await tx
              .select({ id: mailboxes.id })
              .from(mailboxes)
              .where(and(sql`lower(${mailboxes.address}) = ${input.address}`, ne(mailboxes.id, id)));
            if (clash) throw addressTaken([input.address]);
          }
          if (input.isDefault && !current.isDefault) {
            await tx.update(mailboxes).set({ isDefault: false }).where(eq(mailboxes.isDefault, true));
          }
          if (input.catchAll && !current.catchAll) {
            await tx.update(mailboxes).set({ catchAll: false }).where(eq(mailboxes.catchAll, true));
          }
          const imap = input.imap === undefined ? {} : imapColumns(box, input.imap, current);
          const [row] = await tx
            .update(mailboxes)
            .set({
              ...(input.name !== undefined ? { name: input.name } : {}),
              address,
              ...(input.groupId !== undefined ? { groupId: input.groupId } : {}),
              ...(input.serviceId !== undefined ? { serviceId: input.serviceId } : {}),
              ...(input.isDefault ? { isDefault: true } : {}),
              ...(input.catchAll !== undefined ? { catchAll: input.catchAll } : {}),
              ...(input.active !== undefined ? { active: input.active } : {}),
              ...imap,
              version: current.version + 1,
              updatedAt: context.now,
            })
            .where(eq(mailboxes.id, id))
            .returning();
          if (input.addresses !== undefined || input.address !== undefined) {
            const kept =
              input.addresses ?? ((await addressesOf(tx, [id])).get(id) ?? []).filter((a) => a !== current.address);
            await setAddresses(tx, id, [address, ...kept]);
          }
          return load(tx, row!.id);
        }),
      );
    },

    /** Connects with the stored settings: signs in, opens the folder. Never throws for IMAP trouble. */
    async test(context: Context, id: string): Promise<MailboxTestResult> {
      authorize(context);
      const [row] = await database.orm.select().from(mailboxes).where(eq(mailboxes.id, id));
      if (!row) throw mailboxNotFound();
      if (!hasImap(row)) throw new AppError(409, 'MAILBOX_NOT_IMAP', 'This mailbox has no IMAP settings to test');
      return testImapConnection(
        () => ({
          host: row.imapHost,
          port: row.imapPort,
          tls: row.imapTls,
          username: row.imapUsername,
          password: box.open(row.imapPasswordEncrypted),
          folder: row.imapFolder,
        }),
        options.testTimeouts,
      );
    },
  };
}

export type Mailboxes = ReturnType<typeof createMailboxes>;
