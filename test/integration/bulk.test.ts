import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { seedPlanWithServices, type BulkSeed } from '../../bench/bulkSeed';
import { applyChunk } from '../../main/app/bulk';
import { listenChanges } from '../../main/app/changes';
import { STEP_SETTLE_MS } from '../../main/contract/changes';
import { createAppFixture, type AppFixture } from './appFixtures';

// Bulk tariff change (decision 13): preview = single quotes, exclude, apply through changePlan.apply, resume after
// a crash, undo before the start date, and rows changed by hand since reported rather than clobbered.

let fx: AppFixture;
let seed: BulkSeed;

const START = '2024-01-20';

function setUp(n: number, settings?: Record<string, unknown>, more?: () => void) {
  fx = createAppFixture({ today: '2024-01-01' });
  seed = seedPlanWithServices(fx.ctx, n, {
    created: '2024-01-01',
    settings,
    beforeBilling: (s) => {
      seed = s;
      more?.();
    },
  });
  fx.clock.set('2024-01-10');
  fx.call('days.runUntil', { until: '2024-01-09' });
}

const rows = (batchId: number, filter: 'all' | 'included' | 'skipped' | 'failed' | 'succeeded' | 'problems' = 'all') =>
  fx.call('bulk.items', { batchId, filter, pageSize: 500 }).rows;
const service = (id: number) => fx.call('services.get', { id });
const count = (sql: string, ...p: unknown[]) => (fx.db.sqlite.prepare(sql).get(...p) as { n: number }).n;
const applyAll = (batchId: number, limit = 3) => {
  let p;
  do p = fx.call('bulk.applyChunk', { batchId, limit });
  while (!p.done);
  return p;
};

afterEach(() => fx?.close());

