import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { addDays, addMonths, compareDates, dayOfMonth, daysInclusive, daysInMonth, isIsoDate, maxDate, minDate } from '../../../main/engine';

describe('dates', () => {
  test.each([
    ['2022-01-31', true],
    ['2024-02-29', true], // leap year
    ['2023-02-29', false],
    ['1900-02-29', false], // century, not leap
    ['2000-02-29', true],
    ['2022-13-01', false],
    ['2022-04-31', false],
    ['2022-1-01', false],
    ['2022-01-01T00:00', false],
    ['', false],
  ])('isIsoDate(%s) = %s', (s, ok) => expect(isIsoDate(s)).toBe(ok));

  test.each([
    ['2022-01-31', 1, '2022-02-01'],
    ['2021-12-31', 1, '2022-01-01'],
    ['2024-02-28', 1, '2024-02-29'],
    ['2023-02-28', 1, '2023-03-01'],
    ['2022-01-20', -1, '2022-01-19'],
    ['2022-01-01', 15, '2022-01-16'], // B5 due date
    ['2022-02-07', 15, '2022-02-22'], // B3 due date
  ])('addDays(%s, %i) = %s', (d, n, out) => expect(addDays(d, n)).toBe(out));

  test.each([
    ['2022-01-31', 1, '2022-02-28'],
    ['2024-01-31', 1, '2024-02-29'],
    ['2024-02-29', 12, '2025-02-28'],
    ['2022-03-31', -1, '2022-02-28'],
    ['2022-01-10', 12, '2023-01-10'],
    ['2022-11-15', 3, '2023-02-15'],
    ['2022-01-15', -13, '2020-12-15'],
  ])('addMonths(%s, %i) = %s', (d, n, out) => expect(addMonths(d, n)).toBe(out));

  test.each([
    ['2022-01-20', '2022-01-31', 12],
    ['2022-01-01', '2022-01-31', 31],
    ['2022-01-01', '2022-12-31', 365],
    ['2024-01-01', '2024-12-31', 366],
    ['2022-01-05', '2022-01-04', 0],
  ])('daysInclusive(%s, %s) = %i', (a, b, n) => expect(daysInclusive(a, b)).toBe(n));

  test('month lengths', () => {
    expect(daysInMonth('2022-02-10')).toBe(28);
    expect(daysInMonth('2024-02-10')).toBe(29);
    expect(daysInMonth('2022-04-01')).toBe(30);
    expect(daysInMonth('2022-12-31')).toBe(31);
    expect(dayOfMonth('2022-01-12')).toBe(12);
  });

  test('ordering', () => {
    expect(compareDates('2022-01-01', '2022-01-02')).toBeLessThan(0);
    expect(compareDates('2022-01-02', '2022-01-02')).toBe(0);
    expect(minDate('2022-03-01', '2022-02-28')).toBe('2022-02-28');
    expect(maxDate('2022-03-01', '2022-02-28')).toBe('2022-03-01');
    expect(() => compareDates('2022-02-30', '2022-01-01')).toThrow();
  });

  test('addDays and daysInclusive agree (property)', () => {
    const date = fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2090-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(date, fc.integer({ min: 0, max: 5000 }), (d, n) => {
        const e = addDays(d, n);
        expect(isIsoDate(e)).toBe(true);
        expect(daysInclusive(d, e)).toBe(n + 1);
        expect(addDays(e, -n)).toBe(d);
      }),
    );
  });
});
