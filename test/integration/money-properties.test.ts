import fc from 'fast-check';
import { afterEach, describe, expect, test } from 'vitest';
import { runDaysUntil, runEndOfDay, runStartOfDay } from '../../main/app/scheduler';
import { dispatch } from '../../main/app/dispatch';
import { addDays } from '../../main/engine';
import { invariantProblems } from '../helpers/dbInvariants';
import { createAppFixture, dumpTables, expectRefusedUnchanged, type AppFixture } from './appFixtures';

// Money is conserved whatever staff do, in any order: the cached balance always equals the ledger, the ledger
// equals the documents, credit is always allocated as far as it goes, and a day run twice changes nothing.

let fx: AppFixture | undefined;
afterEach(() => fx?.close());

function invariants(f: AppFixture, customerId: number): void {
  const db = f.db.sqlite;
  const { balance } = db.prepare('SELECT balance FROM customers WHERE id = ?').get(customerId) as { balance: number };
  const ledger = db
    .prepare("SELECT COALESCE(SUM(CASE kind WHEN 'credit' THEN amount ELSE -amount END), 0) AS b FROM balance_transactions WHERE customer_id = ?")
    .get(customerId) as { b: number };
  expect(balance).toBe(ledger.b);
  const docs = db
    .prepare(
      `SELECT (SELECT COALESCE(SUM(amount), 0) FROM payments WHERE customer_id = @c)
            + (SELECT COALESCE(SUM(total), 0) FROM credit_notes WHERE customer_id = @c)
            - (SELECT COALESCE(SUM(total), 0) FROM invoices WHERE customer_id = @c) AS b`,
    )
    .get({ c: customerId }) as { b: number };
  expect(balance).toBe(docs.b);
  const { owed } = db
    .prepare("SELECT COALESCE(SUM(total - paid), 0) AS owed FROM invoices WHERE customer_id = ? AND status IN ('unpaid', 'partiallyPaid')")
    .get(customerId) as { owed: number };
  // Decision 11: free credit always settles what is owed, so what is still owed is exactly the negative balance.
  expect(owed).toBe(Math.max(0, -balance));
  const bad = db.prepare('SELECT COUNT(*) AS n FROM invoices WHERE paid < 0 OR paid > total').get() as { n: number };
  expect(bad.n).toBe(0);
}

type Op =
  | { kind: 'pay'; cents: number }
  | { kind: 'oneTime'; cents: number }
  | { kind: 'days'; n: number }
  | { kind: 'change'; startIn: number; plan: 0 | 1 | 2 }
  | { kind: 'cancel' }
  | { kind: 'status'; status: 'stopped' | 'active'; inDays: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('pay' as const), cents: fc.integer({ min: 1, max: 40000 }) }),
  fc.record({ kind: fc.constant('oneTime' as const), cents: fc.integer({ min: 1, max: 20000 }) }),
  fc.record({ kind: fc.constant('days' as const), n: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant('change' as const), startIn: fc.integer({ min: 0, max: 45 }), plan: fc.constantFrom(0 as const, 1 as const, 2 as const) }),
  fc.record({ kind: fc.constant('cancel' as const) }),
  // decision 19: dated stops and restarts; refused ones (one already scheduled, same status) just do nothing
  fc.record({ kind: fc.constant('status' as const), status: fc.constantFrom('stopped' as const, 'active' as const), inDays: fc.integer({ min: 0, max: 20 }) }),
);

