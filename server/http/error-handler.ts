/**
 * Every failure leaves the server in the one error shape, with a stable code: validation (400 with
 * the failing fields), malformed JSON (400), oversized bodies (413), unknown routes (404), rate
 * limits (429), and only truly unexpected faults as 500 INTERNAL_ERROR — logged, never detailed to
 * the client.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError } from './app-error.js';

function send(reply: FastifyReply, status: number, code: string, message: string, details?: unknown) {
  return reply.status(status).send({ error: details === undefined ? { code, message } : { code, message, details } });
}

const FASTIFY_CODES: Record<string, { status: number; code: string; message: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'MALFORMED_JSON', message: 'The body is not valid JSON' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'MALFORMED_JSON', message: 'The JSON body is empty' },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'BODY_TOO_LARGE', message: 'The request body is too large' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
    message: 'Send JSON (Content-Type: application/json)',
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    status: 400,
    code: 'INVALID_CONTENT_LENGTH',
    message: 'Content-Length does not match the body',
  },
};

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof AppError) {
      return send(reply, error.statusCode, error.code, error.message, error.details);
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const location = error.validationContext ?? 'body';
      const fields = error.validation.flatMap((issue) => {
        const subPath = issue.instancePath.replace(/^\//, '').replace(/\//g, '.');
        const unknownKeys =
          issue.keyword === 'unrecognized_keys' ? (issue.params as { keys?: string[] }).keys : undefined;
        if (unknownKeys) {
          return unknownKeys.map((key) => ({
            path: [location, subPath, key].filter(Boolean).join('.'),
            message: 'Unknown field',
          }));
        }
        return [{ path: [location, subPath].filter(Boolean).join('.'), message: issue.message }];
      });
      return send(reply, 400, 'VALIDATION_FAILED', 'The request has invalid fields', { fields });
    }
    if (isResponseSerializationError(error)) {
      request.log.error({ err: error, issues: error.cause.issues }, 'response failed its schema');
      return send(reply, 500, 'INTERNAL_ERROR', 'Something went wrong on our side; it has been logged');
    }
    const known = error.code ? FASTIFY_CODES[error.code] : undefined;
    if (known) return send(reply, known.status, known.code, known.message);
    if (error.statusCode === 429) {
      return send(reply, 429, 'RATE_LIMITED', 'Too many attempts; wait a moment and try again');
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return send(reply, error.statusCode, 'BAD_REQUEST', error.message);
    }
    request.log.error({ err: error }, 'unexpected error');
    return send(reply, 500, 'INTERNAL_ERROR', 'Something went wrong on our side; it has been logged');
  });

  app.setNotFoundHandler((request, reply) =>
    send(reply, 404, 'ROUTE_NOT_FOUND', `No route ${request.method} ${request.url.split('?')[0]}`),
  );
}
