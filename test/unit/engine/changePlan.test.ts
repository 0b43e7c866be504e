import { describe, expect, test } from 'vitest';
import {
  changeNetEffect,
  effectiveBillingDay,
  formatMoney,
  planRecurringLines,
  quoteChangePlan,
  type ChangePlanInput,
  type ChangePlanQuote,
  type ChangePlanRefusal,
} from '../../../main/engine';
import { cp1Input, invoicedOld, m, service } from './helpers';

function ok(input: ChangePlanInput): ChangePlanQuote {
  const q = quoteChangePlan(input);
  if (!q.ok) throw new Error(`refused: ${q.message}`);
  return q;
}
function refused(input: ChangePlanInput): ChangePlanRefusal {
  const q = quoteChangePlan(input);
  if (q.ok) throw new Error('expected a refusal');
  return q;
}
const money = (c: number | undefined | null) => (c === undefined || c === null ? c : formatMoney(c));

/** An old service of `price`, invoiced by the recurring run on `invoiceDate`. */
function oldInvoiced(o: { price: string; start: string; invoiceDate: string; billingDay: number; quantity?: number; payPeriodMonths?: 1 | 3 | 6 | 12; planName?: string; discount?: ChangePlanInput['old']['discount'] }): ChangePlanInput['old'] {
  const svc = service({ start: o.start, unitPrice: m(o.price), quantity: o.quantity ?? 1, payPeriodMonths: o.payPeriodMonths ?? 1, discount: o.discount ?? null });
  const inv = invoicedOld(svc, o.invoiceDate, o.billingDay);
  return {
    status: 'active',
    planName: o.planName ?? 'Ethernet_500Mbps',
    description: o.planName ?? 'Ethernet_500Mbps',
    start: o.start,
    end: null,
    invoicedUntil: inv.invoicedUntil,
    unitPrice: m(o.price),
    quantity: o.quantity ?? 1,
    payPeriodMonths: o.payPeriodMonths ?? 1,
    discount: o.discount ?? null,
    invoicedLines: inv.lines,
  };
}

describe('CP1 — downgrade with fee and refund (January 2022)', () => {
  const q = ok(cp1Input());

  test('refund 77.42 (12 of 31 days), fee 30.00, new charge 38.71', () => {
    expect(q.refundLines).toHaveLength(1);
    expect(q.refundLines[0]).toMatchObject({ from: '2022-01-20', to: '2022-01-31', days: 12, divisor: 31, amount: m('77.42'), used: m('122.58') });
    expect(q.refundLines[0].sentence).toBe('Unused 12 of 31 days of Ethernet_500Mbps (200.00) = 77.42');
    expect(q.refundTotal).toBe(m('77.42'));
    expect(q.refundDescription).toBe('Refund Ethernet_500Mbps');
    expect(q.fee).toMatchObject({ amount: m('30.00'), kind: 'lessExpensive', description: 'Fee applied for changing plan from Ethernet_500Mbps to Ethernet_100Mbps' });
    expect(q.newCharge).toMatchObject({ from: '2022-01-20', to: '2022-01-31', days: 12, divisor: 31, amount: m('38.71'), total: m('38.71') });
    expect(q.newCharge?.description).toBe('Ethernet_100Mbps (2022-01-20 - 2022-01-31)');
    expect([q.usedDays, q.unusedDays, q.divisor]).toEqual([19, 12, 31]);
  });

  test('one invoice of 68.71 (charge, then fee) paid from the balance; balance 0.00 → 8.71', () => {
    expect(q.invoice?.lines.map((l) => [l.kind, l.description, money(l.total)])).toEqual([
      ['charge', 'Ethernet_100Mbps (2022-01-20 - 2022-01-31)', '38.71'],
      ['fee', 'Fee applied for changing plan from Ethernet_500Mbps to Ethernet_100Mbps', '30.00'],
    ]);
    expect(q.invoice).toMatchObject({ date: '2022-01-11', total: m('68.71'), paidFromBalance: m('68.71'), status: 'paid' });
    expect(q.documents).toEqual({ creditNote: true, invoice: true });
    expect([q.balanceBefore, q.balanceAfter, q.net]).toEqual([0, m('8.71'), m('8.71')]);
    expect(changeNetEffect(q)).toBe(m('8.71'));
  });

  test('old service ends 2022-01-19 (Disabled from the new start); new one Pending from 2022-01-20', () => {
    expect(q.oldService).toEqual({ end: '2022-01-19', invoicedUntil: '2022-01-19', statusNow: 'active', statusFromStart: 'disabled' });
    expect(q.newService).toEqual({ start: '2022-01-20', status: 'pending', invoicedUntil: '2022-01-31' });
    expect(q.sameDay).toBe(false);
    expect(q.why.join(' | ')).toMatch(/Refund unused money.*Less expensive.*Immediately till end of active month \(2022-01-20 - 2022-01-31\)/);
  });

  test('scenario 01 goes on: the 2022-02-01 invoice bills the new plan 100.00 → balance −91.29', () => {
    const feb = planRecurringLines({
      invoiceDate: '2022-02-01',
      billingDay: 1,
      service: service({ description: 'Ethernet_100Mbps', start: q.newService.start, invoicedUntil: q.newService.invoicedUntil, unitPrice: m('100.00') }),
    });
    expect(feb.lines.map((l) => [l.from, l.to, money(l.total)])).toEqual([['2022-02-01', '2022-02-28', '100.00']]);
    expect(money(q.balanceAfter - feb.lines[0].total)).toBe('-91.29');
  });
});

