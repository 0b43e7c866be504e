import { afterEach, describe, expect, test } from 'vitest';
import { openDatabase, type AppDb } from '../../db/open';
import { newFactsMemo, prefetchInvoicedLines } from '../../main/app/changePlan';
import { runDaysUntil } from '../../main/app/scheduler';
import { addDays } from '../../main/engine';
import { createAppFixture, type AppFixture } from './appFixtures';

// Issue 21 item 3: opening a customer costs the same with five years of history as with six months. The Billing tab
// reads a summary and the first page of each list; these tests check that what it shows is exactly the customer's
// whole history (billing.forCustomer, the documents' own rows), and that it gets there on indexes ordered like the
// page, with the counts and totals read from index entries — never a sort or a table read of every past row.

let fx: AppFixture;
afterEach(() => fx?.close());

const MONTHS = ['2021-10', '2021-11', '2021-12', '2022-01', '2022-02', '2022-03', '2022-04', '2022-05', '2022-06'];

/**
 * Nine months of billing days across a new year (the customer indexes put the year first: main/app/historyYears.ts),
 * payments (one posted last and dated in the year before), one-time invoices and a cancelled plan change.
 */
function customerWithHistory() {
  fx = createAppFixture({ today: '2021-10-01' });
  const plan = fx.call('plans.create', { kind: 'internet', name: 'Fiber_100', price: 10000 });
  const cheaper = fx.call('plans.create', { kind: 'internet', name: 'Fiber_50', price: 5000 });
  const c = fx.call('customers.create', { name: 'Hanna History', status: 'active' });
  runDaysUntil(fx.ctx, '2021-09-30');
  const s = fx.call('services.add', { customerId: c.id, kind: 'internet', planId: plan.id, start: '2021-10-03' });
  for (let month = 1; month <= 9; month++) {
    const first = `${MONTHS[month - 1]}-01`;
    runDaysUntil(fx.ctx, first);
    fx.clock.set(first);
    fx.clock.advance(4);
    fx.call('billing.addPayment', { customerId: c.id, amount: 11000 + month * 111, method: 'bankTransfer', reference: `VS${month}` });
    if (month % 3 === 0) fx.call('billing.oneTimeInvoice', { customerId: c.id, lines: [{ description: `Visit ${month}`, amount: 1500 }, { description: 'Cable', amount: 250 }] });
    if (month === 5) {
      // a change and its cancellation: two credit notes with lines, a change invoice and its mirror
      const start = addDays(fx.clock.today(), 10);
      const q = fx.call('changePlan.quote', { serviceId: s.id, planId: cheaper.id, start });
      if (!q.ok) expect.fail(q.message);
      const applied = fx.call('changePlan.apply', { serviceId: s.id, planId: cheaper.id, start, fingerprint: q.fingerprint });
      fx.call('changePlan.cancel', { planChangeId: applied.id });
    }
  }
  fx.call('billing.addPayment', { customerId: c.id, amount: 777, date: '2021-12-14', reference: 'late bank import' }); // posted last, dated the year before
  // another customer's documents in the same tables: the pages must not pick them up
  const other = fx.call('customers.create', { name: 'Otto Other', status: 'active' });
  fx.call('billing.oneTimeInvoice', { customerId: other.id, lines: [{ description: 'Router', amount: 4000 }] });
  fx.call('billing.addPayment', { customerId: other.id, amount: 1000 });
  return c.id;
}

/** Every page of a paged channel, first to last. */
function allPages<T>(read: (page: number) => { rows: T[]; total: number }, pageSize: number): { rows: T[]; totals: number[] } {
  const rows: T[] = [];
  const totals: number[] = [];
  for (let page = 1; ; page++) {
    const p = read(page);
    totals.push(p.total);
    rows.push(...p.rows);
    if (p.rows.length < pageSize) return { rows, totals };
  }
}

const HISTORY = /\b(invoices|invoice_lines|payments|credit_notes|balance_transactions)\b/;

/** The reads of the history tables that `work` prepares on a connection (first use there), as SQLite plans them. */
function plansOf(db: AppDb, work: () => void, param: unknown): { text: string; plan: string[] }[] {
  const sqlite = db.sqlite;
  const texts: string[] = [];
  const prepare = sqlite.prepare.bind(sqlite);
  sqlite.prepare = ((text: string) => (texts.push(text), prepare(text))) as typeof sqlite.prepare;
  try {
    work();
  } finally {
    sqlite.prepare = prepare;
  }
  return texts
    .filter((t) => HISTORY.test(t) && /^\s*(SELECT|WITH)/i.test(t))
    .map((text) => {
      // every parameter, positional (?) or named (@id), gets the same value
      const named = [...text.matchAll(/@(\w+)/g)].map((m) => m[1]);
      const params = named.length ? [Object.fromEntries(named.map((n) => [n, param]))] : Array((text.match(/\?/g) ?? []).length).fill(param);
      return { text, plan: (prepare(`EXPLAIN QUERY PLAN ${text}`).all(...params) as { detail: string }[]).map((r) => r.detail) };
    });
}

