import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LedgerEntry } from '../../main/contract/ledger';
import { formatMoney } from '../../main/engine';
import { createAppFixture, type AppFixture } from './appFixtures';

// Finance → Ledger (issue 18 item 13): every ledger entry across customers, filtered and paged on the server; the
// CSV holds exactly the filtered entries of every page; totals agree with the customers' balances.

let fx: AppFixture;
const TODAY = '2025-05-20';

beforeAll(() => {
  fx = createAppFixture({ today: TODAY });
  fx.call('system.createDemo', { customers: 40, seed: 3 });
});
afterAll(() => fx.close());

const sqlCount = (where = '1', ...params: unknown[]) =>
  (fx.db.sqlite.prepare(`SELECT count(*) AS n FROM balance_transactions t WHERE ${where}`).get(...params) as { n: number }).n;

/** Every page of a filter, one after the other. */
function allPages(filters: Record<string, unknown>, pageSize = 25): LedgerEntry[] {
  const out: LedgerEntry[] = [];
  for (let page = 1; ; page++) {
    const r = fx.call('finance.ledger', { ...filters, page, pageSize } as never);
    out.push(...r.rows);
    if (page * pageSize >= r.total) return out;
  }
}

/** RFC 4180 reader (quoted fields, doubled quotes), enough to read our export back. */
function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(field), (field = '');
    else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      (row = []), (field = ''), i++;
    } else field += ch;
  }
  return rows;
}

describe('finance.ledger', () => {
  it('lists every entry once across its pages, newest first', () => {
    const first = fx.call('finance.ledger', { page: 1, pageSize: 25 });
    expect(first.total).toBe(sqlCount());
    expect(first.total).toBeGreaterThan(100);
    const rows = allPages({});
    expect(rows).toHaveLength(first.total);
    expect(new Set(rows.map((r) => r.id)).size).toBe(first.total);
    for (let i = 1; i < rows.length; i++) expect(rows[i - 1].date >= rows[i].date).toBe(true);
  });

  it('a customer’s entries sum to its balance, and the last balance-after is that balance', () => {
    const customers = fx.db.sqlite.prepare('SELECT id, balance FROM customers WHERE id IN (SELECT customer_id FROM balance_transactions) ORDER BY id LIMIT 5').all() as { id: number; balance: number }[];
    for (const c of customers) {
      const r = fx.call('finance.ledger', { customerId: c.id, sortDirection: 'asc', page: 1, pageSize: 500 });
      expect(r.totals.credit - r.totals.debit).toBe(c.balance);
      expect(r.rows.reduce((s, e) => s + e.amount, 0)).toBe(c.balance);
      const byId = [...r.rows].sort((a, b) => a.id - b.id);
      expect(byId.at(-1)!.balance).toBe(c.balance);
    }
    const all = fx.call('finance.ledger', { page: 1, pageSize: 1 });
    const sum = (fx.db.sqlite.prepare('SELECT SUM(balance) AS s FROM customers').get() as { s: number }).s;
    expect(all.totals.credit - all.totals.debit).toBe(sum);
  });

  it('filters by kind, date range, amount range and search, as SQL over the ledger counts them', () => {
    const kinds = ['invoice', 'creditNote', 'payment', 'other'] as const;
    const counts = kinds.map((kind) => {
      const rows = allPages({ kind }, 200);
      for (const r of rows) expect(r.kind).toBe(kind);
      return rows.length;
    });
    expect(counts[0]).toBe(sqlCount('invoice_id IS NOT NULL'));
    expect(counts[2]).toBe(sqlCount('payment_id IS NOT NULL'));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(sqlCount());

    const filtered = allPages({ from: '2025-02-01', to: '2025-03-31', minAmount: 1000, maxAmount: 5000 }, 50);
    expect(filtered.length).toBe(sqlCount("date BETWEEN '2025-02-01' AND '2025-03-31' AND amount BETWEEN 1000 AND 5000"));
    expect(filtered.length).toBeGreaterThan(0);
    for (const r of filtered) {
      expect(r.date >= '2025-02-01' && r.date <= '2025-03-31').toBe(true);
      expect(Math.abs(r.amount)).toBeGreaterThanOrEqual(1000);
      expect(Math.abs(r.amount)).toBeLessThanOrEqual(5000);
    }

    const inv = fx.db.sqlite.prepare('SELECT number, customer_id AS customerId FROM invoices ORDER BY id DESC LIMIT 1').get() as { number: string; customerId: number };
    const found = fx.call('finance.ledger', { search: inv.number, page: 1, pageSize: 50 });
    expect(found.rows.map((r) => r.document)).toContain(inv.number);
    const name = (fx.db.sqlite.prepare('SELECT name FROM customers WHERE id = ?').get(inv.customerId) as { name: string }).name;
    const byName = allPages({ search: name }, 100);
    expect(byName.length).toBeGreaterThan(0);
    for (const r of byName) expect(r.customerName).toContain(name);
  });

  it('sorts by amount and by customer on the server', () => {
    const asc = fx.call('finance.ledger', { sortBy: 'amount', sortDirection: 'asc', page: 1, pageSize: 100 }).rows.map((r) => Math.abs(r.amount));
    expect(asc).toEqual([...asc].sort((a, b) => a - b));
    const names = fx.call('finance.ledger', { sortBy: 'customerName', sortDirection: 'desc', page: 2, pageSize: 100 }).rows.map((r) => r.customerName);
    for (let i = 1; i < names.length; i++) expect(names[i - 1] >= names[i]).toBe(true);
  });

  it('refuses a maximum below the minimum, naming the field', () => {
    const err = fx.refuse('finance.ledger', { minAmount: 500, maxAmount: 100, page: 1, pageSize: 10 });
    expect(err.code).toBe('VALIDATION');
    expect(Object.keys(err.fields ?? {})).toEqual(['maxAmount']);
  });
});

describe('finance.ledgerCsv', () => {
  it('holds exactly the filtered entries of every page, in the list’s order, money in the ISP’s format', () => {
    const filters = { from: '2025-01-01', kind: 'payment' as const, sortBy: 'amount' as const, sortDirection: 'desc' as const };
    const rows = allPages(filters, 20);
    expect(rows.length).toBeGreaterThan(20); // more than one page
    const { csv, filename } = fx.call('finance.ledgerCsv', filters);
    expect(filename).toBe(`ledger-${TODAY}.csv`);
    const [header, ...lines] = readCsv(csv);
    expect(header).toEqual(['Date', 'Customer ID', 'Customer', 'Kind', 'Document', 'Description', 'Debit', 'Credit', 'Balance after']);
    expect(lines.map((l) => [l[0], Number(l[1]), l[2], l[3], l[4], l[7], l[8]])).toEqual(
      rows.map((r) => [r.date, r.customerId, r.customerName, 'Payment', r.document, formatMoney(r.amount), formatMoney(r.balance)]),
    );
  });
});
