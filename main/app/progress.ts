import type { AppDb } from '../../db/open';
import type { ProgressRecord, WorkKind } from '../contract/system';

// Long work shows progress (issue 18 item 12): the start-up catch-up of missed days and a restore run in steps,
// yielding to the event loop between them, and publish "step k of n" here. Renderers poll `system.progress` (the
// Electron app and the web harness alike: dispatch is the only door), so a window shows days done instead of
// freezing. One record per kind of work, per open database; nothing is stored in the file.

const registry = new WeakMap<AppDb, Map<WorkKind, ProgressRecord>>();

export function reportProgress(db: AppDb, record: ProgressRecord): void {
  let byKind = registry.get(db);
  if (!byKind) registry.set(db, (byKind = new Map()));
  byKind.set(record.kind, record);
}

export function clearProgress(db: AppDb, kind: WorkKind): void {
  registry.get(db)?.delete(kind);
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
