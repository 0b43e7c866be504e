import 'i18next';
import type { en } from './en';

// Type-checked keys: t('Customers') compiles, a key missing from the English catalogue does not.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof en };
    keySeparator: false;
    nsSeparator: false;
    returnNull: false;
  }
}
