// Display formatting shared by every screen. Money arrives from the API as integer cents and leaves it the same way:
// no float arithmetic is ever done on amounts (parsing splits on the decimal separator).

import type { DisplaySettings } from '../../main/contract/common';
import { currentLanguage, LANGUAGE_INFO, t, tk, type CatalogueKey, type Language } from './i18n';

const display: DisplaySettings = { currency: '', decimalSeparator: 'language' };

/** Called once the settings are loaded (settings.get values `display.currency` / `display.decimalSeparator`). */
export function setDisplaySettings(values: Record<string, unknown> | null | undefined): void {
  if (!values) return;
  const cur = values['display.currency'];
  const sep = values['display.decimalSeparator'];
  if (typeof cur === 'string') display.currency = cur;
  if (sep === 'language' || sep === '.' || sep === ',') display.decimalSeparator = sep;
}

/** The display settings as the back end answers them with the sign-in status (auth.status) or the portal session. */
export function applyDisplay(d: DisplaySettings): void {
  setDisplaySettings({ 'display.currency': d.currency, 'display.decimalSeparator': d.decimalSeparator });
}

export function getDisplaySettings(): DisplaySettings {
  return { ...display };
}

/**
 * How numbers are written for a language: Intl's digit grouping of the language's locale, and its decimal mark
 * unless the ISP chose one (display.decimalSeparator); the group mark is then the other one, so "1.234,56" never
 * reads as two numbers. Every amount is formatted from integer cents without float arithmetic.
 */
function marks(language: Language): { dec: string; grp: string; locale: string } {
  const locale = LANGUAGE_INFO[language].locale;
  if (display.decimalSeparator !== 'language') return { dec: display.decimalSeparator, grp: display.decimalSeparator === ',' ? '.' : ',', locale };
  const parts = new Intl.NumberFormat(locale).formatToParts(1234.5);
  return { dec: parts.find((p) => p.type === 'decimal')?.value ?? '.', grp: parts.find((p) => p.type === 'group')?.value ?? ',', locale };
}

/** The decimal separator staff type and read in the current language (money and percent inputs). */
export function decimalSeparator(language: Language = currentLanguage()): string {
  return marks(language).dec;
}

function groupSeparator(language: Language = currentLanguage()): string {
  return marks(language).grp;
}

/** A whole number with the language's grouping: 1234567 → "1,234,567" / "1.234.567". */
export function formatNumber(n: number, language: Language = currentLanguage()): string {
  const { grp, locale } = marks(language);
  const parts = new Intl.NumberFormat(locale, { maximumFractionDigits: 0, useGrouping: true }).formatToParts(Math.trunc(n));
  return parts.map((p) => (p.type === 'group' ? grp : p.type === 'minusSign' ? '-' : p.value)).join('');
}

/**
 * 123456 → "1,234.56" in English, "1.234,56" in German (or as the ISP's decimal separator says); the ISP's currency,
 * if configured, follows. `language`: a document's own language (the customer's), else the UI's.
 */
export function formatMoney(cents: number | null | undefined, opts: { currency?: boolean; language?: Language } = {}): string {
  if (cents === null || cents === undefined || !Number.isFinite(cents)) return '';
  const language = opts.language ?? currentLanguage();
  const negative = cents < 0;
  const abs = Math.abs(Math.trunc(cents));
  const text = `${negative ? '-' : ''}${formatNumber(Math.floor(abs / 100), language)}${decimalSeparator(language)}${String(abs % 100).padStart(2, '0')}`;
  return opts.currency !== false && display.currency ? `${text} ${display.currency}` : text;
}

/** Money for an input field: no grouping, no currency ("1234.56" / "1234,56"). */
export function moneyInputValue(cents: number | null | undefined): string {
  if (cents === null || cents === undefined) return '';
  const negative = cents < 0;
  const abs = Math.abs(Math.trunc(cents));
  return `${negative ? '-' : ''}${Math.floor(abs / 100)}${decimalSeparator()}${String(abs % 100).padStart(2, '0')}`;
}

