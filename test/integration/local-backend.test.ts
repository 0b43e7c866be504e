import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lockFileOf } from '../../db/lock';
import { openDatabase } from '../../db/open';
import { BILLING_PROGRESS_EVERY } from '../../main/app/billingRun';
import { createLocalBackend, type LocalBackend, type LocalBackendOptions } from '../../main/backend/local';
import type { BackendEvent } from '../../main/backend/types';
import type { Result } from '../../main/contract/errors';
import type { WorkKind } from '../../main/contract/system';
import { generateIsp } from '../../main/demo/generate';
import { tempDir } from './dbFixtures';

// Issue 20 item 1: the back end in worker threads. A billing day held half-way in the writer (its step gate blocks
// the writer thread) while the reader answers a search and system.progress; a writer that dies answers every call
// with a coded error; close() releases the instance lock. No timing: only the order in which answers arrive.

const TODAY = '2025-07-01'; // every generated customer bills on the 1st; the days before are already run
const tmp = tempDir();
const seeded = join(tmp.dir, 'seeded.sqlite');

/** Holds the first step of a kind of work until released; `reached` settles when the work is held there. */
function holdOnce(kind: WorkKind) {
  let reached!: () => void;
  let release!: () => void;
  const atGate = new Promise<void>((ok) => (reached = ok));
  const released = new Promise<void>((ok) => (release = ok));
  let armed = true;
  return {
    gate: async (k: WorkKind) => {
      if (k !== kind || !armed) return;
      armed = false;
      reached();
      await released;
    },
    atGate,
    release,
  };
}

const options = (dbFile: string): LocalBackendOptions => ({ dbFile, mode: 'worker', businessDate: '2025-07-02', staffAuth: false, implicitStaff: { kind: 'staff', name: 'test' } });
const call = (b: LocalBackend, channel: string, input: unknown = {}) => b.call({ channel, input, source: 'test' });
/** the answer's data, or its error (so a failed call shows in the assertion) */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const dataOf = (r: Result<unknown>): any => (r.ok ? r.data : r.error);

beforeAll(() => {
  const db = openDatabase(seeded);
  generateIsp(db, { customers: 400, seed: 3, today: TODAY, months: 1, billingDay: 1, usageDays: 1 });
  db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
}, 120_000);
afterAll(() => tmp.cleanup());

describe('the local back end in worker threads', () => {
  it('answers a search and system.progress from the reader while the writer is held inside a billing day; close() releases the lock', async () => {
    const file = join(tmp.dir, 'billing.sqlite');
    copyFileSync(seeded, file);
    const hold = holdOnce('billingDay');
    const backend = await createLocalBackend(options(file), { betweenSteps: hold.gate });
    const events: BackendEvent[] = [];
    backend.subscribe((e) => events.push(e));
    try {
      expect(backend.mode).toBe('worker');
      expect(dataOf(await call(backend, 'system.info'))).toMatchObject({ readOnly: false, businessDate: '2025-07-02' });
      const order: string[] = [];
      const write = call(backend, 'days.runUntil', { until: TODAY }).then((r) => (order.push('write'), r));
      await hold.atGate; // the writer thread is blocked inside the day's transaction
      const search = await call(backend, 'customers.list', { search: 'a', page: 1, pageSize: 10 }).then((r) => (order.push('search'), r));
      expect(search.ok).toBe(true);
      const progress = await call(backend, 'system.progress');
      expect(order).toEqual(['search']);
      const held = dataOf(progress).work as { kind: string; done: number; total: number }[];
      expect(held).toEqual([expect.objectContaining({ kind: 'billingDay', done: 0 })]);
      expect(held[0].total).toBeGreaterThan(BILLING_PROGRESS_EVERY);
      hold.release();
      const run = await write;
      expect(order).toEqual(['search', 'write']);
      expect(run).toMatchObject({ ok: true, data: { days: 1 } });
      expect(dataOf(run).invoices).toBeGreaterThan(BILLING_PROGRESS_EVERY);
      // every record went out as it was reported (0, 500, …) and the last event says nothing is under way
      const reported = events.flatMap((e) => (e.kind === 'progress' ? [e.work.map((w) => `${w.kind} ${w.done}`).join()] : []));
      expect(reported).toEqual(['billingDay 0', `billingDay ${BILLING_PROGRESS_EVERY}`, '']);
      expect(dataOf(await call(backend, 'system.progress'))).toEqual({ work: [] });
      // the reader sees the day's commit
      expect(dataOf(await call(backend, 'system.info'))).toMatchObject({ lastProcessedDay: TODAY });
      // portal sessions live in the writer's memory: a portal call finds the session staff opened, until it ends
      const portal = dataOf(await call(backend, 'portal.open', { customerId: 1 })) as { token: string };
      const asCustomer = (channel: string) => backend.call({ channel, input: {}, portalToken: portal.token, source: 'test' });
      expect(dataOf(await asCustomer('portal.session'))).toMatchObject({ customerId: 1 });
      expect((await asCustomer('portal.signOut')).ok).toBe(true);
      expect(dataOf(await asCustomer('portal.session'))).toMatchObject({ code: 'FORBIDDEN' });
    } finally {
      await backend.close();
    }
    expect(existsSync(lockFileOf(file))).toBe(false);
    const again = await createLocalBackend({ ...options(file), mode: 'inline' });
    expect(again.readOnly).toBe(false);
    await again.close();
  });

  it('a writer thread that dies answers the call it was running and every later call with a coded error, never a hang', async () => {
    const file = join(tmp.dir, 'crash.sqlite');
    copyFileSync(seeded, file);
    const hold = holdOnce('billingDay');
    const backend = await createLocalBackend(options(file), { betweenSteps: hold.gate });
    const write = call(backend, 'days.runUntil', { until: TODAY });
    await hold.atGate;
    await backend.threads!.writer.terminate();
    const stopped = { ok: false, error: expect.objectContaining({ code: 'INTERNAL', details: { backendStopped: true } }) };
    expect(await write).toEqual(stopped);
    expect(await call(backend, 'customers.list', { page: 1, pageSize: 10 })).toEqual(stopped);
    await backend.close();
    expect(existsSync(lockFileOf(file))).toBe(false);
    // nothing of the day was committed: it runs whole on the next start
    const db = openDatabase(file, { readonly: true });
    expect(db.sqlite.prepare("SELECT value FROM app_state WHERE key = 'scheduler.lastProcessedDay'").get()).toEqual({ value: JSON.stringify('2025-06-30') });
    db.close();
  });
});
