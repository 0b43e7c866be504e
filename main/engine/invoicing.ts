import { addDays, compareDates, maxDate, minDate } from './dates';
import { splitVat } from './money';
import { assertPayPeriod, servicePeriodContaining, servicePeriodsOverlapping, servicePeriodAnchor } from './periods';
import { prorate, type ExplainOption } from './proration';
import { daysToBill, type StatusChange } from './serviceDays';
import type { Cents, CustomerStatus, DateRange, Discount, IsoDate, PayPeriodMonths, ServiceStatus } from './types';

// Recurring invoicing (decisions 9, 16, 17; ARCHITECTURE "Billing periods"). On invoice date T every period of a
// billed service with period.start ≤ T is billed for its not-yet-invoiced days
//   [max(period.start, service.start, invoicedUntil + 1), min(period.end, service.end ?? ∞)]
// one line per period. That one rule gives the prorated first period, full periods after it, catch-up of periods
// never invoiced and a last partial period up to the end date.

/** Statuses the billing run includes (decision 9). Stopped and Archived services are never billed. */
export function isServiceBilled(status: ServiceStatus): boolean {
  return status === 'active' || status === 'pending' || status === 'disabled';
}

/**
 * Whether a service's day is billable: a billed status and the day inside [start, end]. Pending is billed only
 * from its start date; Disabled until its end date, and forever when it has none (the reference's "wrong
 * configuration" B6 is still billed).
 */
export function isServiceBilledOn(service: { status: ServiceStatus; start: IsoDate; end?: IsoDate | null }, date: IsoDate): boolean {
  if (!isServiceBilled(service.status)) return false;
  if (compareDates(date, service.start) < 0) return false;
  return !service.end || compareDates(date, service.end) <= 0;
}

/** Customers whose services are invoiced: Active and Blocked. New (not yet connected) and Inactive are not. */
export function isCustomerBilled(status: CustomerStatus): boolean {
  return status === 'active' || status === 'blocked';
}

export interface BillableService {
  id?: number | string;
  description: string;
  start: IsoDate;
  end?: IsoDate | null;
  /** Last day already invoiced; null/undefined when never invoiced. */
  invoicedUntil?: IsoDate | null;
  status: ServiceStatus;
  /** Monthly price of one unit, in cents (VAT included or not per `vatIncluded`). */
  unitPrice: Cents;
  quantity: number;
  payPeriodMonths: PayPeriodMonths;
  discount?: Discount | null;
  vatRateBp: number;
  vatIncluded: boolean;
  /**
   * Decision 19: the service's status history when it ever had a status that is not billed (Stopped, Archived): only
   * the days billable by it are billed. Absent = the current status held on every day (no history needed).
   */
  history?: readonly StatusChange[] | null;
}

export interface RecurringLine {
  serviceId?: number | string;
  /** The service period the line belongs to. */
  periodFrom: IsoDate;
  periodTo: IsoDate;
  /** The days billed. */
  from: IsoDate;
  to: IsoDate;
  days: number;
  divisor: number;
  periodPrice: Cents;
  discount: Discount | null;
  /** The prorated price, as the plan states it (gross when VAT is included, net otherwise). */
  amount: Cents;
  net: Cents;
  vat: Cents;
  /** Gross: what the customer pays for this line. */
  total: Cents;
  /** "<description> (<from> - <to>)" */
  description: string;
  /** How the amount was obtained ('' with { explain: false }). */
  sentence: string;
}

export const lineDescription = (description: string, from: IsoDate, to: IsoDate): string => `${description} (${from} - ${to})`;

/**
 * Lines for the days [range.from, range.to] of a service, one per service period they touch. Used by the
 * recurring run and by change plan's "invoice now" so both bill a window the same way.
 */
