import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDb } from '../../db/open';
import type { AppContext } from '../../main/app/context';
import { runDunning } from '../../main/app/dunning';
import { inHistoryYears, yearOf } from '../../main/app/historyYears';
import { allocate } from '../../main/app/ledger';
import { runDaysUntil } from '../../main/app/scheduler';
import { generateIsp, type GenerateResult } from '../../main/demo/generate';
import { addDays } from '../../main/engine';
import { createAppFixture, type AppFixture } from './appFixtures';

// The demo / benchmark generator (main/demo/generate.ts): a small generated ISP must be a database the real
// application could have written — balances equal to the ledger, no day invoiced twice, invoiced_until in step
// with the lines, dunning already applied — and the same seed must give the same data.

const TODAY = '2025-06-15';

function ledgerMismatches(db: AppDb): unknown[] {
  return db.sqlite
    .prepare(
      `SELECT c.id, c.balance, COALESCE((SELECT SUM(CASE kind WHEN 'credit' THEN amount ELSE -amount END) FROM balance_transactions t WHERE t.customer_id = c.id), 0) AS ledger
         FROM customers c WHERE ledger <> c.balance`,
    )
    .all();
}

function overlappingLines(db: AppDb): unknown[] {
  return db.sqlite
    .prepare(
      `SELECT a.id AS a, b.id AS b, a.service_id FROM invoice_lines a JOIN invoice_lines b
          ON b.service_id = a.service_id AND b.id > a.id AND b.date_from <= a.date_to AND a.date_from <= b.date_to
        WHERE a.kind = 'recurring' AND b.kind = 'recurring'`,
    )
    .all();
}

/** Every table's rows without the wall-clock columns, for reproducibility. */
function content(db: AppDb): Record<string, string[]> {
  const tables = db.sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'customers_search%' AND name NOT LIKE '\\_\\_%' ESCAPE '\\' ORDER BY name").all() as { name: string }[];
  const out: Record<string, string[]> = {};
  for (const { name } of tables) {
    const rows = db.sqlite.prepare(`SELECT * FROM "${name}"`).all() as Record<string, unknown>[];
    out[name] = rows.map((r) => {
      const { created_at: _c, at: _a, changed_at: _n, ...rest } = r;
      return JSON.stringify(rest);
    });
  }
  return out;
}

