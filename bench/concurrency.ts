import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLocalBackend, type LocalBackend } from '../main/backend/local';
import type { Bench, Section } from './bench';
import { figure, percentile, round } from './figures';

// Issue 20 item 1: staff keep searching while the billing day runs. The back end as the app runs it (main/backend/
// local.ts in worker mode: the billing day in the writer thread, reads on the reader's own WAL connection), on a copy
// of the generated file before its billing day. The figure is a ratio to the same search's p95 on the same back end
// while idle, measured in the same run: customer search p95 during the billing day ÷ idle p95.

/** Search terms as typed: prefixes of names and ids of customers taken at random. */
function keystrokes(b: Bench): string[] {
  const picks = b.db.sqlite
    .prepare(`SELECT id, name FROM customers WHERE id IN (${Array.from({ length: b.reps(30, 10) }, () => b.rng.int(1, b.n)).join(',')})`)
    .all() as { id: number; name: string }[];
  const typed: string[] = [];
  for (const p of picks) for (const term of [p.name.slice(0, 10), String(p.id)]) for (let k = 1; k <= term.length; k++) typed.push(term.slice(0, k));
  return typed;
}

async function searchOnce(backend: LocalBackend, search: string): Promise<number> {
  const t0 = performance.now();
  const r = await backend.call({ channel: 'customers.list', input: { search, page: 1, pageSize: 50 }, source: 'bench' });
  if (!r.ok) throw new Error(`customers.list: ${r.error.code} ${r.error.message}`);
  return performance.now() - t0;
}

export const concurrency: Section = {
  name: 'concurrency',
  async run(b) {
    // a copy as generated: the billing day of b.today not yet run (this section runs before the billing section)
    b.db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    const file = join(b.dir, 'concurrency.sqlite');
    copyFileSync(b.file, file);
    const backend = await createLocalBackend({ dbFile: file, mode: 'worker', businessDate: b.today, staffAuth: false, implicitStaff: { kind: 'staff', name: 'bench' } });
    try {
      const typed = keystrokes(b);
      for (const t of typed.slice(0, 5)) await searchOnce(backend, t); // warm the reader's statement cache
      const idle: number[] = [];
      for (const t of typed) idle.push(await searchOnce(backend, t));
      let progressEvents = 0;
      const off = backend.subscribe((e) => void (e.kind === 'progress' && progressEvents++));
      let done = false;
      const billing = backend.call({ channel: 'days.runUntil', input: { until: b.today }, source: 'bench' }).finally(() => (done = true));
      const busy: number[] = [];
      // search as you type over and over until the billing day has answered; a search that ends after it is not counted
      for (let i = 0; !done; i++) {
        const ms = await searchOnce(backend, typed[i % typed.length]);
        if (!done) busy.push(ms);
      }
      const run = await billing;
      off();
      if (!run.ok) throw new Error(`days.runUntil: ${run.error.code} ${run.error.message}`);
      const invoices = (run.data as { invoices: number }).invoices;
      const idleP95 = percentile(idle, 95);
      const busyP95 = percentile(busy, 95);
      b.add(figure('customer search p95, back end idle (worker threads)', idleP95, 'ms', null, `${idle.length} keystrokes through createLocalBackend (worker mode: two thread hops; the reads section holds the absolute budget)`));
      b.add(figure('customer search p95 while the billing day runs in the writer', busyP95, 'ms', null, `${busy.length} searches during a billing day of ${invoices} invoices; max ${round(Math.max(...busy))} ms; ${progressEvents} progress events`));
      b.add(figure('customer search p95 during the billing day ÷ idle', busyP95 / Math.max(1e-6, idleP95), '×', 3, 'same back end, same run: reads answer from their own connection while the writer bills'));
    } finally {
      await backend.close();
    }
  },
};
