import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { runDaysUntil } from '../../main/app/scheduler';
import { statusHistory } from '../../main/app/serviceWrites';
import { invariantProblems } from '../helpers/dbInvariants';
import { createAppFixture, type AppFixture } from './appFixtures';

// Decisions 19–24 on a real SQLite file, through dispatch: the status history is written with every change of a
// service, credit notes settle like payments, dunning dates are fixed when an invoice is issued.

let fx: AppFixture;
afterEach(() => fx?.close());

function setUp(today = '2022-01-01') {
  fx = createAppFixture({ today });
  const plan = fx.call('plans.create', { kind: 'internet', name: 'Fiber_100', price: 10000 });
  const cheaper = fx.call('plans.create', { kind: 'internet', name: 'Fiber_50', price: 5000 });
  const customer = fx.call('customers.create', { name: 'Anna Berg', status: 'active' });
  return { plan, cheaper, customer };
}

const runTo = (date: string) => {
  runDaysUntil(fx.ctx, date);
  fx.clock.set(date);
};
const invoicesOf = (customerId: number) => fx.call('billing.forCustomer', { customerId }).invoices;

describe('status history (decision 19)', () => {
  test('every status change is recorded on the day it holds from, by whoever makes it', () => {
    const { plan, cheaper, customer } = setUp('2022-01-01');
    runDaysUntil(fx.ctx, '2021-12-31');
    const s = fx.call('services.add', { customerId: customer.id, kind: 'internet', planId: plan.id, start: '2022-01-05' });
    expect(s.status).toBe('pending');
    fx.call('billing.addPayment', { customerId: customer.id, amount: 100000 }); // no dunning in this story
    fx.call('services.scheduleStatus', { serviceId: s.id, status: 'stopped', on: '2022-02-10' });
    runTo('2022-02-11');
    fx.call('services.scheduleStatus', { serviceId: s.id, status: 'active', on: '2022-03-15' });
    runTo('2022-03-20');
    const change = fx.call('changePlan.quote', { serviceId: s.id, planId: cheaper.id, start: '2022-04-10' });
    if (!change.ok) expect.fail(change.message);
    const applied = fx.call('changePlan.apply', { serviceId: s.id, planId: cheaper.id, start: '2022-04-10', fingerprint: change.fingerprint });
    fx.call('changePlan.cancel', { planChangeId: applied.id });

    expect(statusHistory(fx.ctx, s.id).map((h) => [h.from, h.status])).toEqual([
      ['2022-01-01', 'pending'],
      ['2022-01-05', 'active'],
      ['2022-02-10', 'stopped'],
      ['2022-03-15', 'active'], // the change and its cancel left it Active: no status change, no row
    ]);
    expect(statusHistory(fx.ctx, applied.newServiceId).map((h) => [h.from, h.status])).toEqual([
      ['2022-03-20', 'archived'], // pending from the change day, archived the same day by the cancel
    ]);
    // billed: January from the 5th, February in advance (the stop refunds nothing), then from the restart only
    expect(invoicesOf(customer.id).flatMap((i) => i.lines.map((l) => [l.from, l.to, l.total]))).toEqual([
      ['2022-01-05', '2022-01-31', 8710],
      ['2022-02-01', '2022-02-28', 10000],
    ]);
    runTo('2022-04-02');
    expect(invoicesOf(customer.id).at(-1)!.lines.map((l) => [l.from, l.to, l.total])).toEqual([
      ['2022-03-15', '2022-03-31', 5484],
      ['2022-04-01', '2022-04-30', 10000],
    ]);
    expect(invariantProblems(fx.db.sqlite)).toEqual([]);
  });

  test('the history and the services row agree after deactivation and reactivation (decisions 10, 21)', () => {
    const { plan, cheaper, customer } = setUp('2022-01-01');
    runDaysUntil(fx.ctx, '2021-12-31');
    const s = fx.call('services.add', { customerId: customer.id, kind: 'internet', planId: plan.id, start: '2022-01-01' });
    runTo('2022-01-10');
    const q = fx.call('changePlan.quote', { serviceId: s.id, planId: cheaper.id, start: '2022-02-05' });
    if (!q.ok) expect.fail(q.message);
    const change = fx.call('changePlan.apply', { serviceId: s.id, planId: cheaper.id, start: '2022-02-05', fingerprint: q.fingerprint });
    runTo('2022-02-06');
    expect(fx.call('customers.get', { id: customer.id }).status).toBe('inactive');
    expect(statusHistory(fx.ctx, change.newServiceId).map((h) => [h.from, h.status, h.cause])).toEqual([
      ['2022-01-10', 'pending', null],
      ['2022-01-26', 'stopped', 'deactivation'],
    ]);
    const owed = -fx.call('customers.get', { id: customer.id }).balance;
    fx.call('billing.addPayment', { customerId: customer.id, amount: owed });
    expect(fx.call('services.get', { id: change.newServiceId })).toMatchObject({ status: 'active', start: '2022-02-06' });
    expect(invariantProblems(fx.db.sqlite)).toEqual([]);
  });

  test('a change whose old service going Inactive ended early cannot be cancelled (it would revive two services with one login)', () => {
    const { plan, cheaper, customer } = setUp('2022-01-01');
    runDaysUntil(fx.ctx, '2021-12-31');
    const s = fx.call('services.add', { customerId: customer.id, kind: 'internet', planId: plan.id, start: '2022-01-01', internet: { login: 'anna' } as never });
    runTo('2022-01-10');
    const q = fx.call('changePlan.quote', { serviceId: s.id, planId: cheaper.id, start: '2022-03-05' });
    if (!q.ok) expect.fail(q.message);
    const change = fx.call('changePlan.apply', { serviceId: s.id, planId: cheaper.id, start: '2022-03-05', fingerprint: q.fingerprint });
    runTo('2022-01-27');
    expect(fx.call('customers.get', { id: customer.id }).status).toBe('inactive');
    const before = fx.dump();
    const refusal = fx.refuse('changePlan.cancel', { planChangeId: change.id });
    expect([refusal.code, refusal.message]).toEqual(['REFUSED', expect.stringContaining('was changed since')]);
    expect(fx.dump()).toEqual(before);
    // paying restarts the old service's copy until its end and the new service from its own start
    fx.call('billing.addPayment', { customerId: customer.id, amount: -fx.call('customers.get', { id: customer.id }).balance });
    expect(fx.call('services.listForCustomer', { customerId: customer.id }).map((x) => [x.status, x.start, x.end])).toEqual([
      ['disabled', '2022-01-01', '2022-01-25'],
      ['pending', '2022-03-05', null],
      ['active', '2022-01-27', '2022-03-04'],
    ]);
    expect(invariantProblems(fx.db.sqlite)).toEqual([]);
  });

  test('a service stopped before its first invoice is billed once for the days it was used, never for the stopped ones', () => {
    const { plan, customer } = setUp('2022-01-05');
    runDaysUntil(fx.ctx, '2022-01-04');
    const s = fx.call('services.add', { customerId: customer.id, kind: 'internet', planId: plan.id, start: '2022-01-05' });
    fx.call('services.scheduleStatus', { serviceId: s.id, status: 'stopped', on: '2022-01-20' });
    runTo('2022-03-02');
    expect(invoicesOf(customer.id).flatMap((i) => i.lines.map((l) => [l.from, l.to]))).toEqual([['2022-01-05', '2022-01-19']]);
    expect(fx.call('services.get', { id: s.id }).invoicedUntil).toBe('2022-01-19');
    expect(invariantProblems(fx.db.sqlite)).toEqual([]);
  });
});