/**
 * "200.00" → 20000, "1,234.5" → 123450, "-3" → -300. Accepts either '.' or ',' as the decimal separator when the
 * other is not present; group separators (spaces, the other mark) are ignored. Returns null when not a number or
 * when it has more than two decimals (a fraction of a cent is refused, not rounded).
 */
export function parseMoney(text: string): number | null {
  let s = text.trim().replace(/[\s\u00a0']/g, '');
  if (display.currency) s = s.replace(display.currency, '');
  if (s === '') return null;
  let negative = false;
  if (s.startsWith('-')) {
    negative = true;
    s = s.slice(1);
  } else if (s.startsWith('+')) s = s.slice(1);
  const dec = decimalSeparator();
  const grp = groupSeparator();
  let wholePart: string;
  let fracPart = '';
  const hasDec = s.includes(dec);
  const hasGrp = s.includes(grp);
  if (hasDec) {
    const i = s.lastIndexOf(dec);
    wholePart = s.slice(0, i).split(grp).join('');
    fracPart = s.slice(i + 1);
  } else if (hasGrp) {
    // Only the other mark: a decimal separator if it is followed by 1–2 digits at the end, else grouping.
    const i = s.lastIndexOf(grp);
    const tail = s.slice(i + 1);
    if (s.indexOf(grp) === i && tail.length > 0 && tail.length <= 2) {
      wholePart = s.slice(0, i);
      fracPart = tail;
    } else wholePart = s.split(grp).join('');
  } else wholePart = s;
  if (wholePart === '') wholePart = '0';
  if (!/^\d+$/.test(wholePart) || !/^\d{0,2}$/.test(fracPart)) return null;
  if (wholePart.length > 12) return null;
  const value = Number(wholePart) * 100 + Number(fracPart.padEnd(2, '0') || '0');
  return negative ? -value : value;
}

/** Basis points → "21 %", "12.5 %". */
export function formatBp(bp: number | null | undefined, language: Language = currentLanguage()): string {
  if (bp === null || bp === undefined) return '';
  const whole = Math.floor(Math.abs(bp) / 100);
  const frac = Math.abs(bp) % 100;
  const fracText = frac === 0 ? '' : `${decimalSeparator(language)}${String(frac).padStart(2, '0').replace(/0$/, '')}`;
  return `${bp < 0 ? '-' : ''}${whole}${fracText} %`;
}

/** "21" / "12.5" → 2100 / 1250 basis points; null when not a number with at most two decimals. */
export function parsePercentBp(text: string): number | null {
  const s = text.trim().replace('%', '').trim().replace(',', '.');
  if (!/^\d+(\.\d{0,2})?$/.test(s)) return null;
  const [w, f = ''] = s.split('.');
  return Number(w) * 100 + Number(f.padEnd(2, '0'));
}

export function percentInputValue(bp: number | null | undefined): string {
  if (bp === null || bp === undefined) return '';
  const frac = bp % 100;
  return frac === 0 ? String(bp / 100) : `${Math.floor(bp / 100)}${decimalSeparator()}${String(frac).padStart(2, '0').replace(/0$/, '')}`;
}

export function formatKbps(kbps: number | null | undefined): string {
  if (kbps === null || kbps === undefined) return '—';
  if (kbps >= 1000 && kbps % 1000 === 0) return `${kbps / 1000} Mbps`;
  return `${kbps} kbps`;
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = bytes;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i += 1;
  }
  return `${i === 0 ? v : v.toFixed(1).replace('.', decimalSeparator())} ${units[i]}`;
}

export const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A service's pay period in words. The price is always monthly; the pay period only says how many months one invoice
 * covers ("39.90 /3 mo" read as a quarterly price).
 */
export function payPeriodText(months: number): string {
  return months === 1 ? t('billed monthly') : t('billed every {{count}} months', { count: months });
}

/**
 * A business date (stored and typed as YYYY-MM-DD) as the language shows it: English keeps YYYY-MM-DD, German
 * 15.03.2024 (Intl, in UTC so the day never shifts with the workstation's time zone). Inputs stay YYYY-MM-DD.
 */
export function formatDate(d: string | null | undefined, language: Language = currentLanguage()): string {
  if (!d) return '—';
  const info = LANGUAGE_INFO[language];
  if (info.isoDates || !ISO_DATE.test(d)) return d;
  return new Intl.DateTimeFormat(info.locale, { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: 'UTC' }).format(new Date(`${d}T00:00:00Z`));
}

/** A moment (ISO timestamp) in the workstation's time zone, as the language writes it. */
export function formatDateTime(iso: string | null | undefined, language: Language = currentLanguage()): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString(LANGUAGE_INFO[language].locale);
}

