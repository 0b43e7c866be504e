import { createHash } from 'node:crypto';
import { z } from 'zod';
import { amount, day, optionalWord, text } from './cells';
import { readCsv, type ColumnSpec, type ReadFile } from './read';

// The bank's payments file (docs/IMPORT.md): date, amount, reference, and optionally the customer number and the
// bank's own transaction id. Which customer a row pays is decided with the database (main/app/imports/payments.ts);
// what makes a row "the same bank row" again is decided here, from the file alone.

const METHOD = { banktransfer: 'bankTransfer', bank: 'bankTransfer', transfer: 'bankTransfer', cash: 'cash', creditcard: 'creditCard', card: 'creditCard', refillcard: 'refillCard', other: 'other' } as const;

export const PAYMENT_COLUMNS: readonly ColumnSpec[] = [
  { key: 'date', header: 'Date', aliases: ['booking date', 'value date', 'transaction date', 'payment date'], required: true, schema: day },
  { key: 'amount', header: 'Amount', aliases: ['credit', 'credit amount', 'sum'], required: true, schema: amount },
  { key: 'reference', header: 'Reference', aliases: ['payment reference', 'remittance information', 'purpose', 'description', 'details', 'memo'], schema: text(500) },
  { key: 'customerNumber', header: 'Customer number', aliases: ['customer no', 'customer id', 'customer'], schema: text(20) },
  { key: 'transactionId', header: 'Transaction id', aliases: ['bank transaction id', 'transaction reference', 'bank reference', 'transaction'], schema: text(200) },
  { key: 'method', header: 'Method', aliases: ['payment method'], schema: optionalWord(METHOD) },
  { key: 'payer', header: 'Payer', aliases: ['payer name', 'counterparty', 'name'], schema: text(200) },
];

const rowSchema = z.object(Object.fromEntries(PAYMENT_COLUMNS.map((c) => [c.key, c.schema])) as Record<string, z.ZodType>).superRefine((r, ctx) => {
  if (typeof r.amount === 'number' && r.amount <= 0)
    ctx.addIssue({ code: 'custom', path: ['amount'], message: 'is not more than zero: only money received is imported (leave outgoing rows out of the file)' });
  if (r.customerNumber !== '' && !/^#?\d{1,15}$/.test(String(r.customerNumber)))
    ctx.addIssue({ code: 'custom', path: ['customerNumber'], message: 'must be a customer number (digits)' });
  if (r.customerNumber === '' && r.reference === '')
    ctx.addIssue({ code: 'custom', path: ['reference'], message: 'is empty and there is no customer number: nothing tells which customer paid' });
});

export interface PaymentCsvRow {
  date: string;
  amount: number;
  reference: string;
  customerNumber: string;
  transactionId: string;
  method: 'cash' | 'bankTransfer' | 'creditCard' | 'refillCard' | 'other' | null;
  payer: string;
}

export interface PaymentsFile extends ReadFile<PaymentCsvRow> {
  /** by row number: what recognises the row in a later import */
  fingerprints: Map<number, string>;
}

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

/**
 * The fingerprint of a bank row. With the bank's transaction id, that id alone (unique at the bank). Without one,
 * date + amount + reference (spaces and case ignored) + customer number + how many rows with the same four came
 * before it in this file: two real payments alike on one day stay two payments (1st and 2nd), and importing the
 * same export again — or an export that overlaps an earlier one — gives the same fingerprints.
 */
export function paymentFingerprints(rows: readonly { row: number; value: PaymentCsvRow | null }[]): Map<number, string> {
  const seen = new Map<string, number>();
  const out = new Map<number, string>();
  for (const r of rows) {
    if (!r.value) continue;
    const v = r.value;
    const tx = v.transactionId.trim();
    if (tx) {
      out.set(r.row, sha256(JSON.stringify(['tx', tx])));
      continue;
    }
    const base = JSON.stringify(['row', v.date, v.amount, v.reference.replace(/\s+/g, ' ').trim().toLowerCase(), v.customerNumber.replace(/^#/, '')]);
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    out.set(r.row, sha256(`${base}#${n}`));
  }
  return out;
}

export function readPaymentsCsv(csv: string): PaymentsFile {
  const file = readCsv(csv, PAYMENT_COLUMNS, rowSchema as unknown as z.ZodType<PaymentCsvRow>);
  return { ...file, fingerprints: paymentFingerprints(file.rows) };
}

/**
 * What in a reference may name the customer: each word (split at spaces and , ; / :) as an invoice number, and
 * customer numbers written as such — "C123", "CUST-123", "#123", "customer 123", "customer no. 123" anywhere, or a
 * reference that is nothing but the number ("123"). A bare number among other words is not taken for a customer
 * number ("invoice 2026 December" must not pay customer #2026).
 */
export function referenceTokens(reference: string): { words: string[]; customerNumbers: number[] } {
  const words = reference.split(/[\s,;/:]+/).filter(Boolean);
  const found: number[] = [];
  const whole = /^#?(\d{1,15})$/.exec(reference.trim());
  if (whole) found.push(Number(whole[1]));
  for (const w of words) {
    const m = /^(?:#|c|cust|customer)[-#.]?(\d{1,15})$/i.exec(w);
    if (m) found.push(Number(m[1]));
  }
  for (const m of reference.matchAll(/\b(?:customer|cust|client)\s*(?:no\.?|number|nr\.?|#)?\s*(\d{1,15})\b/gi)) found.push(Number(m[1]));
  return { words, customerNumbers: [...new Set(found)].filter((n) => Number.isSafeInteger(n) && n > 0) };
}

