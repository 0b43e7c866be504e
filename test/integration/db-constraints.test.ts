import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppDb } from '../../db/open';
import { sqliteErrorData } from '../../main/app/dbErrors';
import { addService, seededDb, tempDir } from './dbFixtures';

// The rules the database itself enforces, whatever the application code above it does.

let tmp: ReturnType<typeof tempDir>;
let db: AppDb;
let planId: number;
let customerId: number;
beforeEach(() => {
  tmp = tempDir();
  ({ db, planId, customerId } = seededDb(join(tmp.dir, 'office.sqlite')));
});
afterEach(() => {
  db.close();
  tmp.cleanup();
});

const run = (sql: string, ...params: unknown[]) => () => db.sqlite.prepare(sql).run(...params);
const CHECK = /CHECK constraint failed/;

describe('enums and amounts', () => {
  it('refuses unknown plan kinds, negative prices and VAT over 100 %', () => {
    expect(run(`INSERT INTO plans (kind, name, price) VALUES ('bundle', 'B', 100)`)).toThrow(CHECK);
    expect(run(`INSERT INTO plans (kind, name, price) VALUES ('internet', 'N', -1)`)).toThrow(CHECK);
    expect(run(`INSERT INTO plans (kind, name, price) VALUES ('internet', 'F', 10.5)`)).toThrow(CHECK);
    expect(run(`INSERT INTO plans (kind, name, price, vat_rate_bp) VALUES ('internet', 'V', 100, 10001)`)).toThrow(CHECK);
    expect(run(`INSERT INTO plans (kind, name, price, vat_rate_bp) VALUES ('voice', 'Voice', 100, 2100)`)).not.toThrow();
  });

  it('refuses unknown customer statuses, billing days beyond 28 and bad dates', () => {
    expect(run(`INSERT INTO customers (name, status, created_on) VALUES ('x', 'disabled', '2022-01-01')`)).toThrow(CHECK);
    expect(run(`INSERT INTO customers (name, created_on, billing_day) VALUES ('x', '2022-01-01', 29)`)).toThrow(CHECK);
    expect(run(`INSERT INTO customers (name, created_on) VALUES ('x', '2022-02-30')`)).toThrow(CHECK);
    expect(run(`INSERT INTO customers (name, created_on) VALUES ('x', '1/2/2022')`)).toThrow(CHECK);
  });

  it('stores "never" blocking as -1 and refuses other negatives', () => {
    expect(run(`INSERT INTO customers (name, created_on, blocking_days, deactivation_days) VALUES ('x', '2022-01-01', -1, -1)`)).not.toThrow();
    expect(run(`INSERT INTO customers (name, created_on, blocking_days) VALUES ('y', '2022-01-01', -2)`)).toThrow(CHECK);
    expect(run(`INSERT INTO customers (name, created_on, deactivation_days) VALUES ('z', '2022-01-01', 0)`)).toThrow(CHECK);
  });

  it('refuses bad service statuses, pay periods, quantities and an end before the start', () => {
    expect(() => addService(db, { customerId, planId, status: 'paused' })).toThrow(CHECK);
    expect(() => addService(db, { customerId, planId, status: 'active', start: '2022-02-01', end: '2022-01-31' })).toThrow(CHECK);
    // Same-day change: the old service is archived with end = start.
    expect(() => addService(db, { customerId, planId, status: 'archived', start: '2022-02-01', end: '2022-02-01' })).not.toThrow();
    const id = addService(db, { customerId, planId, status: 'active' });
    expect(run(`UPDATE services SET pay_period_months = 2 WHERE id = ?`, id)).toThrow(CHECK);
    expect(run(`UPDATE services SET quantity = 0 WHERE id = ?`, id)).toThrow(CHECK);
    expect(run(`UPDATE services SET unit_price = -100 WHERE id = ?`, id)).toThrow(CHECK);
    expect(run(`UPDATE services SET discount_kind = 'percent', discount_value = 10001 WHERE id = ?`, id)).toThrow(CHECK);
  });

  it('refuses payments and ledger entries that are not positive', () => {
    expect(run(`INSERT INTO payments (customer_id, date, amount) VALUES (?, '2022-01-01', 0)`, customerId)).toThrow(CHECK);
    expect(run(`INSERT INTO payments (customer_id, date, amount) VALUES (?, '2022-01-01', -500)`, customerId)).toThrow(CHECK);
    expect(run(`INSERT INTO balance_transactions (customer_id, date, kind, amount, category) VALUES (?, '2022-01-01', 'debit', -1, 'service')`, customerId)).toThrow(CHECK);
    expect(run(`INSERT INTO balance_transactions (customer_id, date, kind, amount, category) VALUES (?, '2022-01-01', 'gift', 1, 'service')`, customerId)).toThrow(CHECK);
    expect(run(`INSERT INTO balance_transactions (customer_id, date, kind, amount, category, settled) VALUES (?, '2022-01-01', 'debit', 100, 'fee', 101)`, customerId)).toThrow(CHECK);
  });

  it('keeps invoices non-negative, paid within the total and the stored status in step with paid', () => {
    const ins = `INSERT INTO invoices (customer_id, number, kind, date, due_date, net, vat, total, paid, status) VALUES (?, ?, 'recurring', '2022-01-01', '2022-01-16', ?, ?, ?, ?, ?)`;
    expect(run(ins, customerId, 'A', -100, 0, -100, 0, 'unpaid')).toThrow(CHECK);
    expect(run(ins, customerId, 'B', 16529, 3471, 20000, 20001, 'paid')).toThrow(CHECK);
    expect(run(ins, customerId, 'C', 16529, 3470, 20000, 0, 'unpaid')).toThrow(CHECK); // net + vat ≠ total
    expect(run(ins, customerId, 'D', 16529, 3471, 20000, 5000, 'unpaid')).toThrow(CHECK);
    expect(run(ins, customerId, 'E', 16529, 3471, 20000, 5000, 'partiallyPaid')).not.toThrow();
    expect(run(ins, customerId, 'F', 0, 0, 0, 0, 'paid')).not.toThrow();
    expect(run(ins, customerId, 'E', 100, 0, 100, 0, 'unpaid')).toThrow(/UNIQUE constraint failed: invoices.number/);
  });

  it('refuses rows pointing at nothing (foreign keys are on)', () => {
    expect(() => addService(db, { customerId: 999, planId, status: 'active' })).toThrow(/FOREIGN KEY constraint failed/);
  });

  it('never deletes the Default partner', () => {
    expect(run(`DELETE FROM partners WHERE id = 1`)).toThrow(/Default partner cannot be deleted/);
  });
});

