import { z } from 'zod';
import { isoDate } from '../contract/common';
import { parseMoney } from '../engine/money';

// What one CSV cell may hold, as zod schemas from the cell's text (already trimmed) to the value. Messages are
// written to follow "row 7, column 'Start date': …" and say what to write instead. docs/IMPORT.md lists them.

/** A cell parsed by `parse`, which returns the value or a Refusal (its message becomes the zod issue). */
export class Refusal {
  constructor(readonly message: string) {}
}

export function cell<T>(parse: (text: string) => T | Refusal) {
  return z.string().transform((text, ctx): T => {
    const v = parse(text);
    if (v instanceof Refusal) {
      ctx.issues.push({ code: 'custom', message: v.message, input: text });
      return z.NEVER;
    }
    return v;
  });
}

const AMOUNT = /^-?\d+(?:[.,]\d{1,2})?$/;

/**
 * An amount in cents, exactly: "12.50", "12,50", "12.5", "12" (a dot or a comma before at most two decimals; a bank
 * export in a comma-decimal language uses ";" between columns, which the reader detects). Thousands separators
 * are refused rather than guessed: "1,234" could be 1.234 or 1234.
 */
export function parseAmount(text: string): number | Refusal {
  const t = text.replace(/\s+/g, '');
  if (!AMOUNT.test(t)) return new Refusal(`not an amount: "${short(text)}" (use 1234.50 or 1234,50 — no thousands separators, no currency)`);
  const cents = parseMoney(t.replace(',', '.'));
  if (Math.abs(cents) > 1_000_000_000_00) return new Refusal(`"${short(text)}" is larger than any amount this application keeps`);
  return cents;
}

const DOTTED = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/;

/** A date: YYYY-MM-DD, or DD.MM.YYYY (day first, as banks in dot-date countries export). Slashes are ambiguous: refused. */
export function parseDay(text: string): string | Refusal {
  const m = DOTTED.exec(text);
  const iso = m ? `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}` : text;
  if (!isoDate.safeParse(iso).success)
    return new Refusal(text === '' ? 'is empty (a date is required)' : `not a date: "${short(text)}" (use YYYY-MM-DD)`);
  return iso;
}

export const short = (s: string, n = 40): string => (s.length > n ? `${s.slice(0, n)}…` : s);

export const text = (max: number) => cell((t) => (t.length > max ? new Refusal(`is longer than ${max} characters`) : t));
export const requiredText = (max: number) => cell((t) => (t === '' ? new Refusal('is empty (required)') : t.length > max ? new Refusal(`is longer than ${max} characters`) : t));
export const amount = cell(parseAmount);
export const optionalAmount = cell((t) => (t === '' ? null : parseAmount(t)));
export const day = cell(parseDay);
export const optionalDay = cell((t) => (t === '' ? null : parseDay(t)));

/** A whole number within [min, max]; empty = null. */
export const optionalInt = (min: number, max: number) =>
  cell((t) => {
    if (t === '') return null;
    if (!/^\d+$/.test(t) || Number(t) < min || Number(t) > max) return new Refusal(`must be a whole number from ${min} to ${max}`);
    return Number(t);
  });

/** One of the words (case-insensitive, spaces ignored); empty = null. `words` maps what may be written to the value. */
export function optionalWord<T extends string>(words: Record<string, T>) {
  const listed = [...new Set(Object.values(words))].join(', ');
  return cell((t): T | null | Refusal => {
    if (t === '') return null;
    const v = words[t.toLowerCase().replace(/[\s_-]+/g, '')];
    return v ?? new Refusal(`"${short(t)}" is not one of: ${listed}`);
  });
}
