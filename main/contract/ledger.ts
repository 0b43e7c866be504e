import { z } from 'zod';
import { channel } from './channel';
import { cents, id, isoDate, pageInput, shortText, type Page } from './common';

// Finance → Ledger (issue 18 item 13): every entry of the ledger (balance_transactions) across customers, filtered,
// sorted and paged on the server, and the same filtered entries as CSV. Implementation: main/app/financeLedger.ts.

export const LEDGER_KINDS = ['invoice', 'creditNote', 'payment', 'other'] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];

export interface LedgerEntry {
  id: number;
  date: string;
  customerId: number;
  customerName: string;
  /** what the entry comes from: an invoice, a credit note, a payment, or another correction */
  kind: LedgerKind;
  /** the invoice or credit note number, the payment's reference (else its id) */
  document: string;
  description: string;
  /** cents: positive = credit (money in the customer's favour), negative = debit */
  amount: number;
  /** the customer's balance after this entry (cents) */
  balance: number;
}

const filterFields = z.object({
    from: isoDate.nullable().default(null),
    to: isoDate.nullable().default(null),
    kind: z.enum(LEDGER_KINDS).nullable().default(null),
    customerId: id.nullable().default(null),
    /** customer name or document number contains */
    search: shortText(100).default(''),
    /** on the entry's amount without its sign, cents */
    minAmount: cents.min(0, 'must not be negative').nullable().default(null),
    maxAmount: cents.min(0, 'must not be negative').nullable().default(null),
    sortBy: z.enum(['date', 'customerName', 'amount']).default('date'),
    sortDirection: z.enum(['asc', 'desc']).default('desc'),
});

const checked = <S extends z.ZodType<{ minAmount: number | null; maxAmount: number | null; from: string | null; to: string | null }>>(s: S) =>
  s
    .refine((f) => f.minAmount === null || f.maxAmount === null || f.minAmount <= f.maxAmount, { message: 'must not be below the minimum amount', path: ['maxAmount'] })
    .refine((f) => !f.from || !f.to || f.from <= f.to, { message: 'must not be before the from date', path: ['to'] });

export const ledgerFilters = checked(filterFields);

export type LedgerFilters = z.output<typeof ledgerFilters>;

export const ledgerChannels = {
  'finance.ledger': channel<Page<LedgerEntry> & { totals: { debit: number; credit: number } }>()(
    checked(filterFields.extend(pageInput.shape)),
    { readOnly: true },
  ),
  /** every entry matching the filters (all pages) as CSV text */
  'finance.ledgerCsv': channel<{ filename: string; csv: string }>()(ledgerFilters, { readOnly: true }),
};
