/**
 * The service catalog, in its first form: services and categories, each with the level 1 and
 * level 2 groups that take their requests by default. (Request forms, SLAs, billing and visibility
 * come with the catalog issue.)
 */
import { z } from 'zod';
import { idSchema, paginationQuerySchema, timestampSchema, versionSchema } from './common.contract.js';

export const serviceSchema = z.object({
  id: idSchema,
  name: z.string(),
  description: z.string().describe('Customer-facing description'),
  defaultLevel1GroupId: idSchema.nullable(),
  defaultLevel2GroupId: idSchema.nullable(),
  active: z.boolean(),
  version: versionSchema,
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
});
export type Service = z.infer<typeof serviceSchema>;

export const categorySchema = z.object({
  id: idSchema,
  name: z.string(),
  serviceId: idSchema.nullable().describe('The service it belongs to; null for a desk-wide category'),
  defaultLevel1GroupId: idSchema.nullable(),
  defaultLevel2GroupId: idSchema.nullable(),
  active: z.boolean(),
  version: versionSchema,
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
});
export type Category = z.infer<typeof categorySchema>;

export const listCatalogQuerySchema = paginationQuerySchema.extend({
  q: z.string().trim().max(200).optional(),
  active: z.enum(['true', 'false']).optional(),
  serviceId: idSchema.optional().describe('Categories only: those of this service'),
});

const defaults = {
  defaultLevel1GroupId: idSchema.nullable().default(null),
  defaultLevel2GroupId: idSchema.nullable().default(null),
};

export const createServiceBodySchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  description: z.string().trim().max(5000).default(''),
  ...defaults,
});
export type CreateServiceBody = z.input<typeof createServiceBodySchema>;

export const updateServiceBodySchema = z.strictObject({
  version: versionSchema,
  name: z.string().trim().min(1).max(200).optional(),
  description: z.string().trim().max(5000).optional(),
  defaultLevel1GroupId: idSchema.nullable().optional(),
  defaultLevel2GroupId: idSchema.nullable().optional(),
  active: z.boolean().optional(),
});
export type UpdateServiceBody = z.input<typeof updateServiceBodySchema>;

export const createCategoryBodySchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  serviceId: idSchema.nullable().default(null),
  ...defaults,
});
export type CreateCategoryBody = z.input<typeof createCategoryBodySchema>;

export const updateCategoryBodySchema = z.strictObject({
  version: versionSchema,
  name: z.string().trim().min(1).max(200).optional(),
  serviceId: idSchema.nullable().optional(),
  defaultLevel1GroupId: idSchema.nullable().optional(),
  defaultLevel2GroupId: idSchema.nullable().optional(),
  active: z.boolean().optional(),
});
export type UpdateCategoryBody = z.input<typeof updateCategoryBodySchema>;
