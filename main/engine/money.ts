import type { Cents } from './types';

// Money is integer cents. There is exactly one rounding in the product: round half away from zero of an exact
// quotient (ARCHITECTURE "Money and rounding"). Everything that divides money goes through this file.

function assertInteger(name: string, v: number): void {
  if (!Number.isInteger(v)) throw new Error(`${name} must be an integer, got ${v}`);
}

/**
 * round_half_up(n / d) for BigInts, half away from zero, d ≠ 0. Returned as a number: the result must be a
 * safe integer (money never gets near 2^53 cents, but intermediate products may).
 */
export function divHalfUpBig(n: bigint, d: bigint): number {
  if (d === 0n) throw new Error('division by zero');
  if (d < 0n) {
    n = -n;
    d = -d;
  }
  const negative = n < 0n;
  const abs = negative ? -n : n;
  let q = abs / d; // BigInt division truncates
  const r = abs - q * d;
  if (2n * r >= d) q += 1n; // a half goes away from zero
  const result = negative ? -q : q;
  const out = Number(result);
  if (!Number.isSafeInteger(out)) throw new Error(`amount ${result} is beyond the safe integer range`);
  return out;
}

/**
 * round_half_up(a × b / c), exact. a and b are integers, c a positive integer. Uses plain numbers while the
 * product is a safe integer (the common case) and BigInt beyond it. A negative result mirrors the positive one.
 */
export function mulDivHalfUp(a: number, b: number, c: number): number {
  assertInteger('a', a);
  assertInteger('b', b);
  assertInteger('c', c);
  if (c <= 0) throw new Error(`divisor must be positive, got ${c}`);
  const p = a * b;
  if (!Number.isSafeInteger(p)) return divHalfUpBig(BigInt(a) * BigInt(b), BigInt(c));
  const negative = p < 0;
  const abs = negative ? -p : p;
  // Float division can be off by one at the truncation point; correct with the exact remainder.
  let q = Math.floor(abs / c);
  let r = abs - q * c;
  while (r < 0) {
    q -= 1;
    r += c;
  }
  while (r >= c) {
    q += 1;
    r -= c;
  }
  if (2 * r >= c) q += 1;
  const out = negative ? -q : q;
  return out === 0 ? 0 : out; // never -0 (−0 × anything, or a negative rounding to nothing)
}

const MONEY_RE = /^(-)?(\d+)(?:\.(\d{1,2}))?$/;

/** "200.00" → 20000, "-100.00" → -10000, "5" → 500, "0.5" → 50. More than two decimals or garbage throws. */
export function parseMoney(text: string): Cents {
  if (typeof text !== 'string') throw new Error(`not a money string: ${String(text)}`);
  const m = MONEY_RE.exec(text.trim());
  if (!m) throw new Error(`"${text}" is not an amount with at most two decimals (e.g. 200.00)`);
  const [, sign, whole, frac = ''] = m;
  const cents = Number(whole) * 100 + Number(frac.padEnd(2, '0'));
  if (!Number.isSafeInteger(cents)) throw new Error(`"${text}" is too large`);
  return sign && cents !== 0 ? -cents : cents;
}

/** 20000 → "200.00", -5 → "-0.05". No thousands separator: this is the exchange format (scenarios, exports). */
export function formatMoney(cents: Cents): string {
  assertInteger('cents', cents);
  const negative = cents < 0;
  const abs = Math.abs(cents);
  const whole = Math.floor(abs / 100);
  const frac = String(abs % 100).padStart(2, '0');
  return `${negative ? '-' : ''}${whole}.${frac}`;
}

export interface VatSplit {
  net: Cents;
  vat: Cents;
  gross: Cents;
}

/**
 * Splits one line's amount into net, VAT and gross (decision 16), rounding once per line.
 * VAT included: the amount is the gross; net = round(gross × 10000 / (10000 + rate)), VAT = gross − net, so the
 * three always add up. VAT excluded: the amount is the net; VAT = round(net × rate / 10000).
 */
export function splitVat(amount: Cents, vatRateBp: number, vatIncluded: boolean): VatSplit {
  assertInteger('amount', amount);
  assertInteger('vatRateBp', vatRateBp);
  if (vatRateBp < 0) throw new Error(`VAT rate must not be negative, got ${vatRateBp}`);
  if (vatIncluded) {
    const net = mulDivHalfUp(amount, 10000, 10000 + vatRateBp);
    return { net, vat: amount - net, gross: amount };
  }
  const vat = mulDivHalfUp(amount, vatRateBp, 10000);
  return { net: amount, vat, gross: amount + vat };
}

/** Sum of cents (an empty list is 0). */
export const sumCents = (values: readonly Cents[]): Cents => values.reduce((s, v) => s + v, 0);
