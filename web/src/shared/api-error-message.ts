import type { TFunction } from 'i18next';
import { isApiError } from '../api/api-error';

/** Codes with their own sentence in it.json/en.json (`errors.<CODE>`). */
const translatedCodes = [
  'INVALID_CREDENTIALS',
  'RATE_LIMITED',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'ONE_TIME_TOKEN_INVALID',
  'CURRENT_PASSWORD_INCORRECT',
  'VALIDATION_FAILED',
  'NETWORK_ERROR',
  'EMAIL_ALREADY_IN_USE',
  'BODY_TOO_LARGE',
  'INTERNAL_ERROR',
  'ATTACHMENT_TOO_LARGE',
  'ATTACHMENT_TYPE_REFUSED',
  'ATTACHMENT_EMPTY',
  'ATTACHMENTS_NOT_LINKABLE',
  'FOLLOWER_CANNOT_SEE_TICKET',
] as const;
type TranslatedCode = (typeof translatedCodes)[number];

function isTranslatedCode(code: string): code is TranslatedCode {
  return (translatedCodes as readonly string[]).includes(code);
}

/** A sentence in the interface language for any failure, keyed on the server's stable code. */
export function apiErrorMessage(error: unknown, t: TFunction): string {
  if (!isApiError(error)) return t('errors.unexpected');
  if (error.isVersionConflict) return t('errors.versionConflict');
  if (error.code === 'RATE_LIMITED' && error.retryAfterSeconds) {
    return t('errors.rateLimitedFor', { count: Math.ceil(error.retryAfterSeconds) });
  }
  if (isTranslatedCode(error.code)) return t(`errors.${error.code}`);
  if (error.status === 404) return t('errors.notFound');
  if (error.status === 403) return t('errors.FORBIDDEN');
  if (error.status >= 500) return t('errors.INTERNAL_ERROR');
  return t('errors.withCode', { code: error.code });
}
