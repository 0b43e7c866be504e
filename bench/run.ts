import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { AppContext } from '../main/app/context';
import type { Bench, Preparation, Section } from './bench';
import { collectGarbage, cpuSecondsOfChildren, cpuSecondsOwn, cpuSecondsWithChildren, figure, machine, MemoryWatch, round, table, type Figure } from './figures';
import { generateIspAsync, type Generated } from './generate';

// `npm run bench [-- --customers N] [--quick] [--busy] [--seed S] [--months M] [--keep] [--from FILE]
//   [--only a,b] [--skip a,b] [--history M | --history-from FILE] [--save-before-bulk FILE]`
//
// What staff wait for, on a generated ISP of N customers (default 100 000) in a temporary SQLite file. Interactive
// figures have absolute budgets (a person waits for each) and are reported beside a primary-key read; throughput
// figures are budgeted as ratios to a baseline measured in the same run on the same file (the same rows inserted or
// read with plain prepared statements), in CPU time, so they hold on a machine busy with other work. `--busy` runs a
// CPU hog beside the benchmark to show that. Prints a table and writes bench/results.json. Never used as a test.
//
// Sections run in the order of SECTIONS; `--only`/`--skip` pick them by name (`--lists` = `--only reads`,
// `--bulk-only` = `--only bulk` on a `--from` file written by `--save-before-bulk`). A new area adds its own section
// (a module exporting a Section, see bench/bench.ts) to the list.
//
// The generation (a child process) starts first: this module's static imports are light, the sections and the app's
// code (≈ 3 s of loading through tsx) are imported once it runs (see below).

const HERE = dirname(fileURLToPath(import.meta.url));
// The back end's worker threads (the concurrency section) run the bundled out/main/backendWorker.js the app ships when
// it is built (npm run build), as the browser tests do (playwright.config.ts): through tsx each thread transpiles and
// keeps the whole TypeScript source, ≈175 MB a thread against ≈50 — most of the run's peak memory at 20 000 customers.
const BUNDLED_WORKER = join(HERE, '../out/main/backendWorker.js');
if (!process.env.ISP_BACKEND_WORKER && existsSync(BUNDLED_WORKER)) process.env.ISP_BACKEND_WORKER = BUNDLED_WORKER;
const TODAY = '2025-07-01'; // every generated customer bills on the 1st: this is "billing day for all customers"

const { values: args } = parseArgs({
  options: {
    customers: { type: 'string', default: '100000' },
    seed: { type: 'string', default: '1' },
    months: { type: 'string', default: '6' },
    quick: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    /** a CPU hog process beside the benchmark (the figures must hold on a busy machine) */
    busy: { type: 'boolean', default: false },
    only: { type: 'string' },
    skip: { type: 'string' },
    /** = --only reads */
    lists: { type: 'boolean', default: false },
    /** = --only bulk (on a --from file written by --save-before-bulk) */
    'bulk-only': { type: 'boolean', default: false },
    /** reuse a database generated earlier with `npm run seed -- --billing-day 1 --date 2025-07-01` (copied, never changed) */
    from: { type: 'string' },
    /** copy the database, as it is just before the bulk change (after the catch-up), to this file */
    'save-before-bulk': { type: 'string' },
    /** cost with history: generate a second ISP with M months of history and compare it with this one (bench/history.ts) */
    history: { type: 'string' },
    /** … or use this file (generated like the main one, with more months) */
    'history-from': { type: 'string' },
  },
});
const N = Number(args.customers);
const SEED = Number(args.seed);
const QUICK = args.quick === true;
const names = (s: string | undefined) => (s ? s.split(',').map((x) => x.trim()) : null);
const only = names(args.only) ?? (args.lists ? ['reads'] : args['bulk-only'] ? ['bulk'] : null);
const skipped = names(args.skip) ?? [];
// 'radius' names bench/radius.ts, measured after the sections in a process of its own (startRadiusBench below).
if (args['bulk-only'] && !args.from) throw new Error('--bulk-only needs --from FILE (a file written by --save-before-bulk)');

const figures: Figure[] = [];
const memory = new MemoryWatch();
const log = (s: string) => process.stderr.write(`${s}\n`);
function add(f: Figure): void {
  figures.push(f);
  memory.sample();
  log(`  ${f.name}: ${f.value} ${f.unit}${f.budget === null ? '' : ` (budget ${f.budget}, ${f.ok ? 'ok' : 'OVER'})`}`);
}

// Where the run's wall time goes (issue 21: the quick run fits in 2 minutes): each step — the generation, opening,
// each section, the copies between them, the RADIUS bench — with its CPU seconds, children included. Beside them the
// process's peak RSS so far (the kernel's running maximum): the step that raises it is the one holding the memory.
const steps: { step: string; seconds: number; cpuSeconds: number; peakMb: number }[] = [];
const peakMbNow = () => Math.round(process.resourceUsage().maxRSS / 1024);
function endStep(name: string, t0: number, cpuSeconds: number): void {
  steps.push({ step: name, seconds: round((performance.now() - t0) / 1000, 1), cpuSeconds: round(cpuSeconds, 1), peakMb: peakMbNow() });
}
async function step<T>(name: string, fn: () => T | Promise<T>): Promise<T> {
  const t0 = performance.now();
  const cpu0 = cpuSecondsWithChildren();
  try {
    return await fn();
  } finally {
    endStep(name, t0, cpuSecondsWithChildren() - cpu0);
  }
}