describe('money conservation under any sequence of operations', () => {
  test('balance = ledger = documents, and credit is allocated, after every step', () => {
    fc.assert(
      fc.property(
        fc.array(op, { minLength: 3, maxLength: 14 }),
        fc.constantFrom('unused' as const, 'none' as const),
        fc.constantFrom('endOfActiveMonth' as const, 'endOfNextMonth' as const, 'nextCycle' as const),
        fc.integer({ min: 1, max: 28 }),
        (ops, refund, invoice, billingDay) => {
          fx?.close();
          fx = createAppFixture({ today: '2023-01-05' });
          const f = fx;
          f.call('settings.update', { partnerId: 1, values: { 'billing.day': billingDay, 'changePlan.refund': refund, 'changePlan.invoice': invoice, 'changePlan.feeMoreExpensive': 250, 'changePlan.feeLessExpensive': 1000 } });
          const plans = [19900, 4999, 12345].map((price, i) => f.call('plans.create', { kind: 'internet', name: `Plan_${i}`, price, vatRateBp: i === 2 ? 2100 : 0, vatIncluded: i !== 2 }).id);
          const c = f.call('customers.create', { name: 'Prop Test', status: 'active' });
          let service = f.call('services.add', { customerId: c.id, kind: 'internet', planId: plans[0], start: '2023-01-05' }).id;
          runStartOfDay(f.ctx, f.clock.today());
          for (const o of ops) {
            const today = f.clock.today();
            if (o.kind === 'pay') f.call('billing.addPayment', { customerId: c.id, amount: o.cents });
            else if (o.kind === 'oneTime') f.call('billing.oneTimeInvoice', { customerId: c.id, lines: [{ description: 'Extra', amount: o.cents }] });
            else if (o.kind === 'days') {
              runEndOfDay(f.ctx, today);
              const to = addDays(today, o.n);
              runDaysUntil(f.ctx, addDays(to, -1));
              f.clock.set(to);
              runStartOfDay(f.ctx, to);
            } else if (o.kind === 'change') {
              const q = f.call('changePlan.quote', { serviceId: service, planId: plans[o.plan], start: addDays(today, o.startIn) });
              if (q.ok) {
                const applied = f.call('changePlan.apply', { serviceId: service, planId: plans[o.plan], start: addDays(today, o.startIn), fingerprint: q.fingerprint });
                expect(f.call('customers.get', { id: c.id }).balance).toBe(q.balanceAfter);
                service = applied.newServiceId;
              }
            } else if (o.kind === 'status') {
              dispatch(f.ctx, 'services.scheduleStatus', { serviceId: service, status: o.status, on: addDays(today, o.inDays) });
            } else {
              const pending = f.call('changePlan.list', { status: 'pending', customerId: c.id });
              if (pending.rows.length) {
                const before = f.call('customers.get', { id: c.id }).balance;
                const change = pending.rows[0];
                // What billing days put on invoices since for the new service (its periods, a deferred fee).
                const { billedSince } = f.db.sqlite
                  .prepare(
                    `SELECT (SELECT COALESCE(SUM(l.total), 0) FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id
                              WHERE l.service_id = @s AND l.kind = 'recurring')
                          + (SELECT COALESCE(SUM(total), 0) FROM pending_charges WHERE plan_change_id = @pc AND invoice_id IS NOT NULL) AS billedSince`,
                  )
                  .get({ s: change.newServiceId, pc: change.id }) as { billedSince: number };
                const cancelled = dispatch(f.ctx, 'changePlan.cancel', { planChangeId: change.id });
                if (cancelled.ok) {
                  // Mirror documents give back exactly what the change moved, and whatever was billed for it since.
                  expect(f.call('customers.get', { id: c.id }).balance).toBe(before - change.refundTotal + change.invoiceTotal + billedSince);
                  service = change.oldServiceId;
                } else {
                  // Going Inactive ended the old service early: the cancel is refused and moves nothing.
                  expect([cancelled.error.code, cancelled.error.message]).toEqual(['REFUSED', expect.stringContaining('was changed since')]);
                  expect(f.call('customers.get', { id: c.id }).balance).toBe(before);
                }
              }
            }
            invariants(f, c.id);
            // after each run of days (where billing happens): no day billed twice or while not billable, and the
            // status history agrees with every service row
            if (o.kind === 'days') expect(invariantProblems(f.db.sqlite)).toEqual([]);
          }
          expect(invariantProblems(f.db.sqlite)).toEqual([]);
        },
      ),
      { numRuns: 50 },
    );
  }, 240_000);
});

