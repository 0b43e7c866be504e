import { spawnSync } from 'node:child_process';
import { copyFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Bench, Section } from './bench';
import { figure, percentile, round } from './figures';

// Issue 20 item 1: staff keep searching while the billing day runs. The back end as the app runs it (main/backend/
// local.ts in worker mode: the billing day in the writer thread, reads on the reader's own WAL connection), on a copy
// of the generated file before its billing day, in a process of its own (bench/concurrencyChild.ts). The figure is a
// ratio to the same search's p95 on the same back end while idle, measured in the same run: customer search p95 during
// the billing day ÷ idle p95; beside it the back end's peak memory (that process's maximum RSS).

const HERE = dirname(fileURLToPath(import.meta.url));

/** Search terms as typed: prefixes of names and ids of customers taken at random. */
function keystrokes(b: Bench): string[] {
  const picks = b.db.sqlite
    .prepare(`SELECT id, name FROM customers WHERE id IN (${Array.from({ length: b.reps(30, 10) }, () => b.rng.int(1, b.n)).join(',')})`)
    .all() as { id: number; name: string }[];
  const typed: string[] = [];
  for (const p of picks) for (const term of [p.name.slice(0, 10), String(p.id)]) for (let k = 1; k <= term.length; k++) typed.push(term.slice(0, k));
  return typed;
}

export const concurrency: Section = {
  name: 'concurrency',
  async run(b) {
    // a copy as generated: the billing day of b.today not yet run (this section runs before the billing section)
    b.db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    const file = join(b.dir, 'concurrency.sqlite');
    copyFileSync(b.file, file);
    const input = join(b.dir, 'concurrency.json');
    writeFileSync(input, JSON.stringify({ file, today: b.today, typed: keystrokes(b) }));
    // In a process of its own (bench/concurrencyChild.ts): its maximum RSS is the back end's, as the app runs it.
    const child = spawnSync(process.execPath, ['--import', 'tsx', join(HERE, 'concurrencyChild.ts'), input], { cwd: join(HERE, '..'), encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 * 2 ** 20 });
    if (child.status !== 0) throw new Error(`bench/concurrencyChild.ts ended with ${child.status ?? child.signal}`);
    const r = JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '{}') as { idle: number[]; busy: number[]; invoices: number; progressEvents: number; maxRssMb: number };
    const idleP95 = percentile(r.idle, 95);
    const busyP95 = percentile(r.busy, 95);
    b.add(figure('customer search p95, back end idle (worker threads)', idleP95, 'ms', null, `${r.idle.length} keystrokes through createLocalBackend (worker mode: two thread hops; the reads section holds the absolute budget)`));
    b.add(figure('customer search p95 while the billing day runs in the writer', busyP95, 'ms', null, `${r.busy.length} searches during a billing day of ${r.invoices} invoices; max ${round(Math.max(...r.busy))} ms; ${r.progressEvents} progress events`));
    b.add(figure('customer search p95 during the billing day ÷ idle', busyP95 / Math.max(1e-6, idleP95), '×', 3, 'same back end, same run: reads answer from their own connection while the writer bills'));
    b.add(figure('peak memory of the back end as the app runs it (max RSS)', r.maxRssMb, 'MB', 1024, 'a process of its own in worker mode (writer + reader threads, 64 MiB page cache each) through its searches and a billing day for all customers'));
  },
};