// The set-up of the sections this run measures (Section.prepare): beside the generation, which runs in a child process
// on one core, or (with --from) before the first section.
const atEnd: (() => unknown)[] = [];
const prep: Preparation = {
  dir: '',
  n: N,
  quick: QUICK,
  seed: SEED,
  today: TODAY,
  args: args as Preparation['args'],
  reps: (full, quick) => (QUICK ? quick : full),
  log,
  state: new Map(),
  atEnd: (fn) => void atEnd.push(fn),
};
let chosen: Section[] = [];
const skipReasons = new Map<Section, string | null>();
async function prepareSections(): Promise<void> {
  for (const s of chosen) if (!skipReasons.get(s)) await s.prepare?.(prep);
}

// Network enforcement (issue 16): FreeRADIUS auth rate against a static users file, p95 latency, status change →
// Disconnect-Request — bench/radius.ts, a process of its own, same arguments, figures in bench/radius-results.json (not
// committed). Run with the whole benchmark, or when named: `--only billing` measures the billing day alone. It starts
// first and builds its own database and servers while the ISP is generated (that figure is information), then waits:
// its rounds run after the sections, alone, as before.
const runsRadius = only ? only.includes('radius') : !skipped.includes('radius');
function startRadiusBench() {
  const forwarded = process.argv.slice(2).filter((a, i, all) => !['--only', '--skip'].includes(a) && !['--only', '--skip'].includes(all[i - 1] ?? '') && !/^--(only|skip)=/.test(a));
  const child = spawn(process.execPath, ['--import', 'tsx', join(HERE, 'radius.ts'), ...forwarded], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], cwd: join(HERE, '..') });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const ready = Promise.race([new Promise<void>((done) => child.once('message', () => done())), exited]);
  return {
    ready,
    /** lets the rounds run and waits for the end */
    async measure(): Promise<void> {
      await ready;
      if (child.connected) child.send('go');
      await exited;
    },
    /** the main run failed: closing the channel makes it stop, FreeRADIUS with it (bench/radius.ts) */
    stop: () => (child.connected ? child.disconnect() : child.kill()),
  };
}
const radius = runsRadius ? startRadiusBench() : null;

