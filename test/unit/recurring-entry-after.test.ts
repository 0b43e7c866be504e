import { expect, test } from 'vitest';
import { recurringEntryAfter } from '../../main/app/billingRun';

// The billing day writes the `after` of each recurring invoice's audit entry by hand (JSON.stringify of an object keyed
// by service ids is slow): it must be exactly the text JSON.stringify gives of that object.

const stringified = (number: string, total: number, lines: number, until: Map<number, string>) =>
  JSON.stringify({ number, total, lines, invoicedUntil: Object.fromEntries(until) });

test.each([
  ['one service', '202501074237', 6490, 2, new Map([[4, '2025-07-31']])],
  ['services listed in id order', 'INV-1', 0, 3, new Map([[4, '2025-07-31'], [5, '2025-08-14'], [120, '2025-07-31']])],
  ['services not in id order (an object lists whole-number keys ascending)', 'INV-2', 1234, 2, new Map([[120, '2025-07-31'], [5, '2025-08-14'], [9, '2025-09-30']])],
  ['only waiting charges: no service moves', 'INV-3', 500, 1, new Map<number, string>()],
  ['a number pattern with quotes, a backslash, a newline and accents', 'F"\\é\n/7', 99, 1, new Map([[7, '2025-07-31']])],
  ['ids past the array-index range keep their order', 'INV-4', 10, 2, new Map([[2 ** 40, '2025-07-31'], [3, '2025-07-31'], [2 ** 33, '2025-06-30']])],
])('%s', (_name, number, total, lines, until) => {
  expect(recurringEntryAfter(number, total, lines, until).text).toBe(stringified(number, total, lines, until));
});
