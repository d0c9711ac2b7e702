import { useTranslation } from 'react-i18next';
import { languageSchema, type Language } from '../../../contracts/common.contract';
import { defaultLanguage, localeOf } from './language';

/** The desk works in Rome's time, whatever the browser's zone (DESIGN §1). */
export const deskTimeZone = 'Europe/Rome';

const formatterCache = new Map<string, Intl.DateTimeFormat>();

function dateTimeFormatter(language: Language, style: 'dateTime' | 'date'): Intl.DateTimeFormat {
  const cacheKey = `${language}:${style}`;
  let formatter = formatterCache.get(cacheKey);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(localeOf(language), {
      dateStyle: 'medium',
      timeStyle: style === 'dateTime' ? 'short' : undefined,
      timeZone: deskTimeZone,
    });
    formatterCache.set(cacheKey, formatter);
  }
  return formatter;
}

export function formatDateTime(iso: string, language: Language): string {
  return dateTimeFormatter(language, 'dateTime').format(new Date(iso));
}

export function formatDate(iso: string, language: Language): string {
  return dateTimeFormatter(language, 'date').format(new Date(iso));
}

/** Date formatting in the interface language, which after sign-in is the account's language. */
export function useDateFormat() {
  const { i18n } = useTranslation();
  const parsed = languageSchema.safeParse(i18n.language);
  const language = parsed.success ? parsed.data : defaultLanguage;
  return {
    language,
    dateTime: (iso: string) => formatDateTime(iso, language),
    date: (iso: string) => formatDate(iso, language),
  };
}