export function linesForRange(service: BillableService, range: DateRange, billingDay: number, options: ExplainOption = {}): RecurringLine[] {
  assertPayPeriod(service.payPeriodMonths);
  const lines: RecurringLine[] = [];
  for (const period of servicePeriodsOverlapping(range, service.start, billingDay, service.payPeriodMonths)) {
    const from = maxDate(period.from, range.from);
    const to = minDate(period.to, range.to);
    const p = prorate({
      periodFrom: period.from,
      periodTo: period.to,
      from,
      to,
      unitPrice: service.unitPrice,
      quantity: service.quantity,
      payPeriodMonths: service.payPeriodMonths,
      discount: service.discount ?? null,
    }, options);
    const vat = splitVat(p.amount, service.vatRateBp, service.vatIncluded);
    lines.push({
      serviceId: service.id,
      periodFrom: period.from,
      periodTo: period.to,
      from,
      to,
      days: p.days,
      divisor: p.divisor,
      periodPrice: p.periodPrice,
      discount: service.discount ?? null,
      amount: p.amount,
      net: vat.net,
      vat: vat.vat,
      total: vat.gross,
      description: lineDescription(service.description, from, to),
      sentence: p.sentence,
    });
  }
  return lines;
}

export interface RecurringPlan {
  lines: RecurringLine[];
  /** The service's invoiced-until after these lines (unchanged when nothing is billed). */
  invoicedUntil: IsoDate | null;
}

/**
 * What a recurring invoice dated `invoiceDate` bills for one service (the customer's billed status is the
 * caller's check: isCustomerBilled). Empty when the service is not billed or everything due is invoiced.
 */
export function planRecurringLines(input: { invoiceDate: IsoDate; billingDay: number; service: BillableService } & ExplainOption): RecurringPlan {
  const { invoiceDate, billingDay, service } = input;
  const unchanged: RecurringPlan = { lines: [], invoicedUntil: service.invoicedUntil ?? null };
  const history = service.history?.length ? service.history : null;
  // Without a history the current status held every day: a service not billed now has nothing to bill.
  if (!history && !isServiceBilled(service.status)) return unchanged;

  // Periods are billed in advance: the last one billed is the period containing the invoice date, unless the
  // service's first period starts later (a service added for a future start is billed from its own period).
  if (compareDates(invoiceDate, servicePeriodAnchor(service.start, billingDay)) < 0) return unchanged;
  const lastPeriod = servicePeriodContaining(invoiceDate, service.start, billingDay, service.payPeriodMonths);
  const to = service.end ? minDate(service.end, lastPeriod.to) : lastPeriod.to;

  // Decision 19: the days still to bill are the billable days after invoiced-until (serviceDays.ts); with no
  // history they are the one stretch [max(start, invoiced-until + 1), to], computed directly (the billing day's
  // common case, 100k times a run).
  let ranges: DateRange[];
  if (history) ranges = daysToBill({ ...service, history }, to);
  else {
    const from = service.invoicedUntil ? maxDate(service.start, addDays(service.invoicedUntil, 1)) : service.start;
    ranges = compareDates(from, to) > 0 ? [] : [{ from, to }];
  }
  if (!ranges.length) return unchanged;

  const lines = ranges.flatMap((r) => linesForRange(service, r, billingDay, { explain: input.explain }));
  return { lines, invoicedUntil: lines.length ? lines[lines.length - 1].to : unchanged.invoicedUntil };
}

/** Totals of an invoice: sums of its lines' rounded values (decision 16: rounding per line, never on the total). */
export function invoiceTotals(lines: readonly { net: Cents; vat: Cents; total: Cents }[]): { net: Cents; vat: Cents; total: Cents } {
  return lines.reduce((t, l) => ({ net: t.net + l.net, vat: t.vat + l.vat, total: t.total + l.total }), { net: 0, vat: 0, total: 0 });
}

/** Invoice due date = invoice date + payment due days. */
export function invoiceDueDate(invoiceDate: IsoDate, paymentDueDays: number): IsoDate {
  if (!Number.isInteger(paymentDueDays) || paymentDueDays < 0) throw new Error(`payment due days must be a whole number ≥ 0, got ${paymentDueDays}`);
  return addDays(invoiceDate, paymentDueDays);
}
