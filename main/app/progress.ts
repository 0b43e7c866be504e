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
