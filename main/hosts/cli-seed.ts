import { existsSync } from 'node:fs';
import { runStartOfDay } from '../app/scheduler';
import { generateIsp } from '../demo/generate';
import { registerCommand, runCli, UsageError } from './cli-commands';
import { isMain } from './runMain';

// `npm run seed -- --db FILE --customers N [--seed S] [--demo] [--months M (history length, 1–120)] [--billing-day D] [--date YYYY-MM-DD]`:
// a reproducible ISP (same seed and date → same data) generated into an empty database. The business date is
// --date, else the file's training date, else today; history runs up to the day before.

const whole = (name: string, value: unknown, min: number, max: number, fallback: number): number => {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (typeof value !== 'string' || !/^\d+$/.test(value) || n < min || n > max) throw new UsageError(`--${name} must be a whole number from ${min} to ${max}`);
  return n;
};

registerCommand({
  name: 'seed',
  usage: 'seed --db FILE [--customers N] [--seed S] [--demo] [--months M] [--billing-day D]   generate a reproducible ISP into an empty database',
  options: {
    customers: { type: 'string' },
    seed: { type: 'string' },
    demo: { type: 'boolean' },
    months: { type: 'string' },
    'billing-day': { type: 'string' },
  },
  run(c) {
    const customers = whole('customers', c.values.customers, 1, 1_000_000, 300);
    const seed = whole('seed', c.values.seed, 0, 2 ** 31 - 1, 1);
    const months = whole('months', c.values.months, 1, 120, 6); // history length: up to 10 years (the benchmark compares 5 years with 6 months)
    const billingDay = c.values['billing-day'] === undefined ? 'mixed' : whole('billing-day', c.values['billing-day'], 1, 28, 1);
    const fresh = typeof c.values.db === 'string' && !existsSync(c.values.db);
    const db = c.openDb();
    try {
      // A file this command creates is written in one transaction with nobody else reading it: with the WAL, every
      // page (≈190 MB at 20 000 customers) would be written twice — to the WAL at COMMIT, then into the file by the
      // checkpoint. The rollback journal in memory writes each page once (a new page needs no journal entry); a failed
      // generation still rolls back. The file goes back to WAL before the start of day, so it is opened as always.
      if (fresh) {
        db.sqlite.pragma('journal_mode = MEMORY');
        db.sqlite.pragma('synchronous = OFF');
      }
      const ctx = { ...c.context(db), actor: { kind: 'system' as const, name: 'seed' } };
      const today = ctx.clock.today();
      const r = generateIsp(db, { customers, seed, today, months, billingDay, demo: c.values.demo === true, onProgress: (m) => c.io.err(m) });
      if (fresh) {
        db.sqlite.pragma('journal_mode = WAL');
        db.sqlite.pragma('synchronous = NORMAL');
      }
      runStartOfDay(ctx, today);
      c.io.out(JSON.stringify(r, null, 2));
      return 0;
    } finally {
      db.close();
    }
  },
});

// Run alone (`node --import tsx main/hosts/cli-seed.ts --db FILE …`, as bench/generate.ts does): the same command
// without loading every other CLI command's code (≈ 1 s of CPU through tsx).
if (isMain(import.meta.url)) {
  runCli(['seed', ...process.argv.slice(2)]).then((code) => process.exit(code));
}
