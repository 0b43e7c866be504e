import { addDays, compareDates, maxDate } from './dates';
import { isServiceBilledOn } from './invoicing';
import type { Cents, CustomerStatus, IsoDate, ServiceStatus } from './types';

// Dunning (decisions 10, 20, 24, ARCHITECTURE "Dunning"): an unpaid recurring invoice blocks the customer on
// invoice date + payment due + blocking days, and makes them Inactive deactivation days later. Paying what is
// overdue reactivates them.

export type DaysOrNever = number | 'never';

export interface DunningSettings {
  paymentDueDays: number;
  /** Days after the due date; 'never' = do not block (and therefore never deactivate). */
  blockingDays: DaysOrNever;
  /** Days after the blocking date; 'never' = stay blocked. */
  deactivationDays: DaysOrNever;
  /** One-time invoices block too (default off: only recurring invoices block). */
  blockOnOneTimeInvoices?: boolean;
  /** The customer is blocked only while the balance is below it (default 0). */
  minimumBalance?: Cents;
}

export interface DunningDates {
  dueDate: IsoDate;
  blockingDate: IsoDate | null;
  deactivationDate: IsoDate | null;
}

function days(name: string, v: number): number {
  if (!Number.isInteger(v) || v < 0) throw new Error(`${name} must be a whole number of days ≥ 0, got ${v}`);
  return v;
}

/** S1: invoice 2022-12-01, due 15, blocking 0, deactivation 10 → due 12-16, blocked 12-16, inactive 12-26. */
export function dunningDates(input: {
  invoiceDate: IsoDate;
  paymentDueDays: number;
  blockingDays: DaysOrNever;
  deactivationDays: DaysOrNever;
}): DunningDates {
  // Kept per date and terms (pure: the same input always gives the same dates): a billing day asks the same few for
  // each of its invoices, which then hold the same strings instead of three new ones each while the day keeps them.
  const key = `${input.invoiceDate}|${input.paymentDueDays}|${input.blockingDays}|${input.deactivationDays}`;
  const known = knownDates.get(key);
  if (known) return { dueDate: known.dueDate, blockingDate: known.blockingDate, deactivationDate: known.deactivationDate };
  const dates = computeDunningDates(input);
  if (knownDates.size >= 1000) knownDates.clear();
  knownDates.set(key, dates);
  return { ...dates };
}
const knownDates = new Map<string, DunningDates>();

function computeDunningDates(input: { invoiceDate: IsoDate; paymentDueDays: number; blockingDays: DaysOrNever; deactivationDays: DaysOrNever }): DunningDates {
  const dueDate = addDays(input.invoiceDate, days('payment due days', input.paymentDueDays));
  const blockingDate = input.blockingDays === 'never' ? null : addDays(dueDate, days('blocking days', input.blockingDays));
  const deactivationDate =
    blockingDate === null || input.deactivationDays === 'never'
      ? null
      : addDays(blockingDate, days('deactivation days', input.deactivationDays));
  return { dueDate, blockingDate, deactivationDate };
}

export interface DunningInvoice {
  id?: number | string;
  kind: 'recurring' | 'oneTime';
  date: IsoDate;
  total: Cents;
  paid: Cents;
  /**
   * Decision 24: the blocking and deactivation dates stored on the invoice when it was issued (null = never). When
   * given they are used as they are; absent, they are computed from `settings` (a quote, a test).
   */
  dates?: { blockingDate: IsoDate | null; deactivationDate: IsoDate | null };
}

export type DunningAction = 'none' | 'block' | 'deactivate' | 'reactivate';

export interface DunningDecision {
  action: DunningAction;
  /** The status the customer gets (unchanged for 'none'). */
  status: CustomerStatus;
  reason: string;
  /** The unpaid invoice that decided a block / deactivation. */
  invoiceId?: number | string;
  /** Going Inactive: the deactivation day X (services Disabled with end X − 1, Stopped copies from X). */
  effectiveDate?: IsoDate;
}

function blockingInvoices(invoices: readonly DunningInvoice[], settings: DunningSettings) {
  return invoices
    .filter((i) => i.paid < i.total && (i.kind === 'recurring' || settings.blockOnOneTimeInvoices === true))
    .map((i) => ({ invoice: i, dates: i.dates ?? dunningDates({ invoiceDate: i.date, ...settings }) }))
    .sort((a, b) => compareDates(a.invoice.date, b.invoice.date));
}

/**
 * What dunning does to a customer on day `today`.
 * - trigger 'endOfDay' (the day run): Active → Blocked when a blocking-type invoice whose blocking date ≤ today is
 *   not fully paid and the balance is below the minimum; Blocked → Inactive when such an invoice's deactivation
 *   date ≤ today. One step per day run: a customer is always Blocked at least one day before going Inactive.
 * - trigger 'payment' (after any money movement): Blocked or Inactive → Active when no blocking condition is left.
 *   A day run never reactivates: a customer blocked by staff without any debt stays blocked.
 * New and Inactive customers are not dunned (Inactive ones are not billed any more).
 */
