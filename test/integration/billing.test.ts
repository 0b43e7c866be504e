import { afterEach, describe, expect, test } from 'vitest';
import { runDaysUntil } from '../../main/app/scheduler';
import { createAppFixture, expectRefusedUnchanged, type AppFixture } from './appFixtures';

// Payments, one-time invoices, the Billing tab's data, finance lists and CSV export on a real SQLite file.

let fx: AppFixture | undefined;
afterEach(() => fx?.close());

function customerWithInvoice(total: number) {
  fx = createAppFixture({ today: '2022-03-01' });
  const f = fx;
  const c = f.call('customers.create', { name: 'Paula Payer', status: 'active' });
  f.call('billing.oneTimeInvoice', { customerId: c.id, lines: [{ description: 'Installation', amount: total }] });
  return { f, c };
}

describe('payments (decision 11)', () => {
  test('P1: 120.00 invoiced, 50.00 paid → partially paid, 70.00 still due', () => {
    const { f, c } = customerWithInvoice(12000);
    const p = f.call('billing.addPayment', { customerId: c.id, amount: 5000, method: 'bankTransfer', reference: 'TX-1' });
    expect(p.balance).toBe(-7000);
    const [inv] = f.call('billing.forCustomer', { customerId: c.id }).invoices;
    expect([inv.status, inv.paid, inv.total - inv.paid]).toEqual(['partiallyPaid', 5000, 7000]);
    expect(p.method).toBe('bankTransfer');
  });

  test('oldest invoice first; an overpayment stays on the balance and pays the next invoice when it comes', () => {
    const { f, c } = customerWithInvoice(3000);
    f.clock.set('2022-03-02');
    f.call('billing.oneTimeInvoice', { customerId: c.id, lines: [{ description: 'Router', amount: 2000 }] });
    f.call('billing.addPayment', { customerId: c.id, amount: 4000 });
    let b = f.call('billing.forCustomer', { customerId: c.id });
    expect(b.invoices.map((i) => [i.total, i.paid, i.status])).toEqual([
      [3000, 3000, 'paid'],
      [2000, 1000, 'partiallyPaid'],
    ]);
    f.call('billing.addPayment', { customerId: c.id, amount: 5000 });
    f.call('billing.oneTimeInvoice', { customerId: c.id, lines: [{ description: 'Cable', amount: 1500 }] });
    b = f.call('billing.forCustomer', { customerId: c.id });
    expect(b.invoices.map((i) => i.status)).toEqual(['paid', 'paid', 'paid']);
    expect(b.balance).toBe(2500);
    // The ledger's running balance ends where the customer's balance is.
    expect(b.ledger.at(-1)!.balance).toBe(b.balance);
    expect(b.ledger.map((t) => t.kind)).toEqual(['debit', 'debit', 'credit', 'credit', 'debit']);
  });

  test('the Billing tab reads a summary and pages of the ledger newest first, each with the same balance as the whole ledger', () => {
    const { f, c } = customerWithInvoice(3000);
    // A history with payments, invoices and a backdated payment (posted later, dated earlier), in an order that
    // makes the balance go both ways.
    for (let day = 2; day <= 24; day++) {
      f.clock.set(`2022-03-${String(day).padStart(2, '0')}`);
      if (day % 3 === 0) f.call('billing.addPayment', { customerId: c.id, amount: 700 + day * 13 });
      else f.call('billing.oneTimeInvoice', { customerId: c.id, lines: [{ description: `Item ${day}`, amount: 250 + day * 7 }] });
    }
    f.call('billing.addPayment', { customerId: c.id, amount: 999, date: '2022-03-05' });
    const whole = f.call('billing.forCustomer', { customerId: c.id });
    const summary = f.call('billing.customerSummary', { customerId: c.id });
    expect(summary.balance).toBe(whole.balance);
    expect(summary.counts).toEqual({ invoices: whole.invoices.length, creditNotes: whole.creditNotes.length, payments: whole.payments.length, ledger: whole.ledger.length });
    expect(summary.pendingCharges).toEqual(whole.pendingCharges);

    const pageSize = 7;
    const paged = [];
    for (let page = 1; ; page++) {
      const p = f.call('billing.customerLedger', { customerId: c.id, page, pageSize });
      expect(p.total).toBe(whole.ledger.length);
      paged.push(...p.rows);
      if (p.rows.length < pageSize) break;
    }
    expect(paged).toEqual([...whole.ledger].reverse());
    // The invoices list of the tab is the finance list filtered to the customer, newest first.
    const firstInvoices = f.call('finance.invoices', { customerId: c.id, page: 1, pageSize: 5 });
    expect(firstInvoices.total).toBe(whole.invoices.length);
    expect(firstInvoices.rows.map((i) => i.number)).toEqual([...whole.invoices].sort((a, b) => (a.date === b.date ? b.id - a.id : b.date.localeCompare(a.date))).slice(0, 5).map((i) => i.number));
    expect(f.refuse('billing.customerLedger', { customerId: 999_999 }).code).toBe('NOT_FOUND');
  });

  test('an unpaid invoice shows overdue after its due date, never partially paid', () => {
    const { f, c } = customerWithInvoice(12000);
    f.call('billing.addPayment', { customerId: c.id, amount: 100 });
    f.clock.set('2022-03-17');
    expect(f.call('billing.forCustomer', { customerId: c.id }).invoices[0].status).toBe('overdue');
  });

  test('bad payments are refused naming the field and write nothing', () => {
    const { f, c } = customerWithInvoice(12000);
    expectRefusedUnchanged(f, () => f.refuse('billing.addPayment', { customerId: c.id, amount: 0 }), 'VALIDATION', 'amount');
    expectRefusedUnchanged(f, () => f.refuse('billing.addPayment', { customerId: c.id, amount: -500 }), 'VALIDATION', 'amount');
    expectRefusedUnchanged(f, () => f.refuse('billing.addPayment', { customerId: c.id, amount: 10.5 }), 'VALIDATION', 'amount');
    expectRefusedUnchanged(f, () => f.refuse('billing.addPayment', { customerId: c.id, amount: 100, date: '2022-02-30' }), 'VALIDATION', 'date');
    expectRefusedUnchanged(f, () => f.refuse('billing.oneTimeInvoice', { customerId: c.id, lines: [] }), 'VALIDATION', 'lines');
  });
});

