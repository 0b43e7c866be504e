import { copyFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase } from '../db/open';
import type { AppContext } from '../main/app/context';
import { count, type Section } from './bench';
import { measureBillingDay } from './billingDay';
import { figure, percentile, round, timeMs } from './figures';
import { generateIsp } from './generate';
import { openCustomerPage } from './reads';

// Cost does not grow with history: the same customers (same seed) with M months of history (`--history M`, or a file
// given by `--history-from`) against the 6 months of the main file, as it was generated. The customer page is opened
// for the same customers in both files, alternately (so both see the same load); billing day runs on each, per
// invoice in CPU time.

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
      const ids = Array.from({ length: b.reps(600, 200) }, () => b.rng.int(1, b.n));
      for (const id of ids.slice(0, 20)) for (const f of files) openCustomerPage(f.staff, id); // statements prepared, caches warm
      const times: number[][] = [[], []];
      for (const id of ids) files.forEach((f, i) => times[i].push(timeMs(() => openCustomerPage(f.staff, id)).ms));
      const [p95s, p95l] = times.map((t) => percentile(t, 95));
      const [p50s, p50l] = times.map((t) => percentile(t, 50));
      b.add(figure('customer page, long history ÷ short, p95', p95l / p95s, '×', 1.2, `${round(p95l)} ms ÷ ${round(p95s)} ms (p50 ${round(p50l)} ÷ ${round(p50s)} ms); ${label}`));

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
