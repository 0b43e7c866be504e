import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  addDays,
  billableDays,
  billedDays,
  billedFrom,
  compareDates,
  dayCount,
  daysToBill,
  firstDayToBill,
  intersect,
  isBilledStatus,
  normalise,
  planRecurringLines,
  statusOn,
  subtract,
  type DaySpan,
  type ServiceStatus,
  type StatusChange,
} from '../../../main/engine';
import { service } from './helpers';

const span = (from: string, until: string | null): DaySpan => ({ from, until });

describe('half-open day spans', () => {
  test.each([
    ['adjacent spans merge', [span('2022-01-01', '2022-01-10'), span('2022-01-10', '2022-01-20')], [span('2022-01-01', '2022-01-20')]],
    ['overlapping spans merge', [span('2022-01-05', '2022-01-20'), span('2022-01-01', '2022-01-10')], [span('2022-01-01', '2022-01-20')]],
    ['a gap of one day stays', [span('2022-01-01', '2022-01-10'), span('2022-01-11', '2022-01-20')], [span('2022-01-01', '2022-01-10'), span('2022-01-11', '2022-01-20')]],
    ['an open end swallows what follows', [span('2022-01-01', null), span('2022-02-01', '2022-03-01')], [span('2022-01-01', null)]],
    ['empty spans vanish', [span('2022-01-05', '2022-01-05')], []],
  ])('normalise: %s', (_, input, expected) => expect(normalise(input)).toEqual(expected));

  test.each([
    ['a cut in the middle leaves two', [span('2022-01-01', '2022-02-01')], [span('2022-01-10', '2022-01-15')], [span('2022-01-01', '2022-01-10'), span('2022-01-15', '2022-02-01')]],
    ['an open-ended cut leaves the start', [span('2022-01-01', null)], [span('2022-01-10', null)], [span('2022-01-01', '2022-01-10')]],
    ['cutting everything leaves nothing', [span('2022-01-01', '2022-01-31')], [span('2021-12-01', null)], []],
    ['an open span less a bounded cut stays open after it', [span('2022-01-01', null)], [span('2022-01-01', '2022-01-05')], [span('2022-01-05', null)]],
  ])('subtract: %s', (_, a, b, expected) => expect(subtract(a, b)).toEqual(expected));

  test('intersect and dayCount', () => {
    expect(intersect([span('2022-01-01', '2022-02-01')], [span('2022-01-20', null)])).toEqual([span('2022-01-20', '2022-02-01')]);
    expect(dayCount([span('2022-01-01', '2022-02-01'), span('2022-03-01', '2022-03-02')])).toBe(32);
  });
});

