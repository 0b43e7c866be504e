import { readFileSync } from 'node:fs';
import os from 'node:os';
import v8 from 'node:v8';
import vm from 'node:vm';

// Figures of the benchmark: each with its budget, printed as a table and written to bench/results.json.

export interface Figure {
  name: string;
  value: number;
  unit: string;
  /** the figure must be ≤ budget (null: informational, no budget) */
  budget: number | null;
  ok: boolean;
  note?: string;
}

export interface Machine {
  cpu: string;
  cores: number;
  node: string;
  platform: string;
  memoryGb: number;
}

export function machine(): Machine {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    node: process.version,
    platform: `${process.platform} ${os.release()} ${process.arch}`,
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
  };
}

export const round = (v: number, digits = 2): number => Math.round(v * 10 ** digits) / 10 ** digits;

export function figure(name: string, value: number, unit: string, budget: number | null, note?: string): Figure {
  return { name, value: round(value), unit, budget, ok: budget === null || value <= budget, ...(note ? { note } : {}) };
}

/** p-th percentile (0–100) of durations, nearest-rank. */
export function percentile(values: readonly number[], p: number): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

/** Milliseconds fn takes (high-resolution). */
export function timeMs<T>(fn: () => T): { ms: number; value: T } {
  const t0 = performance.now();
  const value = fn();
  return { ms: performance.now() - t0, value };
}

/**
 * Wall time and this process's CPU time (user + system) of fn. On a machine shared with other work the wall time
 * swings with the load; the CPU time far less, so budgets that compare two pieces of work use it.
 */
export function measure<T>(fn: () => T): { ms: number; cpuMs: number; value: T } {
  const c0 = process.cpuUsage();
  const { ms, value } = timeMs(fn);
  const u = process.cpuUsage(c0);
  return { ms, cpuMs: (u.user + u.system) / 1000, value };
}

/** The same for async work (the start-up through a browser). */
export async function measureAsync<T>(fn: () => Promise<T>): Promise<{ ms: number; cpuMs: number; value: T }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await fn();
  const ms = performance.now() - t0;
  const u = process.cpuUsage(c0);
  return { ms, cpuMs: (u.user + u.system) / 1000, value };
}

export const median = (values: readonly number[]): number => percentile(values, 50);

/**
 * A throughput budget: the work ÷ a baseline measured in the same run on the same file, in CPU time (what holds on a
 * busy machine), the wall-time ratio in the note. Both sides are { ms, cpuMs } of `measure`.
 */
export function ratio(name: string, work: { ms: number; cpuMs: number }, baseline: { ms: number; cpuMs: number }, budget: number | null, note?: string): Figure {
  const cpu = work.cpuMs / Math.max(1e-6, baseline.cpuMs);
  const wall = work.ms / Math.max(1e-6, baseline.ms);
  return figure(name, cpu, '× CPU', budget, `CPU ${fmtMs(work.cpuMs)} ÷ ${fmtMs(baseline.cpuMs)}; wall ${fmtMs(work.ms)} ÷ ${fmtMs(baseline.ms)} = ${round(wall)} ×${note ? `; ${note}` : ''}`);
}

export const fmtMs = (ms: number): string => (ms >= 1000 ? `${round(ms / 1000)} s` : `${round(ms, ms >= 10 ? 0 : 2)} ms`);

export function table(figures: readonly Figure[]): string {
  const rows = figures.map((f) => [
    f.name,
    `${fmt(f.value)} ${f.unit}`,
    f.budget === null ? '—' : `≤ ${fmt(f.budget)} ${f.unit}`,
    f.budget === null ? 'info' : f.ok ? 'ok' : 'OVER',
    f.note ?? '',
  ]);
  const head = ['Figure', 'Value', 'Budget', '', 'Note'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

function fmt(v: number): string {
  if (Math.abs(v) >= 100) return String(Math.round(v));
  if (Math.abs(v) >= 10) return v.toFixed(1);
  return v.toFixed(2);
}

/** Peak memory: the largest RSS sampled at each step, and the kernel's own maximum. */
export class MemoryWatch {
  private peak = 0;
  sample(): number {
    const rss = process.memoryUsage().rss;
    if (rss > this.peak) this.peak = rss;
    return rss;
  }
  peakMb(): { sampled: number; maxRss: number } {
    this.sample();
    // resourceUsage().maxRSS is in kilobytes.
    return { sampled: this.peak / 2 ** 20, maxRss: process.resourceUsage().maxRSS / 1024 };
  }
}

let gc: (() => void) | null = null;
/** Below this much JavaScript heap a collection cannot take the process near its budget, and it costs 0.1–0.3 s. */
const COLLECT_ABOVE_MB = 256;
/**
 * A full garbage collection between pieces of work (never inside a timed one), when the heap holds more than
 * COLLECT_ABOVE_MB. V8 lets garbage pile up while the heap has room to grow: at 100 000 customers the garbage of three
 * billing days (≈ 200 MB each) put the process's peak RSS anywhere from 0.8 to 1.26 GB for the same code.
 */
export function collectGarbage(): void {
  if (process.memoryUsage().heapUsed < COLLECT_ABOVE_MB * 2 ** 20) return;
  if (!gc) {
    const exposed = (globalThis as { gc?: () => void }).gc;
    if (exposed) gc = exposed;
    else {
      v8.setFlagsFromString('--expose-gc'); // gives a new context the gc() function (node is not started with the flag)
      gc = vm.runInNewContext('gc') as () => void;
    }
  }
  gc();
}

/** CPU seconds of this process. */
export function cpuSecondsOwn(): number {
  const own = process.cpuUsage();
  return (own.user + own.system) / 1e6;
}

/** CPU seconds of the children this process waited for, where the system tells it (Linux /proc; elsewhere 0). */
export function cpuSecondsOfChildren(): number {
  try {
    // /proc/self/stat: fields after the command's closing parenthesis; cutime and cstime are the 14th and 15th of them.
    const after = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
    return (Number(after[13]) + Number(after[14])) / 100;
  } catch {
    return 0;
  }
}

/**
 * CPU seconds of this process and of the children it waited for (the generator, bench/radius.ts): the run's length
 * on a machine shared with other work.
 */
export const cpuSecondsWithChildren = (): number => cpuSecondsOwn() + cpuSecondsOfChildren();
