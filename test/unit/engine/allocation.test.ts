import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { allocateCredit, balanceOf, displayedInvoiceStatus, invoicePaymentStatus, type Debt } from '../../../main/engine';
import { m } from './helpers';

describe('payments (decision 11)', () => {
  test('P1: invoice 120.00, payment 50.00 → partially paid, 70.00 still due', () => {
    const r = allocateCredit({ available: m('50.00'), debts: [{ id: 'inv', kind: 'invoice', date: '2022-01-01', outstanding: m('120.00') }] });
    expect(r.allocations).toEqual([{ id: 'inv', kind: 'invoice', amount: m('50.00'), outstandingAfter: m('70.00') }]);
    expect(invoicePaymentStatus(m('120.00'), m('50.00'))).toBe('partiallyPaid');
    expect(r.remaining).toBe(0);
  });

  test('P2: debit 100.00 + invoice 50.00, payment 100.00 → the invoice stays unpaid; another 50.00 pays it', () => {
    const debts: Debt[] = [
      { id: 'inv', kind: 'invoice', date: '2022-01-01', outstanding: m('50.00') },
      { id: 'debit', kind: 'debit', date: '2022-01-05', outstanding: m('100.00') },
    ];
    const first = allocateCredit({ available: m('100.00'), debts });
    expect(first.allocations).toEqual([{ id: 'debit', kind: 'debit', amount: m('100.00'), outstandingAfter: 0 }]);
    expect(invoicePaymentStatus(m('50.00'), 0)).toBe('unpaid');
    const second = allocateCredit({ available: m('50.00'), debts: [debts[0]] });
    expect(second.allocations).toEqual([{ id: 'inv', kind: 'invoice', amount: m('50.00'), outstandingAfter: 0 }]);
    expect(invoicePaymentStatus(m('50.00'), m('50.00'))).toBe('paid');
  });

  test('invoices are paid oldest first; same date keeps the given order; excess stays on the balance', () => {
    const r = allocateCredit({
      available: m('250.00'),
      debts: [
        { id: 'b', kind: 'invoice', date: '2022-02-01', outstanding: m('100.00') },
        { id: 'a', kind: 'invoice', date: '2022-01-01', outstanding: m('100.00') },
        { id: 'c', kind: 'invoice', date: '2022-02-01', outstanding: m('30.00') },
        { id: 'zero', kind: 'invoice', date: '2021-12-01', outstanding: 0 },
      ],
    });
    expect(r.allocations.map((a) => [a.id, a.amount])).toEqual([
      ['a', m('100.00')],
      ['b', m('100.00')],
      ['c', m('30.00')],
    ]);
    expect(r.remaining).toBe(m('20.00'));
  });

  test('nothing available allocates nothing', () => {
    expect(allocateCredit({ available: -500, debts: [{ id: 1, kind: 'invoice', date: '2022-01-01', outstanding: 100 }] })).toEqual({ allocations: [], remaining: 0 });
  });

  test('statuses: overdue never shows partially paid; a 0.00 invoice is paid', () => {
    expect(displayedInvoiceStatus(m('120.00'), m('50.00'), '2022-01-16', '2022-01-16')).toBe('partiallyPaid');
    expect(displayedInvoiceStatus(m('120.00'), m('50.00'), '2022-01-16', '2022-01-17')).toBe('overdue');
    expect(displayedInvoiceStatus(m('120.00'), 0, '2022-01-16', '2022-01-17')).toBe('overdue');
    expect(displayedInvoiceStatus(m('120.00'), m('120.00'), '2022-01-16', '2022-03-01')).toBe('paid');
    expect(invoicePaymentStatus(0, 0)).toBe('paid');
  });

  test('balance = credits − debits', () => {
    expect(balanceOf([
      { direction: 'debit', amount: m('200.00') },
      { direction: 'credit', amount: m('200.00') },
      { direction: 'credit', amount: m('77.42') },
      { direction: 'debit', amount: m('68.71') },
    ])).toBe(m('8.71'));
  });

  test('never over-pays, conserves money, and settles debits before any invoice (property)', () => {
    const debt = fc.record({
      kind: fc.constantFrom<'debit' | 'invoice'>('debit', 'invoice'),
      date: fc.integer({ min: 1, max: 28 }).map((d) => `2022-01-${String(d).padStart(2, '0')}`),
      outstanding: fc.integer({ min: 0, max: 50_000 }),
    });
    fc.assert(
      fc.property(fc.integer({ min: -10_000, max: 300_000 }), fc.array(debt, { maxLength: 12 }), (available, raw) => {
        const debts = raw.map((d, i) => ({ ...d, id: i }));
        const r = allocateCredit({ available, debts });
        const used = r.allocations.reduce((s, a) => s + a.amount, 0);
        expect(used + r.remaining).toBe(Math.max(0, available));
        for (const a of r.allocations) {
          const d = debts[a.id as number];
          expect(a.amount).toBeGreaterThan(0);
          expect(a.amount).toBeLessThanOrEqual(d.outstanding);
          expect(a.outstandingAfter).toBe(d.outstanding - a.amount);
        }
        expect(new Set(r.allocations.map((a) => a.id)).size).toBe(r.allocations.length);
        const totalOwed = debts.reduce((s, d) => s + d.outstanding, 0);
        expect(r.remaining).toBe(Math.max(0, Math.max(0, available) - totalOwed));
        // An invoice gets money only when every debit is fully settled.
        if (r.allocations.some((a) => a.kind === 'invoice')) {
          for (const d of debts.filter((x) => x.kind === 'debit' && x.outstanding > 0)) {
            expect(r.allocations.find((a) => a.id === d.id)?.outstandingAfter).toBe(0);
          }
        }
      }),
    );
  });
});