describe('status history → billable days (decisions 9, 19)', () => {
  const h = (...rows: [string, ServiceStatus][]): StatusChange[] => rows.map(([from, status]) => ({ from, status }));

  test.each<[string, Parameters<typeof billableDays>[0], DaySpan[]]>([
    ['no history: the current status on every day from the start', { start: '2022-01-01', status: 'active' }, [span('2022-01-01', null)]],
    ['an end date closes it (Disabled is billed until its end)', { start: '2022-01-01', end: '2022-01-31', status: 'disabled' }, [span('2022-01-01', '2022-02-01')]],
    ['stopped 02-10, active again 03-15: the stopped days are out', { start: '2022-01-01', status: 'active', history: h(['2022-01-01', 'active'], ['2022-02-10', 'stopped'], ['2022-03-15', 'active']) }, [span('2022-01-01', '2022-02-10'), span('2022-03-15', null)]],
    ['Pending is billed only from its start date', { start: '2022-02-05', status: 'active', history: h(['2022-01-10', 'pending'], ['2022-02-05', 'active']) }, [span('2022-02-05', null)]],
    ['a pending service stopped before its start is never billable', { start: '2022-02-05', status: 'stopped', history: h(['2022-01-10', 'pending'], ['2022-01-26', 'stopped']) }, []],
    ['Archived is never billed, whatever came before', { start: '2022-01-01', status: 'archived', history: h(['2022-01-01', 'active'], ['2022-03-01', 'archived']) }, []],
    ['the first change also covers the days before it', { start: '2022-01-01', status: 'active', history: h(['2022-01-05', 'active']) }, [span('2022-01-01', null)]],
    ['the last change of a day wins', { start: '2022-01-01', status: 'active', history: h(['2022-01-01', 'active'], ['2022-02-01', 'stopped'], ['2022-02-01', 'active']) }, [span('2022-01-01', null)]],
  ])('%s', (_, record, expected) => expect(billableDays(record)).toEqual(expected));

  test('statusOn reads the history', () => {
    const history = h(['2022-01-01', 'active'], ['2022-02-10', 'stopped'], ['2022-03-15', 'active']);
    expect([statusOn(history, '2022-02-09'), statusOn(history, '2022-02-10'), statusOn(history, '2022-03-14'), statusOn(history, '2023-01-01')]).toEqual([
      'active',
      'stopped',
      'stopped',
      'active',
    ]);
  });

  test('days to bill start at the restart, or at invoiced-until + 1 when that is later', () => {
    const history = h(['2022-01-01', 'active'], ['2022-02-10', 'stopped'], ['2022-03-15', 'active']);
    expect(daysToBill({ start: '2022-01-01', status: 'active', history, invoicedUntil: '2022-02-28' }, '2022-04-30')).toEqual([{ from: '2022-03-15', to: '2022-04-30' }]);
    const early = h(['2022-01-01', 'active'], ['2022-02-10', 'stopped'], ['2022-02-20', 'active']);
    expect(daysToBill({ start: '2022-01-01', status: 'active', history: early, invoicedUntil: '2022-02-28' }, '2022-03-31')).toEqual([{ from: '2022-03-01', to: '2022-03-31' }]);
    expect(firstDayToBill({ start: '2022-01-01', status: 'active', history, invoicedUntil: '2022-02-28' })).toBe('2022-03-15');
  });

  test('B: the recurring run bills the restart partially and never the stopped days', () => {
    const history = h(['2022-01-01', 'active'], ['2022-02-10', 'stopped'], ['2022-03-15', 'active']);
    const plan = planRecurringLines({ invoiceDate: '2022-04-01', billingDay: 1, service: service({ unitPrice: 10000, invoicedUntil: '2022-02-28', history }) });
    expect(plan.lines.map((l) => [l.from, l.to, l.amount])).toEqual([
      ['2022-03-15', '2022-03-31', 5484],
      ['2022-04-01', '2022-04-30', 10000],
    ]);
    expect(plan.invoicedUntil).toBe('2022-04-30');
  });

  test('a Stopped service still has its days before the stop billed (arrears), nothing after', () => {
    const history = h(['2022-01-05', 'active'], ['2022-01-20', 'stopped']);
    const plan = planRecurringLines({ invoiceDate: '2022-02-01', billingDay: 1, service: service({ start: '2022-01-05', status: 'stopped', unitPrice: 3100, history }) });
    expect(plan.lines.map((l) => [l.from, l.to, l.amount])).toEqual([['2022-01-05', '2022-01-19', 1500]]);
  });
});