const load0 = os.loadavg()[0];
const hog = args.busy ? spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }) : null;
const started = performance.now();
let cpuSeconds = 0;
let finished = false;
const dir = mkdtempSync(join(tmpdir(), 'isp-bench-'));
prep.dir = dir;
const file = join(dir, 'bench.sqlite');
log(`ISP Back Office benchmark: ${N} customers${QUICK ? ' (quick)' : ''}${hog ? ', beside a CPU hog (--busy)' : ''}, database ${file}`);
log(`  back-end worker threads: ${process.env.ISP_BACKEND_WORKER ?? 'the TypeScript source through tsx (no build: npm run build)'}`);
// Two steps at once: the generation (its child's CPU time: the only child that ends meanwhile) and, beside it, this
// process loading its code and the sections' set-up (this process's CPU time). The set-up starts right away, ahead of
// the generation's end, so that this process notices the generator's exit when it comes.
const t0 = performance.now();
const own0 = cpuSecondsOwn();
const children0 = cpuSecondsOfChildren();
const stopGeneration = new AbortController();
const generating: Promise<Generated> | null = args.from ? null : generateIspAsync(file, { customers: N, seed: SEED, months: Number(args.months), today: TODAY }, stopGeneration.signal);
generating?.catch(() => {}); // awaited below; a failure before that is not an unhandled one
try {
  const [{ openDatabase }, { createRng }, { accounting }, { billingDay, catchUp }, { bulkChange }, { concurrency }, { history }, { reads }, { startup }] = await Promise.all([
    import('../db/open'),
    import('../main/demo/prng'),
    import('./accounting'),
    import('./billingDay'),
    import('./bulkChange'),
    import('./concurrency'),
    import('./history'),
    import('./reads'),
    import('./startup'),
  ]);
  const SECTIONS: Section[] = [reads, startup, concurrency, billingDay, catchUp, bulkChange, history, accounting];
  for (const name of [...(only ?? []), ...skipped]) if (name !== 'radius' && !SECTIONS.some((s) => s.name === name)) throw new Error(`no section "${name}" (sections: ${[...SECTIONS.map((s) => s.name), 'radius'].join(', ')})`);
  chosen = SECTIONS.filter((s) => (only ? only.includes(s.name) : !skipped.includes(s.name)));
  for (const s of chosen) skipReasons.set(s, s.skip?.(prep) ?? null);

  if (!generating) {
    await step('copy --from', () => copyFileSync(args.from!, file));
    log(`  (copied from ${args.from}: no generation figure)`);
    await step('prepare', prepareSections);
  } else {
    const preparing = prepareSections().finally(() => endStep('load code + prepare (beside generate)', t0, cpuSecondsOwn() - own0));
    const [generated, prepared] = await Promise.allSettled([generating, preparing]);
    const genSeconds = generated.status === 'fulfilled' ? generated.value.ms / 1000 : (performance.now() - t0) / 1000;
    steps.push({ step: 'generate', seconds: round(genSeconds, 1), cpuSeconds: round(cpuSecondsOfChildren() - children0, 1), peakMb: peakMbNow() });
    if (prepared.status === 'rejected') throw prepared.reason;
    if (generated.status === 'rejected') throw generated.reason;
    const g = generated.value;
    const s = g.summary;
    add(figure(`generate ISP (${N} customers, ${args.months} months of history)`, g.ms / 1000, 's', null, `${s.invoices} invoices, ${s.invoiceLines} lines, ${s.payments} payments, ${s.usageRows} usage rows`));
  }

  await step('radius bench ready', () => radius?.ready); // its set-up never runs beside a measured section
  const db = await step('open', () => openDatabase(file));
  const staff: AppContext = { db, clock: { today: () => TODAY }, actor: { kind: 'staff', name: 'bench' } };
  const bench: Bench = { ...prep, db, file, staff, rng: createRng(SEED ^ 0x5eed), add };
  // The history section compares a copy of the file as generated (before any section changed it).
  if (args.history || args['history-from']) {
    await step('copy for history', () => {
      db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
      copyFileSync(file, join(dir, 'short.sqlite'));
    });
  }
  try {
    for (const section of chosen) {
      const why = skipReasons.get(section);
      if (why) {
        log(`${section.name}: skipped (${why})`);
        continue;
      }
      log(`${section.name}:`);
      collectGarbage(); // the previous section's garbage (see collectGarbage)
      await step(section.name, () => section.run(bench));
      if (section === catchUp && args['save-before-bulk']) {
        await step('save before bulk', () => {
          db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
          copyFileSync(file, args['save-before-bulk'] as string);
        });
        log(`  (saved the database before the bulk change to ${args['save-before-bulk']})`);
      }
    }
  } finally {
    await step('close', () => db.close());
  }
  finished = true;
  const peak = memory.peakMb();
  add(figure('peak memory of the process (max RSS)', peak.maxRss, 'MB', 1024, `largest sampled RSS ${Math.round(peak.sampled)} MB; generation ran in a child process`));
} finally {
  stopGeneration.abort(); // if the run failed while it was still generating
  for (const fn of atEnd.reverse()) await Promise.resolve().then(fn).catch((err: unknown) => log(`  (ending: ${err instanceof Error ? err.message : String(err)})`));
  cpuSeconds = cpuSecondsWithChildren(); // before the hog is stopped (and reaped: its CPU is not the run's)
  hog?.kill();
  if (!finished) radius?.stop();
  if (!args.keep) await step('remove files', () => rmSync(dir, { recursive: true, force: true }));
  else log(`kept ${dir}`);
}

const m = machine();
const load = `load average ${round(load0, 1)} at the start, ${round(os.loadavg()[0], 1)} at the end${hog ? ', with a CPU hog beside it (--busy)' : ''}`;
const minutes = round((performance.now() - started) / 60_000, 1);
const cpuMinutes = round(cpuSeconds / 60, 1); // the generation's child included
console.log(`\nISP Back Office benchmark — N = ${N}${QUICK ? ' (quick)' : ''}, ${m.cpu}, ${m.cores} cores, Node ${m.node}; ${load}; ${minutes} min in all (${cpuMinutes} min of CPU)\n`);
console.log(table(figures));
const over = figures.filter((f) => !f.ok);
console.log(over.length ? `\n${over.length} figure(s) over budget: ${over.map((f) => f.name).join('; ')}` : '\nAll figures within budget.');

if (radius) await step('radius', () => radius.measure());

// The whole command (the RADIUS bench included), and where its time went.
const wholeMinutes = round(process.uptime() / 60, 1); // from the process start: tsx loading the code included
const wholeCpuMinutes = round(cpuSecondsWithChildren() / 60, 1);
const results = { when: new Date().toISOString(), customers: N, quick: QUICK, busy: !!hog, seed: SEED, machine: m, load, minutes, cpuMinutes, wholeMinutes, wholeCpuMinutes, steps, figures };
writeFileSync(join(HERE, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
console.log(`\nTime by step (wall s / CPU s, children included; this process's peak RSS so far, MB): ${steps.map((s) => `${s.step} ${s.seconds} / ${s.cpuSeconds} (${s.peakMb})`).join(', ')}; the whole command ${wholeMinutes} min (${wholeCpuMinutes} min of CPU), load average ${round(os.loadavg()[0], 1)} at its end`);
console.log(`Written to ${join(HERE, 'results.json')}`);
