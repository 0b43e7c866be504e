import { spawn, spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { timeMs } from './figures';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export interface Generated {
  ms: number;
  summary: { invoices: number; invoiceLines: number; payments: number; usageRows: number };
}

interface GenerateOptions {
  customers: number;
  seed: number;
  months: number;
  today: string;
}

const seedArgs = (file: string, o: GenerateOptions): string[] => [
  ...process.execArgv,
  join(ROOT, 'main/hosts/cli-seed.ts'), // the seed command alone (main/hosts/cli.ts loads every command)
  '--db', file, '--customers', String(o.customers), '--seed', String(o.seed), '--months', String(o.months), '--billing-day', '1', '--date', o.today,
];

function generated(ms: number, status: number | null, stdout: string, stderr: string): Generated {
  if (status !== 0) throw new Error(`generating the ISP failed (exit ${status}): ${stderr}`);
  return { ms, summary: JSON.parse(stdout) };
}

/**
 * Generates the benchmark ISP (every customer bills on the 1st; history up to the day before `today`) into `file`,
 * in a child process: its page cache does not count in the benchmark's memory.
 */
export function generateIsp(file: string, o: GenerateOptions): Generated {
  const gen = timeMs(() => spawnSync(process.execPath, seedArgs(file, o), { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 2 ** 20 }));
  return generated(gen.ms, gen.value.status, gen.value.stdout, gen.value.stderr);
}

/**
 * The same, leaving this process free meanwhile (bench/run.ts loads its code and prepares the sections' own set-up
 * beside it); `signal` stops it.
 */
export function generateIspAsync(file: string, o: GenerateOptions, signal?: AbortSignal): Promise<Generated> {
  const t0 = performance.now();
  const child = spawn(process.execPath, seedArgs(file, o), { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], signal });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  return new Promise((done, fail) => {
    child.once('error', fail);
    child.once('close', (status) => {
      try {
        done(generated(performance.now() - t0, status, stdout, stderr));
      } catch (err) {
        fail(err);
      }
    });
  });
}
