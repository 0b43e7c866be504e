import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { timeMs } from './figures';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export interface Generated {
  ms: number;
  summary: { invoices: number; invoiceLines: number; payments: number; usageRows: number };
}

/**
 * Generates the benchmark ISP (every customer bills on the 1st; history up to the day before `today`) into `file`,
 * in a child process: its page cache does not count in the benchmark's memory.
 */
export function generateIsp(file: string, o: { customers: number; seed: number; months: number; today: string }): Generated {
  const gen = timeMs(() =>
    spawnSync(
      process.execPath,
      [...process.execArgv, join(ROOT, 'main/hosts/cli.ts'), 'seed', '--db', file, '--customers', String(o.customers), '--seed', String(o.seed), '--months', String(o.months), '--billing-day', '1', '--date', o.today],
      { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 2 ** 20 },
    ),
  );
  if (gen.value.status !== 0) throw new Error(`generating the ISP failed (exit ${gen.value.status}): ${gen.value.stderr}`);
  return { ms: gen.ms, summary: JSON.parse(gen.value.stdout) };
}