describe('CP3 — downgrade without fee, refund as a credit note (April 2022)', () => {
  test('credit note 100.00, invoice 50.00 paid from balance, balance +50.00, old end 2022-04-15', () => {
    const q = ok(
      cp1Input({
        today: '2022-04-15',
        newStart: '2022-04-16',
        settings: { refund: 'unused', feeMoreExpensive: 0, feeLessExpensive: 0, invoice: 'endOfActiveMonth', minimumInvoice: 0 },
        old: oldInvoiced({ price: '200.00', start: '2022-04-01', invoiceDate: '2022-04-01', billingDay: 1 }),
        balanceBefore: 0, // the April invoice was paid on 2022-04-15
      }),
    );
    expect([q.refundLines[0].days, q.refundLines[0].divisor]).toEqual([15, 30]);
    expect(money(q.refundTotal)).toBe('100.00');
    expect(q.fee.amount).toBe(0);
    expect(q.invoice?.lines.map((l) => [l.kind, l.description, money(l.total)])).toEqual([['charge', 'Ethernet_100Mbps (2022-04-16 - 2022-04-30)', '50.00']]);
    expect(q.invoice?.status).toBe('paid');
    expect(money(q.balanceAfter)).toBe('50.00');
    expect(q.oldService.end).toBe('2022-04-15');
  });
});