describe('bulk.preview', () => {
  let extra: { id: number }[] = [];
  beforeEach(() =>
    setUp(3, { 'changePlan.feeLessExpensive': 500, 'changePlan.invoice': 'endOfActiveMonth' }, () => {
      // Variety beyond the seed (made before the days run, so they are invoiced): quantity and custom price, a
      // quarterly pay period, a discount — and a second service of the same customer.
      const [c1, c2, c3] = seed.customerIds;
      extra = [
        fx.call('services.add', { customerId: c1, kind: 'internet', planId: seed.fromPlanId, start: '2024-01-01', quantity: 2, unitPrice: 15000 }),
        fx.call('services.add', { customerId: c2, kind: 'internet', planId: seed.fromPlanId, start: '2024-01-01', payPeriodMonths: 3 }),
        fx.call('services.add', {
          customerId: c3, kind: 'internet', planId: seed.fromPlanId, start: '2024-01-01', discount: { kind: 'percent', value: 1000, from: null, to: null },
        }),
      ];
    }),
  );

  it('gives each service the numbers (and fingerprint) of a single change, and lists the ones that cannot change with the reason', () => {
    const [, c2, c3] = seed.customerIds;
    // A customer with money on the balance, and a service that is not active yet.
    fx.call('billing.addPayment', { customerId: c2, amount: 50000 });
    const future = fx.call('services.add', { customerId: c3, kind: 'internet', planId: seed.fromPlanId, start: '2024-02-15' });

    const p = fx.call('bulk.preview', { fromPlanId: seed.fromPlanId, toPlanId: seed.toPlanId, start: START });
    expect(p.counts).toMatchObject({ total: 7, pending: 6, skipped: 1 });
    const all = rows(p.batchId);
    for (const r of all.filter((x) => x.status === 'pending')) {
      const q = fx.call('changePlan.quote', { serviceId: r.serviceId, planId: seed.toPlanId, start: START });
      if (!q.ok) throw new Error(q.message);
      const s = service(r.serviceId);
      expect(r, `service #${r.serviceId}`).toMatchObject({
        refund: q.refundTotal,
        fee: q.fee?.amount ?? 0,
        charge: q.charge?.amount ?? 0,
        balanceEffect: q.refundTotal - q.invoiceTotal,
        oldPrice: s.unitPrice * s.quantity,
        newPrice: q.newPlan.unitPrice * s.quantity,
      });
      const stored = fx.db.sqlite.prepare('SELECT fingerprint FROM bulk_batch_items WHERE id = ?').get(r.id) as { fingerprint: string };
      expect(stored.fingerprint).toBe(q.fingerprint);
    }
    expect(extra.every((s) => all.some((r) => r.serviceId === s.id && r.status === 'pending'))).toBe(true);
    const skipped = all.find((r) => r.serviceId === future.id)!;
    expect(skipped).toMatchObject({ status: 'skipped' });
    expect(skipped.message).toMatch(/only an active service/i);

    // Totals are the sums of the rows to change.
    const pending = all.filter((r) => r.status === 'pending');
    expect(p.totals).toMatchObject({
      services: 6,
      refund: pending.reduce((a, r) => a + r.refund!, 0),
      fee: pending.reduce((a, r) => a + r.fee!, 0),
      charge: pending.reduce((a, r) => a + r.charge!, 0),
      balanceEffect: pending.reduce((a, r) => a + r.balanceEffect!, 0),
    });
    // The seed rows: 12 unused days of 31 of 200.00 back, 12 days of 100.00 charged, less-expensive fee 5.00.
    expect(all[0]).toMatchObject({ refund: 7742, charge: 3871, fee: 500, balanceEffect: 7742 - 3871 - 500 });
    // A preview changes no service and posts nothing.
    expect(count("SELECT COUNT(*) AS n FROM plan_changes")).toBe(0);
  });

  it('refund None inside the paid period: rows cannot change and name the earliest date; Ignore balance lifts it and moves no money', () => {
    fx.call('settings.update', { partnerId: 1, values: { 'changePlan.refund': 'none' } });
    const p = fx.call('bulk.preview', { fromPlanId: seed.fromPlanId, toPlanId: seed.toPlanId, start: START });
    expect(p.counts).toMatchObject({ total: 6, pending: 0, skipped: 6 });
    expect(rows(p.batchId, 'skipped')[0].message).toContain('2024-02-01');

    const ib = fx.call('bulk.preview', { fromPlanId: seed.fromPlanId, toPlanId: seed.toPlanId, start: START, ignoreBalance: true });
    expect(ib.counts).toMatchObject({ pending: 6, skipped: 0 });
    expect(ib.totals).toMatchObject({ refund: 0, fee: 0, charge: 0, balanceEffect: 0 });
    const done = applyAll(ib.batchId);
    expect(done).toMatchObject({ succeeded: 6, failed: 0 });
    const moved = service(rows(ib.batchId)[0].newServiceId!);
    expect(moved).toMatchObject({ status: 'pending', start: START, invoicedUntil: '2024-01-31', planId: seed.toPlanId });
    expect(count('SELECT COUNT(*) AS n FROM credit_notes')).toBe(0);
  });

  it('refuses a plan of another kind, the same plan, and a start in the past, writing nothing', () => {
    const voice = fx.call('plans.create', { kind: 'voice', name: 'Voice', price: 1000 });
    const before = fx.dump();
    expect(fx.refuse('bulk.preview', { fromPlanId: seed.fromPlanId, toPlanId: voice.id, start: START }).fields).toHaveProperty('toPlanId');
    expect(fx.refuse('bulk.preview', { fromPlanId: seed.fromPlanId, toPlanId: seed.fromPlanId, start: START }).fields).toHaveProperty('toPlanId');
    expect(fx.refuse('bulk.preview', { fromPlanId: seed.fromPlanId, toPlanId: seed.toPlanId, start: '2024-01-09' }).fields).toHaveProperty('start');
    expect(fx.dump()).toEqual(before);
    expect(fx.refuse('bulk.preview', { fromPlanId: seed.fromPlanId, toPlanId: seed.toPlanId, start: START }, fx.as({ kind: 'portal', customerId: seed.customerIds[0], openedBy: 't' })).code).toBe('FORBIDDEN');
  });
});

