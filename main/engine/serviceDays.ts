import { addDays, compareDates, daysInclusive } from './dates';
import type { DateRange, IsoDate, ServiceStatus } from './types';

// Which days of a service are billed, by which line, in which status — answered once, here (decisions 9, 19).
//
// A service's record is its status history (dated status changes) plus what was billed for it: invoice lines add
// days, refunds take days back. Like Kill Bill's invoice item tree (SubscriptionItemTree: existing RECURRING items
// are "ADD" nodes, REPAIR_ADJ items "CANCEL" nodes, and the merged view must never bill a day twice), every question
// is answered with set operations over half-open day ranges [from, until): the recurring run and the catch-up bill
// `billableDays − billedDays`, a refund gives back `billedDays ∩ [new start, …)`, reactivation resumes at the first
// billable day not yet billed. Half-open ranges make adjacency exact (until of one = from of the next) and let an
// open-ended range carry `until: null`.

/** Days [from, until): `until` is the first day NOT included; null = open-ended. */
export interface DaySpan {
  from: IsoDate;
  until: IsoDate | null;
}

/** "From this day on, the service's status is …" — one row of the status history. */
export interface StatusChange {
  from: IsoDate;
  status: ServiceStatus;
}

/** A stretch of the history: the service had `status` on every day of [from, until). */
export interface StatusInterval extends DaySpan {
  status: ServiceStatus;
}

/** Decision 9: Active, Pending (from its start date) and Disabled (until its end date) are billed; Stopped and Archived are not. */
export const BILLED_STATUSES: readonly ServiceStatus[] = ['active', 'pending', 'disabled'];
export const isBilledStatus = (s: ServiceStatus): boolean => BILLED_STATUSES.includes(s);

/** Before any business date: the first status change also covers the days before it. */
const BEGINNING: IsoDate = '0001-01-01';

const before = (a: IsoDate | null, b: IsoDate | null): boolean => (a === null ? false : b === null ? true : compareDates(a, b) < 0);
const earlier = (a: IsoDate | null, b: IsoDate | null): IsoDate | null => (before(a, b) ? a : b);
const later = (a: IsoDate, b: IsoDate): IsoDate => (compareDates(a, b) >= 0 ? a : b);
const isEmpty = (s: DaySpan): boolean => s.until !== null && compareDates(s.from, s.until) >= 0;

/** An inclusive range [from, to] as a half-open span. */
export const spanOf = (r: DateRange): DaySpan => ({ from: r.from, until: addDays(r.to, 1) });
/** A bounded half-open span as an inclusive range (the form invoice lines are written in). */
export function rangeOf(s: DaySpan): DateRange {
  if (s.until === null) throw new Error(`an open-ended span from ${s.from} has no last day`);
  return { from: s.from, to: addDays(s.until, -1) };
}

/** Sorted, non-overlapping, adjacent spans merged; empty spans dropped. */
export function normalise(spans: readonly DaySpan[]): DaySpan[] {
  const sorted = spans.filter((s) => !isEmpty(s)).sort((a, b) => compareDates(a.from, b.from));
  const out: DaySpan[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    // touching (last.until = s.from) or overlapping: one span
    if (last && (last.until === null || compareDates(s.from, last.until) <= 0)) {
      last.until = last.until === null || s.until === null ? null : later(last.until, s.until);
    } else out.push({ ...s });
  }
  return out;
}

/** The days two spans share, null when none (intersect of one span with one span, without its sorting and copies). */
export function overlapOf(x: DaySpan, y: DaySpan): DaySpan | null {
  const s = { from: later(x.from, y.from), until: earlier(x.until, y.until) };
  return isEmpty(s) ? null : s;
}

export function intersect(a: readonly DaySpan[], b: readonly DaySpan[]): DaySpan[] {
  const out: DaySpan[] = [];
  for (const x of normalise(a))
    for (const y of normalise(b)) {
      const s = overlapOf(x, y);
      if (s) out.push(s);
    }
  return normalise(out);
}

/** The days of `a` that are not in `b`. */
export function subtract(a: readonly DaySpan[], b: readonly DaySpan[]): DaySpan[] {
  let rest = normalise(a);
  for (const cut of normalise(b)) {
    const next: DaySpan[] = [];
    for (const s of rest) {
      // the part before the cut, and the part after it
      if (compareDates(s.from, cut.from) < 0) next.push({ from: s.from, until: earlier(s.until, cut.from) });
      if (cut.until !== null && before(cut.until, s.until)) next.push({ from: later(s.from, cut.until), until: s.until });
    }
    rest = normalise(next);
  }
  return rest;
}

