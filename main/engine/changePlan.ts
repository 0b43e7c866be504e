import { addDays, compareDates, daysInclusive, isIsoDate, maxDate, minDate } from './dates';
import { invoicePaymentStatus, type InvoicePaymentStatus } from './allocation';
import { formatMoney, splitVat, sumCents } from './money';
import { billingPeriodContaining, PAY_PERIODS, servicePeriodContaining } from './periods';
import { prorateFromPeriodPrice } from './proration';
import { invoiceTotals, linesForRange, type BillableService, type RecurringLine } from './invoicing';
import { overlapOf, rangeOf, spanOf } from './serviceDays';
import type { Cents, DateRange, Discount, IsoDate, PayPeriodMonths, ServiceStatus } from './types';

// Change plan quote (decisions 3–7 and 13; ARCHITECTURE "Change plan"). Pure: the app layer posts exactly what the
// quote says, in the quote's order, on the day of the change (today), even for a future start date.

export type RefundSetting = 'none' | 'unused';
export type InvoiceAfterChange = 'nextCycle' | 'endOfActiveMonth' | 'endOfNextMonth';

export interface ChangePlanSettings {
  refund: RefundSetting;
  feeMoreExpensive: Cents;
  feeLessExpensive: Cents;
  invoice: InvoiceAfterChange;
  minimumInvoice: Cents;
}

/** A line the old service was invoiced for (as stored on the invoice line). */
export interface InvoicedLine {
  periodFrom: IsoDate;
  periodTo: IsoDate;
  from: IsoDate;
  to: IsoDate;
  amount: Cents;
  periodPrice: Cents;
  divisor: number;
  discount?: Discount | null;
  /** The VAT of the invoiced line: the refund gives back the tax too (default: no VAT). */
  vatRateBp?: number;
  vatIncluded?: boolean;
}

export interface ChangePlanInput {
  today: IsoDate;
  newStart: IsoDate;
  /** The customer's effective billing day (see effectiveBillingDay). */
  billingDay: number;
  settings: ChangePlanSettings;
  old: {
    status: ServiceStatus;
    planName: string;
    description: string;
    start: IsoDate;
    end?: IsoDate | null;
    invoicedUntil?: IsoDate | null;
    unitPrice: Cents;
    quantity: number;
    payPeriodMonths: PayPeriodMonths;
    discount?: Discount | null;
    invoicedLines: readonly InvoicedLine[];
  };
  next: {
    planName: string;
    description: string;
    unitPrice: Cents;
    quantity: number;
    payPeriodMonths: PayPeriodMonths;
    vatRateBp: number;
    vatIncluded: boolean;
    discount?: Discount | null;
  };
  balanceBefore: Cents;
  /** Bulk change "Ignore balance" (decision 13): no refund, no fee, no invoice now. */
  ignoreBalance?: boolean;
}

export interface RefundLine {
  /** The old invoiced line's period and days. */
  periodFrom: IsoDate;
  periodTo: IsoDate;
  lineFrom: IsoDate;
  lineTo: IsoDate;
  lineAmount: Cents;
  /** The unused days refunded. */
  from: IsoDate;
  to: IsoDate;
  days: number;
  divisor: number;
  periodPrice: Cents;
  /** Refund of this line. */
  amount: Cents;
  /** The refund split like the invoiced line: gross `total` is what the credit note gives back. */
  net: Cents;
  vat: Cents;
  total: Cents;
  /** What stays charged for the used days: lineAmount − amount (so refund + used = what was invoiced, exactly). */
  used: Cents;
  /** The whole line was unused and is refunded as invoiced. */
  wholeLine: boolean;
  sentence: string;
}

export interface FeeLine {
  amount: Cents;
  kind: 'moreExpensive' | 'lessExpensive' | null;
  description: string;
  sentence: string;
}

export interface NewCharge {
  from: IsoDate;
  to: IsoDate;
  /** Days charged, over all lines. */
  days: number;
  /** Divisor of the first line (each line has its own in `lines`). */
  divisor: number;
  amount: Cents;
  net: Cents;
  vat: Cents;
  total: Cents;
  /** Descriptions of the lines, "; "-joined when the window crosses a period boundary (one line per period). */
  description: string;
  sentence: string;
  lines: RecurringLine[];
}