describe('CP4 — same-day upgrade on the billing day (billing day from creation date 2022-01-12)', () => {
  const billingDay = effectiveBillingDay({ billingDay: 1, useCreationDate: true, createdOn: '2022-01-12' });
  const input = cp1Input({
    today: '2022-01-12',
    newStart: '2022-01-12',
    billingDay,
    settings: { refund: 'unused', feeMoreExpensive: 0, feeLessExpensive: 0, invoice: 'endOfActiveMonth', minimumInvoice: 0 },
    old: oldInvoiced({ price: '100.00', start: '2022-01-12', invoiceDate: '2022-01-12', billingDay: 12, planName: 'Ethernet_100Mbps' }),
    next: { planName: 'Ethernet_500Mbps', description: 'Ethernet_500Mbps', unitPrice: m('200.00'), quantity: 1, payPeriodMonths: 1, vatRateBp: 0, vatIncluded: false },
    balanceBefore: 0, // charged 100.00, paid 100.00 cash
  });

  test('old Archived start = end = 2022-01-12; refund 100.00; charge 200.00; balance −100.00', () => {
    const q = ok(input);
    expect(billingDay).toBe(12);
    expect(q.sameDay).toBe(true);
    expect(q.oldService).toEqual({ end: '2022-01-12', invoicedUntil: null, statusNow: 'archived', statusFromStart: 'archived' });
    expect(q.newService).toEqual({ start: '2022-01-12', status: 'active', invoicedUntil: '2022-02-11' });
    expect(q.refundLines.map((l) => [l.wholeLine, money(l.amount), l.sentence])).toEqual([[true, '100.00', 'Unused 31 of 31 days of Ethernet_100Mbps (100.00) = 100.00']]);
    expect(q.newCharge).toMatchObject({ from: '2022-01-12', to: '2022-02-11', amount: m('200.00') });
    expect(q.fee).toMatchObject({ amount: 0, kind: 'moreExpensive' });
    expect(money(q.invoice?.total)).toBe('200.00');
    expect(money(q.balanceAfter)).toBe('-100.00');
    expect(q.invoice).toMatchObject({ paidFromBalance: m('100.00'), status: 'partiallyPaid' });
  });

  test('CP6: a more-expensive fee of 2.00 applies, on a same-day change too', () => {
    const q = ok({ ...input, settings: { ...input.settings, feeMoreExpensive: m('2.00'), feeLessExpensive: m('30.00') } });
    expect(q.fee).toMatchObject({ amount: m('2.00'), kind: 'moreExpensive' });
    expect(money(q.invoice?.total)).toBe('202.00');
  });
});

describe('CP7 — "Immediately till end of active month"', () => {
  test('change on 2023-09-07 → invoice 2023-09-07 … 2023-09-30, 80.00 for 100.00', () => {
    const q = ok(
      cp1Input({
        today: '2023-09-07',
        newStart: '2023-09-07',
        old: { ...oldInvoiced({ price: '50.00', start: '2023-09-01', invoiceDate: '2023-09-01', billingDay: 1 }), invoicedLines: [], invoicedUntil: null },
        settings: { refund: 'unused', feeMoreExpensive: 0, feeLessExpensive: 0, invoice: 'endOfActiveMonth', minimumInvoice: 0 },
        next: { planName: 'P100', description: 'P100', unitPrice: m('100.00'), quantity: 1, payPeriodMonths: 1, vatRateBp: 0, vatIncluded: false },
      }),
    );
    expect(q.newCharge).toMatchObject({ from: '2023-09-07', to: '2023-09-30', days: 24, divisor: 30, amount: m('80.00') });
    expect(q.refundLines).toEqual([]); // never invoiced: nothing to refund, no restriction
    expect(q.newService.status).toBe('active');
    expect(q.oldService.statusNow).toBe('disabled');
  });
});

