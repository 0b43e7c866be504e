import { getAppState } from '../../db/appState';
import { mixSeed } from '../demo/prng';
import { addDays, daysInclusive } from '../engine';
import { addPayment } from './billing';
import type { AppContext } from './context';
import { all } from './sql';

// Issue 18 item 9: in a demo (training) database the customers pay, so a trainer's demo still looks like a living
// ISP after months on the training clock (without it, a month turned 276 active customers into 69). Each customer
// has a habit fixed by its number — most pay on time, some late (a few days past the due date, now and then late
// enough to be Blocked for a while), a few never — and the day a given invoice is paid is fixed by the customer and
// the invoice number. So the same demo advanced the same days gives the same payments, and a day run that ran
// once (decision 15) pays once. Payments go through the staff write path (addPayment: ledger, allocation,
// reactivation, audit) inside the day's transaction, dated the day being processed. Live databases never get here.

export type PayingHabit = 'onTime' | 'late' | 'never';

/** FNV-1a of a text, then mixed: a stable 32-bit number on every platform. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return mixSeed(h, text.length);
}

/** 80 % on time, 14 % late, 6 % never. */
export function payingHabit(customerId: number): PayingHabit {
  const r = hash(`customer ${customerId}`) % 100;
  return r < 80 ? 'onTime' : r < 94 ? 'late' : 'never';
}

export interface UnpaidInvoice {
  customerId: number;
  number: string;
  date: string;
  dueDate: string;
  blockingDate: string | null;
}

/** The day this customer pays this invoice, or null (never). */
export function payDay(habit: PayingHabit, inv: UnpaidInvoice): string | null {
  if (habit === 'never') return null;
  const h = hash(`invoice ${inv.customerId} ${inv.number}`);
  if (habit === 'onTime') return addDays(inv.date, h % (Math.max(1, daysInclusive(inv.date, inv.dueDate))));
  // Late: after the due date, up to a week past the blocking date (those are Blocked, then reactivated by paying).
  const span = inv.blockingDate ? Math.max(1, daysInclusive(inv.dueDate, inv.blockingDate) - 1) + 7 : 20;
  return addDays(inv.dueDate, 1 + (h % span));
}

/** During day D of a demo database: every customer whose invoice falls due for paying on D pays what it owes. */
export function demoCustomersPay(ctx: AppContext, day: string): number {
  if (!getAppState(ctx.db, 'demo')) return 0;
  const unpaid = all<UnpaidInvoice & { balance: number; status: string }>(
    ctx.db,
    `SELECT i.customer_id AS customerId, i.number, i.date, i.due_date AS dueDate, i.blocking_date AS blockingDate, c.balance, c.status
       FROM invoices i JOIN customers c ON c.id = i.customer_id
      WHERE i.status IN ('unpaid', 'partiallyPaid') AND i.date <= ? AND c.status IN ('active', 'blocked', 'inactive')
      ORDER BY i.customer_id, i.id`,
    day,
  );
  let paid = 0;
  let last: number | null = null;
  for (const inv of unpaid) {
    if (inv.customerId === last || inv.balance >= 0) continue;
    const on = payDay(payingHabit(inv.customerId), inv);
    // An Active customer also pays an invoice whose day came before the clock first ran (the generator stops at
    // yesterday, leaving recent invoices open); a Blocked or Inactive one waits for its next paying day, so the
    // demo's generated dunning cases stay until then.
    if (on === null || on > day || (on < day && inv.status !== 'active')) continue;
    last = inv.customerId;
    // The customer settles the account: everything owed, which pays this invoice and any older one.
    addPayment(ctx, {
      customerId: inv.customerId,
      amount: -inv.balance,
      date: day,
      method: 'bankTransfer',
      reference: `VS${inv.number}`,
      note: 'Demo customer payment (training clock)',
    });
    paid++;
  }
  return paid;
}