describe('generated ISP (200 customers)', () => {
  let fx: AppFixture;
  let ctx: AppContext;
  let result: GenerateResult;

  beforeAll(() => {
    fx = createAppFixture({ today: TODAY });
    ctx = fx.ctx;
    result = generateIsp(fx.db, { customers: 200, seed: 42, today: TODAY, demo: true });
  });
  afterAll(() => fx.close());

  it('has customers in every status, services, months of invoices, payments and traffic', () => {
    expect(result.customers).toBe(200);
    expect(result.services / result.customers).toBeGreaterThan(1.2);
    expect(result.invoices).toBeGreaterThan(600);
    expect(result.payments).toBeGreaterThan(500);
    expect(result.usageRows).toBeGreaterThan(1000);
    expect(Object.keys(result.byStatus).sort()).toEqual(['active', 'blocked', 'inactive', 'new']);
    const kinds = fx.db.sqlite.prepare('SELECT DISTINCT kind FROM services ORDER BY kind').all();
    expect(kinds).toEqual([{ kind: 'custom' }, { kind: 'internet' }, { kind: 'voice' }]);
    expect(fx.db.sqlite.prepare("SELECT count(*) AS n FROM services WHERE ipv4_method = 'permanent'").get()).not.toEqual({ n: 0 });
  });

  it('is marked as a demo with its training clock on the generator’s today, processed up to yesterday', () => {
    expect(fx.call('system.info', {})).toMatchObject({ demo: true, lastProcessedDay: addDays(TODAY, -1) });
    const override = fx.db.sqlite.prepare("SELECT value FROM app_state WHERE key = 'businessDateOverride'").get() as { value: string };
    expect(JSON.parse(override.value)).toBe(TODAY);
  });

  it('keeps every balance equal to its ledger', () => {
    expect(ledgerMismatches(fx.db)).toEqual([]);
  });

  it('has allocated every payment the way the ledger would (allocate changes nothing)', () => {
    const before = fx.db.sqlite.prepare('SELECT id, paid, status FROM invoices ORDER BY id').all();
    fx.db.transaction(() => {
      for (const { id } of fx.db.sqlite.prepare('SELECT id FROM customers').all() as { id: number }[]) allocate(ctx, id);
    });
    expect(fx.db.sqlite.prepare('SELECT id, paid, status FROM invoices ORDER BY id').all()).toEqual(before);
  });

  it('never invoices a day of a service twice', () => {
    expect(overlappingLines(fx.db)).toEqual([]);
  });

  it('keeps invoiced_until at the end of each service’s last line (stopped copies inherit it)', () => {
    const wrong = fx.db.sqlite
      .prepare(
        `SELECT s.id, s.invoiced_until, s.copied_from_service_id,
                (SELECT MAX(date_to) FROM invoice_lines l WHERE l.service_id = COALESCE(s.copied_from_service_id, s.id)) AS lastLine
           FROM services s WHERE s.invoiced_until IS NOT lastLine`,
      )
      .all();
    expect(wrong).toEqual([]);
    // Invoice totals are the sums of their lines.
    const totals = fx.db.sqlite
      .prepare('SELECT i.id FROM invoices i WHERE i.total <> (SELECT SUM(total) FROM invoice_lines WHERE invoice_id = i.id)')
      .all();
    expect(totals).toEqual([]);
  });

  it('has already applied dunning up to yesterday (the real dunning run finds nothing to do)', () => {
    const counts = { blocked: 0, deactivated: 0 };
    try {
      fx.db.transaction(() => {
        runDunning(ctx, addDays(TODAY, -1), counts);
        throw new Error('rollback');
      });
    } catch (err) {
      if ((err as Error).message !== 'rollback') throw err;
    }
    expect(counts).toEqual({ blocked: 0, deactivated: 0 });
  });

  it('runs the following billing days through the real scheduler without errors, and stays consistent', () => {
    const invoicesBefore = (fx.db.sqlite.prepare('SELECT count(*) AS n FROM invoices').get() as { n: number }).n;
    const summary = runDaysUntil(ctx, addDays(TODAY, 35));
    expect(summary.days).toBe(36);
    expect(summary.invoices).toBeGreaterThan(150);
    expect((fx.db.sqlite.prepare('SELECT count(*) AS n FROM invoices').get() as { n: number }).n).toBe(invoicesBefore + summary.invoices);
    // The next runs bill the next period only: no catch-up of days the history missed.
    const catchUp = fx.db.sqlite
      .prepare(
        `SELECT l.id FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id
          WHERE i.id > ? AND l.kind = 'recurring' AND l.date_from < i.date AND l.date_from < date(?, '-1 month')`,
      )
      .all(invoicesBefore, TODAY);
    expect(catchUp).toEqual([]);
    expect(ledgerMismatches(fx.db)).toEqual([]);
    expect(overlappingLines(fx.db)).toEqual([]);
  });

  it('is refused through system.createDemo once there are customers', () => {
    expect(fx.refuse('system.createDemo', {}).code).toBe('REFUSED');
  });
});

describe('reproducibility', () => {
  it('gives the same data for the same seed and date, and other data for another seed', () => {
    const [a, b, c] = [createAppFixture(), createAppFixture(), createAppFixture()];
    try {
      generateIsp(a.db, { customers: 60, seed: 9, today: TODAY });
      generateIsp(b.db, { customers: 60, seed: 9, today: TODAY });
      generateIsp(c.db, { customers: 60, seed: 10, today: TODAY });
      const ca = content(a.db);
      expect(content(b.db)).toEqual(ca);
      expect(content(c.db).customers).not.toEqual(ca.customers);
    } finally {
      for (const f of [a, b, c]) f.close();
    }
  });

  it('keeps every index of the schema: those built after the rows (main/demo/deferredIndexes.ts) as migrated', () => {
    const [empty, generated] = [createAppFixture(), createAppFixture()];
    try {
      generateIsp(generated.db, { customers: 20, seed: 9, today: TODAY });
      const indexes = (db: AppDb) => db.sqlite.prepare("SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name").all();
      expect(indexes(generated.db)).toEqual(indexes(empty.db));
      expect(generated.db.sqlite.prepare(`EXPLAIN QUERY PLAN SELECT id FROM invoices WHERE ${inHistoryYears('invoices')} AND customer_id = 1 ORDER BY ${yearOf('invoices')}, date`).all()).toContainEqual(
        expect.objectContaining({ detail: expect.stringContaining('invoices_year_customer_idx') }),
      );
    } finally {
      for (const f of [empty, generated]) f.close();
    }
  });

  it('creates the demo through system.createDemo in an empty database', () => {
    const fx = createAppFixture({ today: TODAY });
    try {
      const r = fx.call('system.createDemo', { customers: 40 });
      expect(r).toMatchObject({ customers: 40, businessDate: TODAY, seed: 1 });
      expect(fx.call('customers.list', {}).total).toBe(40);
      expect(fx.call('system.info', {}).demo).toBe(true);
    } finally {
      fx.close();
    }
  });
});
