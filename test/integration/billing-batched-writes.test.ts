import { afterEach, expect, test } from 'vitest';
import { compileNumberPattern } from '../../db/numberPatterns';
import { billCustomer, BILLING_PROGRESS_EVERY } from '../../main/app/billingRun';
import { writeInvoiceDebits } from '../../main/app/ledger';
import { runEndOfDay, runStartOfDay } from '../../main/app/scheduler';
import { createAppFixture, type AppFixture } from './appFixtures';

// Issue 21 item 2: the billing day keeps its invoice lines, ledger rows and audit entries and writes them many to a
// statement at the end of the run, and posts its invoices a step of customers at a time (plan, draft, insert the
// invoice rows together, complete). The rows must be exactly those the one-customer-at-a-time path writes (same ids,
// same order, same values), across more than one multi-row statement (100 rows each) and more than one step, for
// customers with and without credit paid in advance (the invoice written paid or partly paid at once).

const fixtures: AppFixture[] = [];
afterEach(() => {
  for (const fx of fixtures.splice(0)) fx.close();
});

const DAY = '2022-02-01';
const CUSTOMERS = BILLING_PROGRESS_EVERY + 10; // more than one step

function isp(): AppFixture {
  const fx = createAppFixture({ today: '2022-01-01' });
  fixtures.push(fx);
  const plan = fx.call('plans.create', { kind: 'internet', name: 'Fibre_300', price: 2999 });
  const extra = fx.call('plans.create', { kind: 'internet', name: 'Static_IP', price: 500 });
  for (let i = 0; i < CUSTOMERS; i++) {
    const c = fx.call('customers.create', { name: `Customer ${i}`, status: 'active', createdOn: '2022-01-01' });
    fx.call('services.add', { customerId: c.id, kind: 'internet', planId: plan.id, start: `2022-01-${String(1 + (i % 28)).padStart(2, '0')}` });
    if (i % 3 === 0) fx.call('services.add', { customerId: c.id, kind: 'internet', planId: extra.id, start: '2022-01-15' });
    // credit paid in advance: more than February's invoice, or a part of it
    if (i % 5 === 0) fx.call('billing.addPayment', { customerId: c.id, amount: 20000 });
    else if (i % 7 === 0) fx.call('billing.addPayment', { customerId: c.id, amount: 1000 });
    // a charge waiting for the next invoice (a fee a plan change deferred), written as changePlan.ts writes one
    if (i % 11 === 0)
      fx.db.sqlite
        .prepare(`INSERT INTO pending_charges (customer_id, kind, description, amount, net, vat, total, created_on) VALUES (?, 'fee', 'Plan change fee', 500, 500, 0, 500, '2022-01-01')`)
        .run(c.id);
  }
  fx.clock.set(DAY);
  return fx;
}

const rows = (fx: AppFixture, sql: string) => fx.db.sqlite.prepare(sql).all();
const written = (fx: AppFixture) => ({
  invoices: rows(fx, 'SELECT id, customer_id, number, date, due_date, net, vat, total, paid, status FROM invoices ORDER BY id'),
  lines: rows(fx, 'SELECT * FROM invoice_lines ORDER BY id'),
  ledger: rows(fx, 'SELECT id, customer_id, date, kind, amount, category, invoice_id, credit_note_id, payment_id, settled, description FROM balance_transactions ORDER BY id'),
  audit: rows(fx, "SELECT id, business_date, actor, entity, entity_id, customer_id, action, after FROM audit_log WHERE entity = 'invoice' ORDER BY id"),
  balances: rows(fx, 'SELECT id, balance FROM customers ORDER BY id'),
  invoicedUntil: rows(fx, 'SELECT id, invoiced_until FROM services ORDER BY id'),
  waiting: rows(fx, 'SELECT id, customer_id, invoice_id FROM pending_charges ORDER BY id'),
});

/**
 * The billing day of DAY on one ISP, and each active customer billed on its own on another (both brought to the day with
 * every earlier day run; `before` changes each of them the same way first): what each wrote.
 */
function billBothWays(before?: (fx: AppFixture) => void) {
  const batched = isp();
  const single = isp();
  for (const fx of [batched, single]) {
    runEndOfDay(fx.ctx, '2022-01-31');
    before?.(fx);
  }
  const summary = runEndOfDay(batched.ctx, DAY);
  single.db.transaction(() => {
    runStartOfDay(single.ctx, DAY);
    const ids = single.db.sqlite.prepare("SELECT id FROM customers WHERE status = 'active' ORDER BY id").all() as { id: number }[];
    for (const { id } of ids) billCustomer(single.ctx, id, DAY, 1);
  });
  expect(summary.invoices).toBe(CUSTOMERS);
  const a = written(batched);
  const b = written(single);
  for (const table of Object.keys(b) as (keyof typeof b)[]) expect(a[table], table).toEqual(b[table]);
  return a;
}

test('the billing day writes the same invoices, lines, ledger rows, audit entries, balances and settlements as billing one customer at a time', () => {
  const a = billBothWays();
  expect(a.lines.length).toBeGreaterThan(100); // more than one multi-row statement
  const statuses = new Set((a.invoices as { date: string; status: string }[]).filter((i) => i.date === DAY).map((i) => i.status));
  expect([...statuses].sort()).toEqual(['paid', 'partiallyPaid', 'unpaid']);
  expect((a.waiting as { invoice_id: number | null }[]).filter((w) => w.invoice_id !== null).length).toBeGreaterThan(0);
});

test('a number the billing day would give is taken by an invoice edited by hand: the day runs again writing each invoice at once, with the same rows as billing one customer at a time', () => {
  // The day's invoices are numbered from the next id on; an earlier invoice renumbered by hand holds the number of the
  // day's tenth one (its unique index refuses the day's invoices when they are written together).
  billBothWays((fx) => {
    const { id } = fx.call('billing.oneTimeInvoice', { customerId: 1, lines: [{ description: 'Router', amount: 4900, vatRateBp: 0, vatIncluded: true }] });
    const format = compileNumberPattern('{year}{partner_id|2}{next|6}', DAY.slice(0, 4), 1);
    fx.db.sqlite.prepare('UPDATE invoices SET number = ? WHERE id = ?').run(format(id + 10), id);
  });
});

test("the day's ledger debits refuse an id range that holds an invoice the day did not count (no debit more or fewer)", () => {
  const fx = isp();
  const { id } = fx.call('billing.oneTimeInvoice', { customerId: 1, lines: [{ description: 'Router', amount: 4900, vatRateBp: 0, vatIncluded: true }] });
  const ledger = () => fx.db.sqlite.prepare('SELECT count(*) AS n FROM balance_transactions').get();
  const before = ledger();
  // a batch of "no invoices needing a debit" whose range holds the one-time invoice (4 900 > 0)
  expect(() => fx.db.transaction(() => writeInvoiceDebits(fx.ctx, { first: id, last: id, debits: 0 }))).toThrow(/1 rows for 0 invoices/);
  expect(ledger()).toEqual(before); // rolled back with the transaction
});
