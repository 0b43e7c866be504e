import { copyFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase } from '../db/open';
import type { AppContext } from '../main/app/context';
import { postPayment } from '../main/app/ledger';
import { BILLING_PHASES, billingProbe, runDaysUntil, runEndOfDay, type BillingPhase } from '../main/app/scheduler';
import { addDays } from '../main/engine';
import { count, type Bench, type Section } from './bench';
import { figure, measure, ratio, round, timeMs } from './figures';
import { rawInsert } from './rawInsert';

// Billing day for every customer (all generated customers bill on the 1st), against the physical limit of the same
// invoice and line rows on the same file; then a catch-up of 30 missed days.

interface Timing {
  ms: number;
  cpuMs: number;
}

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
  /** the billing day and its baseline of the median pair (see measureBillingDay) */
  billing: Timing;
  raw: Timing;
  invoices: number;
  lines: number;
  /** every pair in the order it ran: the billing day's CPU ms and its baseline's (mean of its runs) */
  pairs: { billing: number; raw: number }[];
  /** CPU ms per part of the billing day (mean of the pairs) */
  phases: Record<BillingPhase, number>;
}

/** Pairs of (billing day, baseline): the first ones on copies of the file, the last on the file itself. */
const PAIRS = 3;
/** Baseline runs right after each billing day (their mean is the pair's baseline). */
const RAW_RUNS = 2;

/**
 * Billing day on `b.today`, with its raw-insert baseline. One billing day and one baseline measured a few seconds
 * apart swung with the machine's load (3.1 × busy, 4.7 × idle for the same code: the load on a shared machine changes
 * within seconds). So the billing day runs in pairs with its baseline: on a copy of the file as it is now, the billing
 * day, then the same rows inserted again with plain statements RAW_RUNS times right after it on the same file — both
 * sides of a pair see the same load, and the baseline finds the pages the billing day loaded, as it did before. The
 * figure is the pair of median ratio among PAIRS (the first on a fresh process pays for compiling the code, like the
 * app's first billing day; a median keeps one odd pair from deciding). The last pair runs on the file itself, which
 * the later sections go on with. The baseline keeps inserting exactly the rows the billing day wrote: nothing in it
 * was made slower.
 */
export function measureBillingDay(b: Bench, ctx: AppContext = b.staff): BillingDayMeasure {
  const { db } = b;
  const maxInvoice = count(db, 'SELECT COALESCE(MAX(id), 0) AS n FROM invoices');
  const tables = [
    { table: 'invoices', where: 'id > ?', params: [maxInvoice] },
    { table: 'invoice_lines', where: 'invoice_id > ?', params: [maxInvoice] },
  ];
  db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  const copy = join(b.dir, 'billing-day-copy.sqlite');
  const pairs: { billing: ReturnType<typeof timedBillingDay>; raw: Timing }[] = [];
  let lines = 0;
  for (let k = 0; k < PAIRS; k++) {
    const last = k === PAIRS - 1;
    if (!last) copyFileSync(db.file, copy);
    const file = last ? db : openDatabase(copy);
    try {
      const billing = timedBillingDay(last ? ctx : { ...ctx, db: file }, b.today);
      // The same rows with plain prepared statements in one transaction, on the same file (then removed again).
      const raw = rawInsert(file, tables);
      const runs = Array.from({ length: RAW_RUNS }, () => raw.run());
      pairs.push({ billing, raw: { ms: runs.reduce((s, r) => s + r.ms, 0) / RAW_RUNS, cpuMs: runs.reduce((s, r) => s + r.cpuMs, 0) / RAW_RUNS } });
      lines = count(file, 'SELECT count(*) AS n FROM invoice_lines WHERE invoice_id > ?', maxInvoice);
    } finally {
      if (!last) {
        file.close();
        for (const f of [copy, `${copy}-wal`, `${copy}-shm`]) rmSync(f, { force: true });
      }
    }
    if (pairs[k].billing.invoices !== pairs[0].billing.invoices) throw new Error(`billing day runs wrote ${pairs[0].billing.invoices} and ${pairs[k].billing.invoices} invoices`);
  }
  const byRatio = [...pairs].sort((x, y) => x.billing.cpuMs / x.raw.cpuMs - y.billing.cpuMs / y.raw.cpuMs);
  const median = byRatio[Math.floor((byRatio.length - 1) / 2)];
  return {
    billing: { ms: median.billing.ms, cpuMs: median.billing.cpuMs },
    raw: median.raw,
    invoices: median.billing.invoices,
    lines,
    pairs: pairs.map((p) => ({ billing: p.billing.cpuMs, raw: p.raw.cpuMs })),
    phases: Object.fromEntries(BILLING_PHASES.map((ph) => [ph, pairs.reduce((s, p) => s + p.billing.phases[ph], 0) / pairs.length])) as Record<BillingPhase, number>,
  };
}

const pairList = (m: BillingDayMeasure) => m.pairs.map((p) => `${Math.round(p.billing)} ÷ ${Math.round(p.raw)}`).join(', ');

export const billingDay: Section = {
  name: 'billing',
  run(b) {
    const m = measureBillingDay(b);
    const perInvoice = (ms: number) => (ms * 1000) / Math.max(1, m.invoices);
    b.add(figure(`billing day for all customers (end of day ${b.today})`, m.billing.ms / 1000, 's', null, `${m.invoices} invoices, ${m.lines} lines, dunning included; CPU ${Math.round(m.billing.cpuMs)} ms`));
    b.add(figure('raw insert of the same invoice + line rows (physical limit)', m.raw.ms / 1000, 's', null, `one transaction, mean of ${RAW_RUNS} right after the billing day; CPU ${Math.round(m.raw.cpuMs)} ms`));
    b.add(ratio('billing day ÷ raw insert', m.billing, m.raw, 2.5, `median of ${PAIRS} pairs (CPU ms ${pairList(m)})`));
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