export type QuoteInvoiceLine =
  | (RecurringLine & { kind: 'charge' })
  | { kind: 'fee'; description: string; amount: Cents; net: Cents; vat: Cents; total: Cents };

export interface QuoteInvoice {
  date: IsoDate;
  lines: QuoteInvoiceLine[];
  net: Cents;
  vat: Cents;
  total: Cents;
  /** How much of it the balance pays at once (after older debts, which come first). */
  paidFromBalance: Cents;
  status: InvoicePaymentStatus;
}

export interface DeferredCharges {
  total: Cents;
  /** To store as pending charges, put on the customer's next recurring invoice: the fee. */
  pendingCharges: { kind: 'fee'; description: string; amount: Cents }[];
  /**
   * The new service's charge that was not invoiced: NOT a pending charge. The new service stays un-invoiced and the
   * next recurring invoice catches it up from its start date, so storing it too would bill those days twice.
   */
  caughtUpByNextInvoice: RecurringLine[];
  sentence: string;
}

export interface ChangePlanQuote {
  ok: true;
  today: IsoDate;
  newStart: IsoDate;
  sameDay: boolean;
  refundLines: RefundLine[];
  refundTotal: Cents;
  /** Credit note line: "Refund <old plan>". */
  refundDescription: string;
  fee: FeeLine;
  /** The new service's charge invoiced now, or null (next cycle, empty window, ignore balance, below minimum). */
  newCharge: NewCharge | null;
  invoice: QuoteInvoice | null;
  deferredToNextInvoice: DeferredCharges | null;
  documents: { creditNote: boolean; invoice: boolean };
  balanceBefore: Cents;
  balanceAfter: Cents;
  /** refundTotal − invoice total (= refund − fee − charge when both are invoiced now). */
  net: Cents;
  oldService: { end: IsoDate; invoicedUntil: IsoDate | null; statusNow: ServiceStatus; statusFromStart: 'disabled' | 'archived' };
  newService: { start: IsoDate; status: 'pending' | 'active'; invoicedUntil: IsoDate | null };
  /** The old service's current period around the new start, for display (CP1: 19 / 12 / 31). */
  usedDays: number;
  unusedDays: number;
  divisor: number;
  /** The settings and facts that decided the numbers, in words. */
  why: string[];
}

export interface ChangePlanRefusal {
  ok: false;
  code: 'REFUSED' | 'VALIDATION';
  field: string;
  message: string;
  details?: Record<string, unknown>;
}

const INVOICE_WORDS: Record<InvoiceAfterChange, string> = {
  nextCycle: 'During next billing cycle',
  endOfActiveMonth: 'Immediately till end of active month',
  endOfNextMonth: 'Immediately till end of next month',
};

const refuse = (code: ChangePlanRefusal['code'], field: string, message: string, details?: Record<string, unknown>): ChangePlanRefusal => ({
  ok: false,
  code,
  field,
  message,
  ...(details ? { details } : {}),
});

function validate(input: ChangePlanInput): ChangePlanRefusal | null {
  const { today, newStart, old, next } = input;
  if (!isIsoDate(newStart)) return refuse('VALIDATION', 'start', 'The new plan start date must be a date YYYY-MM-DD');
  if (!isIsoDate(today)) throw new Error(`today "${today}" is not a date`);
  if (!Number.isInteger(next.unitPrice) || next.unitPrice < 0) return refuse('VALIDATION', 'price', 'The price must be zero or more, in whole cents');
  if (!Number.isInteger(next.quantity) || next.quantity < 1) return refuse('VALIDATION', 'quantity', 'The quantity must be a whole number, at least 1');
  if (!PAY_PERIODS.includes(next.payPeriodMonths)) return refuse('VALIDATION', 'payPeriod', 'The pay period must be 1, 3, 6 or 12 months');
  if (compareDates(newStart, today) < 0) {
    return refuse('VALIDATION', 'start', `The new plan cannot start in the past: the earliest start date is ${today}`, { earliestStart: today });
  }
  if (old.status !== 'active') {
    return refuse('REFUSED', 'service', `Only an active service can change plan (this one is ${old.status})`, { status: old.status });
  }
  if (old.end && compareDates(newStart, addDays(old.end, 1)) > 0) {
    // Starting later would leave days with no service, or stretch the old one past the end it was given.
    const latest = addDays(old.end, 1);
    return refuse('VALIDATION', 'start', `The service ends on ${old.end}: the new plan must start on ${latest} at the latest`, { latestStart: latest });
  }
  if (input.settings.refund === 'none' && !input.ignoreBalance && old.invoicedUntil && compareDates(newStart, old.invoicedUntil) <= 0) {
    const earliest = addDays(old.invoicedUntil, 1);
    return refuse(
      'REFUSED',
      'start',
      `Refund is None: the new plan can start on ${earliest} at the earliest (the service is invoiced until ${old.invoicedUntil})`,
      { earliestStart: earliest, invoicedUntil: old.invoicedUntil },
    );
  }
  return null;
}

