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

function parse(date: IsoDate): Ymd {
  const m = ISO_RE.exec(date);
  if (!m || !isIsoDate(date)) throw new Error(`"${date}" is not a date YYYY-MM-DD`);
  return { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) };
}

function utcMs({ y, m, d }: Ymd): number {
  const dt = new Date(0);
  dt.setUTCFullYear(y, m - 1, d); // setUTCFullYear, unlike Date.UTC, does not map years 0–99 to 19xx
  return dt.getTime();
}

function format(ms: number): IsoDate {
  const dt = new Date(ms);
  const y = String(dt.getUTCFullYear()).padStart(4, '0');
  const m = String(dt.getUTCMonth() + 1).padStart(2, '0');
  const d = String(dt.getUTCDate()).padStart(2, '0');
  return `${y}-${m}-${d}`;
}

/** True for a real calendar date written YYYY-MM-DD (2022-02-29 is false). */
export function isIsoDate(value: unknown): value is IsoDate {
  if (typeof value !== 'string') return false;
  const m = ISO_RE.exec(value);
  if (!m) return false;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (y < 1 || mo < 1 || mo > 12 || d < 1) return false;
  return d <= daysInMonthOf(y, mo);
}

function daysInMonthOf(y: number, m: number): number {
  // Day 0 of the next month is the last day of this one.
  const dt = new Date(0);
  dt.setUTCFullYear(y, m, 0);
  return dt.getUTCDate();
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
