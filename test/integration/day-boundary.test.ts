import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { getAppState } from '../../db/appState';
import { openDatabase, type AppDb } from '../../db/open';
import { fixedClock } from '../../main/app/context';
import { dispatch } from '../../main/app/dispatch';
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
  it('catches up at start, runs each new business date once, and ignores ticks on the same date', async () => {
    const { db } = tempDb();
    let today = '2022-01-11';
    const runs: string[] = [];
    const boundary = startDayBoundary({ db, today: () => today, intervalMs: 3_600_000, onRun: (_s, d) => runs.push(d) });
    cleanup.push(() => void db.sqlite.close(), () => boundary.stop());
    await boundary.ready;
    expect(getAppState(db, 'scheduler.lastProcessedDay')).toBe('2022-01-10');
    expect(getAppState(db, 'scheduler.lastStartedDay')).toBe('2022-01-11');
    expect(boundary.check()).toBeNull();
    today = '2022-01-14';
    expect(boundary.check()?.days).toBe(3);
    expect(getAppState(db, 'scheduler.lastProcessedDay')).toBe('2022-01-13');
    expect(boundary.check(true)?.days).toBe(0);
    expect(runs).toEqual(['2022-01-11', '2022-01-14', '2022-01-14']);
  });

  it('never throws into the host: a failure is reported and retried on the next tick', async () => {
    const { db } = tempDb();
    const errors: unknown[] = [];
    const boundary = startDayBoundary({ db, today: () => 'not a date', intervalMs: 3_600_000, onError: (e) => errors.push(e) });
    cleanup.push(() => void db.sqlite.close(), () => boundary.stop());
    await boundary.ready;
    expect(errors).toHaveLength(1);
  });

  it('the web harness runs it only when asked', async () => {
    const { dir } = tempDb();
    const off = await startWebHarness({ dbFile: join(dir, 'off.sqlite'), port: 0, clock: fixedClock('2022-01-11') });
    expect(getAppState(off.db, 'scheduler.lastProcessedDay')).toBeNull();
    await off.close();
    const on = await startWebHarness({ dbFile: join(dir, 'on.sqlite'), port: 0, clock: fixedClock('2022-01-11'), scheduler: true });
    await on.ready;
    expect(getAppState(on.db, 'scheduler.lastProcessedDay')).toBe('2022-01-10');
    await on.close();
  });

  it('catches up day by day at start, publishing day k of n in system.progress, each day once', async () => {
    const { db } = tempDb();
    db.transaction(() => {
      db.sqlite.prepare("INSERT INTO app_state (key, value) VALUES ('scheduler.lastProcessedDay', '\"2022-01-05\"')").run();
    });
    const seen: { done: number; total: number; step: string }[] = [];
    const boundary = startDayBoundary({ db, today: () => '2022-01-11', intervalMs: 3_600_000 });
    cleanup.push(() => void db.sqlite.close(), () => boundary.stop());
    // Poll between the days as the renderer does (each poll is a turn of the event loop).
    let summary: unknown = undefined;
    void boundary.ready.then((s) => (summary = s));
    while (summary === undefined) {
      const r = dispatch({ db, clock: fixedClock('2022-01-11'), actor: { kind: 'anonymous' } }, 'system.progress', {});
      if (r.ok) for (const w of r.data.work) if (w.kind === 'catchUp') seen.push({ done: w.done, total: w.total, step: w.step });
      await new Promise((ok) => setImmediate(ok));
    }
    expect((summary as { days: number }).days).toBe(5);
    expect(seen.map((s) => s.step)).toEqual(['2022-01-06', '2022-01-07', '2022-01-08', '2022-01-09', '2022-01-10']);
    expect(seen.map((s) => `${s.done}/${s.total}`)).toEqual(['0/5', '1/5', '2/5', '3/5', '4/5']);
    expect(getAppState(db, 'scheduler.lastProcessedDay')).toBe('2022-01-10');
    const r = dispatch({ db, clock: fixedClock('2022-01-11'), actor: { kind: 'anonymous' } }, 'system.progress', {});
    expect(r.ok && r.data.work).toEqual([]);
  });
});
