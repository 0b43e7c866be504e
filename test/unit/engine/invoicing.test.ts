import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import {
  addDays,
  compareDates,
  formatMoney,
  invoiceDueDate,
  invoiceTotals,
  isCustomerBilled,
  isServiceBilled,
  isServiceBilledOn,
  nextBillingDate,
  planRecurringLines,
  type PayPeriodMonths,
} from '../../../main/engine';
import { m, service } from './helpers';

const brief = (lines: { from: string; to: string; amount: number }[]) => lines.map((l) => `${l.from}..${l.to} ${formatMoney(l.amount)}`);

describe('recurring invoice lines', () => {
  test('B5: January invoice of Ethernet_500Mbps dated 2022-01-01 → one 200.00 line, due 2022-01-16', () => {
    const plan = planRecurringLines({ invoiceDate: '2022-01-01', billingDay: 1, service: service() });
    expect(plan.lines).toHaveLength(1);
    expect(plan.lines[0]).toMatchObject({ description: 'Ethernet_500Mbps (2022-01-01 - 2022-01-31)', amount: m('200.00'), total: m('200.00'), days: 31, divisor: 31 });
    expect(plan.invoicedUntil).toBe('2022-01-31');
    expect(invoiceDueDate('2022-01-01', 15)).toBe('2022-01-16');
  });

  test('B1: start 15 March → 15–31 March = 54.84 (17/31); the next invoice bills 1–30 April', () => {
    const s = service({ start: '2022-03-15', unitPrice: m('100.00'), description: 'Fiber' });
    const march = planRecurringLines({ invoiceDate: '2022-03-15', billingDay: 1, service: s });
    expect(brief(march.lines)).toEqual(['2022-03-15..2022-03-31 54.84']);
    expect([march.lines[0].days, march.lines[0].divisor]).toEqual([17, 31]);
    const next = nextBillingDate('2022-03-15', 1);
    expect(next).toBe('2022-04-01');
    const april = planRecurringLines({ invoiceDate: next, billingDay: 1, service: { ...s, invoicedUntil: march.invoicedUntil } });
    expect(brief(april.lines)).toEqual(['2022-04-01..2022-04-30 100.00']);
    expect(april.lines[0].description).toBe('Fiber (2022-04-01 - 2022-04-30)');
  });

  test('catch-up: a service never invoiced gets one line per missed period (decision 17)', () => {
    const s = service({ start: '2022-03-15', unitPrice: m('100.00') });
    const plan = planRecurringLines({ invoiceDate: '2022-05-01', billingDay: 1, service: s });
    expect(brief(plan.lines)).toEqual(['2022-03-15..2022-03-31 54.84', '2022-04-01..2022-04-30 100.00', '2022-05-01..2022-05-31 100.00']);
    expect(plan.invoicedUntil).toBe('2022-05-31');
  });

  test('B3: 100.00 VAT-included 21 %, start 2022-01-01, invoice dated 2022-02-07 → Jan and Feb lines, due 2022-02-22', () => {
    const s = service({ description: '50 Mbps', unitPrice: m('100.00'), vatRateBp: 2100, vatIncluded: true });
    const plan = planRecurringLines({ invoiceDate: '2022-02-07', billingDay: 1, service: s });
    expect(plan.lines.map((l) => [l.periodFrom, l.periodTo, l.from, l.to])).toEqual([
      ['2022-01-01', '2022-01-31', '2022-01-01', '2022-01-31'],
      ['2022-02-01', '2022-02-28', '2022-02-01', '2022-02-28'],
    ]);
    // Decision 17 binds: one line per period, each rounded (82.64 + 17.36); the totals are their sums.
    expect(plan.lines.map((l) => [l.net, l.vat, l.total])).toEqual([
      [8264, 1736, 10000],
      [8264, 1736, 10000],
    ]);
    expect(invoiceTotals(plan.lines)).toEqual({ net: 16528, vat: 3472, total: m('200.00') });
    expect(invoiceDueDate('2022-02-07', 15)).toBe('2022-02-22');
    // The reference's single 200.00 line: net 165.29, VAT 34.71.
    const single = planRecurringLines({ invoiceDate: '2022-01-01', billingDay: 1, service: { ...s, unitPrice: m('200.00') } });
    expect([single.lines[0].net, single.lines[0].vat, single.lines[0].total]).toEqual([m('165.29'), m('34.71'), m('200.00')]);
  });

  test('VAT excluded: VAT is added per line', () => {
    const plan = planRecurringLines({ invoiceDate: '2022-01-20', billingDay: 1, service: service({ start: '2022-01-20', unitPrice: m('100.00'), vatRateBp: 2100 }) });
    expect(plan.lines[0]).toMatchObject({ amount: m('38.71'), net: m('38.71'), vat: m('8.13'), total: m('46.84') });
  });

  test('B6: Disabled without end date is still billed for March; with end 2022-02-28 nothing', () => {
    const s = service({ status: 'disabled', invoicedUntil: '2022-02-28' });
    expect(brief(planRecurringLines({ invoiceDate: '2022-03-01', billingDay: 1, service: s }).lines)).toEqual(['2022-03-01..2022-03-31 200.00']);
    const ended = planRecurringLines({ invoiceDate: '2022-03-01', billingDay: 1, service: { ...s, end: '2022-02-28' } });
    expect(ended).toEqual({ lines: [], invoicedUntil: '2022-02-28' });
    for (const status of ['stopped', 'archived'] as const) {
      expect(planRecurringLines({ invoiceDate: '2022-03-01', billingDay: 1, service: { ...s, status } }).lines).toEqual([]);
    }
  });

  test('an end date bills the last partial period up to it', () => {
    const plan = planRecurringLines({ invoiceDate: '2022-03-01', billingDay: 1, service: service({ invoicedUntil: '2022-02-28', end: '2022-03-10', unitPrice: m('100.00') }) });
    expect(brief(plan.lines)).toEqual(['2022-03-01..2022-03-10 32.26']); // 100 × 10 / 31
  });

  test('Pending is billed only from its start date', () => {
    const s = service({ status: 'pending', start: '2022-01-20', unitPrice: m('100.00') });
    expect(brief(planRecurringLines({ invoiceDate: '2022-01-01', billingDay: 1, service: s }).lines)).toEqual(['2022-01-20..2022-01-31 38.71']);
    // A start in a later period is not billed before that period.
    expect(planRecurringLines({ invoiceDate: '2022-01-01', billingDay: 1, service: { ...s, start: '2022-02-05' } }).lines).toEqual([]);
  });

  test('billing day 10: periods run 10th to 9th', () => {
    const s = service({ start: '2022-01-15', unitPrice: m('100.00') });
    const first = planRecurringLines({ invoiceDate: '2022-01-15', billingDay: 10, service: s });
    expect(brief(first.lines)).toEqual(['2022-01-15..2022-02-09 83.87']); // 26 / 31
    const second = planRecurringLines({ invoiceDate: '2022-02-10', billingDay: 10, service: { ...s, invoicedUntil: first.invoicedUntil } });
    expect(brief(second.lines)).toEqual(['2022-02-10..2022-03-09 100.00']);
    expect(second.lines[0].divisor).toBe(28);
  });

  test('billing day 28 across February, leap and non-leap', () => {
    const s = service({ start: '2023-02-28', unitPrice: m('100.00') });
    expect(brief(planRecurringLines({ invoiceDate: '2023-03-28', billingDay: 28, service: s }).lines)).toEqual([
      '2023-02-28..2023-03-27 100.00',
      '2023-03-28..2023-04-27 100.00',
    ]);
    const leap = planRecurringLines({ invoiceDate: '2024-02-29', billingDay: 28, service: service({ start: '2024-02-29', unitPrice: m('100.00') }) });
    expect(brief(leap.lines)).toEqual(['2024-02-29..2024-03-27 96.55']); // 28 of 29 days
    expect(leap.lines[0].divisor).toBe(29);
  });

  test.each([
    [3, '2022-01-15', '2022-01-01..2022-03-31', 90, '253.33', '2022-04-01', '2022-04-01..2022-06-30 300.00'],
    [6, '2022-01-15', '2022-01-01..2022-06-30', 181, '553.59', '2022-07-01', '2022-07-01..2022-12-31 600.00'],
    [12, '2024-01-15', '2024-01-01..2024-12-31', 366, '1154.10', '2025-01-01', '2025-01-01..2025-12-31 1200.00'],
  ])('pay period %i months, start %s: first period %s (D=%i) prorated to %s; full period on %s', (n, start, period, d, first, nextDate, nextLine) => {
    const s = service({ start, unitPrice: m('100.00'), payPeriodMonths: n as PayPeriodMonths });
    const plan = planRecurringLines({ invoiceDate: start, billingDay: 1, service: s });
    expect(plan.lines).toHaveLength(1);
    expect(`${plan.lines[0].periodFrom}..${plan.lines[0].periodTo}`).toBe(period);
    expect(plan.lines[0].divisor).toBe(d);
    expect(formatMoney(plan.lines[0].amount)).toBe(first);
    // Billing days inside the period bill nothing more.
    expect(planRecurringLines({ invoiceDate: '2022-02-01'.replace('2022', start.slice(0, 4)), billingDay: 1, service: { ...s, invoicedUntil: plan.invoicedUntil } }).lines).toEqual([]);
    expect(brief(planRecurringLines({ invoiceDate: nextDate, billingDay: 1, service: { ...s, invoicedUntil: plan.invoicedUntil } }).lines)).toEqual([nextLine]);
  });

  test('quantity > 1 and a discount window on a recurring line', () => {
    const s = service({ start: '2022-01-01', unitPrice: m('50.00'), quantity: 2, discount: { kind: 'percent', percentBp: 2000, from: '2022-01-01', to: '2022-01-10' } });
    const plan = planRecurringLines({ invoiceDate: '2022-01-01', billingDay: 1, service: s });
    // (100 × 21 + 80 × 10) / 31 = 93.548…
    expect(brief(plan.lines)).toEqual(['2022-01-01..2022-01-31 93.55']);
    expect(plan.lines[0].discount).toEqual(s.discount);
  });

  test('scenario 01 on 2022-02-01: the new service (invoiced to 01-31) bills February 100.00; the old one (ended 01-19) nothing', () => {
    const s2 = service({ id: 2, description: 'Ethernet_100Mbps', start: '2022-01-20', invoicedUntil: '2022-01-31', unitPrice: m('100.00') });
    expect(planRecurringLines({ invoiceDate: '2022-02-01', billingDay: 1, service: s2 }).lines.map((l) => [l.description, l.amount])).toEqual([
      ['Ethernet_100Mbps (2022-02-01 - 2022-02-28)', m('100.00')],
    ]);
    const s1 = service({ status: 'disabled', end: '2022-01-19', invoicedUntil: '2022-01-19' });
    expect(planRecurringLines({ invoiceDate: '2022-02-01', billingDay: 1, service: s1 }).lines).toEqual([]);
  });

  test('scenario 02 on 2022-02-01: the new service never invoiced, starting 02-01 → 100.00 for February', () => {
    const s2 = service({ status: 'pending', description: 'Ethernet_100Mbps', start: '2022-02-01', unitPrice: m('100.00') });
    expect(brief(planRecurringLines({ invoiceDate: '2022-02-01', billingDay: 1, service: s2 }).lines)).toEqual(['2022-02-01..2022-02-28 100.00']);
  });
});