/** Refund of the unused days [newStart, invoicedUntil] of each invoiced line (decision 3). */
export function refundLinesFor(input: { newStart: IsoDate; invoicedUntil: IsoDate; planName: string; invoicedLines: readonly InvoicedLine[] }): RefundLine[] {
  const out: RefundLine[] = [];
  // The unused days: what the line billed, from the new start through invoiced-until (serviceDays.ts).
  const unusedWindow = { from: input.newStart, until: addDays(input.invoicedUntil, 1) };
  for (const line of input.invoicedLines) {
    const unused = overlapOf(spanOf(line), unusedWindow);
    if (!unused) continue;
    const { from, to } = rangeOf(unused);
    const wholeLine = from === line.from && to === line.to;
    // A wholly unused line is refunded exactly as invoiced; otherwise the unused days are prorated from the
    // line's own period price, divisor and discount, so an edited price never changes what is given back.
    const p = prorateFromPeriodPrice({
      periodFrom: line.periodFrom,
      periodTo: line.periodTo,
      from,
      to,
      periodPrice: line.periodPrice,
      discount: line.discount ?? null,
    });
    const amount = wholeLine ? line.amount : p.amount;
    const split = splitVat(amount, line.vatRateBp ?? 0, line.vatIncluded ?? true);
    out.push({
      net: split.net,
      vat: split.vat,
      total: split.gross,
      periodFrom: line.periodFrom,
      periodTo: line.periodTo,
      lineFrom: line.from,
      lineTo: line.to,
      lineAmount: line.amount,
      from,
      to,
      days: p.days,
      divisor: line.divisor,
      periodPrice: line.periodPrice,
      amount,
      used: line.amount - amount,
      wholeLine,
      sentence: `Unused ${p.days} of ${line.divisor} days of ${input.planName} (${formatMoney(line.periodPrice)}) = ${formatMoney(amount)}${
        wholeLine && p.days !== line.divisor ? ' (the whole invoiced line)' : ''
      }`,
    });
  }
  return out;
}

/** Decision 3: the fee by comparing monthly amounts (price × quantity); equal → none. Fees carry no VAT. */
export function changePlanFee(input: {
  oldPlanName: string;
  newPlanName: string;
  oldMonthly: Cents;
  newMonthly: Cents;
  feeMoreExpensive: Cents;
  feeLessExpensive: Cents;
}): FeeLine {
  const description = `Fee applied for changing plan from ${input.oldPlanName} to ${input.newPlanName}`;
  const compare = `new ${formatMoney(input.newMonthly)}/month vs old ${formatMoney(input.oldMonthly)}/month`;
  if (input.newMonthly > input.oldMonthly) {
    return { amount: input.feeMoreExpensive, kind: 'moreExpensive', description, sentence: `More expensive plan (${compare}): fee ${formatMoney(input.feeMoreExpensive)}` };
  }
  if (input.newMonthly < input.oldMonthly) {
    return { amount: input.feeLessExpensive, kind: 'lessExpensive', description, sentence: `Less expensive plan (${compare}): fee ${formatMoney(input.feeLessExpensive)}` };
  }
  return { amount: 0, kind: null, description, sentence: `Same monthly amount (${compare}): no fee` };
}

