import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import {
  addDays,
  billingPeriodContaining,
  compareDates,
  daysInclusive,
  effectiveBillingDay,
  isBillingDay,
  nextBillingDate,
  servicePeriodContaining,
  servicePeriods,
  servicePeriodsOverlapping,
  type PayPeriodMonths,
} from '../../../main/engine';

describe('billing day', () => {
  test.each([
    [{ billingDay: 1, useCreationDate: false, createdOn: '2022-01-12' }, 1],
    [{ billingDay: 1, useCreationDate: true, createdOn: '2022-01-12' }, 12], // CP4
    [{ billingDay: 1, useCreationDate: true, createdOn: '2022-01-31' }, 28], // clamped
    [{ billingDay: 5, useCreationDate: true, createdOn: '2022-03-29' }, 28],
    [{ billingDay: 28, useCreationDate: false, createdOn: '2022-03-29' }, 28],
  ])('%j → %i', (input, day) => expect(effectiveBillingDay(input)).toBe(day));

  test('refuses a billing day outside 1–28', () => {
    expect(() => effectiveBillingDay({ billingDay: 29, useCreationDate: false, createdOn: '2022-01-01' })).toThrow();
    expect(() => billingPeriodContaining('2022-01-01', 0)).toThrow();
  });
});

describe('monthly billing periods (decision 2)', () => {
  test.each([
    ['2022-03-15', 1, '2022-03-01', '2022-03-31'], // B1
    ['2022-04-30', 1, '2022-04-01', '2022-04-30'],
    ['2022-01-05', 10, '2021-12-10', '2022-01-09'],
    ['2022-01-10', 10, '2022-01-10', '2022-02-09'],
    ['2022-01-12', 12, '2022-01-12', '2022-02-11'], // CP4
    ['2023-02-28', 28, '2023-02-28', '2023-03-27'],
    ['2024-02-27', 28, '2024-01-28', '2024-02-27'],
    ['2024-02-29', 28, '2024-02-28', '2024-03-27'],
    ['2023-09-07', 1, '2023-09-01', '2023-09-30'], // CP7
  ])('%s with billing day %i → %s..%s', (date, day, from, to) => {
    expect(billingPeriodContaining(date, day)).toEqual({ from, to });
  });

  test('next billing date and billing days', () => {
    expect(nextBillingDate('2022-03-15', 1)).toBe('2022-04-01'); // B1: next invoice 1 Apr
    expect(nextBillingDate('2022-03-31', 1)).toBe('2022-04-01');
    expect(nextBillingDate('2022-04-01', 1)).toBe('2022-05-01');
    expect(nextBillingDate('2022-01-05', 10)).toBe('2022-01-10');
    expect(isBillingDay('2022-02-10', 10)).toBe(true);
    expect(isBillingDay('2022-02-11', 10)).toBe(false);
  });

  test('a period contains its date, is contiguous with the next and lasts one month (property)', () => {
    const date = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2060-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(date, fc.integer({ min: 1, max: 28 }), (d, day) => {
        const p = billingPeriodContaining(d, day);
        expect(compareDates(p.from, d)).toBeLessThanOrEqual(0);
        expect(compareDates(d, p.to)).toBeLessThanOrEqual(0);
        expect(Number(p.from.slice(8))).toBe(day);
        expect(billingPeriodContaining(addDays(p.to, 1), day).from).toBe(addDays(p.to, 1));
        expect(daysInclusive(p.from, p.to)).toBeGreaterThanOrEqual(28);
        expect(daysInclusive(p.from, p.to)).toBeLessThanOrEqual(31);
      }),
    );
  });
});

describe('service periods (pay period N months)', () => {
  test.each([
    // date, start, billing day, N → from, to, D
    ['2022-01-15', '2022-01-15', 1, 1, '2022-01-01', '2022-01-31', 31],
    ['2022-02-10', '2022-01-15', 1, 3, '2022-01-01', '2022-03-31', 90],
    ['2024-02-10', '2024-01-15', 1, 3, '2024-01-01', '2024-03-31', 91], // leap February
    ['2022-04-01', '2022-01-15', 1, 3, '2022-04-01', '2022-06-30', 91],
    ['2022-07-01', '2022-07-01', 1, 6, '2022-07-01', '2022-12-31', 184],
    ['2022-06-30', '2022-01-01', 1, 12, '2022-01-01', '2022-12-31', 365],
    ['2024-06-30', '2024-01-01', 1, 12, '2024-01-01', '2024-12-31', 366],
    ['2022-03-05', '2022-01-05', 10, 3, '2021-12-10', '2022-03-09', 90],
    ['2022-03-10', '2022-01-05', 10, 3, '2022-03-10', '2022-06-09', 92],
    ['2023-03-01', '2023-02-28', 28, 1, '2023-02-28', '2023-03-27', 28],
  ])('%s (start %s, day %i, %i months) → %s..%s, D=%i', (date, start, day, n, from, to, d) => {
    const p = servicePeriodContaining(date, start, day, n as PayPeriodMonths);
    expect({ from: p.from, to: p.to, days: p.days }).toEqual({ from, to, days: d });
  });

  test('periods chain without gaps from the anchor', () => {
    const gen = servicePeriods('2022-01-15', 1, 3);
    const first = [gen.next().value, gen.next().value, gen.next().value].map((p) => `${p.from}..${p.to}`);
    expect(first).toEqual(['2022-01-01..2022-03-31', '2022-04-01..2022-06-30', '2022-07-01..2022-09-30']);
    expect(servicePeriodsOverlapping({ from: '2022-03-20', to: '2022-04-02' }, '2022-01-15', 1, 1).map((p) => p.from)).toEqual(['2022-03-01', '2022-04-01']);
    expect(servicePeriodsOverlapping({ from: '2022-03-20', to: '2022-03-19' }, '2022-01-15', 1, 1)).toEqual([]);
  });

  test('any date lies in exactly the period the chain gives (property)', () => {
    const date = fc.date({ min: new Date('2015-01-01T00:00:00Z'), max: new Date('2035-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(date, date, fc.integer({ min: 1, max: 28 }), fc.constantFrom<PayPeriodMonths>(1, 3, 6, 12), (start, d, day, n) => {
        const p = servicePeriodContaining(d, start, day, n);
        expect(compareDates(p.from, d) <= 0 && compareDates(d, p.to) <= 0).toBe(true);
        expect(p.days).toBe(daysInclusive(p.from, p.to));
        const next = servicePeriodContaining(addDays(p.to, 1), start, day, n);
        expect(next.index).toBe(p.index + 1);
        expect(next.from).toBe(addDays(p.to, 1));
      }),
    );
  });
});
