import { compareDates } from './dates';
import type { Cents, IsoDate } from './types';

// Payments and credit (decision 11, ARCHITECTURE "Invoices, payments, balance"). Money available to the customer
// first settles debit transactions not tied to an invoice, then unpaid invoices oldest first; nothing is ever
// paid beyond what it owes, and whatever is left stays on the balance.

export interface Debt {
  id: number | string;
  /** 'debit' = a debit transaction not tied to an invoice; 'invoice' = the unpaid part of an invoice. */
  kind: 'debit' | 'invoice';
  date: IsoDate;
  outstanding: Cents;
}

export interface Allocation {
  id: number | string;
  kind: 'debit' | 'invoice';
  amount: Cents;
  /** Outstanding after this allocation. */
  outstandingAfter: Cents;
}

export interface AllocationResult {
  allocations: Allocation[];
  /** Available money not used (stays on the balance). */
  remaining: Cents;
}

/**
 * Spreads `available` over the debts: debits first, then invoices, each group oldest date first; debts of the
 * same date keep the caller's order (pass them in creation order). Debts with nothing outstanding are skipped.
 */
export function allocateCredit(input: { available: Cents; debts: readonly Debt[] }): AllocationResult {
  if (!Number.isInteger(input.available)) throw new Error(`available must be whole cents, got ${input.available}`);
  const order = input.debts
    .map((d, i) => ({ d, i }))
    .sort((a, b) => {
      const rank = (k: Debt['kind']) => (k === 'debit' ? 0 : 1);
      return rank(a.d.kind) - rank(b.d.kind) || compareDates(a.d.date, b.d.date) || a.i - b.i;
    });
  let left = Math.max(0, input.available);
  const allocations: Allocation[] = [];
  for (const { d } of order) {
    if (left <= 0) break;
    if (!Number.isInteger(d.outstanding)) throw new Error(`outstanding must be whole cents, got ${d.outstanding}`);
    if (d.outstanding <= 0) continue;
    const amount = Math.min(left, d.outstanding);
    left -= amount;
    allocations.push({ id: d.id, kind: d.kind, amount, outstandingAfter: d.outstanding - amount });
  }
  return { allocations, remaining: left };
}

export type InvoicePaymentStatus = 'unpaid' | 'partiallyPaid' | 'paid';
export type DisplayedInvoiceStatus = InvoicePaymentStatus | 'overdue';

/** Stored status of an invoice by how much of it is paid. A 0.00 invoice is paid. */
export function invoicePaymentStatus(total: Cents, paid: Cents): InvoicePaymentStatus {
  if (paid >= total) return 'paid';
  return paid > 0 ? 'partiallyPaid' : 'unpaid';
}

/** What the invoice shows today: overdue (never "partially paid") when not fully paid after its due date. */
export function displayedInvoiceStatus(total: Cents, paid: Cents, dueDate: IsoDate, today: IsoDate): DisplayedInvoiceStatus {
  const status = invoicePaymentStatus(total, paid);
  if (status !== 'paid' && compareDates(today, dueDate) > 0) return 'overdue';
  return status;
}

/** Balance from ledger entries: credits − debits (positive: the customer has money with us). */
export function balanceOf(entries: readonly { direction: 'credit' | 'debit'; amount: Cents }[]): Cents {
  return entries.reduce((b, e) => (e.direction === 'credit' ? b + e.amount : b - e.amount), 0);
}
