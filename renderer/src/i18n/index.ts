import i18next, { type TFunction } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { LANGUAGES, type Language } from '../../../main/contract/common';
import { de } from './de';
import { en } from './en';

// The UI's languages (i18next + react-i18next). Keys are the English text itself (en/*.ts build them with `same`),
// so a screen reads as English in its source; each other language maps every key (de/*.ts are typed as
// Record<key, string>: a missing or misspelt key fails the type-check, and test/unit/i18n.test.ts checks values and
// plural forms). How to add a language or a string: README "Languages".

export { LANGUAGES, type Language };
/** A key of the catalogue (its English text): for labels kept as data and translated when shown. */
export type CatalogueKey = Exclude<keyof typeof en, `${string}_one` | `${string}_other`>;

export const resources = { en: { translation: en }, de: { translation: de } } as const satisfies Record<Language, unknown>;

/** Each language's own name (shown in its own language in the language menus) and its Intl locale. */
export const LANGUAGE_INFO: Record<Language, { name: string; locale: string; isoDates: boolean }> = {
  // English keeps the dates as YYYY-MM-DD, the form the back office has always shown (unambiguous between US and UK)
  en: { name: 'English', locale: 'en-US', isoDates: true },
  de: { name: 'Deutsch', locale: 'de-DE', isoDates: false },
};

export const i18n = i18next.createInstance();
void i18n.use(initReactI18next).init({
  resources,
  lng: 'en',
  fallbackLng: 'en',
  supportedLngs: [...LANGUAGES],
  // keys are English sentences: '.' and ':' are text, not separators
  keySeparator: false,
  nsSeparator: false,
  interpolation: { escapeValue: false }, // React escapes
  returnNull: false,
  initAsync: false,
});

export const isLanguage = (s: unknown): s is Language => typeof s === 'string' && (LANGUAGES as readonly string[]).includes(s);

/** The UI's current language. */
export const currentLanguage = (): Language => (isLanguage(i18n.language) ? i18n.language : 'en');

/**
 * Translation outside a component (helpers, labels built at render time). Never call it at module top level: the
 * text would stay in the language of the moment the module loaded.
 */
export const t: TFunction = ((...args: unknown[]) => (i18n.t as unknown as (...a: unknown[]) => string)(...args)) as unknown as TFunction;

/**
 * A key held in data (a status → key map, a tab list): checked as a catalogue key where the map is written, looked up
 * here. Literal texts go through `t`, whose parameters are checked too.
 */
export const tk = (key: CatalogueKey, options?: Record<string, unknown>, language?: Language): string =>
  (i18n.t as unknown as (k: string, o?: Record<string, unknown>) => string)(key, { ...options, ...(language ? { lng: language } : {}) });

/** A document's own language (an invoice in its customer's language, whatever the staff member reads). */
export const tFor = (language: Language): TFunction => i18n.getFixedT(language);

export async function setLanguage(language: Language): Promise<void> {
  if (i18n.language !== language) await i18n.changeLanguage(language);
  document.documentElement.lang = language;
}

export type { TFunction };
