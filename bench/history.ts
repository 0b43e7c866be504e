import { copyFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase } from '../db/open';
import type { AppContext } from '../main/app/context';
import type { InputOf } from '../main/contract';
import { call, count, type Section } from './bench';
import { measureBillingDay } from './billingDay';
import { figure, percentile, round } from './figures';
import { generateIsp } from './generate';
import { openCustomerPage } from './reads';

// Cost does not grow with history (issue 21 item 3): the same customers (same seed) with M months of history
// (`--history M`, or a file given by `--history-from`) against the 6 months of the main file, as it was generated.
//
// The customer page is opened for the same customers in both files, one right after the other (which file goes first
// alternates), so both see the same load: each customer once (drawn without repeats: a second visit would find its
// pages cached), after a warm-up on other customers that prepares every statement. 2 000 customers per file (600
// with --quick): the p95 is then the 100th slowest page (30th), and the note gives the ratio in four blocks of the
// run, so a reader sees how much it moves. Wall time is what staff wait for; the page's CPU time, beside it, is what
// holds on a machine busy with other work. Billing day runs on each file, per invoice in CPU time.

/** The customer page with the Billing tab as staff may page through it: every list's first page (25 rows). */
export function openCustomerPageWithEveryList(ctx: AppContext, id: number): void {
  openCustomerPage(ctx, id); // detail, services, Billing summary, invoices
  for (const channel of ['finance.creditNotes', 'finance.payments', 'billing.customerLedger'] as const)
    call(ctx, channel, { customerId: id, page: 1, pageSize: 25 } as InputOf<typeof channel>);
}

const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

export const history: Section = {
  name: 'history',
  skip: (b) => (b.args.history || b.args['history-from'] ? null : 'needs --history M or --history-from FILE'),
  run(b) {
    const shortFile = join(b.dir, 'short.sqlite');
    const longFile = join(b.dir, 'long.sqlite');
    const from = b.args['history-from'];
    if (typeof from === 'string') copyFileSync(from, longFile);
    else {
      const g = generateIsp(longFile, { customers: b.n, seed: b.seed, months: Number(b.args.history), today: b.today });
      b.add(figure(`generate ISP (${b.n} customers, ${b.args.history} months of history)`, g.ms / 1000, 's', null, `${g.summary.invoices} invoices, ${g.summary.invoiceLines} lines`));
    }
    const files = [shortFile, longFile].map((file) => {
      const db = openDatabase(file);
      const staff: AppContext = { ...b.staff, db };
      const months = Math.round(count(db, 'SELECT count(*) AS n FROM invoices') / Math.max(1, count(db, 'SELECT count(DISTINCT customer_id) AS n FROM invoices')));
      return { file, db, staff, months };
    });
    try {
      const [short, long] = files;
      const label = `${long.months} ÷ ${short.months} invoices per customer`;
      const samples = Math.min(b.reps(2000, 600), Math.floor(b.n * 0.8));
      const warmUp = Math.min(b.reps(200, 100), b.n - samples);
      // customers without repeats: a partial Fisher–Yates shuffle of 1…N
      const pool = Array.from({ length: b.n }, (_, i) => i + 1);
      for (let i = 0; i < samples + warmUp; i++) {
        const j = b.rng.int(i, b.n - 1);
        [pool[i], pool[j]] = [pool[j], pool[i]];
      }
      for (const id of pool.slice(samples, samples + warmUp)) for (const f of files) openCustomerPageWithEveryList(f.staff, id);
      const wall: number[][] = [[], []];
      const cpu: number[][] = [[], []];
      pool.slice(0, samples).forEach((id, k) => {
        for (const i of k % 2 ? [1, 0] : [0, 1]) {
          const c0 = cpuMs();
          const t0 = performance.now();
          openCustomerPageWithEveryList(files[i].staff, id);
          wall[i].push(performance.now() - t0);
          cpu[i].push(cpuMs() - c0);
        }
      });
      const p95 = (t: number[]) => percentile(t, 95);
      const blocks = [0, 1, 2, 3].map((q) => {
        const part = (t: number[]) => t.slice((q * t.length) / 4, ((q + 1) * t.length) / 4);
        return p95(part(wall[1])) / p95(part(wall[0]));
      });
      const spread = `blocks of ${Math.floor(samples / 4)}: ${round(Math.min(...blocks))}–${round(Math.max(...blocks))} ×`;
      b.add(
        figure(
          'customer page with every list, long history ÷ short, p95',
          p95(wall[1]) / p95(wall[0]),
          '×',
          1.2,
          `${round(p95(wall[1]))} ms ÷ ${round(p95(wall[0]))} ms over ${samples} customers each (${spread}); p50 ${round(percentile(wall[1], 50))} ÷ ${round(percentile(wall[0], 50))} ms; ${label}`,
        ),
      );
      const sum = (t: number[]) => t.reduce((s, v) => s + v, 0);
      b.add(
        figure(
          'customer page with every list, long history ÷ short, CPU',
          sum(cpu[1]) / sum(cpu[0]),
          '×',
          1.2,
          `${round(sum(cpu[1]) / samples)} ÷ ${round(sum(cpu[0]) / samples)} ms of CPU per page on average; p95 ${round(p95(cpu[1]))} ÷ ${round(p95(cpu[0]))} ms`,
        ),
      );

      const billed = files.map((f) => measureBillingDay({ ...b, db: f.db, staff: f.staff }));
      const perInvoice = billed.map((m) => m.billing.cpuMs / Math.max(1, m.invoices));
      const [rs, rl] = billed.map((m) => m.billing.cpuMs / m.raw.cpuMs);
      b.add(
        figure('billing day per invoice, long history ÷ short (CPU)', perInvoice[1] / perInvoice[0], '×', 1.2, `${round(perInvoice[1] * 1000, 0)} ÷ ${round(perInvoice[0] * 1000, 0)} µs for ${billed[1].invoices} and ${billed[0].invoices} invoices; ÷ raw insert ${round(rl)} and ${round(rs)} ×`),
      );
    } finally {
      for (const f of files) {
        f.db.close();
        rmSync(f.file, { force: true });
        rmSync(`${f.file}-wal`, { force: true });
        rmSync(`${f.file}-shm`, { force: true });
      }
    }
  },
};