describe('billed days: invoice lines add, refunds cancel (Kill Bill item tree)', () => {
  test('a refund gives days back; the rest stays billed', () => {
    const billed = billedDays([
      { action: 'add', from: '2022-01-01', to: '2022-01-31' },
      { action: 'cancel', from: '2022-01-20', to: '2022-01-31' },
      { action: 'add', from: '2022-02-01', to: '2022-02-28' },
    ]);
    expect(billed).toEqual([span('2022-01-01', '2022-01-20'), span('2022-02-01', '2022-03-01')]);
    expect(billedFrom(billed, '2022-02-15')).toEqual([{ from: '2022-02-15', to: '2022-02-28' }]);
  });

  test('a day billed twice is refused', () => {
    expect(() =>
      billedDays([
        { action: 'add', from: '2022-01-01', to: '2022-01-31' },
        { action: 'add', from: '2022-01-31', to: '2022-02-28' },
      ]),
    ).toThrow(/2022-01-31 is billed twice/);
  });

  test('after a refund the same days may be billed again (a change cancelled, a service resumed)', () => {
    expect(
      billedDays([
        { action: 'add', from: '2022-01-01', to: '2022-01-31' },
        { action: 'cancel', from: '2022-01-15', to: '2022-01-31' },
        { action: 'add', from: '2022-01-15', to: '2022-01-31' },
      ]),
    ).toEqual([span('2022-01-01', '2022-02-01')]);
  });
});

describe('properties: the recurring run against a random status history', () => {
  const DAY0 = '2022-01-01';
  const statuses: ServiceStatus[] = ['active', 'stopped', 'disabled', 'active', 'stopped'];
  const scenario = fc.record({
    startOffset: fc.integer({ min: 0, max: 80 }),
    endOffset: fc.option(fc.integer({ min: 0, max: 300 }), { nil: null }),
    changes: fc.array(fc.record({ gap: fc.integer({ min: 1, max: 60 }), status: fc.constantFrom(...statuses) }), { maxLength: 8 }),
    billingDay: fc.integer({ min: 1, max: 28 }),
    payPeriodMonths: fc.constantFrom<1 | 3>(1, 3),
  });

  test('no day is billed twice, none while it was not billable, and every billable day up to invoiced-until is billed', () => {
    fc.assert(
      fc.property(scenario, (sc) => {
        const start = addDays(DAY0, sc.startOffset);
        const end = sc.endOffset === null ? null : addDays(start, sc.endOffset);
        const history: StatusChange[] = [{ from: start, status: 'active' }];
        let day = start;
        for (const c of sc.changes) history.push({ from: (day = addDays(day, c.gap)), status: c.status });
        let invoicedUntil: string | null = null;
        const items: { action: 'add'; from: string; to: string; billedOn: string }[] = [];
        // one billing run a day over a year and a half: the history known on a day is what had been recorded by then
        for (let t = DAY0; compareDates(t, '2023-06-30') <= 0; t = addDays(t, 1)) {
          if (Number(t.slice(8)) !== sc.billingDay) continue;
          const known = history.filter((h) => compareDates(h.from, t) <= 0);
          const status = known.length ? known[known.length - 1].status : 'pending';
          const plan = planRecurringLines({
            invoiceDate: t,
            billingDay: sc.billingDay,
            service: service({ start, end, status, invoicedUntil, history: known.length ? known : [{ from: t, status: 'pending' }], payPeriodMonths: sc.payPeriodMonths }),
          });
          for (const l of plan.lines) {
            // billable by what was known when it was billed (days billed in advance stay billed after a later stop)
            const billable = billableDays({ start, end, status, history: known.length ? known : [{ from: t, status: 'pending' }] });
            expect(subtract([{ from: l.from, until: addDays(l.to, 1) }], billable)).toEqual([]);
            items.push({ action: 'add', from: l.from, to: l.to, billedOn: t });
          }
          invoicedUntil = plan.invoicedUntil;
        }
        const billed = billedDays(items); // throws on a day billed twice
        if (invoicedUntil) {
          // status history and invoices agree: every day billable by the final history, up to invoiced-until, was billed
          const finalStatus = history[history.length - 1].status;
          const due = intersect(billableDays({ start, end, status: finalStatus, history }), [{ from: DAY0, until: addDays(invoicedUntil, 1) }]);
          expect(subtract(due, billed)).toEqual([]);
        }
        // and nothing is billed that no status ever made billable
        const everBillable = normalise(history.filter((h) => isBilledStatus(h.status)).length ? [{ from: start, until: end ? addDays(end, 1) : null }] : []);
        expect(subtract(billed, everBillable)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});