describe('Refund "None" (decision 4)', () => {
  const none = { refund: 'none' as const, feeMoreExpensive: 0, feeLessExpensive: 0, invoice: 'endOfActiveMonth' as const, minimumInvoice: 0 };

  test('D2: invoiced to 2022-01-31, start 2022-01-20 → refused, earliest 2022-02-01', () => {
    const r = refused(cp1Input({ today: '2022-01-10', settings: none }));
    expect(r).toEqual({
      ok: false,
      code: 'REFUSED',
      field: 'start',
      message: 'Refund is None: the new plan can start on 2022-02-01 at the earliest (the service is invoiced until 2022-01-31)',
      details: { earliestStart: '2022-02-01', invoicedUntil: '2022-01-31' },
    });
    expect(refused(cp1Input({ today: '2022-01-10', newStart: '2022-01-31', settings: none })).details?.earliestStart).toBe('2022-02-01');
  });

  test('D3 / scenario 02: start 2022-02-01 allowed, no refund, nothing invoiced now, the new plan is billed on 2022-02-01', () => {
    const q = ok(cp1Input({ today: '2022-01-10', newStart: '2022-02-01', settings: none }));
    expect(q.refundLines).toEqual([]);
    expect(q.refundTotal).toBe(0);
    expect(q.newCharge).toBeNull(); // 02-01 is after the end of the active month
    expect(q.invoice).toBeNull();
    expect(q.documents).toEqual({ creditNote: false, invoice: false });
    expect(q.balanceAfter).toBe(0);
    expect(q.oldService).toMatchObject({ end: '2022-01-31', invoicedUntil: '2022-01-31', statusNow: 'active' });
    expect(q.newService).toEqual({ start: '2022-02-01', status: 'pending', invoicedUntil: null });
  });

  test('a service never invoiced has no restriction', () => {
    const q = ok(cp1Input({ settings: none, old: { ...cp1Input().old, invoicedUntil: null, invoicedLines: [] } }));
    expect(q.refundTotal).toBe(0);
    expect(q.newCharge?.amount).toBe(m('38.71'));
  });

  test('the fee still applies', () => {
    const q = ok(cp1Input({ today: '2022-01-10', newStart: '2022-02-01', settings: { ...none, feeLessExpensive: m('30.00') } }));
    expect(q.invoice?.lines.map((l) => [l.kind, money(l.total)])).toEqual([['fee', '30.00']]);
    expect(money(q.balanceAfter)).toBe('-30.00');
  });
});

