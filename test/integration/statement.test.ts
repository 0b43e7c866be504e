import fc from 'fast-check';
import { afterEach, describe, expect, test } from 'vitest';
import { runDaysUntil } from '../../main/app/scheduler';
import { addDays } from '../../main/engine';
import { createAppFixture, type AppFixture } from './appFixtures';

// The customer statement (issue 18 item 13): over a generated customer history (billing days, payments dated in the
// past, one-time invoices, plan changes with their refunds), every range adds up exactly — opening + credits −
// debits = closing — the opening balance is what the DOCUMENTS dated before `from` say (an oracle that does not
// read the ledger the statement reads), the rows are exactly the documents dated in the range, and the closing
// balance up to today is the customer's balance.

let fx: AppFixture | undefined;
afterEach(() => {
  fx?.close();
  fx = undefined;
});

const START = '2023-01-05';

type Op = { kind: 'pay'; cents: number; daysAgo: number } | { kind: 'oneTime'; cents: number } | { kind: 'days'; n: number } | { kind: 'change'; startIn: number; plan: 0 | 1 };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('pay' as const), cents: fc.integer({ min: 1, max: 30000 }), daysAgo: fc.integer({ min: 0, max: 10 }) }),
  fc.record({ kind: fc.constant('oneTime' as const), cents: fc.integer({ min: 1, max: 20000 }) }),
  fc.record({ kind: fc.constant('days' as const), n: fc.integer({ min: 1, max: 45 }) }),
  fc.record({ kind: fc.constant('change' as const), startIn: fc.integer({ min: 0, max: 20 }), plan: fc.constantFrom(0 as const, 1 as const) }),
);

/** A customer's history, built through dispatch as staff would; returns the customer id. */
function buildHistory(f: AppFixture, ops: Op[]): number {
  const plans = [
    f.call('plans.create', { kind: 'internet', name: 'Fiber_100', price: 3990, vatRateBp: 2100, vatIncluded: true }).id,
    f.call('plans.create', { kind: 'internet', name: 'Fiber_500', price: 7450, vatRateBp: 2100, vatIncluded: false }).id,
  ];
  f.call('settings.update', { partnerId: 1, values: { 'billing.day': 1, 'changePlan.refund': 'unused', 'changePlan.invoice': 'endOfActiveMonth' } });
  const c = f.call('customers.create', { name: 'Statement Tester', status: 'active' });
  let service = f.call('services.add', { customerId: c.id, kind: 'internet', planId: plans[0], start: START }).id;
  runDaysUntil(f.ctx, START);
  for (const o of ops) {
    const today = f.clock.today();
    if (o.kind === 'pay') f.call('billing.addPayment', { customerId: c.id, amount: o.cents, date: addDays(today, -o.daysAgo) });
    else if (o.kind === 'oneTime') f.call('billing.oneTimeInvoice', { customerId: c.id, lines: [{ description: 'Router', amount: o.cents }] });
    else if (o.kind === 'days') {
      const to = addDays(today, o.n);
      runDaysUntil(f.ctx, to);
      f.clock.set(to);
    } else {
      const start = addDays(today, o.startIn);
      const q = f.call('changePlan.quote', { serviceId: service, planId: plans[o.plan], start });
      if (q.ok) service = f.call('changePlan.apply', { serviceId: service, planId: plans[o.plan], start, fingerprint: q.fingerprint }).newServiceId;
    }
  }
  return c.id;
}

/** The balance the documents give at the end of `day` (payments + credit notes − invoices dated up to it). */
function documentsBalance(f: AppFixture, customerId: number, day: string): number {
  return (
    f.db.sqlite
      .prepare(
        `SELECT (SELECT COALESCE(SUM(amount), 0) FROM payments WHERE customer_id = @c AND date <= @d)
              + (SELECT COALESCE(SUM(total), 0) FROM credit_notes WHERE customer_id = @c AND date <= @d)
              - (SELECT COALESCE(SUM(total), 0) FROM invoices WHERE customer_id = @c AND date <= @d) AS b`,
      )
      .get({ c: customerId, d: day }) as { b: number }
  ).b;
}

/** Numbers of the documents (and references of the payments) dated in [from, to], for comparison with the rows. */
function documentsIn(f: AppFixture, customerId: number, from: string, to: string): number {
  return (
    f.db.sqlite
      .prepare(
        `SELECT (SELECT COUNT(*) FROM payments WHERE customer_id = @c AND date BETWEEN @f AND @t)
              + (SELECT COUNT(*) FROM credit_notes WHERE customer_id = @c AND date BETWEEN @f AND @t)
              + (SELECT COUNT(*) FROM invoices WHERE customer_id = @c AND date BETWEEN @f AND @t AND total > 0) AS n`,
      )
      .get({ c: customerId, f: from, t: to }) as { n: number }
  ).n;
}

