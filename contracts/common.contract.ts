/**
 * Shapes shared by every API area: errors, pagination, languages.
 * Both the server (validation, serialization, OpenAPI) and the web app (types) import these,
 * so the two never drift.
 */
import { z } from 'zod';

export const languageSchema = z.enum(['it', 'en']).describe('Interface and message language');
export type Language = z.infer<typeof languageSchema>;

export const channelSchema = z
  .enum(['email', 'portal', 'phone', 'web_form', 'api'])
  .describe('How a customer prefers to be reached, or how a request arrived');
export type Channel = z.infer<typeof channelSchema>;

export const idSchema = z.uuid().describe('Record id (UUID)');

export const idParamsSchema = z.object({ id: idSchema });

export const versionSchema = z
  .number()
  .int()
  .min(1)
  .describe('Optimistic-concurrency version: send back the one you read; a stale one gets 409');

export const timestampSchema = z.iso.datetime({ offset: true }).describe('ISO 8601 instant');

/** Stable, machine-readable error body: `{"error": {"code", "message", "details"}}` (DESIGN §4). */
export const errorBodySchema = z.object({
  error: z.object({
    code: z.string().describe('Stable SCREAMING_SNAKE code'),
    message: z.string().describe('Human-readable message (English)'),
    details: z.unknown().optional().describe('Failing fields or other structured detail'),
  }),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

/** One failing input field, as listed in `details.fields` of a VALIDATION_FAILED error. */
export const fieldErrorSchema = z.object({
  path: z.string().describe('Dotted path of the field, e.g. "body.email"'),
  message: z.string(),
});
export type FieldError = z.infer<typeof fieldErrorSchema>;

export const paginationQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50).describe('Page size (1–200)'),
  cursor: z.string().max(500).optional().describe('Opaque cursor from the previous page'),
});

export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    nextCursor: z.string().nullable().describe('Cursor of the next page, null on the last page'),
  });
}
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Emails are compared in lower case; the address belongs to exactly one account. */
export const emailSchema = z
  .string()
  .trim()
  .max(254)
  .pipe(z.email())
  .transform((value) => value.toLowerCase());

export const passwordSchema = z.string().min(8, 'At least 8 characters').max(200).describe('At least 8 characters');
