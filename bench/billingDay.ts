import type { AppContext } from '../main/app/context';
import { postPayment } from '../main/app/ledger';
import { runDaysUntil, runEndOfDay } from '../main/app/scheduler';
import { addDays } from '../main/engine';
import { count, type Bench, type Section } from './bench';
import { figure, measure, ratio, timeMs } from './figures';
import { medianOf, rawInsert } from './rawInsert';

// Billing day for every customer (all generated customers bill on the 1st), against the physical limit of the same
// invoice and line rows on the same file; then a catch-up of 30 missed days.

/** Billing day on `b.today`, with its raw-insert baseline: { billing, raw, invoices, lines }. */
export function measureBillingDay(b: Bench, ctx: AppContext = b.staff): { billing: { ms: number; cpuMs: number }; raw: { ms: number; cpuMs: number }; invoices: number; lines: number } {
  const { db } = b;
  const maxInvoice = count(db, 'SELECT COALESCE(MAX(id), 0) AS n FROM invoices');
  const billing = measure(() => runEndOfDay(ctx, b.today));
  const lines = count(db, 'SELECT count(*) AS n FROM invoice_lines WHERE invoice_id > ?', maxInvoice);
  // The same rows with plain prepared statements in one transaction, on the same file (then removed again).
  const raw = rawInsert(db, [
    { table: 'invoices', where: 'id > ?', params: [maxInvoice] },
    { table: 'invoice_lines', where: 'invoice_id > ?', params: [maxInvoice] },
  ]);
  return { billing, raw: medianOf(3, () => raw.run()), invoices: billing.value.invoices, lines };
}

export const billingDay: Section = {
  name: 'billing',
  run(b) {
    const m = measureBillingDay(b);
    b.add(figure(`billing day for all customers (end of day ${b.today})`, m.billing.ms / 1000, 's', null, `${m.invoices} invoices, ${m.lines} lines, dunning included; CPU ${Math.round(m.billing.cpuMs)} ms`));
    b.add(figure('raw insert of the same invoice + line rows (physical limit)', m.raw.ms / 1000, 's', null, `one transaction, median of 3; CPU ${Math.round(m.raw.cpuMs)} ms`));
    b.add(ratio('billing day ÷ raw insert', m.billing, m.raw, 2.5));
    b.add(figure('billing day per invoice, CPU', (m.billing.cpuMs * 1000) / Math.max(1, m.invoices), 'µs', null));
  },
};

/**
 * Most customers pay their invoice within the due days (a bank import dated 7 days later, recorded before the
 * catch-up), the rest are blocked and deactivated during it; the next billing day (a month later) bills everyone
 * still billed.
 */
export const catchUp: Section = {
  name: 'catchup',
  run(b) {
    const { db, staff } = b;
    const catchUpTo = addDays(b.today, 31);
    runDaysUntil(staff, addDays(b.today, 1));
    const unpaid = db.sqlite
      .prepare("SELECT customer_id AS customerId, total - paid AS owed FROM invoices WHERE date = ? AND status IN ('unpaid', 'partiallyPaid') ORDER BY id")
      .all(b.today) as { customerId: number; owed: number }[];
    const payers = unpaid.filter((_, i) => i % 10 !== 0);
    const payOn = addDays(b.today, 7);
    const payDay: AppContext = { ...staff, clock: { today: () => payOn } };
    const payments = timeMs(() =>
      db.transaction(() => {
        for (const p of payers) postPayment(payDay, { customerId: p.customerId, date: payOn, amount: p.owed, method: 'bank_transfer', reference: 'bench import', note: '' });
      }),
    );
    b.add(figure('payment import through the ledger (allocation + dunning)', (payments.ms * 1000) / Math.max(1, payers.length), 'µs/payment', null, `${payers.length} payments in one transaction`));
    const catchUp = measure(() => runDaysUntil(staff, catchUpTo));
    const s = catchUp.value;
    b.add(
      figure(`catch-up of 30 missed days (${addDays(b.today, 2)} … ${catchUpTo})`, catchUp.ms / 1000, 's', null, `${s.invoices} invoices, ${s.blocked} blocked, ${s.deactivated} deactivated, ${s.activated} activated; CPU ${Math.round(catchUp.cpuMs)} ms`),
    );
  },
};
