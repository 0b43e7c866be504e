import { afterEach, expect, test } from 'vitest';
import { seedPlanWithServices, type BulkSeed } from '../../bench/bulkSeed';
import { applyChunk, type ApplyHooks } from '../../main/app/bulk';
import * as changePlan from '../../main/app/changePlan';
import { compileNumberPattern } from '../../db/numberPatterns';
import { createAppFixture, type AppFixture } from './appFixtures';

// Issue 21 item 1: the bulk preview reads its services' facts a chunk at a time and writes its rows many to a
// statement; the apply writes a chunk's document lines and ledger rows many to a statement at the chunk's end. Every
// table must come out exactly as when each row is applied on its own, one INSERT at a time (same ids, same values),
// across more than one multi-row statement (100 rows each).

const fixtures: AppFixture[] = [];
afterEach(() => {
  for (const fx of fixtures.splice(0)) fx.close();
});

const CUSTOMERS = 120;
const START = '2024-01-20';
const CHUNK = 1000;

function isp(): { fx: AppFixture; seed: BulkSeed } {
  const fx = createAppFixture({ today: '2024-01-01' });
  fixtures.push(fx);
  const seed = seedPlanWithServices(fx.ctx, CUSTOMERS, {
    created: '2024-01-01',
    settings: { 'changePlan.feeLessExpensive': 500, 'billing.paymentDueDays': 3, 'billing.blockingDays': 0 },
    beforeBilling: (s) => {
      // Variety: a second service of the same customer (its quote goes stale when its sibling is applied), quantity
      // and price, a quarterly pay period, a discount.
      s.customerIds.forEach((customerId, i) => {
        if (i % 7 === 0) fx.call('services.add', { customerId, kind: 'internet', planId: s.fromPlanId, start: '2024-01-01', quantity: 2, unitPrice: 15000 });
        if (i % 11 === 0) fx.call('services.add', { customerId, kind: 'internet', planId: s.fromPlanId, start: '2024-01-01', payPeriodMonths: 3 });
        if (i % 13 === 0)
          fx.call('services.add', { customerId, kind: 'internet', planId: s.fromPlanId, start: '2024-01-01', discount: { kind: 'percent', value: 1000, from: null, to: null } });
      });
    },
  });
  fx.clock.set('2024-01-10');
  fx.call('days.runUntil', { until: '2024-01-09' });
  // Some customers paid their invoice (money on the balance or none owed), the others owe it (the refund settles it).
  seed.customerIds.forEach((customerId, i) => {
    if (i % 3 === 0) fx.call('billing.addPayment', { customerId, amount: i % 2 ? 50000 : 20000 });
  });
  // Those who owe were blocked past the due date (a refund makes the apply reconsider their dunning, reading the
  // balance and invoices it moved); some of them paid most of it, so that their refund settles the rest and reactivates them.
  seed.customerIds.forEach((customerId, i) => {
    if (i % 3 !== 0 && i % 5 === 2) fx.call('billing.addPayment', { customerId, amount: 17000 });
  });
  return { fx, seed };
}

const TIMESTAMPS = new Set(['at', 'created_at', 'updated_at', 'applied_at', 'cancelled_at', 'changed_at']);
/** Every table, each row with its id and without its wall-clock timestamps, as sorted JSON texts. */
function tables(fx: AppFixture): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const { name } of fx.db.sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[])
    out[name] = (fx.db.sqlite.prepare(`SELECT * FROM "${name}"`).all() as Record<string, unknown>[])
      .map((r) => JSON.stringify(Object.entries(r).filter(([k]) => !TIMESTAMPS.has(k))))
      .sort();
  return out;
}

const blockedCustomers = (fx: AppFixture): number => (fx.db.sqlite.prepare("SELECT count(*) AS n FROM customers WHERE status = 'blocked'").get() as { n: number }).n;