describe('customer statement', () => {
  test('opening + movements = closing for random ranges of a generated history; closing to today = balance', () => {
    fc.assert(
      fc.property(
        fc.array(op, { minLength: 4, maxLength: 12 }),
        fc.array(fc.tuple(fc.integer({ min: -10, max: 200 }), fc.integer({ min: 0, max: 120 })), { minLength: 3, maxLength: 6 }),
        (ops, ranges) => {
          fx?.close();
          fx = createAppFixture({ today: START });
          const f = fx;
          const customerId = buildHistory(f, ops);
          const today = f.clock.today();
          for (const [offset, length] of ranges) {
            const from = addDays(START, offset);
            const to = addDays(from, length);
            const s = f.call('documents.statement', { customerId, from, to });
            expect(s.openingBalance).toBe(documentsBalance(f, customerId, addDays(from, -1)));
            expect(s.closingBalance).toBe(s.openingBalance + s.credits - s.debits);
            expect(s.closingBalance).toBe(documentsBalance(f, customerId, to));
            expect(s.rows.length).toBe(documentsIn(f, customerId, from, to));
            expect(s.debits).toBe(s.rows.reduce((a, r) => a + r.debit, 0));
            expect(s.credits).toBe(s.rows.reduce((a, r) => a + r.credit, 0));
            let running = s.openingBalance;
            for (const r of s.rows) {
              expect(r.date >= from && r.date <= to).toBe(true);
              expect(Number.isInteger(r.debit) && Number.isInteger(r.credit)).toBe(true);
              running += r.credit - r.debit;
              expect(r.balance).toBe(running);
            }
            // Two adjacent ranges chain: the second opens where the first closed.
            const next = f.call('documents.statement', { customerId, from: addDays(to, 1), to: addDays(to, 30) });
            expect(next.openingBalance).toBe(s.closingBalance);
          }
          // From before anything (a payment may be dated before the first day) up to today: the customer's balance.
          const upToToday = f.call('documents.statement', { customerId, from: '2000-01-01', to: today });
          expect(upToToday.openingBalance).toBe(0);
          expect(upToToday.closingBalance).toBe(f.call('customers.get', { id: customerId }).balance);
        },
      ),
      { numRuns: 12 },
    );
  }, 240_000);

  test('rows name their documents; refusals name the field; a portal session cannot read a statement', () => {
    fx = createAppFixture({ today: '2023-03-10' });
    const f = fx;
    const c = f.call('customers.create', { name: 'Ann Smith', status: 'active' });
    const inv = f.call('billing.oneTimeInvoice', { customerId: c.id, lines: [{ description: 'Installation', amount: 5000 }] });
    f.call('billing.addPayment', { customerId: c.id, amount: 2000, date: '2023-03-01', reference: 'BANK-77' });
    const s = f.call('documents.statement', { customerId: c.id, from: '2023-03-01', to: '2023-03-31' });
    expect(s.customer.name).toBe('Ann Smith');
    f.call('billing.oneTimeInvoice', { customerId: c.id, lines: [{ description: 'Router', amount: 100 }, { description: 'Cable', amount: 100 }] });
    expect(s.rows.map((r) => [r.date, r.kind, r.document, r.description, r.debit, r.credit, r.balance])).toEqual([
      ['2023-03-01', 'payment', 'BANK-77', 'Cash', 0, 2000, 2000],
      ['2023-03-10', 'invoice', inv.number, 'Installation', 5000, 0, -3000],
    ]);
    const later = f.call('documents.statement', { customerId: c.id, from: '2023-03-10', to: '2023-03-10' });
    expect(later.rows.map((r) => r.description)).toEqual(['Installation', 'Router and 1 more']);
    expect([later.openingBalance, later.closingBalance]).toEqual([2000, -3200]);
    expect(f.call('documents.invoice', { number: inv.number }).id).toBe(inv.id);
    expect(f.refuse('documents.statement', { customerId: c.id, from: '2023-03-31', to: '2023-03-01' }).fields).toHaveProperty('to');
    expect(f.refuse('documents.statement', { customerId: 999, from: '2023-03-01', to: '2023-03-31' }).code).toBe('NOT_FOUND');
    expect(f.refuse('documents.invoice', { number: 'NO-SUCH' }).code).toBe('NOT_FOUND');
    expect(f.refuse('documents.creditNote', { number: 'NO-SUCH' }).code).toBe('NOT_FOUND');
    expect(f.refuse('documents.statement', { customerId: c.id, from: '2023-03-01', to: '2023-03-31' }, f.as({ kind: 'portal', customerId: c.id, openedBy: 'tester' })).code).toBe('FORBIDDEN');
  });
});
