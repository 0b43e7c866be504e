import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { getAppState } from '../../db/appState';
import { openDatabase, type AppDb } from '../../db/open';
import { fixedClock } from '../../main/app/context';
import { startDayBoundary } from '../../main/hosts/dayBoundary';
import { startWebHarness } from '../../main/hosts/web';

// The hosts' day boundary (decision 15): catch up at start, then once per business-date change, never twice.

const cleanup: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()!();
});

function tempDb(): { db: AppDb; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'isp-boundary-'));
  const db = openDatabase(join(dir, 'db.sqlite'));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  return { db, dir };
}

describe('day boundary', () => {
  it('catches up at start, runs each new business date once, and ignores ticks on the same date', () => {
    const { db } = tempDb();
    let today = '2022-01-11';
    const runs: string[] = [];
    const boundary = startDayBoundary({ db, today: () => today, intervalMs: 3_600_000, onRun: (_s, d) => runs.push(d) });
    cleanup.push(() => void db.sqlite.close(), () => boundary.stop());
    expect(getAppState(db, 'scheduler.lastProcessedDay')).toBe('2022-01-10');
    expect(getAppState(db, 'scheduler.lastStartedDay')).toBe('2022-01-11');
    expect(boundary.check()).toBeNull();
    today = '2022-01-14';
    expect(boundary.check()?.days).toBe(3);
    expect(getAppState(db, 'scheduler.lastProcessedDay')).toBe('2022-01-13');
    expect(boundary.check(true)?.days).toBe(0);
    expect(runs).toEqual(['2022-01-11', '2022-01-14', '2022-01-14']);
  });

  it('never throws into the host: a failure is reported and retried on the next tick', () => {
    const { db } = tempDb();
    const errors: unknown[] = [];
    const boundary = startDayBoundary({ db, today: () => 'not a date', intervalMs: 3_600_000, onError: (e) => errors.push(e) });
    cleanup.push(() => void db.sqlite.close(), () => boundary.stop());
    expect(errors).toHaveLength(1);
  });

  it('the web harness runs it only when asked', async () => {
    const { dir } = tempDb();
    const off = await startWebHarness({ dbFile: join(dir, 'off.sqlite'), port: 0, clock: fixedClock('2022-01-11') });
    expect(getAppState(off.db, 'scheduler.lastProcessedDay')).toBeNull();
    await off.close();
    const on = await startWebHarness({ dbFile: join(dir, 'on.sqlite'), port: 0, clock: fixedClock('2022-01-11'), scheduler: true });
    expect(getAppState(on.db, 'scheduler.lastProcessedDay')).toBe('2022-01-10');
    await on.close();
  });
});
