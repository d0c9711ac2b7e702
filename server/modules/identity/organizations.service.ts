/**
 * Customer organisations: their email domains match senders to them, and their language and
 * channel are the defaults of their contacts. Staff manage them.
 */
import { and, asc, count, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Page } from '../../../contracts/common.contract.js';
import type { Organization } from '../../../contracts/identity.contract.js';
import type { Transaction } from '../../db/database.js';
import { afterKey, byteOrder, containsPattern } from '../../db/sql-helpers.js';
import type { Dependencies } from '../../dependencies.js';
import { AppError, notFound, versionConflict } from '../../http/app-error.js';
import type { Context } from '../../http/context.js';
import { decodeCursor, toPage } from '../../http/pagination.js';
import { authorize } from './identity.policy.js';
import { contacts, organizations } from './identity.schema.js';

type Queryable = Dependencies['database']['orm'] | Transaction;

export interface ListOrganizationsQuery {
  limit: number;
  cursor?: string | undefined;
  q?: string | undefined;
  active?: 'true' | 'false' | undefined;
}

export interface OrganizationInput {
  name: string;
  domains: string[];
  segment: string | null;
  region: string | null;
  language: Organization['language'];
  preferredChannel: Organization['preferredChannel'];
  sharesTickets: boolean;
}

export type UpdateOrganizationInput = Partial<OrganizationInput> & { version: number; active?: boolean | undefined };

async function presentOrganizations(
  db: Queryable,
  rows: (typeof organizations.$inferSelect)[],
): Promise<Organization[]> {
  if (rows.length === 0) return [];
  const counts = await db
    .select({ organizationId: contacts.organizationId, contactCount: count() })
    .from(contacts)
    .where(
      inArray(
        contacts.organizationId,
        rows.map((row) => row.id),
      ),
    )
    .groupBy(contacts.organizationId);
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    domains: row.domains,
    segment: row.segment,
    region: row.region,
    language: row.language,
    preferredChannel: row.preferredChannel,
    sharesTickets: row.sharesTickets,
    active: row.active,
    contactCount: counts.find((entry) => entry.organizationId === row.id)?.contactCount ?? 0,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }));
}

/** A domain maps senders to one organisation; two organisations claiming it would be ambiguous. */
async function assertDomainsFree(tx: Transaction, domains: string[], exceptId: string | null): Promise<void> {
  if (domains.length === 0) return;
  const clashes = await tx
    .select({ id: organizations.id, name: organizations.name, domains: organizations.domains })
    .from(organizations)
    .where(sql`${organizations.domains} && ${sql.param(domains, organizations.domains)}`);
  const taken = clashes
    .filter((organization) => organization.id !== exceptId)
    .flatMap((organization) => organization.domains.filter((domain) => domains.includes(domain)));
  if (taken.length > 0) {
    throw new AppError(
      409,
      'DOMAIN_ALREADY_IN_USE',
      `Domain already belongs to another organisation: ${taken.join(', ')}`,
      {
        fields: taken.map((domain) => ({ path: 'body.domains', message: `${domain} belongs to another organisation` })),
      },
    );
  }
}

export function createOrganizations(deps: Dependencies) {
  const { database } = deps;

  async function loadOrganization(db: Queryable, id: string): Promise<Organization> {
    const [row] = await db.select().from(organizations).where(eq(organizations.id, id));
    if (!row) throw notFound('ORGANIZATION_NOT_FOUND', 'No such organisation');
    const [organization] = await presentOrganizations(db, [row]);
    return organization!;
  }

  return {
    async listOrganizations(context: Context, query: ListOrganizationsQuery): Promise<Page<Organization>> {
      authorize(context.actor, 'organization.read');
      const conditions: SQL[] = [];
      if (query.q) {
        const pattern = containsPattern(query.q);
        conditions.push(
          or(ilike(organizations.name, pattern), sql`array_to_string(${organizations.domains}, ' ') ILIKE ${pattern}`)!,
        );
      }
      if (query.active) conditions.push(eq(organizations.active, query.active === 'true'));
      if (query.cursor) {
        const [name, id] = decodeCursor(query.cursor);
        conditions.push(afterKey(organizations.name, organizations.id, name, id));
      }
      const rows = await database.orm
        .select()
        .from(organizations)
        .where(and(...conditions))
        .orderBy(byteOrder(organizations.name), asc(organizations.id))
        .limit(query.limit + 1);
      const presented = await presentOrganizations(database.orm, rows);
      return toPage(
        presented,
        query.limit,
        (organization) => organization,
        (organization) => [organization.name, organization.id],
      );
    },

    async getOrganization(context: Context, id: string): Promise<Organization> {
      authorize(context.actor, 'organization.read');
      return loadOrganization(database.orm, id);
    },

    async createOrganization(context: Context, input: OrganizationInput): Promise<Organization> {
      authorize(context.actor, 'organization.write');
      return database.transaction(async (tx) => {
        await assertDomainsFree(tx, input.domains, null);
        const [row] = await tx
          .insert(organizations)
          .values({ ...input, domains: [...new Set(input.domains)], createdAt: context.now, updatedAt: context.now })
          .returning();
        if (!row) throw new Error('organization not inserted');
        return loadOrganization(tx, row.id);
      });
    },

    async updateOrganization(context: Context, id: string, input: UpdateOrganizationInput): Promise<Organization> {
      authorize(context.actor, 'organization.write');
      return database.transaction(async (tx) => {
        const [current] = await tx.select().from(organizations).where(eq(organizations.id, id)).for('update');
        if (!current) throw notFound('ORGANIZATION_NOT_FOUND', 'No such organisation');
        if (current.version !== input.version) {
          throw versionConflict('ORGANIZATION_VERSION_CONFLICT', current.version);
        }
        if (input.domains !== undefined) await assertDomainsFree(tx, input.domains, id);
        const { version: _version, ...changes } = input;
        const set = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined));
        await tx
          .update(organizations)
          .set({
            ...set,
            ...(input.domains !== undefined && { domains: [...new Set(input.domains)] }),
            version: current.version + 1,
            updatedAt: context.now,
          })
          .where(eq(organizations.id, id));
        return loadOrganization(tx, id);
      });
    },
  };
}

export type Organizations = ReturnType<typeof createOrganizations>;
