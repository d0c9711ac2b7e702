import type { TFunction } from 'i18next';
import { isApiError } from '../api/api-error';
import { applyServerFieldErrors } from './form-validation';

/**
 * Runs a save and, if the server rejects some fields, shows its reasons on those fields. Other
 * failures are left to the mutation's error state (shown in a banner by the screen).
 */
export async function submitWithFieldErrors(
  save: () => Promise<unknown>,
  form: { setFieldError: (path: never, error: string) => void },
  fieldNames: readonly string[],
  t: TFunction,
): Promise<boolean> {
  try {
    await save();
    return true;
  } catch (error) {
    if (isApiError(error)) applyServerFieldErrors(form, error, t, fieldNames);
    return false;
  }
}
