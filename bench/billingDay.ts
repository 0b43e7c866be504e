import { copyFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase } from '../db/open';
import type { AppContext } from '../main/app/context';
import { postPayment } from '../main/app/ledger';
import { BILLING_PHASES, billingProbe, runDaysUntil, runEndOfDay, type BillingPhase } from '../main/app/scheduler';
import { addDays } from '../main/engine';
import { count, type Bench, type Section } from './bench';
import { figure, fmtMs, measure, ratio, round, timeMs } from './figures';
import { medianRun, rawInsert } from './rawInsert';

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
  /** the mean of the two runs (see measureBillingDay) */
  billing: Timing;
  raw: Timing;
  invoices: number;
  lines: number;
  /** the CPU time of each run and of each baseline run, in the order they ran */
  runs: { billing: number[]; rawBefore: number[]; rawAfter: number[] };
  /** CPU ms per part of the billing day (mean of the two runs) */
  phases: Record<BillingPhase, number>;
}

/**
 * Billing day on `b.today`, with its raw-insert baseline. A single pair of measurements swung with the machine's
 * load (3.1 × on a busy machine, 4.7 × on an idle one for the same code): the billing day ran once and its baseline
 * right after it. So the billing day runs twice — first on a copy of the file (which also gives the rows the baseline
 * copies), then on the file itself — and the baseline runs around the second: once to warm up (statements, page
 * cache; not counted, so the baseline is its typical run, never its slowest), twice before and three times after, the
 * median of those five. The billing figure is the mean of its two runs. Both sides get the same treatment and the
 * baseline keeps inserting exactly the rows the billing day wrote, with plain statements: nothing makes it slower.
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
  copyFileSync(db.file, copy);
  const twin = openDatabase(copy);
  let first: ReturnType<typeof timedBillingDay>;
  let raw: ReturnType<typeof rawInsert>;
  let lines: number;
  try {
    first = timedBillingDay({ ...ctx, db: twin }, b.today);
    // The same rows with plain prepared statements in one transaction, on the same file (then removed again).
    raw = rawInsert(db, tables, twin);
    lines = count(twin, 'SELECT count(*) AS n FROM invoice_lines WHERE invoice_id > ?', maxInvoice);
  } finally {
    twin.close();
    for (const f of [copy, `${copy}-wal`, `${copy}-shm`]) rmSync(f, { force: true });
  }
  raw.run(); // warm-up, not counted
  const before = [raw.run(), raw.run()];
  const second = timedBillingDay(ctx, b.today);
  if (second.invoices !== first.invoices) throw new Error(`the billing day wrote ${second.invoices} invoices on the file and ${first.invoices} on its copy`);
  const after = [raw.run(), raw.run(), raw.run()];
  const runs = [...before, ...after];
  return {
    billing: { ms: (first.ms + second.ms) / 2, cpuMs: (first.cpuMs + second.cpuMs) / 2 },
    raw: medianRun(runs),
    invoices: second.invoices,
    lines,
    runs: { billing: [first.cpuMs, second.cpuMs], rawBefore: before.map((r) => r.cpuMs), rawAfter: after.map((r) => r.cpuMs) },
    phases: Object.fromEntries(BILLING_PHASES.map((p) => [p, (first.phases[p] + second.phases[p]) / 2])) as Record<BillingPhase, number>,
  };
}

const cpuList = (ms: number[]) => ms.map((m) => Math.round(m)).join(', ');

export const billingDay: Section = {
  name: 'billing',
  run(b) {
    const m = measureBillingDay(b);
    const perInvoice = (ms: number) => (ms * 1000) / Math.max(1, m.invoices);
    b.add(figure(`billing day for all customers (end of day ${b.today})`, m.billing.ms / 1000, 's', null, `${m.invoices} invoices, ${m.lines} lines, dunning included; mean of 2 runs (a copy of the file, then the file), CPU ${cpuList(m.runs.billing)} ms`));
    b.add(figure('raw insert of the same invoice + line rows (physical limit)', m.raw.ms / 1000, 's', null, `one transaction, median of 5 after a warm-up (CPU ${cpuList(m.runs.rawBefore)} ms before the billing day, ${cpuList(m.runs.rawAfter)} ms after)`));
    b.add(ratio('billing day ÷ raw insert', m.billing, m.raw, 2.5));
    b.add(
      figure('billing day per invoice, CPU', perInvoice(m.billing.cpuMs), 'µs', null, `by part: ${BILLING_PHASES.map((p) => `${p} ${round(perInvoice(m.phases[p]), 1)}`).join(', ')}; raw insert ${round(perInvoice(m.raw.cpuMs), 1)} µs (${fmtMs(m.raw.cpuMs)})`),
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
