import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Language } from '../../../contracts/common.contract';
import en from './en.json';
import it from './it.json';
import { defaultLanguage, detectBrowserLanguage, rememberBrowserLanguage } from './language';

// Both files must have exactly the same keys: these two assignments fail to compile otherwise.
const englishMatchesItalian: typeof it = en;
const italianMatchesEnglish: typeof en = it;

export const resources = {
  it: { translation: italianMatchesEnglish },
  en: { translation: englishMatchesItalian },
} as const;

void i18n.use(initReactI18next).init({
  resources,
  lng: detectBrowserLanguage(),
  fallbackLng: defaultLanguage,
  supportedLngs: ['it', 'en'],
  interpolation: { escapeValue: false }, // React escapes already
  showSupportNotice: false, // no promotional message in the browser console
});

document.documentElement.lang = i18n.language;
i18n.on('languageChanged', (language) => {
  document.documentElement.lang = language;
});

/** Switches the interface language and remembers it on this browser (for the next sign-in page). */
export async function applyLanguage(language: Language): Promise<void> {
  rememberBrowserLanguage(language);
  if (i18n.language !== language) await i18n.changeLanguage(language);
}

export default i18n;
