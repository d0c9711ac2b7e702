import { languageSchema, type Language } from '../../../contracts/common.contract';

/** The desk's language (DESIGN §1): Italian unless someone chose otherwise. */
export const defaultLanguage: Language = 'it';

export const supportedLanguages = languageSchema.options;

const storageKey = 'sportello.language';

/** Before sign-in: the language chosen on this browser, else the browser's own, else Italian. */
export function detectBrowserLanguage(): Language {
  const stored = readStoredLanguage();
  if (stored) return stored;
  for (const tag of navigator.languages ?? [navigator.language]) {
    const parsed = languageSchema.safeParse(tag.slice(0, 2).toLowerCase());
    if (parsed.success) return parsed.data;
  }
  return defaultLanguage;
}

export function rememberBrowserLanguage(language: Language): void {
  try {
    localStorage.setItem(storageKey, language);
  } catch {
    // Private browsing may refuse storage: the choice then lasts for this page only.
  }
}

function readStoredLanguage(): Language | null {
  try {
    const parsed = languageSchema.safeParse(localStorage.getItem(storageKey));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** BCP 47 locale for Intl formatting; en-GB gives day-month order, closer to what Italian desks expect. */
export function localeOf(language: Language): string {
  return language === 'it' ? 'it-IT' : 'en-GB';
}