describe('exclude, apply, undo', () => {
  beforeEach(() => setUp(5));

  it('applies every included row through changePlan.apply; excluded rows stay untouched', () => {
    const p = fx.call('bulk.preview', { fromPlanId: seed.fromPlanId, toPlanId: seed.toPlanId, start: START, description: 'Fibre 100', unitPrice: 9000 });
    const [first, second] = rows(p.batchId);
    const excluded = fx.call('bulk.exclude', { batchId: p.batchId, itemIds: [second.id], excluded: true });
    expect(excluded.counts).toMatchObject({ pending: 4, excluded: 1 });
    expect(excluded.totals.services).toBe(4);
    expect(excluded.totals.refund).toBe(p.totals.refund - second.refund!);
    expect(fx.call('bulk.exclude', { batchId: p.batchId, itemIds: [second.id], excluded: false }).counts.pending).toBe(5);
    fx.call('bulk.exclude', { batchId: p.batchId, itemIds: [second.id], excluded: true });

    const balanceBefore = fx.call('customers.get', { id: first.customerId }).balance;
    const chunk = fx.call('bulk.applyChunk', { batchId: p.batchId, limit: 2 });
    expect(chunk).toMatchObject({ done: false, total: 4, processed: 2, succeeded: 2 });
    expect(chunk.batch.status).toBe('applying');
    const done = applyAll(p.batchId);
    expect(done).toMatchObject({ done: true, total: 4, processed: 4, succeeded: 4, failed: 0 });
    expect(done.batch.status).toBe('applied');
    expect(fx.refuse('bulk.exclude', { batchId: p.batchId, itemIds: [first.id], excluded: true }).code).toBe('CONFLICT');

    const r1 = rows(p.batchId).find((r) => r.id === first.id)!;
    expect(r1.status).toBe('success');
    expect(service(first.serviceId)).toMatchObject({ end: '2024-01-19', status: 'active' });
    expect(service(r1.newServiceId!)).toMatchObject({ status: 'pending', start: START, planId: seed.toPlanId, unitPrice: 9000, description: 'Fibre 100' });
    expect(fx.call('customers.get', { id: first.customerId }).balance).toBe(balanceBefore + first.balanceEffect!);
    const pc = fx.call('changePlan.get', { id: r1.planChangeId! });
    expect(pc).toMatchObject({ source: 'bulk', refundTotal: first.refund });
    expect(count('SELECT COUNT(*) AS n FROM plan_changes WHERE bulk_batch_id = ?', p.batchId)).toBe(4);
    // The excluded service was not touched.
    expect(service(second.serviceId)).toMatchObject({ end: null, status: 'active', planId: seed.fromPlanId });
    expect(count('SELECT COUNT(*) AS n FROM plan_changes WHERE old_service_id = ?', second.serviceId)).toBe(0);
    // Audited: start and end of the batch, and every change.
    expect(count("SELECT COUNT(*) AS n FROM audit_log WHERE entity = 'bulk_batch' AND entity_id = ?", p.batchId)).toBeGreaterThanOrEqual(3);
    expect(count("SELECT COUNT(*) AS n FROM audit_log WHERE entity = 'plan_change'")).toBe(4);
  });

  it('a service changed by hand between preview and apply fails with the reason; the others apply', () => {
    const p = fx.call('bulk.preview', { fromPlanId: seed.fromPlanId, toPlanId: seed.toPlanId, start: START });
    const [first] = rows(p.batchId);
    fx.call('services.update', { id: first.serviceId, quantity: 2 });
    const done = applyAll(p.batchId, 10);
    expect(done).toMatchObject({ succeeded: 4, failed: 1 });
    const failed = rows(p.batchId, 'failed');
    expect(failed.map((r) => r.id)).toEqual([first.id]);
    expect(failed[0].message).toMatch(/changed since the preview/i);
    expect(service(first.serviceId)).toMatchObject({ end: null, planId: seed.fromPlanId });
  });

  it('a customer with two services on the plan gets both changed (the first change moving the balance does not stale the second)', () => {
    fx.clock.set('2024-01-01');
    fx.call('services.add', { customerId: seed.customerIds[0], kind: 'internet', planId: seed.fromPlanId, start: '2024-01-01' });
    fx.clock.set('2024-01-10');
    const p = fx.call('bulk.preview', { fromPlanId: seed.fromPlanId, toPlanId: seed.toPlanId, start: START });
    expect(applyAll(p.batchId)).toMatchObject({ succeeded: 6, failed: 0 });
  });

  it('undo before the start date cancels every change and restores services and balances; not after the start', () => {
    const balances = () => seed.customerIds.map((id) => fx.call('customers.get', { id }).balance);
    const before = balances();
    const p = fx.call('bulk.preview', { fromPlanId: seed.fromPlanId, toPlanId: seed.toPlanId, start: START });
    fx.call('bulk.exclude', { batchId: p.batchId, itemIds: [rows(p.batchId)[4].id], excluded: true });
    applyAll(p.batchId);
    expect(balances()).not.toEqual(before);
    fx.clock.set('2024-01-12');
    const u = fx.call('bulk.undo', { batchId: p.batchId });
    expect(u).toMatchObject({ undone: 4, changedByHand: 0, undoFailed: 0 });
    expect(u.batch).toMatchObject({ status: 'undone', undoneOn: '2024-01-12', canUndo: false });
    expect(balances()).toEqual(before);
    for (const r of rows(p.batchId).slice(0, 4)) {
      expect(r.status).toBe('undone');
      expect(service(r.serviceId)).toMatchObject({ end: null, status: 'active', planId: seed.fromPlanId, invoicedUntil: '2024-01-31' });
      expect(service(r.newServiceId!).status).toBe('archived');
      expect(fx.call('changePlan.get', { id: r.planChangeId! }).status).toBe('cancelled');
    }
    expect(fx.refuse('bulk.undo', { batchId: p.batchId }).code).toBe('CONFLICT');

    const again = fx.call('bulk.preview', { fromPlanId: seed.fromPlanId, toPlanId: seed.toPlanId, start: '2024-01-15' });
    applyAll(again.batchId);
    fx.clock.set('2024-01-15');
    const late = fx.refuse('bulk.undo', { batchId: again.batchId });
    expect(late.code).toBe('REFUSED');
    expect(late.message).toContain('2024-01-15');
  });

  it('undo reports rows changed by hand since (edited service, change cancelled by hand) and leaves them as they are', () => {
    const p = fx.call('bulk.preview', { fromPlanId: seed.fromPlanId, toPlanId: seed.toPlanId, start: START });
    applyAll(p.batchId);
    const [a, b, c] = rows(p.batchId);
    // a: staff gave the new service another price; b: staff cancelled that one change by hand;
    // c: staff edited the old service's description (an audited edit with no billing field changed).
    fx.call('services.update', { id: a.newServiceId!, unitPrice: 8000 });
    fx.call('changePlan.cancel', { planChangeId: b.planChangeId! });
    fx.call('services.update', { id: c.serviceId, description: 'Moved rack' });
    const u = fx.call('bulk.undo', { batchId: p.batchId });
    expect(u).toMatchObject({ undone: 2, changedByHand: 3, undoFailed: 0 });
    expect(u.batch.status).toBe('undone');
    const after = rows(p.batchId);
    const byId = new Map(after.map((r) => [r.id, r]));
    expect(byId.get(a.id)!.status).toBe('changedByHand');
    expect(byId.get(a.id)!.undoMessage).toMatch(/price 10000 → 8000/);
    expect(byId.get(b.id)!.undoMessage).toMatch(/already cancelled/);
    expect(byId.get(c.id)!.undoMessage).toMatch(/update by tester/);
    // Not clobbered: the hand-edited change still stands, with its edit.
    expect(service(a.newServiceId!)).toMatchObject({ status: 'pending', unitPrice: 8000 });
    expect(fx.call('changePlan.get', { id: a.planChangeId! }).status).toBe('applied');
    expect(service(c.newServiceId!).status).toBe('pending');
    expect(rows(p.batchId, 'problems').map((r) => r.id).sort()).toEqual([a.id, b.id, c.id].sort());
  });
});

