/**
 * Groups of staff with a support level: level 1 (service desk) receives and classifies, level 2
 * (specialists) takes escalations. Admins manage them; every agent reads them.
 */
import { and, asc, eq, ilike, inArray, type SQL } from 'drizzle-orm';
import type { Page } from '../../../contracts/common.contract.js';
import type { Group } from '../../../contracts/identity.contract.js';
import type { Transaction } from '../../db/database.js';
import { afterKey, byteOrder, containsPattern, isUniqueViolation } from '../../db/sql-helpers.js';
import type { Dependencies } from '../../dependencies.js';
import { AppError, notFound, versionConflict } from '../../http/app-error.js';
import type { Context } from '../../http/context.js';
import { decodeCursor, toPage } from '../../http/pagination.js';
import { authorize } from './identity.policy.js';
import { groupMembers, groups, users } from './identity.schema.js';

type Queryable = Dependencies['database']['orm'] | Transaction;

export interface ListGroupsQuery {
  limit: number;
  cursor?: string | undefined;
  q?: string | undefined;
  active?: 'true' | 'false' | undefined;
  supportLevel?: '1' | '2' | undefined;
}

export interface GroupInput {
  name: string;
  supportLevel: 1 | 2;
  assignmentMode: 'manual' | 'round_robin' | 'least_open';
  skills: string[];
  email: string | null;
  memberIds: string[];
}

export type UpdateGroupInput = Partial<GroupInput> & { version: number; active?: boolean | undefined };

async function presentGroups(db: Queryable, rows: (typeof groups.$inferSelect)[]): Promise<Group[]> {
  if (rows.length === 0) return [];
  const memberships = await db
    .select()
    .from(groupMembers)
    .where(
      inArray(
        groupMembers.groupId,
        rows.map((row) => row.id),
      ),
    );
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    supportLevel: row.supportLevel === 2 ? 2 : 1,
    assignmentMode: row.assignmentMode,
    skills: row.skills,
    email: row.email,
    active: row.active,
    memberIds: memberships.filter((membership) => membership.groupId === row.id).map((membership) => membership.userId),
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }));
}

async function replaceMembers(tx: Transaction, groupId: string, memberIds: string[]): Promise<void> {
  const unique = [...new Set(memberIds)];
  if (unique.length > 0) {
    const found = await tx.select({ id: users.id }).from(users).where(inArray(users.id, unique));
    const missing = unique.filter((id) => !found.some((user) => user.id === id));
    if (missing.length > 0) {
      throw new AppError(400, 'USER_NOT_FOUND', `Unknown user: ${missing.join(', ')}`, {
        fields: missing.map(() => ({ path: 'body.memberIds', message: 'Unknown user' })),
      });
    }
  }
  await tx.delete(groupMembers).where(eq(groupMembers.groupId, groupId));
  if (unique.length > 0) await tx.insert(groupMembers).values(unique.map((userId) => ({ groupId, userId })));
}

const nameTaken = () =>
  new AppError(409, 'GROUP_NAME_TAKEN', 'Another group has this name', {
    fields: [{ path: 'body.name', message: 'Already used by another group' }],
  });

export function createGroups(deps: Dependencies) {
  const { database } = deps;

  async function loadGroup(db: Queryable, id: string): Promise<Group> {
    const [row] = await db.select().from(groups).where(eq(groups.id, id));
    if (!row) throw notFound('GROUP_NOT_FOUND', 'No such group');
    const [group] = await presentGroups(db, [row]);
    return group!;
  }

  /** Unique names are enforced by the database; a race or a duplicate becomes a clean 409. */
  async function withNameCheck<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (isUniqueViolation(error)) throw nameTaken();
      throw error;
    }
  }

  return {
    async listGroups(context: Context, query: ListGroupsQuery): Promise<Page<Group>> {
      authorize(context.actor, 'group.read');
      const conditions: SQL[] = [];
      if (query.q) conditions.push(ilike(groups.name, containsPattern(query.q)));
      if (query.active) conditions.push(eq(groups.active, query.active === 'true'));
      if (query.supportLevel) conditions.push(eq(groups.supportLevel, Number(query.supportLevel)));
      if (query.cursor) {
        const [name, id] = decodeCursor(query.cursor);
        conditions.push(afterKey(groups.name, groups.id, name, id));
      }
      const rows = await database.orm
        .select()
        .from(groups)
        .where(and(...conditions))
        .orderBy(byteOrder(groups.name), asc(groups.id))
        .limit(query.limit + 1);
      const presented = await presentGroups(database.orm, rows);
      return toPage(
        presented,
        query.limit,
        (group) => group,
        (group) => [group.name, group.id],
      );
    },

    async getGroup(context: Context, id: string): Promise<Group> {
      authorize(context.actor, 'group.read');
      return loadGroup(database.orm, id);
    },

    async createGroup(context: Context, input: GroupInput): Promise<Group> {
      authorize(context.actor, 'group.write');
      return withNameCheck(() =>
        database.transaction(async (tx) => {
          const [row] = await tx
            .insert(groups)
            .values({
              name: input.name,
              supportLevel: input.supportLevel,
              assignmentMode: input.assignmentMode,
              skills: input.skills,
              email: input.email,
              createdAt: context.now,
              updatedAt: context.now,
            })
            .returning();
          if (!row) throw new Error('group not inserted');
          await replaceMembers(tx, row.id, input.memberIds);
          return loadGroup(tx, row.id);
        }),
      );
    },

    async updateGroup(context: Context, id: string, input: UpdateGroupInput): Promise<Group> {
      authorize(context.actor, 'group.write');
      return withNameCheck(() =>
        database.transaction(async (tx) => {
          const [current] = await tx.select().from(groups).where(eq(groups.id, id)).for('update');
          if (!current) throw notFound('GROUP_NOT_FOUND', 'No such group');
          if (current.version !== input.version) throw versionConflict('GROUP_VERSION_CONFLICT', current.version);
          await tx
            .update(groups)
            .set({
              ...(input.name !== undefined && { name: input.name }),
              ...(input.supportLevel !== undefined && { supportLevel: input.supportLevel }),
              ...(input.assignmentMode !== undefined && { assignmentMode: input.assignmentMode }),
              ...(input.skills !== undefined && { skills: input.skills }),
              ...(input.email !== undefined && { email: input.email }),
              ...(input.active !== undefined && { active: input.active }),
              version: current.version + 1,
              updatedAt: context.now,
            })
            .where(eq(groups.id, id));
          if (input.memberIds !== undefined) await replaceMembers(tx, id, input.memberIds);
          return loadGroup(tx, id);
        }),
      );
    },
  };
}

export type Groups = ReturnType<typeof createGroups>;