describe('one-time invoices and VAT (decision 16)', () => {
  test('VAT included is split out of the price; VAT excluded is added on top; totals are sums of rounded lines', () => {
    fx = createAppFixture({ today: '2022-02-07' });
    const f = fx;
    const c = f.call('customers.create', { name: 'Vera VAT', status: 'active' });
    const inv = f.call('billing.oneTimeInvoice', {
      customerId: c.id,
      lines: [
        { description: 'B3: 200.00 with 21 % included', amount: 20000, vatRateBp: 2100, vatIncluded: true },
        { description: 'Service fee, 21 % added', amount: 1000, vatRateBp: 2100, vatIncluded: false },
      ],
    });
    expect(inv.lines.map((l) => [l.net, l.vat, l.total])).toEqual([
      [16529, 3471, 20000],
      [1000, 210, 1210],
    ]);
    expect([inv.net, inv.vat, inv.total]).toEqual([17529, 3681, 21210]);
    expect(inv.dueDate).toBe('2022-02-22');
    expect(inv.kind).toBe('oneTime');
  });
});

describe('finance lists and CSV', () => {
  test('filters, totals over every matching row, paging, and a CSV that spreadsheets cannot execute', () => {
    fx = createAppFixture({ today: '2022-03-01' });
    const f = fx;
    const a = f.call('customers.create', { name: 'Alpha Ltd', status: 'active' });
    const b = f.call('customers.create', { name: '=HYPERLINK("http://x")', status: 'active' });
    for (let i = 1; i <= 3; i++) f.call('billing.oneTimeInvoice', { customerId: a.id, lines: [{ description: `A${i}`, amount: 1000 * i }] });
    f.call('billing.oneTimeInvoice', { customerId: b.id, lines: [{ description: 'B', amount: 700 }] });
    f.call('billing.addPayment', { customerId: a.id, amount: 1500 });
    const page1 = f.call('finance.invoices', { page: 1, pageSize: 2 });
    expect(page1.rows).toHaveLength(2);
    expect(page1.total).toBe(4);
    expect(page1.totals.total).toBe(6700);
    expect(f.call('finance.invoices', { customerId: a.id, status: 'paid' }).total).toBe(1);
    expect(f.call('finance.invoices', { search: 'Alpha' }).total).toBe(3);
    expect(f.call('finance.payments', {}).totals.amount).toBe(1500);
    const csv = f.call('finance.exportCsv', { what: 'invoices' });
    expect(csv.filename).toBe('invoices-2022-03-01.csv');
    const lines = csv.csv.trim().split('\r\n');
    expect(lines).toHaveLength(5);
    expect(lines[0]).toBe('Number,Date,Due date,Customer ID,Customer,Kind,Net,VAT,Total,Paid,Status');
    expect(csv.csv).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(csv.csv).not.toMatch(/,=HYPERLINK/);
    // the file holds what the list's filters match, each row as the list shows it (status as of today)
    const filtered = f.call('finance.exportCsv', { what: 'invoices', customerId: a.id, status: 'paid' }).csv.trim().split('\r\n');
    const paidRow = f.call('finance.invoices', { customerId: a.id, status: 'paid' }).rows[0];
    expect(filtered).toHaveLength(2);
    expect(filtered[1]).toContain(`${paidRow.number},`);
    expect(filtered[1]).toMatch(/,paid$/);
    expect(f.call('finance.exportCsv', { what: 'invoices', search: 'Alpha' }).csv.trim().split('\r\n')).toHaveLength(4);
    const payments = f.call('finance.exportCsv', { what: 'payments' }).csv.trim().split('\r\n');
    expect(payments).toHaveLength(2);
    expect(payments[1]).toContain(',15.00,');
  });
});

describe('the business clock', () => {
  test('days run once; the training clock exists only in a demo database', () => {
    fx = createAppFixture({ today: '2022-03-10' });
    const f = fx;
    expect(f.call('days.runUntil', { until: '2022-03-09' }).days).toBe(1);
    expect(f.call('days.runUntil', { until: '2022-03-09' }).days).toBe(0);
    expect(f.call('days.status', {}).lastProcessedDay).toBe('2022-03-09');
    expectRefusedUnchanged(f, () => f.refuse('days.runUntil', { until: '2022-03-11' }), 'VALIDATION', 'until');
    expectRefusedUnchanged(f, () => f.refuse('days.advance', { days: 1 }), 'FORBIDDEN');
    runDaysUntil(f.ctx, '2022-03-09');
    expect(f.call('days.status', {}).demo).toBe(false);
  });
});