/** Adds days to a YYYY-MM-DD date without time zones (UTC arithmetic). */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function isValidIsoDate(s: string): boolean {
  if (!ISO_DATE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/**
 * Value → label maps read at render time in the current language: `CUSTOMER_STATUS_LABEL[status]` (each entry is a
 * getter over the catalogue key, so the map may be kept at module level and still follows the language).
 */
export function labels<K extends string>(keys: Record<K, CatalogueKey>): Record<K, string> {
  const out = {} as Record<K, string>;
  for (const [value, key] of Object.entries(keys) as [K, CatalogueKey][])
    Object.defineProperty(out, value, { enumerable: true, get: () => tk(key) });
  return out;
}

export const CUSTOMER_STATUS_LABEL: Record<string, string> = labels({ new: 'customerStatus.new', active: 'customerStatus.active', blocked: 'customerStatus.blocked', inactive: 'customerStatus.inactive' });
/** A balance transaction's category (db TRANSACTION_CATEGORIES). */
export const TRANSACTION_CATEGORY_LABEL: Record<string, string> = labels({
  service: 'category.service',
  fee: 'category.fee',
  discount: 'category.discount',
  payment: 'category.payment',
  refund: 'category.refund',
  correction: 'category.correction',
});
export const INVOICE_KIND_LABEL: Record<string, string> = labels({ recurring: 'Recurring', oneTime: 'One-time', changePlan: 'Change plan', cancellation: 'Cancellation' });
export const CUSTOMER_STATUS_COLOR: Record<string, string> = { new: 'blue', active: 'green', blocked: 'orange', inactive: 'gray' };
export const SERVICE_STATUS_LABEL: Record<string, string> = labels({
  active: 'serviceStatus.active',
  disabled: 'serviceStatus.disabled',
  stopped: 'serviceStatus.stopped',
  pending: 'serviceStatus.pending',
  archived: 'serviceStatus.archived',
});
export const SERVICE_STATUS_COLOR: Record<string, string> = { active: 'green', disabled: 'gray', stopped: 'red', pending: 'blue', archived: 'dark' };
export const INVOICE_STATUS_KEY: Record<string, CatalogueKey> = {
  unpaid: 'invoiceStatus.unpaid',
  partiallyPaid: 'invoiceStatus.partiallyPaid',
  paid: 'invoiceStatus.paid',
  overdue: 'invoiceStatus.overdue',
  cancelled: 'invoiceStatus.cancelled',
};
export const INVOICE_STATUS_LABEL: Record<string, string> = labels(INVOICE_STATUS_KEY);
export const INVOICE_STATUS_COLOR: Record<string, string> = { unpaid: 'orange', partiallyPaid: 'yellow', paid: 'green', overdue: 'red', cancelled: 'gray' };
export const KIND_LABEL: Record<string, string> = labels({ internet: 'kind.internet', voice: 'kind.voice', custom: 'kind.custom' });
export const PAYMENT_METHOD_LABEL: Record<string, string> = labels({
  cash: 'paymentMethod.cash',
  bankTransfer: 'paymentMethod.bankTransfer',
  creditCard: 'paymentMethod.creditCard',
  refillCard: 'paymentMethod.refillCard',
  other: 'paymentMethod.other',
});
