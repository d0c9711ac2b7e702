import 'i18next';
import type it from './it.json';

// Typed keys: `t('no.such.key')` is a compile error, so the Italian file is always complete.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof it };
  }
}