describe('invoice after change (decision 5)', () => {
  test('end of next month: one line per period (Jan 20–31 and February), 138.71 + fee', () => {
    const q = ok(cp1Input({ settings: { ...cp1Input().settings, invoice: 'endOfNextMonth' } }));
    expect(q.newCharge?.lines.map((l) => [l.description, money(l.amount)])).toEqual([
      ['Ethernet_100Mbps (2022-01-20 - 2022-01-31)', '38.71'],
      ['Ethernet_100Mbps (2022-02-01 - 2022-02-28)', '100.00'],
    ]);
    expect(q.newCharge).toMatchObject({ from: '2022-01-20', to: '2022-02-28', amount: m('138.71') });
    expect(money(q.invoice?.total)).toBe('168.71');
    expect(q.invoice).toMatchObject({ paidFromBalance: m('77.42'), status: 'partiallyPaid' });
    expect(money(q.balanceAfter)).toBe('-91.29');
    expect(q.newService.invoicedUntil).toBe('2022-02-28');
  });

  test('end of next month with a start in the next period charges only that period', () => {
    const q = ok(cp1Input({ newStart: '2022-02-05', settings: { ...cp1Input().settings, invoice: 'endOfNextMonth' } }));
    expect(q.newCharge?.lines.map((l) => [l.from, l.to, money(l.amount)])).toEqual([['2022-02-05', '2022-02-28', '85.71']]); // 100 × 24 / 28
  });

  test('next cycle: the invoice holds the fee alone; the next regular invoice catches the new service up', () => {
    const q = ok(cp1Input({ settings: { ...cp1Input().settings, invoice: 'nextCycle' } }));
    expect(q.newCharge).toBeNull();
    expect(q.invoice?.lines.map((l) => [l.kind, money(l.total)])).toEqual([['fee', '30.00']]);
    expect(money(q.balanceAfter)).toBe('47.42');
    expect(q.newService.invoicedUntil).toBeNull();
    const feb = planRecurringLines({ invoiceDate: '2022-02-01', billingDay: 1, service: service({ start: '2022-01-20', status: 'active', unitPrice: m('100.00') }) });
    expect(feb.lines.map((l) => [l.from, l.to, money(l.amount)])).toEqual([
      ['2022-01-20', '2022-01-31', '38.71'],
      ['2022-02-01', '2022-02-28', '100.00'],
    ]);
  });

  test('next cycle without a fee creates no invoice', () => {
    const q = ok(cp1Input({ settings: { ...cp1Input().settings, invoice: 'nextCycle', feeLessExpensive: 0 } }));
    expect(q.invoice).toBeNull();
    expect(q.documents).toEqual({ creditNote: true, invoice: false });
    expect(q.balanceAfter).toBe(m('77.42'));
  });

  test('below the minimum invoice amount nothing is invoiced: the fee waits as a pending charge, the charge as catch-up', () => {
    const q = ok(cp1Input({ settings: { ...cp1Input().settings, minimumInvoice: m('100.00') } }));
    expect(q.invoice).toBeNull();
    expect(q.newCharge).toBeNull();
    expect(q.deferredToNextInvoice?.total).toBe(m('68.71'));
    expect(q.deferredToNextInvoice?.pendingCharges).toEqual([{ kind: 'fee', description: 'Fee applied for changing plan from Ethernet_500Mbps to Ethernet_100Mbps', amount: m('30.00') }]);
    expect(q.deferredToNextInvoice?.caughtUpByNextInvoice.map((l) => money(l.amount))).toEqual(['38.71']);
    expect(q.newService.invoicedUntil).toBeNull();
    expect(q.balanceAfter).toBe(m('77.42'));
    expect(q.documents).toEqual({ creditNote: true, invoice: false });
  });

  test('at exactly the minimum the invoice is issued', () => {
    const q = ok(cp1Input({ settings: { ...cp1Input().settings, minimumInvoice: m('68.71') } }));
    expect(q.invoice?.total).toBe(m('68.71'));
    expect(q.deferredToNextInvoice).toBeNull();
  });

  test('VAT excluded on the new plan: the charge line carries VAT, the fee none', () => {
    const q = ok(cp1Input({ next: { ...cp1Input().next, vatRateBp: 2100, vatIncluded: false } }));
    expect(q.newCharge).toMatchObject({ amount: m('38.71'), net: m('38.71'), vat: m('8.13'), total: m('46.84') });
    expect(q.invoice).toMatchObject({ net: m('68.71'), vat: m('8.13'), total: m('76.84') });
    expect(money(q.balanceAfter)).toBe('0.58');
  });

  test('billing day 10: the active month runs to 02-09', () => {
    const q = ok(
      cp1Input({
        today: '2022-01-15',
        newStart: '2022-01-20',
        billingDay: 10,
        old: oldInvoiced({ price: '200.00', start: '2022-01-10', invoiceDate: '2022-01-10', billingDay: 10 }),
      }),
    );
    expect(q.refundLines.map((l) => [l.from, l.to, l.days, l.divisor, money(l.amount)])).toEqual([['2022-01-20', '2022-02-09', 21, 31, '135.48']]);
    expect(q.newCharge).toMatchObject({ from: '2022-01-20', to: '2022-02-09', amount: m('67.74') });
  });

  test('February in a leap year: start 2024-02-20 → 10 of 29 days', () => {
    const q = ok(
      cp1Input({
        today: '2024-02-10',
        newStart: '2024-02-20',
        old: oldInvoiced({ price: '200.00', start: '2024-01-01', invoiceDate: '2024-02-01', billingDay: 1 }),
      }),
    );
    // The catch-up invoice of 02-01 billed January and February: only the February line is (partly) unused.
    expect(q.refundLines.map((l) => [l.from, l.to, l.days, l.divisor, money(l.amount)])).toEqual([['2024-02-20', '2024-02-29', 10, 29, '68.97']]);
    expect(q.newCharge).toMatchObject({ days: 10, divisor: 29, amount: m('34.48') });
    expect([q.usedDays, q.unusedDays, q.divisor]).toEqual([19, 10, 29]);
  });
});

