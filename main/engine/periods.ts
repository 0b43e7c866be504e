import { addDays, addMonths, compareDates, dayOfMonth, daysInclusive, isIsoDate } from './dates';
import type { DateRange, IsoDate, PayPeriodMonths } from './types';

// Billing periods (decision 2, ARCHITECTURE "Billing periods"). The billing day d (1–28) starts every monthly
// period [d of month M, d−1 of month M+1]; because d ≤ 28 every month has that day and no clamping is needed.

export const PAY_PERIODS: readonly PayPeriodMonths[] = [1, 3, 6, 12];

export function assertBillingDay(billingDay: number): void {
  if (!Number.isInteger(billingDay) || billingDay < 1 || billingDay > 28) {
    throw new Error(`billing day must be 1–28, got ${billingDay}`);
  }
}

export function assertPayPeriod(months: number): asserts months is PayPeriodMonths {
  if (!PAY_PERIODS.includes(months as PayPeriodMonths)) throw new Error(`pay period must be 1, 3, 6 or 12 months, got ${months}`);
}

/** The customer's billing day: the configured one, or with "use the creation date" the creation day clamped to 28. */
export function effectiveBillingDay(input: { billingDay: number; useCreationDate: boolean; createdOn: IsoDate }): number {
  if (input.useCreationDate) {
    // 29–31 do not exist in every month; 28 keeps the period inside the same month pair (reference §15.30).
    return Math.min(dayOfMonth(input.createdOn), 28);
  }
  assertBillingDay(input.billingDay);
  return input.billingDay;
}

/** First day of the monthly billing period that contains `date`. */
function monthlyPeriodStart(date: IsoDate, billingDay: number): IsoDate {
  assertBillingDay(billingDay);
  // Kept per date and billing day (pure): the billing run asks it twice per service, for a few thousand dates.
  let byDay = periodStarts.get(date);
  if (!byDay) {
    if (periodStarts.size >= 20_000) periodStarts.clear();
    periodStarts.set(date, (byDay = []));
  }
  const known = byDay[billingDay];
  if (known !== undefined) return known;
  const d = dayOfMonth(date);
  const sameMonth = `${date.slice(0, 8)}${String(billingDay).padStart(2, '0')}`;
  return (byDay[billingDay] = d >= billingDay ? sameMonth : addMonths(sameMonth, -1));
}
const periodStarts = new Map<IsoDate, IsoDate[]>();

/** The monthly billing period that contains `date` (billing day 10: 2022-01-05 → 2021-12-10..2022-01-09). */
export function billingPeriodContaining(date: IsoDate, billingDay: number): DateRange {
  const from = monthlyPeriodStart(date, billingDay);
  return { from, to: addDays(addMonths(from, 1), -1) };
}

/** The first billing day strictly after `afterDate`. */
export function nextBillingDate(afterDate: IsoDate, billingDay: number): IsoDate {
  return addDays(billingPeriodContaining(afterDate, billingDay).to, 1);
}

export function isBillingDay(date: IsoDate, billingDay: number): boolean {
  assertBillingDay(billingDay);
  return dayOfMonth(date) === billingDay;
}

/** A service's billing period: N months chained from the monthly period containing its start date. */
export interface ServicePeriod extends DateRange {
  /** 0 for the period containing the service start, 1 for the next, … (negative before it). */
  index: number;
  /** Days of the whole period: the divisor D of decision 1. */
  days: number;
}

// Periods computed, kept because a billing run asks for the same few hundred (anchor, pay period, index) triples
// for 100k services. Pure: a triple always gives the same period; callers get a fresh object each time. Keyed by
// anchor, then by index × 16 + pay period (1–12: distinct for every index), so a lookup builds no string.
const knownPeriods = new Map<IsoDate, Map<number, Readonly<ServicePeriod>>>();
let knownPeriodCount = 0;

function servicePeriodAt(anchor: IsoDate, payPeriodMonths: number, index: number): ServicePeriod {
  let byIndex = knownPeriods.get(anchor);
  if (!byIndex) {
    if (knownPeriodCount >= 20_000) {
      knownPeriods.clear();
      knownPeriodCount = 0;
    }
    knownPeriods.set(anchor, (byIndex = new Map()));
  }
  const key = index * 16 + payPeriodMonths;
  let p = byIndex.get(key);
  if (!p) {
    const from = addMonths(anchor, index * payPeriodMonths);
    const to = addDays(addMonths(anchor, (index + 1) * payPeriodMonths), -1);
    p = { from, to, index, days: daysInclusive(from, to) };
    byIndex.set(key, p);
    knownPeriodCount++;
  }
  return { from: p.from, to: p.to, index: p.index, days: p.days };
}

/** First day of the first period of a service: the start of the monthly billing period containing its start. */
export function servicePeriodAnchor(serviceStart: IsoDate, billingDay: number): IsoDate {
  return monthlyPeriodStart(serviceStart, billingDay);
}

/**
 * The service period (pay period N months, chained from the anchor) that contains `date`.
 * Works for dates before the service start too (negative index), which callers use for clamping.
 */
export function servicePeriodContaining(
  date: IsoDate,
  serviceStart: IsoDate,
  billingDay: number,
  payPeriodMonths: PayPeriodMonths,
): ServicePeriod {
  assertPayPeriod(payPeriodMonths);
  if (!isIsoDate(date)) throw new Error(`"${date}" is not a date YYYY-MM-DD`);
  const anchor = servicePeriodAnchor(serviceStart, billingDay);
  const monthStart = monthlyPeriodStart(date, billingDay);
  // Both dates fall on the billing day, so the month difference is exact.
  const months =
    (Number(monthStart.slice(0, 4)) - Number(anchor.slice(0, 4))) * 12 +
    (Number(monthStart.slice(5, 7)) - Number(anchor.slice(5, 7)));
  return servicePeriodAt(anchor, payPeriodMonths, Math.floor(months / payPeriodMonths));
}

/**
 * The service's periods in order, from the one containing `fromDate` (default: the service start) on. Infinite:
 * the caller stops (e.g. `for (const p of servicePeriods(...)) { if (p.from > until) break; }`).
 */
export function* servicePeriods(
  serviceStart: IsoDate,
  billingDay: number,
  payPeriodMonths: PayPeriodMonths,
  fromDate: IsoDate = serviceStart,
): Generator<ServicePeriod, never, void> {
  const first = servicePeriodContaining(fromDate, serviceStart, billingDay, payPeriodMonths);
  const anchor = servicePeriodAnchor(serviceStart, billingDay);
  for (let i = first.index; ; i++) yield servicePeriodAt(anchor, payPeriodMonths, i);
}

/** The service periods that overlap [from, to], in order (empty when to < from). */
export function servicePeriodsOverlapping(
  range: DateRange,
  serviceStart: IsoDate,
  billingDay: number,
  payPeriodMonths: PayPeriodMonths,
): ServicePeriod[] {
  const out: ServicePeriod[] = [];
  if (compareDates(range.to, range.from) < 0) return out;
  // servicePeriods' walk without a generator (the billing run asks this for every service)
  const first = servicePeriodContaining(range.from, serviceStart, billingDay, payPeriodMonths);
  const anchor = servicePeriodAnchor(serviceStart, billingDay);
  for (let i = first.index; ; i++) {
    const p = i === first.index ? first : servicePeriodAt(anchor, payPeriodMonths, i);
    if (compareDates(p.from, range.to) > 0) break;
    out.push(p);
    if (out.length > 10_000) throw new Error('too many billing periods in one range');
  }
  return out;
}