function previewAndApply(hooks: ApplyHooks, beforeApply?: (fx: AppFixture, batchId: number) => void) {
  const { fx, seed } = isp();
  const blockedBefore = blockedCustomers(fx);
  const p = fx.call('bulk.preview', { fromPlanId: seed.fromPlanId, toPlanId: seed.toPlanId, start: START });
  // Each preview row (facts read a chunk at a time) holds the quote of the facts read for its service alone.
  const items = fx.db.sqlite.prepare('SELECT service_id AS serviceId, status, fingerprint, refund, fee, charge, balance_effect AS net FROM bulk_batch_items WHERE batch_id = ? ORDER BY id').all(p.batchId) as {
    serviceId: number; status: string; fingerprint: string | null; refund: number | null; fee: number | null; charge: number | null; net: number | null;
  }[];
  for (const item of items) {
    const req = { serviceId: item.serviceId, planId: seed.toPlanId, start: START, description: null, unitPrice: null, ignoreBalance: false };
    const r = changePlan.quotePrepared(changePlan.prepareFromFacts(fx.clock.today(), req, changePlan.loadFacts(fx.ctx, req)));
    expect(r.ok ? { status: 'pending', fingerprint: r.fingerprint, refund: r.q.refundTotal, fee: r.q.fee.amount, charge: r.q.newCharge?.total ?? 0, net: r.q.net } : { status: 'skipped' }).toEqual(
      r.ok ? { ...item, serviceId: undefined } : { status: item.status },
    );
  }
  beforeApply?.(fx, p.batchId);
  let progress;
  do progress = applyChunk(fx.ctx, { batchId: p.batchId, limit: CHUNK }, hooks);
  while (!progress.done);
  return { fx, seed, p, progress, blockedBefore };
}

test('a bulk change writes the same rows in every table as applying each row on its own, one INSERT at a time', () => {
  const retried: string[] = [];
  const batched = previewAndApply({ onChunkRetried: (reason) => retried.push(reason) });
  const single = previewAndApply({ rowByRow: true });
  // the chunk was applied batched, not rolled back and applied again row by row (the same tables, only slower)
  expect(retried).toEqual([]);

  expect(batched.progress).toMatchObject({ succeeded: single.progress.succeeded, failed: 0 });
  const a = tables(batched.fx);
  const b = tables(single.fx);
  expect(a.bulk_batch_items.length).toBeGreaterThan(150); // more than one multi-row statement of preview rows
  expect(a.balance_transactions.length).toBeGreaterThan(300); // … and of the apply's ledger rows
  expect(a.credit_note_lines.length).toBeGreaterThan(100);
  expect(a.invoice_lines.length).toBeGreaterThan(100);
  // refunds reactivated blocked customers (their dunning reconsidered with the chunk's deferred money written)
  expect(blockedCustomers(batched.fx)).toBeLessThan(batched.blockedBefore);
  expect(blockedCustomers(batched.fx)).toBeGreaterThan(0);
  for (const name of Object.keys(b)) expect(a[name], name).toEqual(b[name]);
});

test('a number the chunk would give is taken by an invoice edited by hand: the same rows as applying each row on its own', () => {
  // The chunk's invoices are numbered from the next id on; an old invoice renumbered by hand holds the number of the
  // chunk's last one (written with the chunk's last rows, at its end).
  const takeNumber = (fx: AppFixture, batchId: number) => {
    const next = (fx.db.sqlite.prepare('SELECT MAX(id) + 1 AS n FROM invoices').get() as { n: number }).n;
    const invoiced = fx.db.sqlite.prepare("SELECT count(*) AS n FROM bulk_batch_items WHERE batch_id = ? AND status = 'pending' AND quote ->> '$.documents.invoice'").get(batchId) as { n: number };
    const format = compileNumberPattern('{year}{partner_id|2}{next|6}', fx.clock.today().slice(0, 4), 1);
    fx.db.sqlite.prepare('UPDATE invoices SET number = ? WHERE id = 1').run(format(next + invoiced.n - 1));
  };
  const retried: string[] = [];
  const batched = previewAndApply({ onChunkRetried: (reason) => retried.push(reason) }, takeNumber);
  const single = previewAndApply({ rowByRow: true }, takeNumber);
  expect(retried).toHaveLength(1); // the taken number rolled the chunk back once
  expect(batched.progress).toMatchObject({ succeeded: single.progress.succeeded, failed: 0 });
  const a = tables(batched.fx);
  const b = tables(single.fx);
  for (const name of Object.keys(b)) expect(a[name], name).toEqual(b[name]);
});