/** The days "invoice now" covers (decision 5); null for next cycle or when the new start is after it. */
export function changeInvoiceWindow(input: { option: InvoiceAfterChange; today: IsoDate; newStart: IsoDate; billingDay: number }): DateRange | null {
  if (input.option === 'nextCycle') return null;
  const active = billingPeriodContaining(input.today, input.billingDay);
  const to = input.option === 'endOfActiveMonth' ? active.to : billingPeriodContaining(addDays(active.to, 1), input.billingDay).to;
  return compareDates(input.newStart, to) <= 0 ? { from: input.newStart, to } : null;
}

function usedUnused(input: ChangePlanInput): { usedDays: number; unusedDays: number; divisor: number } {
  const { newStart, old } = input;
  const line = old.invoicedLines.find((l) => compareDates(l.from, newStart) <= 0 && compareDates(newStart, l.to) <= 0);
  if (line) {
    return { usedDays: Math.max(0, daysInclusive(line.from, addDays(newStart, -1))), unusedDays: daysInclusive(newStart, line.to), divisor: line.divisor };
  }
  const p = servicePeriodContaining(newStart, old.start, input.billingDay, old.payPeriodMonths);
  return {
    usedDays: Math.max(0, daysInclusive(maxDate(p.from, old.start), addDays(newStart, -1))),
    unusedDays: daysInclusive(newStart, p.to),
    divisor: p.days,
  };
}

function chargeOf(lines: RecurringLine[]): NewCharge {
  const t = invoiceTotals(lines);
  return {
    from: lines[0].from,
    to: lines[lines.length - 1].to,
    days: lines.reduce((s, l) => s + l.days, 0),
    divisor: lines[0].divisor,
    amount: sumCents(lines.map((l) => l.amount)),
    net: t.net,
    vat: t.vat,
    total: t.total,
    description: lines.map((l) => l.description).join('; '),
    sentence: lines.map((l) => l.sentence).join('; '),
    lines,
  };
}