describe('prices, quantities, pay periods, discounts', () => {
  test('quantity: the fee compares price × quantity; refund uses the invoiced period price', () => {
    const old = oldInvoiced({ price: '100.00', quantity: 2, start: '2022-01-01', invoiceDate: '2022-01-01', billingDay: 1 });
    const down = ok(cp1Input({ old, next: { ...cp1Input().next, unitPrice: m('150.00') } }));
    expect(money(down.refundTotal)).toBe('77.42');
    expect(down.fee.kind).toBe('lessExpensive');
    expect(money(down.newCharge?.amount)).toBe('58.06'); // 150 × 12 / 31
    const same = ok(cp1Input({ old, next: { ...cp1Input().next, unitPrice: m('200.00') } }));
    expect(same.fee).toMatchObject({ amount: 0, kind: null });
    const upQty = ok(cp1Input({ old, next: { ...cp1Input().next, unitPrice: m('100.00'), quantity: 3 }, settings: { ...cp1Input().settings, feeMoreExpensive: m('5.00') } }));
    expect(upQty.fee).toMatchObject({ amount: m('5.00'), kind: 'moreExpensive' });
    expect(money(upQty.newCharge?.amount)).toBe('116.13');
  });

  test('3-month pay period: the refund divides by the whole period (45 of 90 days of 300.00)', () => {
    const old = oldInvoiced({ price: '100.00', payPeriodMonths: 3, start: '2022-01-01', invoiceDate: '2022-01-01', billingDay: 1 });
    const q = ok(cp1Input({ today: '2022-02-10', newStart: '2022-02-15', old }));
    expect(q.refundLines.map((l) => [l.from, l.to, l.days, l.divisor, money(l.periodPrice), money(l.amount)])).toEqual([['2022-02-15', '2022-03-31', 45, 90, '300.00', '150.00']]);
    expect([q.usedDays, q.unusedDays, q.divisor]).toEqual([45, 45, 90]);
    expect(q.oldService.invoicedUntil).toBe('2022-02-14');
  });

  test('3-month pay period on the new plan: charged now to the end of the active month, the rest of its period on the next invoice', () => {
    const q = ok(cp1Input({ today: '2022-02-10', newStart: '2022-02-15', old: oldInvoiced({ price: '200.00', start: '2022-01-01', invoiceDate: '2022-02-01', billingDay: 1 }), next: { ...cp1Input().next, payPeriodMonths: 3 } }));
    expect(q.newCharge?.lines.map((l) => [l.periodFrom, l.periodTo, l.from, l.to, l.divisor, money(l.amount)])).toEqual([['2022-02-01', '2022-04-30', '2022-02-15', '2022-02-28', 89, '47.19']]);
    const next = planRecurringLines({ invoiceDate: '2022-03-01', billingDay: 1, service: service({ start: '2022-02-15', invoicedUntil: q.newService.invoicedUntil, unitPrice: m('100.00'), payPeriodMonths: 3 }) });
    expect(next.lines.map((l) => [l.from, l.to, money(l.amount)])).toEqual([['2022-03-01', '2022-04-30', '205.62']]);
    expect(money(q.newCharge!.amount + next.lines[0].amount)).toBe('252.81'); // = 300 × 75 / 89
  });

  test('a discount on the old invoiced line is refunded at the discounted price (percent)', () => {
    const old = oldInvoiced({ price: '200.00', start: '2022-01-01', invoiceDate: '2022-01-01', billingDay: 1, discount: { kind: 'percent', percentBp: 1000 } });
    expect(old.invoicedLines[0].amount).toBe(m('180.00'));
    const q = ok(cp1Input({ old }));
    expect(money(q.refundTotal)).toBe('69.68'); // 180 × 12 / 31
    expect(q.refundLines[0].used + q.refundLines[0].amount).toBe(m('180.00'));
  });

  test('a fixed discount window covering only used days refunds the unused days at full price', () => {
    const old = oldInvoiced({ price: '200.00', start: '2022-01-01', invoiceDate: '2022-01-01', billingDay: 1, discount: { kind: 'fixed', amount: m('31.00'), from: '2022-01-01', to: '2022-01-10' } });
    expect(old.invoicedLines[0].amount).toBe(m('190.00')); // (200 × 21 + 169 × 10) / 31
    const q = ok(cp1Input({ old }));
    expect(money(q.refundTotal)).toBe('77.42');
  });
});

