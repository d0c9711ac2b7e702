/**
 * Custom field definitions: admins create and change them (optimistic concurrency on `version`),
 * staff read them all, customers read only the active ones visible to customers — a field hidden
 * from them is "not found". `key` and `type` never change, so stored values keep their meaning;
 * a field is retired by deactivating it (its values stay on the tickets).
 */
import { and, asc, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { Page } from '../../../contracts/common.contract.js';
import {
  selectFieldTypes,
  type createCustomFieldBodySchema,
  type CustomFieldDefinition,
  type CustomFieldOption,
} from '../../../contracts/custom-fields.contract.js';
import type { Transaction } from '../../db/database.js';
import { containsPattern, isUniqueViolation } from '../../db/sql-helpers.js';
import type { Dependencies } from '../../dependencies.js';
import { AppError, forbidden, notFound, validationFailed, versionConflict } from '../../http/app-error.js';
import { hasRole, type Context } from '../../http/context.js';
import { decodeCursor, toPage } from '../../http/pagination.js';
import { services } from '../catalog/catalog.schema.js';
import { customFieldDefinitions, type CustomFieldDefinitionRecord } from './custom-fields.schema.js';

export interface ListCustomFieldsInput {
  limit: number;
  cursor?: string | undefined;
  active?: 'true' | 'false' | undefined;
  q?: string | undefined;
}

export type CreateCustomFieldInput = z.output<typeof createCustomFieldBodySchema>;

export interface UpdateCustomFieldInput {
  version: number;
  labelIt?: string | undefined;
  labelEn?: string | undefined;
  options?: CustomFieldOption[] | undefined;
  required?: boolean | undefined;
  visibleToCustomer?: boolean | undefined;
  ticketTypes?: ('incident' | 'service_request')[] | undefined;
  serviceIds?: string[] | undefined;
  position?: number | undefined;
  active?: boolean | undefined;
}

const fieldNotFound = () => notFound('CUSTOM_FIELD_NOT_FOUND', 'No such custom field');

export function presentDefinition(row: CustomFieldDefinitionRecord): CustomFieldDefinition {
  return {
    ...row,
    ticketTypes: [...row.ticketTypes],
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

function authorizeWrite(context: Context): void {
  if (context.actor.kind !== 'system' && !hasRole(context.actor, 'admin')) throw forbidden();
}

/** Deny by default: staff see every definition, customers the active ones shown to them, others none. */
function readableCondition(context: Context): SQL {
  switch (context.actor.kind) {
    case 'system':
    case 'user':
      return sql`true`;
    case 'contact':
      return and(eq(customFieldDefinitions.active, true), eq(customFieldDefinitions.visibleToCustomer, true))!;
    case 'anonymous':
      return sql`false`;
  }
}

async function assertServices(tx: Transaction, serviceIds: string[] | undefined): Promise<void> {
  if (!serviceIds || serviceIds.length === 0) return;
  const found = await tx.select({ id: services.id }).from(services).where(inArray(services.id, serviceIds));
  const missing = serviceIds.filter((id) => !found.some((service) => service.id === id));
  if (missing.length > 0) {
    throw new AppError(400, 'SERVICE_NOT_FOUND', 'Unknown service', {
      fields: [{ path: 'body.serviceIds', message: `Unknown service: ${missing.join(', ')}` }],
    });
  }
}

/** The options fit the (stored) type: choices for select types, none for the others. */
function assertOptionsFit(type: CustomFieldDefinitionRecord['type'], options: CustomFieldOption[]): void {
  const isSelect = selectFieldTypes.includes(type);
  if (isSelect && options.length === 0) {
    throw validationFailed([{ path: 'body.options', message: 'A select field needs at least one option' }]);
  }
  if (!isSelect && options.length > 0) {
    throw validationFailed([{ path: 'body.options', message: 'Only select fields have options' }]);
  }
  const values = options.map((option) => option.value);
  if (new Set(values).size !== values.length) {
    throw validationFailed([{ path: 'body.options', message: 'Option values must be distinct' }]);
  }
}

const uniqueSorted = <T extends string>(values: T[]) => [...new Set(values)].sort();

export function createCustomFields(deps: Dependencies) {
  const { database } = deps;

  return {
    async list(context: Context, query: ListCustomFieldsInput): Promise<Page<CustomFieldDefinition>> {
      const conditions: SQL[] = [readableCondition(context)];
      if (query.active !== undefined) conditions.push(eq(customFieldDefinitions.active, query.active === 'true'));
      if (query.q) {
        const pattern = containsPattern(query.q);
        conditions.push(
          or(
            ilike(customFieldDefinitions.key, pattern),
            ilike(customFieldDefinitions.labelIt, pattern),
            ilike(customFieldDefinitions.labelEn, pattern),
          )!,
        );
      }
      if (query.cursor) {
        // A position as the list writes it: a whole number an integer column holds.
        const [position, id] = decodeCursor(query.cursor, (value) => /^-?(0|[1-9]\d{0,8})$/.test(value));
        conditions.push(
          sql`(${customFieldDefinitions.position}, ${customFieldDefinitions.id}) > (${Number(position)}, ${id}::uuid)`,
        );
      }
      const rows = await database.orm
        .select()
        .from(customFieldDefinitions)
        .where(and(...conditions))
        .orderBy(asc(customFieldDefinitions.position), asc(customFieldDefinitions.id))
        .limit(query.limit + 1);
      return toPage(rows, query.limit, presentDefinition, (row) => [String(row.position), row.id]);
    },

    async get(context: Context, id: string): Promise<CustomFieldDefinition> {
      const [row] = await database.orm
        .select()
        .from(customFieldDefinitions)
        .where(and(eq(customFieldDefinitions.id, id), readableCondition(context)));
      if (!row) throw fieldNotFound();
      return presentDefinition(row);
    },

    async create(context: Context, input: CreateCustomFieldInput): Promise<CustomFieldDefinition> {
      authorizeWrite(context);
      assertOptionsFit(input.type, input.options);
      try {
        return await database.transaction(async (tx) => {
          await assertServices(tx, input.serviceIds);
          const [row] = await tx
            .insert(customFieldDefinitions)
            .values({
              ...input,
              ticketTypes: uniqueSorted(input.ticketTypes),
              serviceIds: [...new Set(input.serviceIds)],
              createdAt: context.now,
              updatedAt: context.now,
            })
            .returning();
          return presentDefinition(row!);
        });
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        throw new AppError(409, 'CUSTOM_FIELD_KEY_TAKEN', 'Another custom field has this key', {
          fields: [{ path: 'body.key', message: 'Already used by another field' }],
        });
      }
    },

    async update(context: Context, id: string, input: UpdateCustomFieldInput): Promise<CustomFieldDefinition> {
      authorizeWrite(context);
      return database.transaction(async (tx) => {
        const [current] = await tx
          .select()
          .from(customFieldDefinitions)
          .where(eq(customFieldDefinitions.id, id))
          .for('update');
        if (!current) throw fieldNotFound();
        if (current.version !== input.version) throw versionConflict('CUSTOM_FIELD_VERSION_CONFLICT', current.version);
        if (input.options !== undefined) assertOptionsFit(current.type, input.options);
        await assertServices(tx, input.serviceIds);
        const { version: _version, ...changes } = input;
        const [row] = await tx
          .update(customFieldDefinitions)
          .set({
            ...changes,
            ...(changes.ticketTypes ? { ticketTypes: uniqueSorted(changes.ticketTypes) } : {}),
            ...(changes.serviceIds ? { serviceIds: [...new Set(changes.serviceIds)] } : {}),
            version: current.version + 1,
            updatedAt: context.now,
          })
          .where(eq(customFieldDefinitions.id, id))
          .returning();
        return presentDefinition(row!);
      });
    },
  };
}

export type CustomFields = ReturnType<typeof createCustomFields>;
