import type { AppDb } from '../../db/open';
import type { ChangeEvent } from '../backend/types';
import { STEP_SETTLE_MS } from '../contract/changes';

// Push of changes (issue 20 item 2): whatever commits a change on a database announces it here — dispatch after a
// write channel answered ok, the day runs, the network outbox, the accounting import — and the host that holds the
// database forwards it to every open screen (Electron windows, browser tabs, seats). Announced after commit only:
// a screen that refetches on the event must find the change already there.

const listeners = new WeakMap<AppDb, Set<(e: ChangeEvent) => void>>();

export function listenChanges(db: AppDb, fn: (e: ChangeEvent) => void): () => void {
  let set = listeners.get(db);
  if (!set) listeners.set(db, (set = new Set()));
  set.add(fn);
  return () => set.delete(fn);
}

const settling = new WeakMap<AppDb, Map<string, ReturnType<typeof setTimeout>>>();

/**
 * What a write channel (`key`) changed. A step of work done in steps (`unlessFollowed`) is announced STEP_SETTLE_MS
 * after it unless another step of the same channel comes first; the last step's own announcement replaces it.
 */
export function announceWrite(db: AppDb, key: string, event: Omit<ChangeEvent, 'kind'> & { unlessFollowed?: true }): void {
  let timers = settling.get(db);
  if (!timers) settling.set(db, (timers = new Map()));
  const pending = timers.get(key);
  if (pending !== undefined) clearTimeout(pending);
  timers.delete(key);
  const { unlessFollowed, ...change } = event;
  if (!unlessFollowed) return announceChange(db, change);
  const timer = setTimeout(() => {
    timers.delete(key);
    announceChange(db, change);
  }, STEP_SETTLE_MS);
  timer.unref?.();
  timers.set(key, timer);
}

export function announceChange(db: AppDb, event: Omit<ChangeEvent, 'kind'>): void {
  const set = listeners.get(db);
  if (!set || event.areas.length === 0) return;
  const e: ChangeEvent = { kind: 'changed', ...event };
  for (const fn of set)
    try {
      fn(e);
    } catch {
      // a screen that cannot be told never undoes a committed change
    }
}