describe('credit notes settle like payments (decision 23)', () => {
  test('a refund settles a debit not tied to an invoice first, then the oldest unpaid invoice; the rest stays on the balance', () => {
    const { plan, cheaper, customer } = setUp('2022-01-01');
    runDaysUntil(fx.ctx, '2021-12-31');
    const s = fx.call('services.add', { customerId: customer.id, kind: 'internet', planId: plan.id, start: '2022-01-01' });
    runTo('2022-01-05');
    fx.call('billing.oneTimeInvoice', { customerId: customer.id, lines: [{ description: 'Router', amount: 2000 }] });
    // A debit without an invoice (an adjustment from an earlier system): nothing in the product posts one today.
    fx.db.sqlite
      .prepare(`INSERT INTO balance_transactions (customer_id, date, kind, amount, category, description) VALUES (?, '2022-01-02', 'debit', 1000, 'correction', 'Opening balance')`)
      .run(customer.id);
    fx.db.sqlite.prepare('UPDATE customers SET balance = balance - 1000 WHERE id = ?').run(customer.id);
    fx.call('settings.update', { partnerId: 1, values: { 'changePlan.invoice': 'nextCycle' } });
    const q = fx.call('changePlan.quote', { serviceId: s.id, planId: cheaper.id, start: '2022-01-10' });
    if (!q.ok) expect.fail(q.message);
    expect(q.refundTotal).toBe(7097); // 22 of 31 days of 100.00
    fx.call('changePlan.apply', { serviceId: s.id, planId: cheaper.id, start: '2022-01-10', fingerprint: q.fingerprint });

    const debit = fx.db.sqlite.prepare("SELECT settled FROM balance_transactions WHERE description = 'Opening balance'").get() as { settled: number };
    expect(debit.settled).toBe(1000);
    const [recurring, oneTime] = invoicesOf(customer.id);
    expect([recurring.paid, recurring.status, oneTime.paid, oneTime.status]).toEqual([6097, 'partiallyPaid', 0, 'unpaid']);
    expect(fx.call('customers.get', { id: customer.id }).balance).toBe(-10000 - 2000 - 1000 + 7097);
    expect(invariantProblems(fx.db.sqlite)).toEqual([]);
  });
});

