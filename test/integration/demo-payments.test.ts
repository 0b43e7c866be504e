import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { payingHabit } from '../../main/app/demoPayments';
import { createAppFixture, type AppFixture } from './appFixtures';

// Issue 18 item 9: a demo database's customers pay while the training clock moves (most on time, some late, a few
// never), through the real payment path, the same way every time — so after months the demo is still a living ISP.

const TODAY = '2025-03-10';
const DAYS = 75;

interface Outcome {
  before: Record<string, number>;
  after: Record<string, number>;
  payments: { customerId: number; date: string; amount: number }[];
  statuses: { id: number; status: string }[];
}

function advancedDemo(): Outcome & { fx: AppFixture } {
  const fx = createAppFixture({ today: TODAY });
  const created = fx.call('system.createDemo', { customers: 120, seed: 5 });
  const firstPayment = (fx.db.sqlite.prepare('SELECT COALESCE(MAX(id), 0) AS id FROM payments').get() as { id: number }).id;
  fx.call('days.advance', { days: DAYS });
  const statuses = fx.db.sqlite.prepare('SELECT id, status FROM customers ORDER BY id').all() as Outcome['statuses'];
  const after: Record<string, number> = {};
  for (const s of statuses) after[s.status] = (after[s.status] ?? 0) + 1;
  const payments = fx.db.sqlite
    .prepare('SELECT customer_id AS customerId, date, amount FROM payments WHERE id > ? ORDER BY id')
    .all(firstPayment) as Outcome['payments'];
  return { fx, before: created.byStatus, after, payments, statuses };
}

describe(`a demo ISP advanced ${DAYS} days on the training clock`, () => {
  let a: Outcome & { fx: AppFixture };
  beforeAll(() => {
    a = advancedDemo();
  });
  afterAll(() => a?.fx.close());

  it('keeps most customers active: they paid', () => {
    const total = a.statuses.length;
    expect(a.payments.length).toBeGreaterThan(total); // more than one month of payments
    expect(a.after.active).toBeGreaterThanOrEqual(a.before.active * 0.9);
    expect(a.after.active / total).toBeGreaterThan(0.6);
  });

  it('pays through the payment path: ledger entries, balances equal to the ledger, audited on the day paid', () => {
    const mismatches = a.fx.db.sqlite
      .prepare(
        `SELECT c.id FROM customers c WHERE c.balance <> COALESCE((SELECT SUM(CASE kind WHEN 'credit' THEN amount ELSE -amount END)
           FROM balance_transactions t WHERE t.customer_id = c.id), 0)`,
      )
      .all();
    expect(mismatches).toEqual([]);
    const unlinked = a.fx.db.sqlite.prepare('SELECT p.id FROM payments p WHERE NOT EXISTS (SELECT 1 FROM balance_transactions t WHERE t.payment_id = p.id)').all();
    expect(unlinked).toEqual([]);
    const audited = a.fx.db.sqlite
      .prepare("SELECT business_date AS date FROM audit_log WHERE entity = 'payment' AND business_date >= ? ORDER BY id")
      .all(TODAY) as { date: string }[];
    expect(audited.map((r) => r.date)).toEqual(a.payments.map((p) => p.date));
  });

  it('has late payers (some Blocked on the way and reactivated) and customers who never pay', () => {
    const late = a.fx.db.sqlite
      .prepare(
        `SELECT count(DISTINCT p.id) AS n FROM payments p JOIN balance_transactions t ON t.payment_id = p.id
           JOIN invoices i ON i.customer_id = p.customer_id AND i.status = 'paid' AND p.note LIKE 'Demo%' AND p.date > i.due_date AND i.date >= ?`,
      )
      .get(TODAY) as { n: number };
    expect(late.n).toBeGreaterThan(0);
    const reactivated = a.fx.db.sqlite.prepare("SELECT count(*) AS n FROM audit_log WHERE entity = 'customer' AND action = 'status blocked → active'").get() as { n: number };
    expect(reactivated.n).toBeGreaterThan(0);
    const never = a.statuses.filter((s) => payingHabit(s.id) === 'never').map((s) => s.id);
    expect(never.length).toBeGreaterThan(0);
    expect(a.payments.filter((p) => never.includes(p.customerId))).toEqual([]);
    expect(a.statuses.filter((s) => never.includes(s.id) && s.status !== 'new' && s.status !== 'active').length).toBeGreaterThan(0);
  });

  it('gives the same payments and statuses the second time', () => {
    const b = advancedDemo();
    try {
      expect(b.payments).toEqual(a.payments);
      expect(b.statuses).toEqual(a.statuses);
    } finally {
      b.fx.close();
    }
  });

  it('pays nothing in a live database', () => {
    const fx = createAppFixture({ today: TODAY });
    try {
      fx.call('system.createDemo', { customers: 20, seed: 5 });
      fx.db.sqlite.prepare("UPDATE app_state SET value = 'false' WHERE key = 'demo'").run();
      const before = (fx.db.sqlite.prepare('SELECT count(*) AS n FROM payments').get() as { n: number }).n;
      fx.call('days.runUntil', { until: TODAY });
      fx.clock.set('2025-04-30');
      fx.call('days.runUntil', { until: '2025-04-29' });
      expect((fx.db.sqlite.prepare('SELECT count(*) AS n FROM payments').get() as { n: number }).n).toBe(before);
    } finally {
      fx.close();
    }
  });
});