describe('who is billed (decision 9)', () => {
  test.each([
    ['active', true],
    ['pending', true],
    ['disabled', true],
    ['stopped', false],
    ['archived', false],
  ] as const)('service %s → %s', (status, billed) => expect(isServiceBilled(status)).toBe(billed));

  test.each([
    ['new', false],
    ['active', true],
    ['blocked', true],
    ['inactive', false],
  ] as const)('customer %s → %s', (status, billed) => expect(isCustomerBilled(status)).toBe(billed));

  test('billed days: Pending from its start, Disabled until its end (forever without one)', () => {
    expect(isServiceBilledOn({ status: 'pending', start: '2022-01-20' }, '2022-01-19')).toBe(false);
    expect(isServiceBilledOn({ status: 'pending', start: '2022-01-20' }, '2022-01-20')).toBe(true);
    expect(isServiceBilledOn({ status: 'disabled', start: '2022-01-01', end: '2022-01-25' }, '2022-01-26')).toBe(false);
    expect(isServiceBilledOn({ status: 'disabled', start: '2022-01-01', end: null }, '2030-01-01')).toBe(true);
    expect(isServiceBilledOn({ status: 'stopped', start: '2022-01-01' }, '2022-01-02')).toBe(false);
  });
});

describe('recurring invoicing properties', () => {
  test('invoicing on every billing day bills each day from the start exactly once, up to the end date', () => {
    const date = fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2026-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(
        date,
        fc.integer({ min: 1, max: 28 }),
        fc.constantFrom<PayPeriodMonths>(1, 3, 6, 12),
        fc.option(fc.integer({ min: 0, max: 800 }), { nil: null }),
        fc.integer({ min: 1, max: 5 }),
        (start, day, n, endOffset, skipEvery) => {
          const end = endOffset === null ? null : addDays(start, endOffset);
          let s = service({ start, end, unitPrice: m('100.00'), payPeriodMonths: n });
          let expectedFrom = start;
          let invoiceDate = start;
          const horizon = addDays(start, 900);
          let k = 0;
          while (compareDates(invoiceDate, horizon) <= 0) {
            // Skipping some billing days (workstation off) must only delay lines, never lose or double them.
            if (k++ % skipEvery === 0) {
              const plan = planRecurringLines({ invoiceDate, billingDay: day, service: s });
              for (const l of plan.lines) {
                expect(l.from).toBe(expectedFrom);
                expect(compareDates(l.from, l.to)).toBeLessThanOrEqual(0);
                expect(compareDates(l.periodFrom, invoiceDate)).toBeLessThanOrEqual(0);
                expect(l.days === l.divisor ? l.amount : -1).toBe(l.days === l.divisor ? l.periodPrice : -1);
                expectedFrom = addDays(l.to, 1);
              }
              s = { ...s, invoicedUntil: plan.invoicedUntil };
            }
            invoiceDate = nextBillingDate(invoiceDate, day);
          }
          // A last catch-up invoice after the horizon: whatever was skipped is billed now, and an end date is reached.
          const last = planRecurringLines({ invoiceDate, billingDay: day, service: s });
          if (last.lines.length) expect(last.lines[0].from).toBe(expectedFrom);
          if (end) expect(last.invoicedUntil).toBe(end);
        },
      ),
      { numRuns: 150 },
    );
  });
});