export function customerDunningDecision(input: {
  today: IsoDate;
  trigger: 'endOfDay' | 'payment';
  status: CustomerStatus;
  balance: Cents;
  invoices: readonly DunningInvoice[];
  settings: DunningSettings;
}): DunningDecision {
  const { today, status, balance, settings } = input;
  const minimum = settings.minimumBalance ?? 0;
  const none = (reason: string): DunningDecision => ({ action: 'none', status, reason });
  const unpaid = blockingInvoices(input.invoices, settings);
  const belowMinimum = balance < minimum;
  const blocking = belowMinimum
    ? unpaid.find((u) => u.dates.blockingDate !== null && compareDates(u.dates.blockingDate, today) <= 0)
    : undefined;

  if (input.trigger === 'payment') {
    if ((status === 'blocked' || status === 'inactive') && !blocking) {
      return { action: 'reactivate', status: 'active', reason: 'nothing overdue is left unpaid' };
    }
    return none(blocking ? `invoice of ${blocking.invoice.date} is still overdue` : 'not blocked');
  }

  if (status === 'active' && blocking) {
    return {
      action: 'block',
      status: 'blocked',
      invoiceId: blocking.invoice.id,
      reason: `invoice of ${blocking.invoice.date} is unpaid after its blocking date ${blocking.dates.blockingDate}`,
    };
  }
  if (status === 'blocked' && belowMinimum) {
    const due = unpaid.find((u) => u.dates.deactivationDate !== null && compareDates(u.dates.deactivationDate, today) <= 0);
    if (due) {
      return {
        action: 'deactivate',
        status: 'inactive',
        invoiceId: due.invoice.id,
        effectiveDate: today,
        reason: `invoice of ${due.invoice.date} is unpaid after its deactivation date ${due.dates.deactivationDate}`,
      };
    }
  }
  return none('no dunning date reached');
}

export interface DunnedService {
  id: number | string;
  status: ServiceStatus;
  start: IsoDate;
  end?: IsoDate | null;
  invoicedUntil?: IsoDate | null;
}

export interface DeactivationChange {
  serviceId: number | string;
  /** The original: Disabled, ending the day before deactivation (keeps its start and invoiced-until). */
  disable: { status: 'disabled'; end: IsoDate };
  /** The Stopped copy (same plan, price, login…), from the deactivation day, inheriting invoiced-until. */
  stoppedCopy: { status: 'stopped'; start: IsoDate; end: IsoDate | null; invoicedUntil: IsoDate | null; copiedFromServiceId: number | string };
}

/**
 * Going Inactive on day X (S2): each service billed on X becomes Disabled with end X − 1 and gets a Stopped copy
 * from X. A Pending service that starts after X is left alone: it is not billed while the customer is Inactive
 * and nothing of it was used. A copy keeps the original's own end date when it had one after X.
 */
export function deactivationServiceChanges(input: { deactivationDate: IsoDate; services: readonly DunnedService[] }): DeactivationChange[] {
  const x = input.deactivationDate;
  return input.services
    .filter((s) => isServiceBilledOn(s, x))
    .map((s) => ({
      serviceId: s.id,
      disable: { status: 'disabled' as const, end: addDays(x, -1) },
      stoppedCopy: {
        status: 'stopped' as const,
        start: x,
        end: s.end ?? null,
        invoicedUntil: s.invoicedUntil ?? null,
        copiedFromServiceId: s.id,
      },
    }));
}

/**
 * Going Inactive on day X, the services that simply stop (no Disabled original, no copy): nothing of them was used
 * before X — those billed on X that start on X, and (decision 21) the pending services that start after X, such as
 * the new service of a plan change not started yet. They are Stopped (not billed) and restarted on payment.
 */
export function servicesStoppedOnDeactivation(input: { deactivationDate: IsoDate; services: readonly DunnedService[] }): (number | string)[] {
  const x = input.deactivationDate;
  return input.services
    .filter((s) => (isServiceBilledOn(s, x) && compareDates(s.start, x) >= 0) || (s.status === 'pending' && compareDates(s.start, x) > 0))
    .map((s) => s.id);
}

/**
 * Reactivating a service that going Inactive stopped, on the payment date (decisions 10, 21): it restarts from
 * max(payment date, its start date) — Active from the payment date, or Pending until a later start date. Its
 * invoiced-until is kept (a copy inherits the original's), so billing starts at max(restart, invoiced-until + 1)
 * and no day is billed twice.
 */
export function reactivatedService(input: { paymentDate: IsoDate; start?: IsoDate; invoicedUntil?: IsoDate | null }): {
  status: 'active' | 'pending';
  start: IsoDate;
  billedFrom: IsoDate;
} {
  const start = input.start ? maxDate(input.paymentDate, input.start) : input.paymentDate;
  const billedFrom = input.invoicedUntil ? maxDate(start, addDays(input.invoicedUntil, 1)) : start;
  return { status: compareDates(start, input.paymentDate) > 0 ? 'pending' : 'active', start, billedFrom };
}