/** Number of days in bounded spans. */
export function dayCount(spans: readonly DaySpan[]): number {
  let n = 0;
  for (const s of normalise(spans)) {
    if (s.until === null) throw new Error('an open-ended span has no day count');
    n += daysInclusive(s.from, s.until) - 1;
  }
  return n;
}

/**
 * The status history as intervals. The first change also covers every day before it (a service's status before its
 * first recorded change is that status: history starts when the service was created); a later change on the same
 * day replaces an earlier one (the day's status is the one it ended with).
 */
export function statusIntervals(history: readonly StatusChange[]): StatusInterval[] {
  if (!history.length) return [];
  const byDay = new Map<IsoDate, ServiceStatus>();
  for (const h of history) byDay.set(h.from, h.status); // in recording order: the last change of a day wins
  const days = [...byDay.keys()].sort(compareDates);
  return days.map((d, i) => ({ from: i === 0 ? BEGINNING : d, until: days[i + 1] ?? null, status: byDay.get(d)! }));
}

/** The status of a service on a day, by its history. */
export function statusOn(history: readonly StatusChange[], day: IsoDate): ServiceStatus | null {
  let status: ServiceStatus | null = null;
  for (const i of statusIntervals(history)) if (compareDates(i.from, day) <= 0 && before(day, i.until)) status = i.status;
  return status;
}

/** What decides a service's billable days: its dates, its current status and (when known) its status history. */
export interface ServiceDaysRecord {
  start: IsoDate;
  end?: IsoDate | null;
  status: ServiceStatus;
  /** Dated status changes; absent or empty = the current status on every day (a service that never changed status). */
  history?: readonly StatusChange[] | null;
}

/**
 * Decision 19: the days on which the service was billable — inside [start, end] and in a billed status by its
 * history. An Archived service is never billed again, whatever its history says (it is kept for reference; a
 * cancelled change's new service and a same-day change's old service are Archived).
 */
export function billableDays(s: ServiceDaysRecord): DaySpan[] {
  if (s.status === 'archived') return [];
  const life: DaySpan = { from: s.start, until: s.end ? addDays(s.end, 1) : null };
  const intervals = s.history?.length ? statusIntervals(s.history) : [{ from: s.start, until: null, status: s.status }];
  return intersect([life], intervals.filter((i) => isBilledStatus(i.status)));
}

/** Days a service was billed for: what its invoice lines cover, less what refunds gave back. */
export interface BilledItem extends DateRange {
  /** 'add' = an invoice line (recurring or charge); 'cancel' = a refund or cancellation of those days. */
  action: 'add' | 'cancel';
}

/**
 * The days billed, as Kill Bill's tree merges ADD and CANCEL items. Throws when two live invoice lines bill the same
 * day (the invariant "no day billed twice"): a line is live from its own date on until a refund gives its days back.
 */
export function billedDays(items: readonly BilledItem[]): DaySpan[] {
  let billed: DaySpan[] = [];
  // adds and cancels in the order they were posted
  for (const item of items) {
    const span = [spanOf(item)];
    if (item.action === 'cancel') {
      billed = subtract(billed, span);
      continue;
    }
    const twice = intersect(billed, span);
    if (twice.length) throw new Error(`day ${twice[0].from} is billed twice (line ${item.from} - ${item.to})`);
    billed = normalise([...billed, ...span]);
  }
  return billed;
}

/**
 * The days still to bill up to `through` (inclusive): billable days after `invoicedUntil`. `invoicedUntil` is the
 * compact form of billedDays kept on the service: every billable day up to it is billed (on this service, or on the
 * one it continues — the original of a Stopped copy, the old service of an "ignore balance" change), none after it.
 * One inclusive range per stretch of billable days, oldest first.
 */
export function daysToBill(s: ServiceDaysRecord & { invoicedUntil?: IsoDate | null }, through: IsoDate): DateRange[] {
  const open: DaySpan = { from: s.invoicedUntil ? addDays(s.invoicedUntil, 1) : BEGINNING, until: addDays(through, 1) };
  return intersect(billableDays(s), [open]).map(rangeOf);
}

/** The first day a service is billable and not billed yet (reactivation: max(payment date, invoiced-until + 1)), or null. */
export function firstDayToBill(s: ServiceDaysRecord & { invoicedUntil?: IsoDate | null }): IsoDate | null {
  const after = s.invoicedUntil ? addDays(s.invoicedUntil, 1) : BEGINNING;
  return intersect(billableDays(s), [{ from: after, until: null }])[0]?.from ?? null;
}

/** The billed days from `from` on (inclusive ranges): what a change starting on `from` gives back. */
export function billedFrom(billed: readonly DaySpan[], from: IsoDate): DateRange[] {
  return intersect(billed, [{ from, until: null }]).map(rangeOf);
}
