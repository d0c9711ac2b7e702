/**
 * Errors that reach a client: an HTTP status, a stable SCREAMING_SNAKE code and a human message
 * (DESIGN §4). Use-cases throw these; the error handler turns them into the error body.
 */
export class AppError extends Error {
  override name = 'AppError';

  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export const notFound = (code: string, message = 'Not found') => new AppError(404, code, message);

export const forbidden = (message = 'You may not do this') => new AppError(403, 'FORBIDDEN', message);

export const unauthenticated = (message = 'Sign in first') => new AppError(401, 'UNAUTHENTICATED', message);

/** 409 for an optimistic-concurrency precondition that no longer holds (DESIGN §3b). */
export const versionConflict = (code: string, currentVersion: number) =>
  new AppError(409, code, 'Someone else changed this record since you read it; reload and try again', {
    currentVersion,
  });

export const validationFailed = (fields: { path: string; message: string }[]) =>
  new AppError(400, 'VALIDATION_FAILED', 'The request has invalid fields', { fields });