describe('dunning dates fixed at issue (decision 24)', () => {
  test('an invoice keeps the dates of the terms in force when it was issued; a later setting moves only later invoices', () => {
    const { plan, customer } = setUp('2022-01-01');
    runDaysUntil(fx.ctx, '2021-12-31');
    fx.call('services.add', { customerId: customer.id, kind: 'internet', planId: plan.id, start: '2022-01-01' });
    runTo('2022-01-02');
    const dates = () =>
      fx.db.sqlite.prepare('SELECT date, due_date AS due, blocking_date AS blocking, deactivation_date AS deactivation, charges_service AS charges FROM invoices ORDER BY id').all();
    expect(dates()).toEqual([{ date: '2022-01-01', due: '2022-01-16', blocking: '2022-01-16', deactivation: '2022-01-26', charges: 1 }]);
    fx.call('settings.update', { partnerId: 1, values: { 'billing.paymentDueDays': 20, 'billing.blockingDays': 'never' } });
    fx.call('billing.oneTimeInvoice', { customerId: customer.id, lines: [{ description: 'Cable', amount: 500 }] });
    expect(dates()).toEqual([
      { date: '2022-01-01', due: '2022-01-16', blocking: '2022-01-16', deactivation: '2022-01-26', charges: 1 },
      { date: '2022-01-02', due: '2022-01-22', blocking: null, deactivation: null, charges: 0 },
    ]);
    runTo('2022-01-17');
    expect(fx.call('customers.get', { id: customer.id }).status).toBe('blocked');
  });

  test('the migration gives invoices issued before it the dates of the terms in force, and services their status', () => {
    const { plan, customer } = setUp('2022-01-01');
    runDaysUntil(fx.ctx, '2021-12-31');
    const s = fx.call('services.add', { customerId: customer.id, kind: 'internet', planId: plan.id, start: '2022-01-01' });
    runTo('2022-01-02');
    fx.call('customers.update', { id: customer.id, billing: { blockingDays: 3 } } as never);
    // As the file was before the migration: no history, no stored dates.
    fx.db.sqlite.exec('DELETE FROM service_status_history; UPDATE invoices SET blocking_date = NULL, deactivation_date = NULL, charges_service = 0;');
    const sql = readFileSync(join(import.meta.dirname, '../../db/migrations/0007_status_history_and_dunning_dates.sql'), 'utf8');
    const backfill = sql.split('--> statement-breakpoint').filter((st) => /^\s*(--[^\n]*\n\s*)*(INSERT|UPDATE|WITH)/.test(st));
    expect(backfill).toHaveLength(3);
    for (const st of backfill) fx.db.sqlite.exec(st);
    expect(fx.db.sqlite.prepare('SELECT blocking_date AS b, deactivation_date AS d, charges_service AS c FROM invoices').get()).toEqual({ b: '2022-01-19', d: '2022-01-29', c: 1 });
    expect(statusHistory(fx.ctx, s.id).map((h) => [h.from, h.status])).toEqual([['2022-01-01', 'active']]);
  });
});