describe('bulk "Ignore balance" (decision 13)', () => {
  test('no refund, no fee, no invoice; the new service counts as invoiced to the old invoiced-until', () => {
    const q = ok(cp1Input({ ignoreBalance: true }));
    expect([q.refundTotal, q.fee.amount, q.invoice, q.newCharge]).toEqual([0, 0, null, null]);
    expect(q.newService.invoicedUntil).toBe('2022-01-31');
    expect(q.oldService.invoicedUntil).toBe('2022-01-19');
    expect(q.balanceAfter).toBe(q.balanceBefore);
    // The new price starts with the next billing period.
    const feb = planRecurringLines({ invoiceDate: '2022-02-01', billingDay: 1, service: service({ start: '2022-01-20', invoicedUntil: q.newService.invoicedUntil, unitPrice: m('100.00') }) });
    expect(feb.lines.map((l) => [l.from, money(l.amount)])).toEqual([['2022-02-01', '100.00']]);
  });

  test('with refund None it is not restricted to after the paid period (no money moves)', () => {
    const q = ok(cp1Input({ ignoreBalance: true, settings: { ...cp1Input().settings, refund: 'none' } }));
    expect(q.newService.invoicedUntil).toBe('2022-01-31');
  });
});

describe('refusals', () => {
  test('a start date before today', () => {
    const r = refused(cp1Input({ newStart: '2022-01-10' }));
    expect(r).toMatchObject({ ok: false, code: 'VALIDATION', field: 'start', details: { earliestStart: '2022-01-11' } });
    expect(r.message).toContain('2022-01-11');
  });

  test.each(['pending', 'disabled', 'stopped', 'archived'] as const)('an old service that is %s', (status) => {
    expect(refused(cp1Input({ old: { ...cp1Input().old, status } }))).toMatchObject({ code: 'REFUSED', field: 'service' });
  });

  test('a start after the day following the old end date', () => {
    const r = refused(cp1Input({ newStart: '2022-03-02', old: { ...cp1Input().old, end: '2022-02-28' } }));
    expect(r).toMatchObject({ code: 'VALIDATION', field: 'start', details: { latestStart: '2022-03-01' } });
    expect(ok(cp1Input({ newStart: '2022-03-01', old: { ...cp1Input().old, end: '2022-02-28' } })).oldService.end).toBe('2022-02-28');
  });

  test('bad new price, quantity, date', () => {
    expect(refused(cp1Input({ next: { ...cp1Input().next, unitPrice: -1 } })).field).toBe('price');
    expect(refused(cp1Input({ next: { ...cp1Input().next, quantity: 0 } })).field).toBe('quantity');
    expect(refused(cp1Input({ newStart: '2022-02-30' })).field).toBe('start');
  });
});

describe('refunds give the VAT back as it was invoiced', () => {
  const lineOf = (vatRateBp: number, vatIncluded: boolean) => {
    const input = cp1Input();
    return { ...input, old: { ...input.old, invoicedLines: input.old.invoicedLines.map((l) => ({ ...l, vatRateBp, vatIncluded })) } };
  };
  test.each([
    // CP1's unused 12 of 31 days of 200.00 = 77.42 before tax; VAT excluded adds 21 % on top, VAT included splits it.
    { vatRateBp: 2100, vatIncluded: false, net: '77.42', vat: '16.26', total: '93.68' },
    { vatRateBp: 2100, vatIncluded: true, net: '63.98', vat: '13.44', total: '77.42' },
    { vatRateBp: 0, vatIncluded: false, net: '77.42', vat: '0.00', total: '77.42' },
  ])('VAT $vatRateBp bp, included $vatIncluded', ({ vatRateBp, vatIncluded, net, vat, total }) => {
    const q = ok(lineOf(vatRateBp, vatIncluded));
    expect(q.refundLines.map((l) => [money(l.net), money(l.vat), money(l.total)])).toEqual([[net, vat, total]]);
    expect(money(q.refundTotal)).toBe(total);
    expect(q.balanceAfter).toBe(q.balanceBefore + q.refundTotal - (q.invoice?.total ?? 0));
  });
});
