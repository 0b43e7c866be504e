import { copyFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase, type AppDb } from '../db/open';
import type { Bench } from './bench';
import { collectGarbage } from './figures';
import { rawInsert, rowCounts, type RawInsert, type RawTable } from './rawInsert';

// A throughput figure measured in pairs: the work, then its raw-insert baseline right after it on the same file. One
// run of the work and one baseline a few seconds apart swung with the machine's load (the billing day: 3.1 × busy,
// 4.7 × idle for the same code; the load on a shared machine changes within seconds). So both sides of a pair see the
// same load, and the baseline finds the pages the work loaded, as it did before. The figure is the pair of median ratio
// among PAIRS (the first on a fresh process pays for compiling the code, like the app's first run of the work; a
// median keeps one odd pair from deciding). The first pairs run on copies of the file as it is now, the last on the
// file itself, which the later sections go on with. The baseline keeps inserting exactly the rows the work wrote: read
// once, after the first pair's work (every pair starts from the same file and writes the same rows, which is checked
// by counting them), and inserted again in each pair. Before each pair's work, the garbage the previous pair left is
// collected (not timed): three billing days' garbage at 100 000 customers took the process's memory past 1 GB.

export interface Timing {
  ms: number;
  cpuMs: number;
}

/** Pairs of (work, baseline). */
export const PAIRS = 3;
/**
 * Baseline runs right after each run of the work (their mean is the pair's baseline): two, one with --quick (the
 * quick run fits in 2 minutes; the median of the PAIRS still keeps one odd baseline from deciding).
 */
const rawRuns = (b: Bench): number => b.reps(2, 1);

export interface Pair<W extends Timing> {
  work: W;
  /** the mean of rawRuns(b) baseline runs */
  raw: Timing;
}

export interface PairsMeasure<W extends Timing> {
  /** the pair of median CPU ratio */
  median: Pair<W>;
  /** every pair in the order it ran */
  pairs: Pair<W>[];
  /** the rows the baseline inserted */
  raw: RawInsert;
}

/**
 * Runs `pair` PAIRS times, each on a database as b.db is now (a copy, the last time b.db itself): it does the work,
 * timed, and returns that timing with the rows the work wrote (the baseline inserts them again).
 */
export function measureInPairs<W extends Timing>(b: Bench, name: string, pair: (db: AppDb) => { work: W; wrote: readonly RawTable[] }): PairsMeasure<W> {
  const { db } = b;
  db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  const copy = join(b.dir, `${name}-copy.sqlite`);
  const pairs: Pair<W>[] = [];
  const n = rawRuns(b);
  let raw: RawInsert | null = null;
  for (let k = 0; k < PAIRS; k++) {
    const last = k === PAIRS - 1;
    if (!last) copyFileSync(db.file, copy);
    const file = last ? db : openDatabase(copy);
    try {
      collectGarbage();
      const { work, wrote } = pair(file);
      if (!raw) raw = rawInsert(file, wrote);
      else {
        const counts = rowCounts(file, wrote);
        if (JSON.stringify(counts) !== JSON.stringify(raw.counts)) throw new Error(`${name}: pair ${k + 1} wrote ${JSON.stringify(counts)}, the first ${JSON.stringify(raw.counts)}`);
      }
      const baseline = raw;
      // a copy's last baseline leaves its rows: the copy is removed right after
      const runs = Array.from({ length: n }, (_, i) => baseline.run(file, { leave: !last && i === n - 1 }));
      pairs.push({ work, raw: { ms: runs.reduce((s, r) => s + r.ms, 0) / n, cpuMs: runs.reduce((s, r) => s + r.cpuMs, 0) / n } });
    } finally {
      if (!last) {
        file.close();
        for (const f of [copy, `${copy}-wal`, `${copy}-shm`]) rmSync(f, { force: true });
      }
    }
  }
  const byRatio = [...pairs].sort((x, y) => x.work.cpuMs / x.raw.cpuMs - y.work.cpuMs / y.raw.cpuMs);
  return { median: byRatio[Math.floor((byRatio.length - 1) / 2)], pairs, raw: raw! };
}

/** How a pair's baseline was taken, as the figures' notes say it. */
export const baselineRuns = (b: Bench): string => (rawRuns(b) === 1 ? 'one run' : `mean of ${rawRuns(b)}`);

/** The pairs as the figures' notes print them: CPU ms of the work ÷ its baseline, in the order they ran. */
export const pairList = (pairs: readonly Pair<Timing>[]): string => pairs.map((p) => `${Math.round(p.work.cpuMs)} ÷ ${Math.round(p.raw.cpuMs)}`).join(', ');

/** The spread of the pairs' ratios, e.g. "3.10–3.40 ×". */
export function ratioSpread(pairs: readonly Pair<Timing>[]): string {
  const r = pairs.map((p) => p.work.cpuMs / Math.max(1e-6, p.raw.cpuMs));
  return `${Math.min(...r).toFixed(2)}–${Math.max(...r).toFixed(2)} ×`;
}