describe('service login and IPv4 are unique among active services', () => {
  it('lets an old Active service and its Pending replacement share a login, but not two Active ones', () => {
    addService(db, { customerId, planId, status: 'active', login: 'anna', ipv4: '10.0.0.5' });
    const pending = addService(db, { customerId, planId, status: 'pending', login: 'anna', ipv4: '10.0.0.5', start: '2022-02-01' });
    expect(() => addService(db, { customerId, planId, status: 'active', login: 'anna' })).toThrow(/UNIQUE constraint failed: services.login/);
    expect(() => addService(db, { customerId, planId, status: 'active', login: 'other', ipv4: '10.0.0.5' })).toThrow(
      /UNIQUE constraint failed: services.ipv4/,
    );
    // Activating the replacement while the old one is still active is refused …
    expect(run(`UPDATE services SET status = 'active' WHERE id = ?`, pending)).toThrow(/UNIQUE/);
    // … and allowed once the old one is disabled (the start of day does it in that order).
    db.transaction(() => {
      db.sqlite.prepare(`UPDATE services SET status = 'disabled', end_date = '2022-01-31' WHERE status = 'active'`).run();
      db.sqlite.prepare(`UPDATE services SET status = 'active' WHERE id = ?`).run(pending);
    });
  });

  it('ignores services without a login', () => {
    addService(db, { customerId, planId, status: 'active', login: null });
    addService(db, { customerId, planId, status: 'active', login: '' });
    expect(() => addService(db, { customerId, planId, status: 'active', login: '' })).not.toThrow();
  });
});