describe('day runs', () => {
  test('running days again changes nothing, and a gap is caught up day by day exactly once', () => {
    fx = createAppFixture({ today: '2023-01-01' });
    const f = fx;
    const plan = f.call('plans.create', { kind: 'internet', name: 'Fiber', price: 5000 });
    for (let i = 0; i < 5; i++) {
      const c = f.call('customers.create', { name: `C${i}`, status: 'active' });
      f.call('services.add', { customerId: c.id, kind: 'internet', planId: plan.id, start: addDays('2023-01-01', i * 7) });
    }
    // A database that never ran has no history to catch up: its first run is the day asked for.
    expect(runDaysUntil(f.ctx, '2022-12-31').days).toBe(1);
    const first = runDaysUntil(f.ctx, '2023-03-31');
    expect(first.days).toBe(90);
    expect(first.invoices).toBeGreaterThan(0);
    const after = dumpTables(f.db);
    const again = runDaysUntil(f.ctx, '2023-03-31');
    expect(again.days).toBe(0);
    runEndOfDay(f.ctx, '2023-02-01');
    runStartOfDay(f.ctx, '2023-03-15');
    expect(dumpTables(f.db)).toEqual(after);
    const lines = f.db.sqlite.prepare("SELECT service_id, date_from, COUNT(*) AS n FROM invoice_lines WHERE kind = 'recurring' GROUP BY 1, 2 HAVING n > 1").all();
    expect(lines).toEqual([]);
  });
});

describe('refusals write nothing', () => {
  test('a change of a stopped service, a change into the past, a payment in the future, a stale quote', () => {
    fx = createAppFixture({ today: '2022-01-11' });
    const f = fx;
    const p500 = f.call('plans.create', { kind: 'internet', name: 'Ethernet_500Mbps', price: 20000 });
    const p100 = f.call('plans.create', { kind: 'internet', name: 'Ethernet_100Mbps', price: 10000 });
    const c = f.call('customers.create', { name: 'Ethan Carter', status: 'active' });
    const s = f.call('services.add', { customerId: c.id, kind: 'internet', planId: p500.id, start: '2022-01-01' });
    expectRefusedUnchanged(f, () => f.refuse('changePlan.apply', { serviceId: s.id, planId: p100.id, start: '2022-01-10', fingerprint: 'x' }), 'VALIDATION', 'start');
    expectRefusedUnchanged(f, () => f.refuse('billing.addPayment', { customerId: c.id, amount: 100, date: '2022-01-12' }), 'VALIDATION', 'date');
    expectRefusedUnchanged(f, () => f.refuse('billing.addPayment', { customerId: c.id, amount: 1.5 }), 'VALIDATION', 'amount');
    expectRefusedUnchanged(f, () => f.refuse('billing.addPayment', { customerId: 999, amount: 100 }), 'NOT_FOUND');
    const q = f.call('changePlan.quote', { serviceId: s.id, planId: p100.id, start: '2022-01-20' });
    if (!q.ok) throw new Error(q.message);
    f.call('billing.addPayment', { customerId: c.id, amount: 100 });
    const stale = expectRefusedUnchanged(f, () => f.refuse('changePlan.apply', { serviceId: s.id, planId: p100.id, start: '2022-01-20', fingerprint: q.fingerprint }), 'STALE_QUOTE');
    expect((stale.details?.quote as { balanceBefore: number }).balanceBefore).toBe(100);
    f.call('services.update', { id: s.id, status: 'stopped' });
    expectRefusedUnchanged(f, () => f.refuse('changePlan.apply', { serviceId: s.id, planId: p100.id, start: '2022-01-20', fingerprint: q.fingerprint }), 'REFUSED', 'service');
  });
});
