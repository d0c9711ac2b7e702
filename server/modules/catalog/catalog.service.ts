/**
 * Services and categories: what customers ask for, and which level 1 and level 2 groups take it by
 * default. Admins manage them; staff read them all, customers read the active ones.
 */
import { and, asc, eq, ilike, inArray, type SQL } from 'drizzle-orm';
import type { Category, Service } from '../../../contracts/catalog.contract.js';
import type { Page } from '../../../contracts/common.contract.js';
import type { Transaction } from '../../db/database.js';
import { afterKey, byteOrder, containsPattern } from '../../db/sql-helpers.js';
import type { Dependencies } from '../../dependencies.js';
import { AppError, forbidden, notFound, versionConflict } from '../../http/app-error.js';
import { hasRole, type Context } from '../../http/context.js';
import { decodeCursor, toPage } from '../../http/pagination.js';
import { groups } from '../identity/identity.schema.js';
import { categories, services } from './catalog.schema.js';

export interface ListCatalogQuery {
  limit: number;
  cursor?: string | undefined;
  q?: string | undefined;
  active?: 'true' | 'false' | undefined;
  serviceId?: string | undefined;
}

type ServiceRow = typeof services.$inferSelect;
type CategoryRow = typeof categories.$inferSelect;

const presentTimes = (row: { createdAt: Date; updatedAt: Date }) => ({
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

const presentService = (row: ServiceRow): Service => ({ ...row, ...presentTimes(row) });
const presentCategory = (row: CategoryRow): Category => ({ ...row, ...presentTimes(row) });

function authorizeWrite(context: Context): void {
  if (context.actor.kind !== 'system' && !hasRole(context.actor, 'admin')) throw forbidden();
}

/** Customers see only what is active; staff see everything. */
function activeFilter(context: Context, requested: 'true' | 'false' | undefined): boolean | undefined {
  if (context.actor.kind === 'contact') return true;
  return requested === undefined ? undefined : requested === 'true';
}

/** The default groups must exist, and have the level their role says. */
async function assertDefaultGroups(
  tx: Transaction,
  input: { defaultLevel1GroupId?: string | null | undefined; defaultLevel2GroupId?: string | null | undefined },
): Promise<void> {
  const wanted = [
    { id: input.defaultLevel1GroupId, level: 1, field: 'body.defaultLevel1GroupId' },
    { id: input.defaultLevel2GroupId, level: 2, field: 'body.defaultLevel2GroupId' },
  ].filter((entry): entry is { id: string; level: number; field: string } => typeof entry.id === 'string');
  if (wanted.length === 0) return;
  const found = await tx
    .select({ id: groups.id, supportLevel: groups.supportLevel })
    .from(groups)
    .where(
      inArray(
        groups.id,
        wanted.map((entry) => entry.id),
      ),
    );
  const wrong = wanted.filter((entry) => found.find((group) => group.id === entry.id)?.supportLevel !== entry.level);
  if (wrong.length > 0) {
    throw new AppError(400, 'GROUP_NOT_FOUND', 'Unknown group, or a group of the wrong support level', {
      fields: wrong.map((entry) => ({ path: entry.field, message: `Not a level ${entry.level} group` })),
    });
  }
}

export function createCatalog(deps: Dependencies) {
  const { database } = deps;

  async function list<Row extends ServiceRow | CategoryRow, Item>(
    table: typeof services | typeof categories,
    context: Context,
    query: ListCatalogQuery,
    present: (row: Row) => Item,
    extra: SQL[] = [],
  ): Promise<Page<Item>> {
    const conditions: SQL[] = [...extra];
    if (query.q) conditions.push(ilike(table.name, containsPattern(query.q)));
    const active = activeFilter(context, query.active);
    if (active !== undefined) conditions.push(eq(table.active, active));
    if (query.cursor) {
      const [name, id] = decodeCursor(query.cursor);
      conditions.push(afterKey(table.name, table.id, name, id));
    }
    const rows = (await database.orm
      .select()
      .from(table)
      .where(and(...conditions))
      .orderBy(byteOrder(table.name), asc(table.id))
      .limit(query.limit + 1)) as Row[];
    return toPage(rows, query.limit, present, (row) => [row.name, row.id]);
  }

  return {
    listServices: (context: Context, query: ListCatalogQuery) => list(services, context, query, presentService),

    listCategories: (context: Context, query: ListCatalogQuery) =>
      list(
        categories,
        context,
        query,
        presentCategory,
        query.serviceId ? [eq(categories.serviceId, query.serviceId)] : [],
      ),

    async getService(context: Context, id: string): Promise<Service> {
      const [row] = await database.orm.select().from(services).where(eq(services.id, id));
      if (!row || (context.actor.kind === 'contact' && !row.active))
        throw notFound('SERVICE_NOT_FOUND', 'No such service');
      return presentService(row);
    },

    async createService(
      context: Context,
      input: {
        name: string;
        description: string;
        defaultLevel1GroupId: string | null;
        defaultLevel2GroupId: string | null;
      },
    ): Promise<Service> {
      authorizeWrite(context);
      return database.transaction(async (tx) => {
        await assertDefaultGroups(tx, input);
        const [row] = await tx
          .insert(services)
          .values({ ...input, createdAt: context.now, updatedAt: context.now })
          .returning();
        return presentService(row!);
      });
    },

    async updateService(
      context: Context,
      id: string,
      input: Partial<Omit<Service, 'id' | 'version' | 'createdAt' | 'updatedAt'>> & { version: number },
    ): Promise<Service> {
      authorizeWrite(context);
      return database.transaction(async (tx) => {
        const [current] = await tx.select().from(services).where(eq(services.id, id)).for('update');
        if (!current) throw notFound('SERVICE_NOT_FOUND', 'No such service');
        if (current.version !== input.version) throw versionConflict('SERVICE_VERSION_CONFLICT', current.version);
        await assertDefaultGroups(tx, input);
        const { version: _version, ...changes } = input;
        const [row] = await tx
          .update(services)
          .set({ ...changes, version: current.version + 1, updatedAt: context.now })
          .where(eq(services.id, id))
          .returning();
        return presentService(row!);
      });
    },

    async getCategory(context: Context, id: string): Promise<Category> {
      const [row] = await database.orm.select().from(categories).where(eq(categories.id, id));
      if (!row || (context.actor.kind === 'contact' && !row.active)) {
        throw notFound('CATEGORY_NOT_FOUND', 'No such category');
      }
      return presentCategory(row);
    },

    async createCategory(
      context: Context,
      input: {
        name: string;
        serviceId: string | null;
        defaultLevel1GroupId: string | null;
        defaultLevel2GroupId: string | null;
      },
    ): Promise<Category> {
      authorizeWrite(context);
      return database.transaction(async (tx) => {
        await assertDefaultGroups(tx, input);
        await assertServiceExists(tx, input.serviceId);
        const [row] = await tx
          .insert(categories)
          .values({ ...input, createdAt: context.now, updatedAt: context.now })
          .returning();
        return presentCategory(row!);
      });
    },

    async updateCategory(
      context: Context,
      id: string,
      input: Partial<Omit<Category, 'id' | 'version' | 'createdAt' | 'updatedAt'>> & { version: number },
    ): Promise<Category> {
      authorizeWrite(context);
      return database.transaction(async (tx) => {
        const [current] = await tx.select().from(categories).where(eq(categories.id, id)).for('update');
        if (!current) throw notFound('CATEGORY_NOT_FOUND', 'No such category');
        if (current.version !== input.version) throw versionConflict('CATEGORY_VERSION_CONFLICT', current.version);
        await assertDefaultGroups(tx, input);
        if (input.serviceId !== undefined) await assertServiceExists(tx, input.serviceId);
        const { version: _version, ...changes } = input;
        const [row] = await tx
          .update(categories)
          .set({ ...changes, version: current.version + 1, updatedAt: context.now })
          .where(eq(categories.id, id))
          .returning();
        return presentCategory(row!);
      });
    },
  };
}

async function assertServiceExists(tx: Transaction, serviceId: string | null): Promise<void> {
  if (!serviceId) return;
  const [found] = await tx.select({ id: services.id }).from(services).where(eq(services.id, serviceId));
  if (!found) {
    throw new AppError(400, 'SERVICE_NOT_FOUND', 'Unknown service', {
      fields: [{ path: 'body.serviceId', message: 'Unknown service' }],
    });
  }
}

export type Catalog = ReturnType<typeof createCatalog>;
