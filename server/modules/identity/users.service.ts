/**
 * Staff users: admins create them (with an emailed invitation to choose a password), change their
 * role, groups and availability, and deactivate them. A deactivated user's sessions and tokens stop
 * at their next request. The last active admin cannot be demoted or deactivated.
 */
import { and, asc, eq, exists, ilike, inArray, ne, or, sql, type SQL } from 'drizzle-orm';
import type { Page } from '../../../contracts/common.contract.js';
import type { User } from '../../../contracts/identity.contract.js';
import type { Transaction } from '../../db/database.js';
import { afterKey, byteOrder, containsPattern } from '../../db/sql-helpers.js';
import type { Dependencies } from '../../dependencies.js';
import { AppError, notFound, versionConflict } from '../../http/app-error.js';
import type { Context } from '../../http/context.js';
import { decodeCursor, toPage } from '../../http/pagination.js';
import type { Outbox } from '../mail/index.js';
import type { Authentication } from './authentication.service.js';
import { replaceEmailAddresses } from './email-addresses.js';
import { invitationEmail } from './identity.emails.js';
import { authorize } from './identity.policy.js';
import { emailAddresses, groupMembers, groups, users } from './identity.schema.js';

type Queryable = Dependencies['database']['orm'] | Transaction;

export interface ListUsersQuery {
  limit: number;
  cursor?: string | undefined;
  q?: string | undefined;
  active?: 'true' | 'false' | undefined;
  role?: User['role'] | undefined;
  groupId?: string | undefined;
}

export interface CreateUserInput {
  name: string;
  email: string;
  role: User['role'];
  language: User['language'];
  groupIds: string[];
  sendInvitation: boolean;
}

export type UpdateUserInput = Partial<Omit<CreateUserInput, 'sendInvitation'>> & {
  version: number;
  active?: boolean | undefined;
  away?: boolean | undefined;
};

async function presentUsers(db: Queryable, rows: (typeof users.$inferSelect)[]): Promise<User[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((row) => row.id);
  const [addresses, memberships] = await Promise.all([
    db
      .select()
      .from(emailAddresses)
      .where(and(inArray(emailAddresses.userId, ids), eq(emailAddresses.position, 0))),
    db.select().from(groupMembers).where(inArray(groupMembers.userId, ids)),
  ]);
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    email: addresses.find((address) => address.userId === row.id)?.address ?? '',
    role: row.role,
    language: row.language,
    active: row.active,
    away: row.away,
    hasPassword: row.passwordHash !== null,
    groupIds: memberships.filter((membership) => membership.userId === row.id).map((membership) => membership.groupId),
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }));
}

async function assertGroupsExist(tx: Transaction, groupIds: string[]): Promise<void> {
  if (groupIds.length === 0) return;
  const found = await tx.select({ id: groups.id }).from(groups).where(inArray(groups.id, groupIds));
  const missing = groupIds.filter((id) => !found.some((group) => group.id === id));
  if (missing.length > 0) {
    throw new AppError(400, 'GROUP_NOT_FOUND', `Unknown group: ${missing.join(', ')}`, {
      fields: missing.map(() => ({ path: 'body.groupIds', message: 'Unknown group' })),
    });
  }
}

async function replaceMemberships(tx: Transaction, userId: string, groupIds: string[]): Promise<void> {
  await assertGroupsExist(tx, groupIds);
  await tx.delete(groupMembers).where(eq(groupMembers.userId, userId));
  const unique = [...new Set(groupIds)];
  if (unique.length > 0) await tx.insert(groupMembers).values(unique.map((groupId) => ({ groupId, userId })));
}