describe('invoice lines', () => {
  const invoice = (number: string) =>
    Number(
      db.sqlite
        .prepare(`INSERT INTO invoices (customer_id, number, kind, date, due_date, net, vat, total) VALUES (?, ?, 'recurring', '2022-01-01', '2022-01-16', 0, 0, 0)`)
        .run(customerId, number).lastInsertRowid,
    );
  const line = (invoiceId: number, serviceId: number, kind: string, from: string) =>
    run(
      `INSERT INTO invoice_lines (invoice_id, service_id, kind, description, period_from, period_to, date_from, date_to, days, divisor, period_price, amount, net, vat, total)
       VALUES (?, ?, ?, 'Ethernet_500Mbps', '2022-01-01', '2022-01-31', ?, '2022-01-31', 17, 31, 20000, 10968, 10968, 0, 10968)`,
      invoiceId,
      serviceId,
      kind,
      from,
    );

  it('bills a service only once per period start (one recurring line per service and period)', () => {
    const s = addService(db, { customerId, planId, status: 'active' });
    expect(line(invoice('1'), s, 'recurring', '2022-01-15')).not.toThrow();
    let refusal: unknown;
    try {
      line(invoice('2'), s, 'recurring', '2022-01-15')();
    } catch (err) {
      refusal = err;
    }
    expect(String(refusal)).toMatch(/UNIQUE constraint failed: index 'invoice_lines_service_recurring_unique'/);
    // staff read the words the columns gave before migration 0014 made the rule an index on an expression
    expect(sqliteErrorData(refusal)?.message).toBe('Not saved: another record already has the same invoice lines service id. Nothing was changed.');
    // Change-plan charges for the same days are other kinds of line: any number of them (NULL never equals NULL).
    expect(line(invoice('3'), s, 'charge', '2022-01-15')).not.toThrow();
    expect(line(invoice('4'), s, 'charge', '2022-01-15')).not.toThrow();
    // … and the same start day on another service is another period
    expect(line(invoice('5'), addService(db, { customerId, planId, status: 'active' }), 'recurring', '2022-01-15')).not.toThrow();
  });

  it('refuses more days than the period has', () => {
    const s = addService(db, { customerId, planId, status: 'active' });
    expect(run(
      `INSERT INTO invoice_lines (invoice_id, service_id, kind, description, date_from, date_to, days, divisor, amount, net, vat, total)
       VALUES (?, ?, 'recurring', 'x', '2022-01-01', '2022-01-31', 32, 31, 1, 1, 0, 1)`, invoice('4'), s,
    )).toThrow(CHECK);
  });
});

describe('customer search', () => {
  it('finds a customer by any part of name, email or login, and follows edits', () => {
    const find = (q: string) =>
      (db.sqlite.prepare(`SELECT rowid AS id FROM customers_search WHERE customers_search MATCH ? ORDER BY rowid`).all(`"${q}"`) as { id: number }[]).map(
        (r) => r.id,
      );
    db.sqlite.prepare(`UPDATE customers SET email = 'anna@example.org', portal_login = 'anna01' WHERE id = ?`).run(customerId);
    expect(find('smi')).toEqual([customerId]);
    expect(find('EXAMPLE')).toEqual([customerId]);
    expect(find('nna0')).toEqual([customerId]);
    db.sqlite.prepare(`UPDATE customers SET name = 'Anna Jones' WHERE id = ?`).run(customerId);
    expect(find('smi')).toEqual([]);
    expect(find('jone')).toEqual([customerId]);
    db.sqlite.prepare(`UPDATE customers SET balance = 100 WHERE id = ?`).run(customerId);
    expect(find('jone')).toEqual([customerId]);
    db.sqlite.prepare(`DELETE FROM customers WHERE id = ?`).run(customerId);
    expect(find('jone')).toEqual([]);
  });

  it('answers a name prefix from the index, not a table scan', () => {
    const plan = db.sqlite.prepare(`EXPLAIN QUERY PLAN SELECT id FROM customers WHERE name LIKE ?`).all('ann%') as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/USING (COVERING )?INDEX customers_name_idx/);
  });
});
