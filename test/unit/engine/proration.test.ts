import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { addDays, daysInclusive, prorate, prorateFromPeriodPrice, servicePeriodContaining, type PayPeriodMonths } from '../../../main/engine';
import { m } from './helpers';

const jan = { periodFrom: '2022-01-01', periodTo: '2022-01-31' };

describe('prorate (decision 1)', () => {
  test('B1: 100.00 from 15 March → 17 of 31 days = 54.84', () => {
    const r = prorate({ periodFrom: '2022-03-01', periodTo: '2022-03-31', from: '2022-03-15', to: '2022-03-31', unitPrice: m('100.00'), quantity: 1, payPeriodMonths: 1 });
    expect(r).toMatchObject({ amount: m('54.84'), days: 17, divisor: 31, periodPrice: m('100.00') });
    expect(r.sentence).toBe('100.00 × 17/31 days = 54.84');
  });

  test('CP7: 100.00 for 2023-09-07..2023-09-30 = 80.00', () => {
    const r = prorate({ periodFrom: '2023-09-01', periodTo: '2023-09-30', from: '2023-09-07', to: '2023-09-30', unitPrice: m('100.00'), quantity: 1, payPeriodMonths: 1 });
    expect([r.amount, r.days, r.divisor]).toEqual([m('80.00'), 24, 30]);
  });

  test('CP1: the new plan 100.00 for 20–31 January = 38.71 (one rounding, not 12 × 3.23)', () => {
    expect(prorate({ ...jan, from: '2022-01-20', to: '2022-01-31', unitPrice: m('100.00'), quantity: 1, payPeriodMonths: 1 }).amount).toBe(m('38.71'));
  });

  test.each([
    // pay period, period, price, quantity → whole-period price
    [1, '2022-02-01', '2022-02-28', '100.00', 1, '100.00'],
    [1, '2024-02-01', '2024-02-29', '100.00', 3, '300.00'],
    [3, '2022-01-01', '2022-03-31', '33.33', 1, '99.99'],
    [6, '2022-07-01', '2022-12-31', '19.99', 2, '239.88'],
    [12, '2024-01-01', '2024-12-31', '10.01', 1, '120.12'],
  ])('a full %i-month period %s..%s of %s × %i is exactly %s', (n, from, to, price, qty, total) => {
    const r = prorate({ periodFrom: from, periodTo: to, from, to, unitPrice: m(price), quantity: qty, payPeriodMonths: n });
    expect(r.amount).toBe(m(total));
    expect(r.periodPrice).toBe(m(total));
    expect(r.days).toBe(r.divisor);
  });

  test('3-month period: the divisor is the whole period (90 days in 2022, 91 in 2024)', () => {
    const a = prorate({ periodFrom: '2022-01-01', periodTo: '2022-03-31', from: '2022-02-01', to: '2022-03-31', unitPrice: m('100.00'), quantity: 1, payPeriodMonths: 3 });
    expect([a.amount, a.days, a.divisor]).toEqual([mulRef(30000, 59, 90), 59, 90]); // 196.67
    expect(a.amount).toBe(m('196.67'));
    const b = prorate({ periodFrom: '2024-01-01', periodTo: '2024-03-31', from: '2024-02-01', to: '2024-03-31', unitPrice: m('100.00'), quantity: 1, payPeriodMonths: 3 });
    expect([b.amount, b.divisor]).toEqual([m('197.80'), 91]); // 300 × 60 / 91 = 197.80
  });

  test('quantity multiplies before the one rounding', () => {
    const r = prorate({ ...jan, from: '2022-01-20', to: '2022-01-31', unitPrice: m('100.00'), quantity: 3, payPeriodMonths: 1 });
    expect(r.amount).toBe(m('116.13')); // 300 × 12 / 31 = 116.129…
    expect(r.sentence).toBe('3 × 100.00 = 300.00; 300.00 × 12/31 days = 116.13');
    // 9 units of 0.10 for 30 of 31 days: 0.90 × 30 / 31 = 0.871 → 0.87; rounding per unit first would give 9 × 0.10 = 0.90.
    expect(prorate({ ...jan, from: '2022-01-02', to: '2022-01-31', unitPrice: 10, quantity: 9, payPeriodMonths: 1 }).amount).toBe(87);
  });

  test('a percent discount applies to the days its window covers only', () => {
    const r = prorate({ ...jan, from: '2022-01-01', to: '2022-01-31', unitPrice: m('100.00'), quantity: 1, payPeriodMonths: 1, discount: { kind: 'percent', percentBp: 1000, from: '2022-01-20' } });
    // (100 × 19 + 90 × 12) / 31 = 96.129…
    expect(r).toMatchObject({ amount: m('96.13'), discountedDays: 12 });
    expect(r.sentence).toBe('100.00 for the whole period of 31 days (10% discount on 12 days) = 96.13');
  });

  test('a fractional percent is exact (12.5 %)', () => {
    const r = prorate({ ...jan, from: '2022-01-01', to: '2022-01-31', unitPrice: m('100.00'), quantity: 1, payPeriodMonths: 1, discount: { kind: 'percent', percentBp: 1250 } });
    expect(r.amount).toBe(m('87.50'));
  });

  test('a window outside the billed days changes nothing', () => {
    const base = { ...jan, from: '2022-01-10', to: '2022-01-31', unitPrice: m('100.00'), quantity: 1, payPeriodMonths: 1 };
    const r = prorate({ ...base, discount: { kind: 'percent', percentBp: 5000, from: '2021-12-01', to: '2022-01-09' } });
    expect(r.amount).toBe(prorate(base).amount);
    expect(r.discountedDays).toBe(0);
  });

  test('a fixed discount is per month: × N over an N-month period, never below zero', () => {
    const month = prorate({ ...jan, from: '2022-01-01', to: '2022-01-31', unitPrice: m('100.00'), quantity: 1, payPeriodMonths: 1, discount: { kind: 'fixed', amount: m('20.00') } });
    expect(month.amount).toBe(m('80.00'));
    const quarter = prorate({ periodFrom: '2022-01-01', periodTo: '2022-03-31', from: '2022-01-01', to: '2022-03-31', unitPrice: m('100.00'), quantity: 1, payPeriodMonths: 3, discount: { kind: 'fixed', amount: m('20.00') } });
    expect(quarter.amount).toBe(m('240.00'));
    const windowed = prorate({ ...jan, from: '2022-01-01', to: '2022-01-31', unitPrice: m('100.00'), quantity: 1, payPeriodMonths: 1, discount: { kind: 'fixed', amount: m('31.00'), from: '2022-01-01', to: '2022-01-10' } });
    expect(windowed.amount).toBe(m('90.00')); // (100 × 21 + 69 × 10) / 31 = 90.00
    const huge = prorate({ ...jan, from: '2022-01-01', to: '2022-01-31', unitPrice: m('100.00'), quantity: 1, payPeriodMonths: 1, discount: { kind: 'fixed', amount: m('500.00') } });
    expect(huge.amount).toBe(0);
  });

  test('refuses days outside the period, an empty range and a bad quantity', () => {
    const base = { ...jan, unitPrice: 100, quantity: 1, payPeriodMonths: 1 };
    expect(() => prorate({ ...base, from: '2021-12-31', to: '2022-01-05' })).toThrow(/not inside/);
    expect(() => prorate({ ...base, from: '2022-01-06', to: '2022-01-05' })).toThrow(/empty/);
    expect(() => prorate({ ...base, from: '2022-01-01', to: '2022-01-05', quantity: 0 })).toThrow(/quantity/);
    expect(() => prorate({ ...base, from: '2022-01-01', to: '2022-01-05', discount: { kind: 'percent', percentBp: 10001 } })).toThrow(/discount/);
  });
});

