import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { openDatabase, type AppDb } from '../../db/open';
import type { Actor, AppContext, Clock } from '../../main/app/context';
import { dispatch } from '../../main/app/dispatch';
import { addDays } from '../../main/engine';
import type { AppErrorData, ChannelName, InputOf, OutputOf } from '../../main/contract';

// Application-layer tests on a real, migrated SQLite file in a throw-away folder, called through dispatch the
// way every host does. The clock is settable so a test can move the business date between steps.

export interface SettableClock extends Clock {
  set(date: string): void;
  /** moves today by n days (negative goes back) */
  advance(days: number): string;
}

export function settableClock(date: string): SettableClock {
  let today = date;
  return {
    today: () => today,
    set: (d) => void (today = d),
    advance: (n) => (today = addDays(today, n)),
  };
}

export interface AppFixture {
  dir: string;
  file: string;
  db: AppDb;
  clock: SettableClock;
  /** staff "tester" unless another actor is given */
  ctx: AppContext;
  as(actor: Actor): AppContext;
  /** dispatch that must succeed: returns the data, or fails the test with the error */
  call<C extends ChannelName>(channel: C, input: InputOf<C>, ctx?: AppContext): OutputOf<C>;
  /** dispatch that must be refused: returns the error */
  refuse<C extends ChannelName>(channel: C, input: InputOf<C>, ctx?: AppContext): AppErrorData;
  /** every row of every table, for "nothing was written" checks */
  dump(): Record<string, string[]>;
  close(): void;
}

export function createAppFixture(opts: { today?: string; actor?: Actor } = {}): AppFixture {
  const dir = mkdtempSync(join(tmpdir(), 'isp-app-test-'));
  const file = join(dir, 'app.sqlite');
  const db = openDatabase(file);
  const clock = settableClock(opts.today ?? '2022-01-10');
  const as = (actor: Actor): AppContext => ({ db, clock, actor });
  const ctx = as(opts.actor ?? { kind: 'staff', name: 'tester' });
  return {
    dir,
    file,
    db,
    clock,
    ctx,
    as,
    call(channel, input, c = ctx) {
      const res = dispatch(c, channel, input);
      if (!res.ok) expect.fail(`${channel} refused: ${res.error.code} ${res.error.message} ${JSON.stringify(res.error.fields ?? {})}`);
      return res.data;
    },
    refuse(channel, input, c = ctx) {
      const res = dispatch(c, channel, input);
      if (res.ok) expect.fail(`${channel} was expected to be refused but answered ${JSON.stringify(res.data).slice(0, 300)}`);
      return res.error;
    },
    dump: () => dumpTables(db),
    close() {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Every row of every table (FTS shadow tables included), sorted, as JSON strings. */
export function dumpTables(db: AppDb): Record<string, string[]> {
  const tables = db.sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[];
  const out: Record<string, string[]> = {};
  for (const { name } of tables) {
    const rows = db.sqlite.prepare(`SELECT * FROM "${name.replace(/"/g, '""')}"`).all();
    out[name] = rows.map((r) => JSON.stringify(r)).sort();
  }
  return out;
}

/** Asserts that fn is refused with `code` (and the named field when given) and that no table changed. */
export function expectRefusedUnchanged(fx: AppFixture, fn: () => AppErrorData, code: AppErrorData['code'], field?: string): AppErrorData {
  const before = fx.dump();
  const err = fn();
  expect(err.code, err.message).toBe(code);
  if (field) expect(Object.keys(err.fields ?? {}), err.message).toContain(field);
  expect(fx.dump()).toEqual(before);
  return err;
}
