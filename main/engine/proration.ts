import { compareDates, daysInclusive, maxDate, minDate, monthsBetween, addDays } from './dates';
import { divHalfUpBig, formatMoney, mulDivHalfUp } from './money';
import type { Cents, Discount, IsoDate } from './types';

// Decision 1: the price of some days of a period is round_half_up(periodPrice × days / D), D = days of the whole
// invoiced period. Never a daily rate rounded first, and with a discount window the exact rational sum of the
// discounted and undiscounted days is rounded once.

export interface ProrationResult {
  amount: Cents;
  /** Days billed (inclusive). */
  days: number;
  /** D: days of the whole period. */
  divisor: number;
  /** Price of the whole period before discount: unit price × quantity × pay-period months. */
  periodPrice: Cents;
  /** Days of `days` that the discount covered (0 without a discount). */
  discountedDays: number;
  /** How the amount was obtained, for the UI and the audit log ('' when asked for { explain: false }). */
  sentence: string;
}

/** `explain: false`: the numbers only, without the sentence (a billing run never shows it). Default true. */
export interface ExplainOption {
  explain?: boolean;
}

export interface PeriodPriceProrationInput {
  periodFrom: IsoDate;
  periodTo: IsoDate;
  from: IsoDate;
  to: IsoDate;
  periodPrice: Cents;
  discount?: Discount | null;
}

/** Days of [from, to] that a discount's window covers. */
export function discountedDaysIn(from: IsoDate, to: IsoDate, discount: Discount | null | undefined): number {
  if (!discount) return 0;
  const a = discount.from ? maxDate(from, discount.from) : from;
  const b = discount.to ? minDate(to, discount.to) : to;
  return Math.max(0, daysInclusive(a, b));
}

/** Months of a period [from, to] (its pay period): used to turn a fixed monthly discount into a period one. */
export function periodMonths(periodFrom: IsoDate, periodTo: IsoDate): number {
  return Math.max(1, monthsBetween(periodFrom, addDays(periodTo, 1)));
}

function validateWindow(i: { periodFrom: IsoDate; periodTo: IsoDate; from: IsoDate; to: IsoDate }): void {
  if (compareDates(i.periodFrom, i.periodTo) > 0) throw new Error(`period ${i.periodFrom}..${i.periodTo} is empty`);
  if (compareDates(i.from, i.to) > 0) throw new Error(`days ${i.from}..${i.to} are empty`);
  if (compareDates(i.from, i.periodFrom) < 0 || compareDates(i.to, i.periodTo) > 0) {
    throw new Error(`days ${i.from}..${i.to} are not inside the period ${i.periodFrom}..${i.periodTo}`);
  }
}

function validateDiscount(discount: Discount): void {
  if (discount.kind === 'percent') {
    if (!Number.isInteger(discount.percentBp) || discount.percentBp < 0 || discount.percentBp > 10000) {
      throw new Error(`discount percent must be 0–100 % in basis points (0–10000), got ${discount.percentBp}`);
    }
  } else if (!Number.isInteger(discount.amount) || discount.amount < 0) {
    throw new Error(`fixed discount must be a non-negative number of cents, got ${discount.amount}`);
  }
}

function describeDiscount(discount: Discount, discountedDays: number): string {
  const what =
    discount.kind === 'percent'
      ? `${formatPercentBp(discount.percentBp)} discount`
      : `discount ${formatMoney(discount.amount)}/month`;
  return ` (${what} on ${discountedDays} day${discountedDays === 1 ? '' : 's'})`;
}

/** 1000 → "10%", 1250 → "12.5%". */
export function formatPercentBp(bp: number): string {
  const whole = Math.trunc(bp / 100);
  const frac = Math.abs(bp % 100);
  return frac === 0 ? `${whole}%` : `${whole}.${String(frac).padStart(2, '0').replace(/0$/, '')}%`;
}

