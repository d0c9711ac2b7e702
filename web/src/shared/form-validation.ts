import type { FormErrors } from '@mantine/form';
import type { TFunction } from 'i18next';
import type { z } from 'zod';
import type { ApiError } from '../api/api-error';

/** The parts of a zod 4 issue we turn into a message; kept loose on purpose (issues are a wide union). */
interface IssueLike {
  code: string;
  path: PropertyKey[];
  origin?: string;
  format?: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  input?: unknown;
}

/**
 * A @mantine/form `validate` function built from a contract schema: the form's values are mapped to
 * the request body (`toBody`) and checked with the very schema the server uses, so the browser and
 * the API never disagree on what is valid. Errors land on the first path segment (`emails.2` →
 * `emails`), which is the form field that edits it.
 */
export function contractValidator<Values>(
  schema: z.ZodType,
  toBody: (values: Values) => unknown,
  t: TFunction,
): (values: Values) => FormErrors {
  return (values) => {
    const result = schema.safeParse(toBody(values), { reportInput: true });
    if (result.success) return {};
    const errors: FormErrors = {};
    for (const issue of result.error.issues as IssueLike[]) {
      const field = String(issue.path[0] ?? 'form');
      if (errors[field]) continue; // first problem per field is enough to act on
      errors[field] = issueMessage(issue, field, t);
    }
    return errors;
  };
}

export function issueMessage(issue: IssueLike, field: string, t: TFunction): string {
  const reason = issueReason(issue, field, t);
  // An item of a list (an email among several, a domain): say which one is wrong.
  if (issue.path.length > 1 && typeof issue.input === 'string' && issue.input !== '') {
    return t('validation.itemProblem', { value: issue.input, reason });
  }
  return reason;
}

function issueReason(issue: IssueLike, field: string, t: TFunction): string {
  const count = Number(issue.minimum ?? issue.maximum ?? 0);
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined || issue.input === null || issue.input === ''
        ? t('validation.required')
        : t('validation.invalid');
    case 'too_small':
      if (issue.origin === 'array') return count <= 1 ? t('validation.atLeastOne') : t('validation.tooFew', { count });
      return count <= 1 ? t('validation.required') : t('validation.tooShort', { count });
    case 'too_big':
      if (issue.origin === 'array') return t('validation.tooMany', { count });
      return t('validation.tooLong', { count });
    case 'invalid_format':
      if (issue.format === 'email') return t('validation.email');
      if (field === 'domains') return t('validation.domain');
      if (field === 'phone') return t('validation.phone');
      return t('validation.format');
    case 'invalid_value':
      return t('validation.choose');
    default:
      return t('validation.invalid');
  }
}

/** Where a server field path (`body.emails.0`) shows in the form (`emails`). */
export function formFieldOfServerPath(path: string): string {
  const segments = path.split('.');
  if (segments[0] === 'body' || segments[0] === 'query' || segments[0] === 'params') segments.shift();
  return segments[0] ?? path;
}

/**
 * Puts the server's failing fields on the form's fields. Returns true when at least one field got
 * an error, so the caller shows no extra banner for the same failure.
 */
export function applyServerFieldErrors(
  form: { setFieldError: (path: never, error: string) => void },
  error: ApiError,
  t: TFunction,
  fieldNames: readonly string[],
): boolean {
  let applied = false;
  for (const fieldError of error.fields) {
    const field = formFieldOfServerPath(fieldError.path);
    if (!fieldNames.includes(field)) continue;
    form.setFieldError(field as never, t('validation.rejected', { message: fieldError.message }));
    applied = true;
  }
  return applied;
}