export function createUsers(deps: Dependencies, outbox: Outbox, authentication: Authentication) {
  const { database } = deps;

  async function loadUser(db: Queryable, id: string): Promise<User> {
    const [row] = await db.select().from(users).where(eq(users.id, id));
    if (!row) throw notFound('USER_NOT_FOUND', 'No such user');
    const [user] = await presentUsers(db, [row]);
    return user!;
  }

  async function invite(tx: Transaction, now: Date, user: User): Promise<void> {
    const link = await authentication.createOneTimeLink(tx, now, 'invitation', { userId: user.id, contactId: null });
    await outbox.queueEmail(tx, now, invitationEmail(user, link));
  }

  return {
    async listUsers(context: Context, query: ListUsersQuery): Promise<Page<User>> {
      authorize(context.actor, 'user.read');
      const conditions: SQL[] = [];
      if (query.q) {
        const pattern = containsPattern(query.q);
        const matchesEmail = exists(
          database.orm
            .select({ one: sql`1` })
            .from(emailAddresses)
            .where(and(eq(emailAddresses.userId, users.id), ilike(emailAddresses.address, pattern))),
        );
        conditions.push(or(ilike(users.name, pattern), matchesEmail)!);
      }
      if (query.active) conditions.push(eq(users.active, query.active === 'true'));
      if (query.role) conditions.push(eq(users.role, query.role));
      if (query.groupId) {
        conditions.push(
          exists(
            database.orm
              .select({ one: sql`1` })
              .from(groupMembers)
              .where(and(eq(groupMembers.userId, users.id), eq(groupMembers.groupId, query.groupId))),
          ),
        );
      }
      if (query.cursor) {
        const [name, id] = decodeCursor(query.cursor);
        conditions.push(afterKey(users.name, users.id, name, id));
      }
      const rows = await database.orm
        .select()
        .from(users)
        .where(and(...conditions))
        .orderBy(byteOrder(users.name), asc(users.id))
        .limit(query.limit + 1);
      const presented = await presentUsers(database.orm, rows);
      return toPage(
        presented,
        query.limit,
        (user) => user,
        (user) => [user.name, user.id],
      );
    },

    async getUser(context: Context, id: string): Promise<User> {
      authorize(context.actor, 'user.read');
      return loadUser(database.orm, id);
    },

    async createUser(context: Context, input: CreateUserInput): Promise<User> {
      authorize(context.actor, 'user.write');
      return database.transaction(async (tx) => {
        const [row] = await tx
          .insert(users)
          .values({
            name: input.name,
            role: input.role,
            language: input.language,
            createdAt: context.now,
            updatedAt: context.now,
          })
          .returning();
        if (!row) throw new Error('user not inserted');
        await replaceEmailAddresses(tx, { userId: row.id, contactId: null }, [input.email], 'body.email');
        await replaceMemberships(tx, row.id, input.groupIds);
        const user = await loadUser(tx, row.id);
        if (input.sendInvitation) await invite(tx, context.now, user);
        return user;
      });
    },

    async updateUser(context: Context, id: string, input: UpdateUserInput): Promise<User> {
      authorize(context.actor, 'user.write');
      return database.transaction(async (tx) => {
        const [current] = await tx.select().from(users).where(eq(users.id, id)).for('update');
        if (!current) throw notFound('USER_NOT_FOUND', 'No such user');
        if (current.version !== input.version) throw versionConflict('USER_VERSION_CONFLICT', current.version);

        const losesAdmin =
          current.role === 'admin' &&
          current.active &&
          ((input.role !== undefined && input.role !== 'admin') || input.active === false);
        if (losesAdmin) {
          // One such change at a time: two in parallel would each still see the other admin
          // active, both commit, and leave no admin (the row lock above covers only this user).
          await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext('users.last-admin'))`);
          const [other] = await tx
            .select({ id: users.id })
            .from(users)
            .where(and(eq(users.role, 'admin'), eq(users.active, true), ne(users.id, id)))
            .limit(1);
          if (!other) {
            throw new AppError(409, 'LAST_ADMIN', 'The desk needs at least one active admin');
          }
        }

        await tx
          .update(users)
          .set({
            ...(input.name !== undefined && { name: input.name }),
            ...(input.role !== undefined && { role: input.role }),
            ...(input.language !== undefined && { language: input.language }),
            ...(input.active !== undefined && { active: input.active }),
            ...(input.away !== undefined && { away: input.away }),
            version: current.version + 1,
            updatedAt: context.now,
          })
          .where(eq(users.id, id));
        if (input.email !== undefined) {
          await replaceEmailAddresses(tx, { userId: id, contactId: null }, [input.email], 'body.email');
        }
        if (input.groupIds !== undefined) await replaceMemberships(tx, id, input.groupIds);
        return loadUser(tx, id);
      });
    },

    /** Sends a fresh invitation link (the old ones stay valid until they expire or are used). */
    async inviteUser(context: Context, id: string): Promise<void> {
      authorize(context.actor, 'user.write');
      await database.transaction(async (tx) => {
        const user = await loadUser(tx, id);
        if (!user.active) throw new AppError(409, 'USER_INACTIVE', 'Reactivate the user before inviting them');
        await invite(tx, context.now, user);
      });
    },
  };
}

export type Users = ReturnType<typeof createUsers>;
