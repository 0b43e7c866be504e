import Database from 'better-sqlite3';
import { afterEach, expect, test } from 'vitest';
import { PendingRows } from '../../main/app/prepared';

// A bulk change's chunk keeps some rows (audit entries, first statuses) for its end: each must get the id, and keep
// the place, one INSERT at the time would have given it, also when a row of the same table is written directly
// meanwhile (through the table's one write path, which writes the kept rows first).

const dbs: Database.Database[] = [];
afterEach(() => dbs.splice(0).forEach((d) => d.close()));

function table() {
  const sqlite = new Database(':memory:');
  dbs.push(sqlite);
  sqlite.exec('CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, v TEXT NOT NULL)');
  sqlite.prepare("INSERT INTO t (v) VALUES ('old')").run();
  sqlite.prepare('DELETE FROM t').run(); // AUTOINCREMENT: the next id is 2, not 1
  const db = { sqlite };
  const direct = (v: string) => {
    PendingRows.writeFirst(db, 't');
    return Number(sqlite.prepare('INSERT INTO t (v) VALUES (?)').run(v).lastInsertRowid);
  };
  const rows = () => sqlite.prepare('SELECT id, v FROM t ORDER BY id').all();
  return { db, sqlite, direct, rows };
}

test('kept rows get the ids and places of one INSERT each, around rows written directly', () => {
  const { db, direct, rows } = table();
  const kept = new PendingRows('t', ['v']);
  const ids = [kept.add(db, ['a']), kept.add(db, ['b']), direct('c'), kept.add(db, ['d'])];
  kept.flush(db);
  expect(ids).toEqual([2, 3, 4, 5]);
  expect(rows()).toEqual([
    { id: 2, v: 'a' },
    { id: 3, v: 'b' },
    { id: 4, v: 'c' },
    { id: 5, v: 'd' },
  ]);
  kept.flush(db); // nothing left to write
  expect(rows()).toHaveLength(4);
});

test('discarded rows are never written, and a row written past the batch fails its flush', () => {
  const { db, sqlite, direct, rows } = table();
  const kept = new PendingRows('t', ['v']);
  kept.add(db, ['rolled back']);
  kept.discard(db);
  expect(direct('x')).toBe(2);
  expect(rows()).toEqual([{ id: 2, v: 'x' }]);
  kept.add(db, ['y']);
  sqlite.prepare("INSERT INTO t (v) VALUES ('not through the write path')").run();
  expect(() => kept.flush(db)).toThrow(/did not get the ids/);
});
