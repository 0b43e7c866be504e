import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Bench, Preparation, Section } from './bench';
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

const CHILD = 'concurrency.child';

interface Child {
  process: ChildProcess;
  /** its code loaded, waiting for its input */
  ready: Promise<void>;
  /** its last stdout line once it has ended well */
  result: Promise<string>;
}

/** bench/concurrencyChild.ts started, its code loaded (tsx, the back end), waiting for the name of its input file. */
function startChild(p: Preparation): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', join(HERE, 'concurrencyChild.ts')], { cwd: join(HERE, '..'), stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  p.atEnd(() => child.exitCode === null && child.signalCode === null && child.kill());
  let out = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
  const result = new Promise<string>((done, fail) => {
    child.once('error', fail);
    child.once('close', (code, signal) => (code === 0 ? done(out.trim().split('\n').at(-1) ?? '{}') : fail(new Error(`bench/concurrencyChild.ts ended with ${code ?? signal}`))));
  });
  result.catch(() => {}); // the section awaits it; an early end shows there
  const ready = Promise.race([new Promise<void>((done) => child.once('message', () => done())), result.then(() => {})]);
  return { process: child, ready, result };
}

export const concurrency: Section = {
  name: 'concurrency',
  // The child's start (node, tsx, the back end's code: ≈ 2 s of CPU) is set-up: made beside the generation.
  prepare(p) {
    p.state.set(CHILD, startChild(p));
  },
  async run(b) {
    // a copy as generated: the billing day of b.today not yet run (this section runs before the billing section)
    b.db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    const file = join(b.dir, 'concurrency.sqlite');
    copyFileSync(b.file, file);
    const input = join(b.dir, 'concurrency.json');
    writeFileSync(input, JSON.stringify({ file, today: b.today, typed: keystrokes(b) }));
    // In a process of its own (bench/concurrencyChild.ts): its maximum RSS is the back end's, as the app runs it.
    const child = (b.state.get(CHILD) as Child | undefined) ?? startChild(b);
    await child.ready;
    child.process.send(input);
    const r = JSON.parse(await child.result) as { idle: number[]; busy: number[]; invoices: number; progressEvents: number; maxRssMb: number };
    const idleP95 = percentile(r.idle, 95);
    const busyP95 = percentile(r.busy, 95);
    b.add(figure('customer search p95, back end idle (worker threads)', idleP95, 'ms', null, `${r.idle.length} keystrokes through createLocalBackend (worker mode: two thread hops; the reads section holds the absolute budget)`));
    b.add(figure('customer search p95 while the billing day runs in the writer', busyP95, 'ms', null, `${r.busy.length} searches during a billing day of ${r.invoices} invoices; max ${round(Math.max(...r.busy))} ms; ${r.progressEvents} progress events`));
    b.add(figure('customer search p95 during the billing day ÷ idle', busyP95 / Math.max(1e-6, idleP95), '×', 3, 'same back end, same run: reads answer from their own connection while the writer bills'));
    b.add(figure('peak memory of the back end as the app runs it (max RSS)', r.maxRssMb, 'MB', 1024, 'a process of its own in worker mode (writer + reader threads, 64 MiB page cache each) through its searches and a billing day for all customers'));
  },
};
