// Display formatting shared by every screen. Money arrives from the API as integer cents and leaves it the same way:
// no float arithmetic is ever done on amounts (parsing splits on the decimal separator).

export interface DisplaySettings {
  /** '' = no currency shown */
  currency: string;
  decimalSeparator: '.' | ',';
}

const display: DisplaySettings = { currency: '', decimalSeparator: '.' };

/** Called once the settings are loaded (settings.get values `display.currency` / `display.decimalSeparator`). */
export function setDisplaySettings(values: Record<string, unknown> | null | undefined): void {
  if (!values) return;
  const cur = values['display.currency'];
  const sep = values['display.decimalSeparator'];
  if (typeof cur === 'string') display.currency = cur;
  if (sep === '.' || sep === ',') display.decimalSeparator = sep;
}

export function getDisplaySettings(): DisplaySettings {
  return { ...display };
}

function groupSeparator(): string {
  return display.decimalSeparator === ',' ? '.' : ',';
}

/** 123456 → "1,234.56" (or "1.234,56" with a comma separator); the currency, if configured, follows. */
export function formatMoney(cents: number | null | undefined, opts: { currency?: boolean } = {}): string {
  if (cents === null || cents === undefined || !Number.isFinite(cents)) return '';
  const negative = cents < 0;
  const abs = Math.abs(Math.trunc(cents));
  const whole = Math.floor(abs / 100);
  const frac = abs % 100;
  const wholeText = String(whole).replace(/\B(?=(\d{3})+(?!\d))/g, groupSeparator());
  const text = `${negative ? '-' : ''}${wholeText}${display.decimalSeparator}${String(frac).padStart(2, '0')}`;
  return opts.currency !== false && display.currency ? `${text} ${display.currency}` : text;
}

/** Money for an input field: no grouping, no currency ("1234.56"). */
export function moneyInputValue(cents: number | null | undefined): string {
  if (cents === null || cents === undefined) return '';
  const negative = cents < 0;
  const abs = Math.abs(Math.trunc(cents));
  return `${negative ? '-' : ''}${Math.floor(abs / 100)}${display.decimalSeparator}${String(abs % 100).padStart(2, '0')}`;
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
  const dec = display.decimalSeparator;
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
export function formatBp(bp: number | null | undefined): string {
  if (bp === null || bp === undefined) return '';
  const whole = Math.floor(Math.abs(bp) / 100);
  const frac = Math.abs(bp) % 100;
  const fracText = frac === 0 ? '' : `${display.decimalSeparator}${String(frac).padStart(2, '0').replace(/0$/, '')}`;
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
  return frac === 0 ? String(bp / 100) : `${Math.floor(bp / 100)}.${String(frac).padStart(2, '0').replace(/0$/, '')}`;
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
  return `${i === 0 ? v : v.toFixed(1)} ${units[i]}`;
}

export const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A service's pay period in words. The price is always monthly; the pay period only says how many months one invoice
 * covers ("39.90 /3 mo" read as a quarterly price).
 */
export function payPeriodText(months: number): string {
  return months === 1 ? 'billed monthly' : `billed every ${months} months`;
}

/** Dates are shown as stored: YYYY-MM-DD. */
export function formatDate(d: string | null | undefined): string {
  return d ?? '—';
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

export const CUSTOMER_STATUS_LABEL: Record<string, string> = { new: 'New', active: 'Active', blocked: 'Blocked', inactive: 'Inactive' };
export const CUSTOMER_STATUS_COLOR: Record<string, string> = { new: 'blue', active: 'green', blocked: 'orange', inactive: 'gray' };
export const SERVICE_STATUS_LABEL: Record<string, string> = {
  active: 'Active',
  disabled: 'Disabled',
  stopped: 'Stopped',
  pending: 'Pending',
  archived: 'Archived',
};
export const SERVICE_STATUS_COLOR: Record<string, string> = { active: 'green', disabled: 'gray', stopped: 'red', pending: 'blue', archived: 'dark' };
export const INVOICE_STATUS_LABEL: Record<string, string> = {
  unpaid: 'Unpaid',
  partiallyPaid: 'Partially paid',
  paid: 'Paid',
  overdue: 'Overdue',
  cancelled: 'Cancelled',
};
export const INVOICE_STATUS_COLOR: Record<string, string> = { unpaid: 'orange', partiallyPaid: 'yellow', paid: 'green', overdue: 'red', cancelled: 'gray' };
export const KIND_LABEL: Record<string, string> = { internet: 'Internet', voice: 'Voice', custom: 'Custom' };
export const PAYMENT_METHOD_LABEL: Record<string, string> = {
  cash: 'Cash',
  bankTransfer: 'Bank transfer',
  creditCard: 'Credit card',
  refillCard: 'Refill card',
  other: 'Other',
};