/**
 * The price of the days [from, to] of a period whose whole price is known (an invoiced line's period price, or
 * unit price × quantity × months). One rounding of the exact amount, discount included.
 */
export function prorateFromPeriodPrice(input: PeriodPriceProrationInput, options: ExplainOption = {}): ProrationResult {
  validateWindow(input);
  if (!Number.isInteger(input.periodPrice)) throw new Error(`period price must be whole cents, got ${input.periodPrice}`);
  const divisor = daysInclusive(input.periodFrom, input.periodTo);
  const days = daysInclusive(input.from, input.to);
  const { periodPrice, discount } = input;
  if (discount) validateDiscount(discount);
  const k = discountedDaysIn(input.from, input.to, discount);
  const u = days - k;

  let amount: Cents;
  if (!discount || k === 0) {
    amount = mulDivHalfUp(periodPrice, days, divisor); // the same rounding, without BigInts while the product is safe
  } else if (discount.kind === 'percent') {
    const numerator = BigInt(periodPrice) * (BigInt(u) * 10000n + BigInt(k) * BigInt(10000 - discount.percentBp));
    amount = divHalfUpBig(numerator, BigInt(divisor) * 10000n);
  } else {
    // A fixed discount is per month: over an N-month period it is N times the monthly amount, and it never makes
    // the period cost less than nothing.
    const months = periodMonths(input.periodFrom, input.periodTo);
    const discountedPeriodPrice = Math.max(0, periodPrice - discount.amount * months);
    const numerator = BigInt(periodPrice) * BigInt(u) + BigInt(discountedPeriodPrice) * BigInt(k);
    amount = divHalfUpBig(numerator, BigInt(divisor));
  }

  if (options.explain === false) return { amount, days, divisor, periodPrice, discountedDays: k, sentence: '' };
  const base =
    days === divisor
      ? `${formatMoney(periodPrice)} for the whole period of ${divisor} days`
      : `${formatMoney(periodPrice)} × ${days}/${divisor} days`;
  const sentence = `${base}${discount && k > 0 ? describeDiscount(discount, k) : ''} = ${formatMoney(amount)}`;
  return { amount, days, divisor, periodPrice, discountedDays: k, sentence };
}

export interface ProrationInput {
  periodFrom: IsoDate;
  periodTo: IsoDate;
  from: IsoDate;
  to: IsoDate;
  /** Monthly price of one unit. */
  unitPrice: Cents;
  quantity: number;
  payPeriodMonths: number;
  discount?: Discount | null;
}

/** The price of the days [from, to] of a service period (decision 1); a full period without discount is exactly its price. */
export function prorate(input: ProrationInput, options: ExplainOption = {}): ProrationResult {
  if (!Number.isInteger(input.unitPrice)) throw new Error(`unit price must be whole cents, got ${input.unitPrice}`);
  if (!Number.isInteger(input.quantity) || input.quantity < 1) throw new Error(`quantity must be a whole number ≥ 1, got ${input.quantity}`);
  if (!Number.isInteger(input.payPeriodMonths) || input.payPeriodMonths < 1) {
    throw new Error(`pay period must be a whole number of months, got ${input.payPeriodMonths}`);
  }
  const periodPrice = input.unitPrice * input.quantity * input.payPeriodMonths;
  const r = prorateFromPeriodPrice({ ...input, periodPrice }, options);
  if (options.explain === false) return r;
  const parts: string[] = [];
  if (input.quantity !== 1) parts.push(`${input.quantity} × ${formatMoney(input.unitPrice)}`);
  if (input.payPeriodMonths !== 1) parts.push(`${parts.length ? '' : `${formatMoney(input.unitPrice)} `}× ${input.payPeriodMonths} months`);
  const prefix = parts.length ? `${parts.join(' ')} = ${formatMoney(periodPrice)}; ` : '';
  return { ...r, sentence: prefix + r.sentence };
}
