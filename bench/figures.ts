import os from 'node:os';

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
