import type { AppErrorData, ErrorCode } from '../../../main/contract/errors';
import { currentLanguage, tk, type CatalogueKey } from '.';

// Refusals are phrased in English by the application layer (one wording for the CLI, the scenario runner, the logs
// and every host). The renderer translates what it can know: the error's code (a sentence per code), and the
// generic field messages the contract's schemas produce ("is required", "must be at least 3" — recognised by
// pattern, their numbers kept as parameters). A business refusal's own sentence stays English after the translated
// code sentence, so nothing the application said is lost.

const CODE_KEY: Record<ErrorCode, CatalogueKey> = {
  VALIDATION: 'error.validation',
  NOT_FOUND: 'error.notFound',
  CONFLICT: 'error.conflict',
  REFUSED: 'error.refused',
  STALE_QUOTE: 'error.staleQuote',
  FORBIDDEN: 'error.forbidden',
  UNKNOWN_CHANNEL: 'error.unknownChannel',
  BAD_REQUEST: 'error.badRequest',
  NOT_SUPPORTED: 'error.notSupported',
  OFFLINE: 'error.offline',
  CERTIFICATE_CHANGED: 'error.certificateChanged',
  INTERNAL: 'error.internal',
};

/** A field message of the contract's schemas → its catalogue key and parameters (null: a business sentence). */
const FIELD_PATTERNS: [RegExp, CatalogueKey, ...string[]][] = [
  [/^is required$/, 'field.required'],
  [/^must be a number$/, 'field.number'],
  [/^must be text$/, 'field.text'],
  [/^must be at least (\S+) characters$/, 'field.minChars', 'min'],
  [/^needs at least (\S+) characters$/, 'field.needsChars', 'min'],
  [/^must be at most (\S+) characters$/, 'field.maxChars', 'max'],
  [/^must be at least (\S+)$/, 'field.min', 'min'],
  [/^must be at most (\S+)$/, 'field.max', 'max'],
  [/^needs at least (\S+)$/, 'field.minItems', 'min'],
  [/^may have at most (\S+)$/, 'field.maxItems', 'max'],
  [/^must be one of (.+)$/, 'field.oneOf', 'values'],
  [/^is not in the expected format$/, 'field.format'],
  [/^must be a date YYYY-MM-DD$/, 'field.date'],
  [/^is not a real calendar date$/, 'field.realDate'],
  [/^must be a whole number of cents$/, 'field.cents'],
  [/^must not be negative$/, 'field.notNegative'],
  [/^must be more than zero$/, 'field.positive'],
  [/^must be an e-mail address$/, 'field.email'],
  [/^is not an amount$/, 'field.amount'],
];

/** A field's message in the current language (generic ones translated; a business sentence as the application said it). */
export function fieldMessage(message: string): string {
  for (const [re, key, ...names] of FIELD_PATTERNS) {
    const m = re.exec(message);
    if (m) return tk(key, Object.fromEntries(names.map((n, i) => [n, m[i + 1]])));
  }
  return message;
}

/** Every field message of a refusal, translated (for form.setErrors and the fields under a dialog). */
export function fieldMessages(fields: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(fields ?? {}).map(([k, v]) => [k, fieldMessage(v)]));
}

/** The text of an error alert: English as the application said it; another language leads with the code's sentence. */
export function errorText(error: AppErrorData | string): string {
  if (typeof error === 'string') return error;
  if (currentLanguage() === 'en') return error.message;
  return `${tk(CODE_KEY[error.code] ?? 'error.internal')} (${error.message})`;
}