describe('interrupted apply', () => {
  beforeEach(() => setUp(8));

  it('a crash in the middle of a chunk leaves every service fully changed or untouched, and applyChunk resumes', () => {
    const p = fx.call('bulk.preview', { fromPlanId: seed.fromPlanId, toPlanId: seed.toPlanId, start: START });
    fx.call('bulk.applyChunk', { batchId: p.batchId, limit: 2 });

    // Another process (the app) is killed while posting the 4th row of its next chunk.
    const child = spawnSync(process.execPath, ['--import', 'tsx', resolve(import.meta.dirname, 'helpers/bulkCrashChild.ts'), fx.file, '2024-01-10', String(p.batchId), '5', '3'], {
      encoding: 'utf8',
      cwd: resolve(import.meta.dirname, '../..'),
    });
    expect(child.signal, child.stderr).toBe('SIGKILL');
    expect(child.stdout).not.toContain('finished');

    const state = fx.call('bulk.get', { batchId: p.batchId });
    expect(state).toMatchObject({ status: 'applying', counts: { succeeded: 2, pending: 6 } });
    const all = rows(p.batchId);
    for (const r of all) {
      const changes = count('SELECT COUNT(*) AS n FROM plan_changes WHERE old_service_id = ?', r.serviceId);
      const credit = count('SELECT COUNT(*) AS n FROM credit_notes WHERE customer_id = ?', r.customerId);
      if (r.status === 'success') {
        expect([changes, credit, service(r.serviceId).end]).toEqual([1, 1, '2024-01-19']);
      } else {
        expect([changes, credit, service(r.serviceId).end], `service #${r.serviceId} must be untouched`).toEqual([0, 0, null]);
        expect(count('SELECT COUNT(*) AS n FROM services WHERE replaces_service_id = ?', r.serviceId)).toBe(0);
      }
    }
    // Balances still equal the ledger after the crash.
    expect(count('SELECT COUNT(*) AS n FROM customers c WHERE c.balance <> (SELECT COALESCE(SUM(CASE kind WHEN \'credit\' THEN amount ELSE -amount END), 0) FROM balance_transactions t WHERE t.customer_id = c.id)')).toBe(0);

    const resumed = applyAll(p.batchId, 4);
    expect(resumed).toMatchObject({ done: true, succeeded: 8, failed: 0 });
    expect(resumed.batch.status).toBe('applied');
    for (const r of rows(p.batchId)) expect(count('SELECT COUNT(*) AS n FROM plan_changes WHERE old_service_id = ?', r.serviceId)).toBe(1);
  });

  it('an error inside one row rolls back that row only; retryFailed puts it back and it applies', () => {
    const p = fx.call('bulk.preview', { fromPlanId: seed.fromPlanId, toPlanId: seed.toPlanId, start: START });
    const third = rows(p.batchId)[2];
    const progress = applyChunk(fx.ctx, { batchId: p.batchId, limit: 50 }, {
      beforeCommit: (itemId) => {
        if (itemId === third.id) throw new Error('disk full (simulated)');
      },
    });
    expect(progress).toMatchObject({ done: true, succeeded: 7, failed: 1 });
    const failed = rows(p.batchId, 'failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ id: third.id, message: 'disk full (simulated)', planChangeId: null });
    expect(service(third.serviceId)).toMatchObject({ end: null, planId: seed.fromPlanId });
    expect(count('SELECT COUNT(*) AS n FROM plan_changes WHERE old_service_id = ?', third.serviceId)).toBe(0);
    // The chunk ran without savepoints first, so the failing row's half-written change rolled the whole chunk back and
    // it was applied again row by row: every other row is changed exactly once, with one credit note.
    for (const r of rows(p.batchId, 'succeeded')) {
      expect(count('SELECT COUNT(*) AS n FROM plan_changes WHERE old_service_id = ?', r.serviceId)).toBe(1);
      expect(count('SELECT COUNT(*) AS n FROM credit_notes WHERE customer_id = ?', r.customerId)).toBe(1);
    }
    expect(count('SELECT COUNT(*) AS n FROM customers c WHERE c.balance <> (SELECT COALESCE(SUM(CASE kind WHEN \'credit\' THEN amount ELSE -amount END), 0) FROM balance_transactions t WHERE t.customer_id = c.id)')).toBe(0);

    expect(fx.call('bulk.retryFailed', { batchId: p.batchId }).status).toBe('applying');
    expect(applyAll(p.batchId)).toMatchObject({ done: true, succeeded: 8, failed: 0 });
  });
});

describe('open screens hear a bulk apply', () => {
  beforeEach(() => setUp(8));
  afterEach(() => vi.useRealTimers());

  it('once when it finishes; chunks left without a next one (the wizard closed half-way) a moment after the last', () => {
    vi.useFakeTimers();
    const heard: string[][] = [];
    listenChanges(fx.db, (e) => heard.push(e.areas));
    const p = fx.call('bulk.preview', { fromPlanId: seed.fromPlanId, toPlanId: seed.toPlanId, start: START });
    heard.length = 0; // the preview's own announcement
    // chunk after chunk: nothing while the next one follows in time, one announcement with the last
    fx.call('bulk.applyChunk', { batchId: p.batchId, limit: 3 });
    vi.advanceTimersByTime(STEP_SETTLE_MS - 100);
    fx.call('bulk.applyChunk', { batchId: p.batchId, limit: 3 });
    vi.advanceTimersByTime(STEP_SETTLE_MS - 100);
    expect(heard).toEqual([]);
    expect(fx.call('bulk.applyChunk', { batchId: p.batchId, limit: 3 }).done).toBe(true);
    expect(heard).toHaveLength(1);
    expect(heard[0]).toEqual(expect.arrayContaining(['customers', 'services', 'billing']));
    vi.advanceTimersByTime(10 * STEP_SETTLE_MS);
    expect(heard).toHaveLength(1); // the finished apply replaced the pending one

    // a second apply left after its first chunk: its committed services reach the screens all the same
    fx.call('bulk.undo', { batchId: p.batchId });
    const again = fx.call('bulk.preview', { fromPlanId: seed.fromPlanId, toPlanId: seed.toPlanId, start: START });
    heard.length = 0;
    expect(fx.call('bulk.applyChunk', { batchId: again.batchId, limit: 3 }).done).toBe(false);
    expect(heard).toEqual([]);
    vi.advanceTimersByTime(STEP_SETTLE_MS);
    expect(heard).toHaveLength(1);
    expect(heard[0]).toEqual(expect.arrayContaining(['customers', 'services', 'billing']));
  });
});