const newestFirst = <T extends { date: string; id: number }>(rows: readonly T[]) => [...rows].sort((a, b) => (a.date === b.date ? b.id - a.id : b.date.localeCompare(a.date)));
const sum = (values: number[]) => values.reduce((s, v) => s + v, 0);

describe('the customer page with a history (issue 21 item 3)', () => {
  test('the summary and every page of every list show exactly the whole history, newest first', () => {
    const customerId = customerWithHistory();
    const whole = fx.call('billing.forCustomer', { customerId });
    expect(whole.invoices.length).toBeGreaterThan(12);
    expect(whole.creditNotes.length).toBeGreaterThanOrEqual(2);
    expect(whole.ledger.length).toBeGreaterThan(25);

    const summary = fx.call('billing.customerSummary', { customerId });
    expect(summary.balance).toBe(whole.balance);
    expect(summary.counts).toEqual({ invoices: whole.invoices.length, creditNotes: whole.creditNotes.length, payments: whole.payments.length, ledger: whole.ledger.length });

    const pageSize = 4;
    const page = { customerId, pageSize };
    const invoices = allPages((p) => fx.call('finance.invoices', { ...page, page: p }), pageSize);
    expect(invoices.rows).toEqual(newestFirst(whole.invoices));
    expect(new Set(invoices.totals)).toEqual(new Set([whole.invoices.length]));
    const firstInvoices = fx.call('finance.invoices', { ...page, page: 1 });
    expect(firstInvoices.totals).toEqual({ total: sum(whole.invoices.map((i) => i.total)), paid: sum(whole.invoices.map((i) => i.paid)) });

    const notes = allPages((p) => fx.call('finance.creditNotes', { ...page, page: p }), pageSize);
    expect(notes.rows).toEqual(newestFirst(whole.creditNotes));
    expect(fx.call('finance.creditNotes', { ...page, page: 1 }).totals).toEqual({ total: sum(whole.creditNotes.map((n) => n.total)) });

    const payments = allPages((p) => fx.call('finance.payments', { ...page, page: p }), pageSize);
    expect(payments.rows).toEqual(newestFirst(whole.payments));
    expect(fx.call('finance.payments', { ...page, page: 1 }).totals).toEqual({ amount: sum(whole.payments.map((p) => p.amount)) });

    // ledger order is posting order (the backdated payment is the newest row), each row with its running balance
    const ledger = allPages((p) => fx.call('billing.customerLedger', { ...page, page: p }), pageSize);
    expect(ledger.rows).toEqual([...whole.ledger].reverse());
    expect(ledger.rows[0].description).toContain('late bank import');
    expect(ledger.rows[0].balance).toBe(whole.balance);
  });

  test("each document's lines are its own, in print order, whichever page reads them", () => {
    const customerId = customerWithHistory();
    const own = (table: string, key: string, id: number) =>
      (fx.db.sqlite.prepare(`SELECT description, total FROM ${table} WHERE ${key} = ? ORDER BY position, id`).all(id) as { description: string; total: number }[]).map((l) => [l.description, l.total]);
    const invoices = allPages((p) => fx.call('finance.invoices', { customerId, page: p, pageSize: 5 }), 5).rows;
    expect(invoices.some((i) => i.lines.length > 1)).toBe(true);
    for (const i of invoices) {
      expect(i.lines.map((l) => [l.description, l.total])).toEqual(own('invoice_lines', 'invoice_id', i.id));
      expect(fx.call('billing.invoice', { id: i.id })).toEqual(i);
    }
    const notes = fx.call('finance.creditNotes', { customerId, page: 1, pageSize: 25 }).rows;
    for (const n of notes) expect(n.lines.map((l) => [l.description, l.amount])).toEqual(own('credit_note_lines', 'credit_note_id', n.id));
  });

  test('the page reads indexes in its own order and counts from index entries: no sort and no table read of the history', () => {
    const customerId = customerWithHistory();
    const plans = plansOf(fx.db, () => {
      fx.call('customers.get', { id: customerId });
      fx.call('billing.customerSummary', { customerId });
      for (const channel of ['finance.invoices', 'finance.creditNotes', 'finance.payments', 'billing.customerLedger'] as const) fx.call(channel, { customerId, page: 1, pageSize: 25 });
    }, customerId);
    expect(plans.length).toBeGreaterThanOrEqual(8);
    for (const { text, plan } of plans) {
      const reads = plan.filter((d) => HISTORY.test(d));
      // a full scan of a history table would read every customer's rows
      expect(reads.filter((d) => d.startsWith('SCAN')), text).toEqual([]);
      // counts and totals: from the (customer, …) index alone, not a table row per document
      if (/\b(COUNT|SUM)\(/i.test(text) && !/\bLIMIT\b/i.test(text)) expect(reads.every((d) => d.includes('COVERING INDEX') || d.includes('invoices_unpaid_idx')), `${text}\n${plan.join('\n')}`).toBe(true);
      // a sort is allowed only of the page itself: rows found first, in index order, by a LIMITed co-routine
      if (plan.some((d) => d.includes('TEMP B-TREE'))) expect(plan.some((d) => d.startsWith('CO-ROUTINE')) && /\bLIMIT\b/i.test(text), `${text}\n${plan.join('\n')}`).toBe(true);
    }
  });

  test("every other read of one customer's invoices or ledger names the years of its year-first index: the statement, the finance ledger and its running balances, the whole history", () => {
    const customerId = customerWithHistory();
    const plans = plansOf(fx.db, () => {
      fx.call('documents.statement', { customerId, from: '2021-11-01', to: '2022-03-31' });
      fx.call('finance.ledger', { customerId, page: 1, pageSize: 25 });
      fx.call('finance.ledger', { page: 1, pageSize: 25 }); // every customer's entries, each with its running balance
      fx.call('billing.forCustomer', { customerId });
    }, customerId);
    const ofCustomer = plans.filter(({ text }) => /\b(invoices|balance_transactions)\b[^]*\b\w+\.?customer_id = (\?|t\.customer_id)/.test(text));
    expect(ofCustomer.length).toBeGreaterThanOrEqual(5);
    for (const { text, plan } of ofCustomer)
      expect(plan.some((d) => /(invoices|balance_transactions)_year_customer_idx \(<expr>=\? AND customer_id=\?/.test(d)), `${text}\n${plan.join('\n')}`).toBe(true);
  });

  test("a service's invoice lines are found by the one (service, day) index: change plan, its cancellation, the bulk prefetch, deletion", () => {
    const customerId = customerWithHistory();
    const serviceId = (fx.db.sqlite.prepare('SELECT id FROM services WHERE customer_id = ? ORDER BY id LIMIT 1').get(customerId) as { id: number }).id;
    const plan = fx.call('plans.create', { kind: 'internet', name: 'Fiber_200', price: 20000 });
    // a connection of its own, whose statements are all prepared by this work
    const db = openDatabase(fx.file);
    const ctx = { ...fx.ctx, db };
    let plans: { text: string; plan: string[] }[];
    try {
      plans = plansOf(db, () => {
        const start = addDays(fx.clock.today(), 3);
        const q = fx.call('changePlan.quote', { serviceId, planId: plan.id, start }, ctx);
        if (!q.ok) expect.fail(q.message);
        expect(q.refundLines.length).toBeGreaterThan(0); // the quote gave back days it found invoiced
        const applied = fx.call('changePlan.apply', { serviceId, planId: plan.id, start, fingerprint: q.fingerprint }, ctx);
        fx.call('changePlan.cancel', { planChangeId: applied.id }, ctx);
        prefetchInvoicedLines(ctx, newFactsMemo(), [serviceId]);
        const unused = fx.call('services.add', { customerId, kind: 'internet', planId: plan.id, start: addDays(fx.clock.today(), 40) }, ctx);
        fx.call('services.delete', { id: unused.id }, ctx);
      }, serviceId);
    } finally {
      db.close();
    }
    const byService = plans.filter(({ text }) => /FROM invoice_lines( l)?\b[^]*\bservice_id (=|IN)/.test(text));
    expect(byService.length).toBeGreaterThanOrEqual(4);
    for (const { text, plan } of byService) {
      expect(plan.some((d) => d.includes('invoice_lines_service_recurring_unique (<expr>=? AND service_id=?')), `${text}\n${plan.join('\n')}`).toBe(true);
      expect(plan.filter((d) => d.startsWith('SCAN') && !/^SCAN (json_each|CONSTANT ROW|history_years)/.test(d)), `${text}\n${plan.join('\n')}`).toEqual([]);
    }
  });

  test('the billing day reads what is owed, never a customer\'s history: unpaid and unsettled partial indexes, or a document by its id', () => {
    customerWithHistory();
    // a connection of its own, whose statements are all prepared by this billing day
    const db = openDatabase(fx.file);
    let plans: { text: string; plan: string[] }[];
    try {
      plans = plansOf(db, () => runDaysUntil({ ...fx.ctx, db }, '2022-07-01'), 1);
      expect(fx.call('billing.forCustomer', { customerId: 1 }).invoices.at(-1)!.date).toBe('2022-07-01');
    } finally {
      db.close();
    }
    expect(plans.length).toBeGreaterThan(0);
    // MAX(id) is one step down the table's b-tree ("SEARCH invoices" without an index)
    const owed = /invoices_unpaid_idx|balance_transactions_unsettled_idx|INTEGER PRIMARY KEY|invoice_lines_invoice_idx|_number_unique|^SEARCH \w+$/;
    for (const { text, plan } of plans)
      for (const d of plan.filter((d) => HISTORY.test(d) && !/^SCAN json_each/.test(d))) expect(d, `${text}\n${plan.join('\n')}`).toMatch(owed);
  });
});