/** Quote a plan change, or refuse it with the field to blame. */
export function quoteChangePlan(input: ChangePlanInput): ChangePlanQuote | ChangePlanRefusal {
  const refusal = validate(input);
  if (refusal) return refusal;
  const { today, newStart, billingDay, settings, old, next } = input;
  const ignoreBalance = input.ignoreBalance === true;
  // Decision 7: a change on or before the old service's start date replaces it from its first day.
  const sameDay = compareDates(newStart, old.start) <= 0;
  const why: string[] = [`Billing day: ${billingDay}`];

  // 1. Refund (credit note).
  let refundLines: RefundLine[] = [];
  if (ignoreBalance) {
    why.push(`Ignore balance: no refund, no fee and no invoice now; the new service counts as invoiced until ${old.invoicedUntil ?? '(never invoiced)'}`);
  } else if (settings.refund === 'none') {
    why.push('Plan change refund: None');
  } else {
    why.push('Plan change refund: Refund unused money');
    if (old.invoicedUntil) refundLines = refundLinesFor({ newStart, invoicedUntil: old.invoicedUntil, planName: old.planName, invoicedLines: old.invoicedLines });
    else why.push('The old service was never invoiced: nothing to refund');
  }
  if (sameDay) why.push(`The new plan starts on the old service's start date ${old.start}: the old service is archived${refundLines.length ? ' and all it was invoiced for is refunded' : ''}`);
  const refundTotal = sumCents(refundLines.map((l) => l.total));

  // 2. Fee.
  const computedFee = changePlanFee({
    oldPlanName: old.planName,
    newPlanName: next.planName,
    oldMonthly: old.unitPrice * old.quantity,
    newMonthly: next.unitPrice * next.quantity,
    feeMoreExpensive: settings.feeMoreExpensive,
    feeLessExpensive: settings.feeLessExpensive,
  });
  const fee: FeeLine = ignoreBalance ? { ...computedFee, amount: 0, sentence: 'Ignore balance: no fee' } : computedFee;
  why.push(fee.sentence);

  // 3. New service charge invoiced now.
  const window = ignoreBalance ? null : changeInvoiceWindow({ option: settings.invoice, today, newStart, billingDay });
  why.push(`Invoice after change: ${INVOICE_WORDS[settings.invoice]}${window ? ` (${window.from} - ${window.to})` : ignoreBalance ? ' (not used: ignore balance)' : ' (nothing to invoice now)'}`);
  const newServiceForBilling: BillableService = {
    description: next.description,
    start: newStart,
    end: null,
    invoicedUntil: null,
    status: compareDates(newStart, today) <= 0 ? 'active' : 'pending',
    unitPrice: next.unitPrice,
    quantity: next.quantity,
    payPeriodMonths: next.payPeriodMonths,
    discount: next.discount ?? null,
    vatRateBp: next.vatRateBp,
    vatIncluded: next.vatIncluded,
  };
  const chargeLines = window ? linesForRange(newServiceForBilling, window, billingDay) : [];

  // 4. The invoice of the day: charge lines, then the fee; below the minimum amount nothing is issued.
  const lines: QuoteInvoiceLine[] = chargeLines.map((l) => ({ ...l, kind: 'charge' as const }));
  if (fee.amount > 0) lines.push({ kind: 'fee', description: fee.description, amount: fee.amount, net: fee.amount, vat: 0, total: fee.amount });
  const totals = invoiceTotals(lines);
  why.push(`Minimum invoice amount: ${formatMoney(settings.minimumInvoice)}`);

  let invoice: QuoteInvoice | null = null;
  let deferred: DeferredCharges | null = null;
  let newCharge: NewCharge | null = null;
  if (lines.length > 0 && totals.total < settings.minimumInvoice) {
    deferred = {
      total: totals.total,
      pendingCharges: fee.amount > 0 ? [{ kind: 'fee', description: fee.description, amount: fee.amount }] : [],
      caughtUpByNextInvoice: chargeLines,
      sentence: `${formatMoney(totals.total)} is below the minimum invoice amount ${formatMoney(settings.minimumInvoice)}: no invoice now, the next recurring invoice takes it`,
    };
    why.push(deferred.sentence);
  } else if (lines.length > 0) {
    const paidFromBalance = Math.min(totals.total, Math.max(0, input.balanceBefore + refundTotal));
    invoice = { date: today, lines, ...totals, paidFromBalance, status: invoicePaymentStatus(totals.total, paidFromBalance) };
    if (chargeLines.length) newCharge = chargeOf(chargeLines);
  }

  const invoiceTotal = invoice?.total ?? 0;
  const net = refundTotal - invoiceTotal;
  const oldEnd = sameDay ? old.start : addDays(newStart, -1);
  // The old service keeps what it was invoiced for up to its new end; archived (same day) it keeps nothing.
  const oldInvoicedUntil = old.invoicedUntil && !sameDay ? minDate(old.invoicedUntil, oldEnd) : null;
  const newInvoicedUntil = ignoreBalance ? (old.invoicedUntil ?? null) : newCharge ? newCharge.to : null;

  return {
    ok: true,
    today,
    newStart,
    sameDay,
    refundLines,
    refundTotal,
    refundDescription: `Refund ${old.planName}`,
    fee,
    newCharge,
    invoice,
    deferredToNextInvoice: deferred,
    documents: { creditNote: refundTotal > 0, invoice: invoice !== null },
    balanceBefore: input.balanceBefore,
    balanceAfter: input.balanceBefore + net,
    net,
    oldService: {
      end: oldEnd,
      invoicedUntil: oldInvoicedUntil,
      statusNow: sameDay ? 'archived' : compareDates(newStart, today) <= 0 ? 'disabled' : 'active',
      statusFromStart: sameDay ? 'archived' : 'disabled',
    },
    newService: { start: newStart, status: compareDates(newStart, today) <= 0 ? 'active' : 'pending', invoicedUntil: newInvoicedUntil },
    ...usedUnused(input),
    why,
  };
}

/** Money the change moves on the balance: refund − what is invoiced now (fee and charge). */
export function changeNetEffect(quote: ChangePlanQuote): Cents {
  return quote.refundTotal - (quote.invoice?.total ?? 0);
}
