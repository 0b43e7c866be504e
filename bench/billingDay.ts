import type { AppContext } from '../main/app/context';
import { postPayment } from '../main/app/ledger';
import { BILLING_PHASES, billingProbe, type BillingPhase } from '../main/app/billingRun';
import { runDaysUntil, runEndOfDay } from '../main/app/scheduler';
import { addDays } from '../main/engine';
import { count, type Bench, type Section } from './bench';
import { figure, measure, ratio, round, timeMs } from './figures';
import { measureInPairs, pairList, PAIRS, baselineRuns, type Pair, type Timing } from './pairs';

// Billing day for every customer (all generated customers bill on the 1st), against the physical limit of the same
// invoice and line rows on the same file; then a catch-up of 30 missed days.

/** A billing day, timed, with the CPU time of each of its parts (the scheduler's billingProbe: a few calls per 250 customers). */
function timedBillingDay(ctx: AppContext, day: string): Timing & { invoices: number; phases: Record<BillingPhase, number> } {
  const phases = Object.fromEntries(BILLING_PHASES.map((p) => [p, 0])) as Record<BillingPhase, number>;
  const cpuMs = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  let last = cpuMs();
  billingProbe.end = (phase) => {
    const now = cpuMs();
    phases[phase] += now - last;
    last = now;
  };
  try {
    last = cpuMs();
    const m = measure(() => runEndOfDay(ctx, day));
    return { ms: m.ms, cpuMs: m.cpuMs, invoices: m.value.invoices, phases };
  } finally {
    billingProbe.end = null;
  }
}

export interface BillingDayMeasure {
  /** the billing day and its baseline of the median pair (see measureInPairs) */
  billing: Timing;
  raw: Timing;
  invoices: number;
  lines: number;
  /** every pair in the order it ran */
  pairs: Pair<Timing>[];
  /** CPU ms per part of the billing day (mean of the pairs) */
  phases: Record<BillingPhase, number>;
}

/**
 * Billing day on `b.today`, with its raw-insert baseline (the same invoice and line rows with plain statements in one
 * transaction, on the same file), in pairs (bench/pairs.ts).
 */
export function measureBillingDay(b: Bench, ctx: AppContext = b.staff): BillingDayMeasure {
  const maxInvoice = count(b.db, 'SELECT COALESCE(MAX(id), 0) AS n FROM invoices');
  const tables = [
    { table: 'invoices', where: 'id > ?', params: [maxInvoice] },
    { table: 'invoice_lines', where: 'invoice_id > ?', params: [maxInvoice] },
  ];
  const m = measureInPairs(b, 'billing-day', (db) => {
    const work = timedBillingDay({ ...ctx, db }, b.today);
    return { work, wrote: tables };
  });
  for (const p of m.pairs) if (p.work.invoices !== m.pairs[0].work.invoices) throw new Error(`billing day runs wrote ${m.pairs[0].work.invoices} and ${p.work.invoices} invoices`);
  return {
    billing: { ms: m.median.work.ms, cpuMs: m.median.work.cpuMs },
    raw: m.median.raw,
    invoices: m.median.work.invoices,
    lines: m.raw.counts.invoice_lines,
    pairs: m.pairs,
    phases: Object.fromEntries(BILLING_PHASES.map((ph) => [ph, m.pairs.reduce((s, p) => s + p.work.phases[ph], 0) / m.pairs.length])) as Record<BillingPhase, number>,
  };
}

export const billingDay: Section = {
  name: 'billing',
  run(b) {
    const m = measureBillingDay(b);
    const perInvoice = (ms: number) => (ms * 1000) / Math.max(1, m.invoices);
    b.add(figure(`billing day for all customers (end of day ${b.today})`, m.billing.ms / 1000, 's', null, `${m.invoices} invoices, ${m.lines} lines, dunning included; CPU ${Math.round(m.billing.cpuMs)} ms`));
    b.add(figure('raw insert of the same invoice + line rows (physical limit)', m.raw.ms / 1000, 's', null, `one transaction, ${baselineRuns(b)} right after the billing day; CPU ${Math.round(m.raw.cpuMs)} ms`));
    b.add(ratio('billing day ÷ raw insert', m.billing, m.raw, 2.5, `median of ${PAIRS} pairs (CPU ms ${pairList(m.pairs)})`));
    b.add(
      figure('billing day per invoice, CPU', perInvoice(m.billing.cpuMs), 'µs', null, `by part (mean of the pairs): ${BILLING_PHASES.map((p) => `${p} ${round(perInvoice(m.phases[p]), 1)}`).join(', ')}; raw insert ${round(perInvoice(m.raw.cpuMs), 1)} µs`),
    );
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
