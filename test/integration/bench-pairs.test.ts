import { copyFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type AppDb } from '../../db/open';
import type { Bench } from '../../bench/bench';
import { seedPlanWithServices } from '../../bench/bulkSeed';
import { measureInPairs, PAIRS } from '../../bench/pairs';
import { createAppFixture, type AppFixture } from './appFixtures';

// The benchmark's pairs (bench/pairs.ts): the work runs on copies of the file and last on the file itself; the rows
// the work wrote are read once and inserted again as the baseline of every pair, then removed. The file must end as
// the work alone leaves it (the later sections go on with it), and a pair that wrote other rows must stop the run.

let fx: AppFixture;
const CUSTOMERS = 6;

beforeEach(() => {
  fx = createAppFixture({ today: '2024-01-01' });
  fx.db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
});
afterEach(() => fx.close());

const bench = (quick: boolean) => ({ db: fx.db, dir: fx.dir, reps: (full: number, q: number) => (quick ? q : full) }) as unknown as Bench;
const rowCountsOf = (db: AppDb) =>
  Object.fromEntries(
    (db.sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_stat%' ORDER BY name").all() as { name: string }[]).map(({ name }) => [
      name,
      (db.sqlite.prepare(`SELECT count(*) AS n FROM "${name}"`).get() as { n: number }).n,
    ]),
  );
const sequences = (db: AppDb) => db.sqlite.prepare('SELECT name, seq FROM sqlite_sequence ORDER BY name').all();

/** Customers with a service each and their billing day, timed as a pair's work, and the invoice rows it wrote. */
function billingDayPair(db: AppDb) {
  const max = (db.sqlite.prepare('SELECT COALESCE(MAX(id), 0) AS n FROM invoices').get() as { n: number }).n;
  const t0 = performance.now();
  seedPlanWithServices({ ...fx.ctx, db }, CUSTOMERS, { created: '2024-01-01' });
  return {
    work: { ms: performance.now() - t0, cpuMs: 1 },
    wrote: [
      { table: 'invoices', where: 'id > ?', params: [max] },
      { table: 'invoice_lines', where: 'invoice_id > ?', params: [max] },
    ],
  };
}

describe('bench pairs', () => {
  it.each([false, true])('leaves the file as the work alone would, the baseline inserted in every pair (quick %s)', (quick) => {
    // The same work once, on a copy of the file as it is now: what the pairs must leave behind.
    const alone = join(fx.dir, 'alone.sqlite');
    copyFileSync(fx.file, alone);
    const reference = openDatabase(alone);
    try {
      billingDayPair(reference);
      const m = measureInPairs(bench(quick), 'test', billingDayPair);
      expect(m.pairs).toHaveLength(PAIRS);
      expect(m.raw.counts.invoices).toBe(CUSTOMERS);
      expect(m.raw.counts.invoice_lines).toBeGreaterThanOrEqual(CUSTOMERS);
      for (const p of m.pairs) expect(p.raw.ms).toBeGreaterThan(0);
      expect(rowCountsOf(fx.db)).toEqual(rowCountsOf(reference));
      expect(sequences(fx.db)).toEqual(sequences(reference));
      expect(readdirSync(fx.dir).filter((f) => f.startsWith('test-copy'))).toEqual([]);
    } finally {
      reference.close();
    }
  });

  it('stops when a later pair wrote other rows than the first', () => {
    let k = 0;
    expect(() =>
      measureInPairs(bench(true), 'uneven', (db) => {
        const max = (db.sqlite.prepare('SELECT COALESCE(MAX(id), 0) AS n FROM audit_log').get() as { n: number }).n;
        const add = db.sqlite.prepare("INSERT INTO audit_log (business_date, actor, entity, action) VALUES ('2024-01-01', 'test', 'test', 'test')");
        for (let i = 0; i <= k; i++) add.run();
        k++;
        return { work: { ms: 1, cpuMs: 1 }, wrote: [{ table: 'audit_log', where: 'id > ?', params: [max] }] };
      }),
    ).toThrow(/uneven: pair 2 wrote \{"audit_log":2\}, the first \{"audit_log":1\}/);
  });
});
