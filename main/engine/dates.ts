import type { IsoDate } from './types';

// Calendar arithmetic on 'YYYY-MM-DD' strings. Internally a UTC Date built from the given string (never the
// clock), so no time zone or daylight-saving shift can move a day. ISO strings of the same width compare
// correctly as strings, which is what compareDates relies on.

const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

interface Ymd {
  y: number;
  m: number; // 1–12
  d: number;
}

// Parsed dates, kept because a billing run parses the same few hundred dates millions of times. Pure: a string
// always parses to the same (frozen) value; the map is emptied when it grows large.
const parsedDates = new Map<string, Readonly<Ymd>>();

function parse(date: IsoDate): Readonly<Ymd> {
  const known = parsedDates.get(date);
  if (known) return known;
  const m = ISO_RE.exec(date);
  if (!m || !isIsoDate(date)) throw new Error(`"${date}" is not a date YYYY-MM-DD`);
  const ymd = Object.freeze({ y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) });
  if (parsedDates.size >= 20_000) parsedDates.clear();
  parsedDates.set(date, ymd);
  return ymd;
}

// Day numbers of the proleptic Gregorian calendar (days since 1970-01-01), computed arithmetically — the same
// values Date gives (setUTCFullYear keeps years 0–99 as they are, and so does this), without a Date per call.
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * ((m + 9) % 12) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

function utcMs({ y, m, d }: Ymd): number {
  return daysFromCivil(y, m, d) * MS_PER_DAY;
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

function format(ms: number): IsoDate {
  const z = Math.floor(ms / MS_PER_DAY) + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${String(y).padStart(4, '0')}-${pad2(m)}-${pad2(d)}`;
}

/** True for a real calendar date written YYYY-MM-DD (2022-02-29 is false). */
export function isIsoDate(value: unknown): value is IsoDate {
  if (typeof value !== 'string') return false;
  if (parsedDates.has(value)) return true; // parsed before, so checked before (the billing run asks millions of times)
  const m = ISO_RE.exec(value);
  if (!m) return false;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (y < 1 || mo < 1 || mo > 12 || d < 1) return false;
  return d <= daysInMonthOf(y, mo);
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonthOf(y: number, m: number): number {
  // Proleptic Gregorian, as Date computes it (arithmetic: this runs for every date the billing run parses).
  if (m !== 2) return MONTH_DAYS[m - 1];
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
}

/** Days in the month that contains `date` (28–31). */
export function daysInMonth(date: IsoDate): number {
  const { y, m } = parse(date);
  return daysInMonthOf(y, m);
}

export function dayOfMonth(date: IsoDate): number {
  return parse(date).d;
}

export function addDays(date: IsoDate, days: number): IsoDate {
  if (!Number.isInteger(days)) throw new Error(`days must be an integer, got ${days}`);
  return format(utcMs(parse(date)) + days * MS_PER_DAY);
}

/** Adds calendar months; a day that does not exist in the target month is clamped to its last day (01-31 + 1 → 02-28). */
export function addMonths(date: IsoDate, months: number): IsoDate {
  if (!Number.isInteger(months)) throw new Error(`months must be an integer, got ${months}`);
  const { y, m, d } = parse(date);
  const index = y * 12 + (m - 1) + months;
  const ny = Math.floor(index / 12);
  const nm = index - ny * 12 + 1;
  return format(utcMs({ y: ny, m: nm, d: Math.min(d, daysInMonthOf(ny, nm)) }));
}

/** Number of days from `from` to `to`, both counted (2022-01-20..2022-01-31 → 12). 0 or less when to < from. */
export function daysInclusive(from: IsoDate, to: IsoDate): number {
  return Math.round((utcMs(parse(to)) - utcMs(parse(from))) / MS_PER_DAY) + 1;
}

/** Negative, zero or positive like a sort comparator. */
export function compareDates(a: IsoDate, b: IsoDate): number {
  parse(a);
  parse(b);
  return a < b ? -1 : a > b ? 1 : 0;
}

export const minDate = (a: IsoDate, b: IsoDate): IsoDate => (compareDates(a, b) <= 0 ? a : b);
export const maxDate = (a: IsoDate, b: IsoDate): IsoDate => (compareDates(a, b) >= 0 ? a : b);

/** Whole months from a to b counting by the day of month (2022-01-10 → 2022-03-09 is 1, → 2022-03-10 is 2). */
export function monthsBetween(a: IsoDate, b: IsoDate): number {
  const pa = parse(a);
  const pb = parse(b);
  let months = (pb.y - pa.y) * 12 + (pb.m - pa.m);
  if (months > 0 && pb.d < pa.d) months -= 1;
  if (months < 0 && pb.d > pa.d) months += 1;
  return months;
}
