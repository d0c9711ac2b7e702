import type { ErrorBody, FieldError } from '../../../contracts/common.contract';

/**
 * An API failure with the server's stable code (DESIGN §4), so screens can react to a code
 * (`INVALID_CREDENTIALS`, `USER_VERSION_CONFLICT`…) rather than to a message.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;
  /** Failing input fields of a 400 VALIDATION_FAILED (or any error that lists fields). */
  readonly fields: FieldError[];
  /** Seconds to wait, from a 429's Retry-After header, when the server sent one. */
  readonly retryAfterSeconds: number | null;

  constructor(input: {
    status: number;
    code: string;
    message: string;
    details?: unknown;
    retryAfterSeconds?: number | null;
  }) {
    super(input.message);
    this.name = 'ApiError';
    this.status = input.status;
    this.code = input.code;
    this.details = input.details;
    this.fields = readFields(input.details);
    this.retryAfterSeconds = input.retryAfterSeconds ?? null;
  }

  /** True for the optimistic-concurrency conflicts: `USER_VERSION_CONFLICT`, `GROUP_VERSION_CONFLICT`… */
  get isVersionConflict(): boolean {
    return this.status === 409 && this.code.endsWith('_VERSION_CONFLICT');
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

function readFields(details: unknown): FieldError[] {
  if (!details || typeof details !== 'object' || !('fields' in details)) return [];
  const fields = (details as { fields: unknown }).fields;
  if (!Array.isArray(fields)) return [];
  return fields.filter(
    (field): field is FieldError =>
      !!field &&
      typeof field === 'object' &&
      typeof (field as FieldError).path === 'string' &&
      typeof (field as FieldError).message === 'string',
  );
}

/** Builds an ApiError from a failed response, whatever its body (JSON error, HTML from a proxy, nothing). */
export async function apiErrorFromResponse(response: Response): Promise<ApiError> {
  const retryAfter = Number(response.headers.get('Retry-After'));
  const retryAfterSeconds = Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null;
  let body: Partial<ErrorBody> | null = null;
  try {
    body = (await response.json()) as Partial<ErrorBody>;
  } catch {
    body = null;
  }
  const error = body?.error;
  return new ApiError({
    status: response.status,
    code: typeof error?.code === 'string' ? error.code : `HTTP_${response.status}`,
    message: typeof error?.message === 'string' ? error.message : response.statusText,
    details: error?.details,
    retryAfterSeconds,
  });
}