function mulRef(a: number, b: number, c: number): number {
  return Number((2n * BigInt(a) * BigInt(b) + BigInt(c)) / (2n * BigInt(c)));
}

describe('proration properties', () => {
  const date = fc.date({ min: new Date('2018-01-01T00:00:00Z'), max: new Date('2032-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));

  test('the parts of a period, split at any days, add up to its price within one cent per part', () => {
    fc.assert(
      fc.property(
        date,
        fc.integer({ min: 1, max: 28 }),
        fc.constantFrom<PayPeriodMonths>(1, 3, 6, 12),
        fc.integer({ min: 0, max: 10_000_00 }),
        fc.integer({ min: 1, max: 20 }),
        fc.array(fc.integer({ min: 1, max: 400 }), { maxLength: 8 }),
        (d, day, n, price, qty, cuts) => {
          const period = servicePeriodContaining(d, d, day, n);
          const offsets = [...new Set(cuts.map((c) => c % period.days).filter((c) => c > 0))].sort((a, b) => a - b);
          const starts = [0, ...offsets];
          let sum = 0;
          starts.forEach((s, i) => {
            const e = i + 1 < starts.length ? starts[i + 1] - 1 : period.days - 1;
            const r = prorate({ periodFrom: period.from, periodTo: period.to, from: addDays(period.from, s), to: addDays(period.from, e), unitPrice: price, quantity: qty, payPeriodMonths: n });
            expect(r.days).toBe(e - s + 1);
            sum += r.amount;
          });
          expect(Math.abs(sum - price * qty * n)).toBeLessThanOrEqual(starts.length);
        },
      ),
    );
  });

  test('prorating equals the exact rational rounded once (property)', () => {
    fc.assert(
      fc.property(date, fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 40 }), (d, a, b) => {
        const period = servicePeriodContaining(d, d, 1, 1);
        const from = addDays(period.from, Math.min(a, period.days - 1));
        const to = addDays(from, Math.min(b, daysInclusive(from, period.to) - 1));
        const r = prorateFromPeriodPrice({ periodFrom: period.from, periodTo: period.to, from, to, periodPrice: 123457 });
        expect(r.amount).toBe(mulRef(123457, r.days, period.days));
      }),
    );
  });
});
