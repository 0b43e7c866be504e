import type { AppDb } from '../../db/open';
import type { ProgressRecord, WorkKind } from '../contract/system';

// Long work shows progress (issue 18 item 12): the start-up catch-up of missed days and a restore run in steps,
// yielding to the event loop between them, and publish "step k of n" here. Renderers poll `system.progress` (the
// Electron app and the web harness alike: dispatch is the only door), so a window shows days done instead of
// freezing. One record per kind of work, per open database; nothing is stored in the file.

const registry = new WeakMap<AppDb, Map<WorkKind, ProgressRecord>>();
const listeners = new WeakMap<AppDb, Set<(work: ProgressRecord[]) => void>>();

/**
 * Hears every change of the records (issue 20): the back-end worker posts each to its host the moment it is
 * reported — postMessage is delivered while the worker goes on with the work — so `system.progress` answers from
 * the host even while the writer is busy with a synchronous billing day.
 */
export function listenProgress(db: AppDb, fn: (work: ProgressRecord[]) => void): () => void {
  let set = listeners.get(db);
  if (!set) listeners.set(db, (set = new Set()));
  set.add(fn);
  return () => set.delete(fn);
}

function announce(db: AppDb): void {
  const set = listeners.get(db);
  if (!set?.size) return;
  const work = progressOf(db);
  for (const fn of set)
    try {
      fn(work);
    } catch {
      // a host that cannot be told never stops the work
    }
}

export function reportProgress(db: AppDb, record: ProgressRecord): void {
  let byKind = registry.get(db);
  if (!byKind) registry.set(db, (byKind = new Map()));
  byKind.set(record.kind, record);
  announce(db);
}

export function clearProgress(db: AppDb, kind: WorkKind): void {
  if (registry.get(db)?.delete(kind)) announce(db);
}

/** Replaces every record at once: a read connection answering `system.progress` with the records its host holds. */
export function setProgress(db: AppDb, work: ProgressRecord[]): void {
  registry.set(db, new Map(work.map((w) => [w.kind, w])));
}

export function progressOf(db: AppDb): ProgressRecord[] {
  return [...(registry.get(db)?.values() ?? [])];
}

/** Gives the event loop a turn (pending calls, the renderer's progress polls) between two steps of long work. */
export const yieldToEventLoop = (): Promise<void> => new Promise((ok) => setImmediate(ok));

const gates = new WeakMap<AppDb, (kind: WorkKind) => Promise<void>>();

/**
 * A host may hold long work between two steps (the harness's `betweenSteps` option: a browser test holds a step to
 * see it on screen, then lets it go). Nothing else uses it.
 */
export function setStepGate(db: AppDb, gate: ((kind: WorkKind) => Promise<void>) | null): void {
  if (gate) gates.set(db, gate);
  else gates.delete(db);
}

/** Between two steps of long work: a turn of the event loop, and the host's gate if it set one. */
export async function betweenSteps(db: AppDb, kind: WorkKind): Promise<void> {
  await yieldToEventLoop();
  await gates.get(db)?.(kind);
}

const syncGates = new WeakMap<AppDb, (kind: WorkKind) => void>();

/**
 * A gate for work that cannot yield (a billing day is one transaction): only a back end in a worker thread sets one
 * (it blocks that thread until its host lets it go, main/backend/worker.ts), so a test can hold a billing day
 * half-way and see reads answer meanwhile. In one thread nothing could let it go, so inline hosts never set it.
 */
export function setSyncStepGate(db: AppDb, gate: ((kind: WorkKind) => void) | null): void {
  if (gate) syncGates.set(db, gate);
  else syncGates.delete(db);
}

/** Progress of synchronous long work, every so many items: the record, then the thread's gate if one is set. */
export function reportStep(db: AppDb, record: ProgressRecord): void {
  reportProgress(db, record);
  syncGates.get(db)?.(record.kind);
}

/**
 * Maps the items of long work done in one go (a bulk chunk, a CSV import) with a progress record every
 * `every` items — only when there are more than that — and clears the record when done, whatever happened.
 */
export function mapWithProgress<T, R>(db: AppDb, work: { kind: WorkKind; title: string; step: string; every: number }, items: readonly T[], fn: (item: T, i: number) => R): R[] {
  const out: R[] = [];
  forEachStepWithProgress(db, work, items, (step, start) => step.forEach((item, k) => out.push(fn(item, start + k))));
  return out;
}

/**
 * The same for work done a step of `every` items at a time (the billing day plans a step's invoices, then posts
 * them): the record before each step — only when there are more items than one step — cleared when done.
 */
export function forEachStepWithProgress<T>(
  db: AppDb,
  work: { kind: WorkKind; title: string; step: string; every: number },
  items: readonly T[],
  fn: (step: readonly T[], start: number) => void,
): void {
  if (items.length <= work.every) {
    if (items.length) fn(items, 0);
    return;
  }
  try {
    for (let i = 0; i < items.length; i += work.every) {
      reportStep(db, { kind: work.kind, title: work.title, done: i, total: items.length, step: work.step });
      fn(items.slice(i, i + work.every), i);
    }
  } finally {
    clearProgress(db, work.kind);
  }
}
