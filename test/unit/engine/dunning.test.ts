import { describe, expect, test } from 'vitest';
import {
  addDays,
  customerDunningDecision,
  deactivationServiceChanges,
  dunningDates,
  planRecurringLines,
  reactivatedService,
  servicesStoppedOnDeactivation,
  type CustomerStatus,
  type DunningInvoice,
  type DunningSettings,
} from '../../../main/engine';
import { m, service } from './helpers';

const settings: DunningSettings = { paymentDueDays: 15, blockingDays: 0, deactivationDays: 10 };

describe('dunning dates (decision 10)', () => {
  test('S1: invoice 2022-12-01, due 15, blocking 0, deactivation 10 → blocked 12-16, inactive 12-26', () => {
    expect(dunningDates({ invoiceDate: '2022-12-01', ...settings })).toEqual({ dueDate: '2022-12-16', blockingDate: '2022-12-16', deactivationDate: '2022-12-26' });
  });
  test.each([
    [{ paymentDueDays: 10, blockingDays: 5, deactivationDays: 3 }, { dueDate: '2022-01-11', blockingDate: '2022-01-16', deactivationDate: '2022-01-19' }],
    [{ paymentDueDays: 15, blockingDays: 'never' as const, deactivationDays: 10 }, { dueDate: '2022-01-16', blockingDate: null, deactivationDate: null }],
    [{ paymentDueDays: 15, blockingDays: 0, deactivationDays: 'never' as const }, { dueDate: '2022-01-16', blockingDate: '2022-01-16', deactivationDate: null }],
  ])('%j', (s, expected) => expect(dunningDates({ invoiceDate: '2022-01-01', ...s })).toEqual(expected));
});

describe('customer dunning decision', () => {
  const unpaidJanuary: DunningInvoice[] = [{ id: 'inv1', kind: 'recurring', date: '2022-01-01', total: m('100.00'), paid: 0 }];

  test('scenario 04: blocked at the end of 01-16, inactive at the end of 01-26 (services: S2)', () => {
    let status: CustomerStatus = 'active';
    const changes: string[] = [];
    for (let day = '2022-01-01'; day <= '2022-01-31'; day = addDays(day, 1)) {
      const d = customerDunningDecision({ today: day, trigger: 'endOfDay', status, balance: -m('100.00'), invoices: unpaidJanuary, settings });
      if (d.action !== 'none') changes.push(`${day} ${d.action}`);
      status = d.status;
      if (d.action === 'deactivate') expect(d.effectiveDate).toBe('2022-01-26');
    }
    expect(changes).toEqual(['2022-01-16 block', '2022-01-26 deactivate']);
  });

  test('S2: going Inactive on 2022-01-26 → original Disabled to 01-25, Stopped copy from 01-26; January is not reduced', () => {
    const s1 = service({ id: 1, unitPrice: m('100.00'), invoicedUntil: '2022-01-31' });
    const [c] = deactivationServiceChanges({ deactivationDate: '2022-01-26', services: [{ ...s1, id: 1 }] });
    expect(c).toEqual({
      serviceId: 1,
      disable: { status: 'disabled', end: '2022-01-25' },
      stoppedCopy: { status: 'stopped', start: '2022-01-26', end: null, invoicedUntil: '2022-01-31', copiedFromServiceId: 1 },
    });
    // Nothing of January is taken back and the disabled original bills nothing more.
    expect(planRecurringLines({ invoiceDate: '2022-02-01', billingDay: 1, service: { ...s1, status: 'disabled', end: '2022-01-25' } }).lines).toEqual([]);
    // The Stopped copy is not billed while the customer is Inactive.
    expect(planRecurringLines({ invoiceDate: '2022-02-01', billingDay: 1, service: { ...s1, status: 'stopped', start: '2022-01-26' } }).lines).toEqual([]);
  });

  test('only services billed on the deactivation day are split', () => {
    const out = deactivationServiceChanges({
      deactivationDate: '2022-01-26',
      services: [
        { id: 'ended', status: 'disabled', start: '2021-01-01', end: '2021-12-31' },
        { id: 'future', status: 'pending', start: '2022-02-10' },
        { id: 'stopped', status: 'stopped', start: '2021-01-01' },
        { id: 'disabledForever', status: 'disabled', start: '2021-01-01', end: null },
      ],
    });
    expect(out.map((c) => c.serviceId)).toEqual(['disabledForever']);
  });

  test('scenario 04: paying 100.00 on 2022-02-05 reactivates; the copy is billed from 02-05, never twice', () => {
    const d = customerDunningDecision({ today: '2022-02-05', trigger: 'payment', status: 'inactive', balance: 0, invoices: [{ ...unpaidJanuary[0], paid: m('100.00') }], settings });
    expect(d).toMatchObject({ action: 'reactivate', status: 'active' });
    const copy = reactivatedService({ paymentDate: '2022-02-05', invoicedUntil: '2022-01-31' });
    expect(copy).toEqual({ status: 'active', start: '2022-02-05', billedFrom: '2022-02-05' });
    const march = planRecurringLines({ invoiceDate: '2022-03-01', billingDay: 1, service: service({ start: copy.start, invoicedUntil: '2022-01-31', unitPrice: m('100.00') }) });
    expect(march.lines.map((l) => `${l.from}..${l.to}`)).toEqual(['2022-02-05..2022-02-28', '2022-03-01..2022-03-31']);
    // Paid before the original invoiced-until: billing resumes after it.
    expect(reactivatedService({ paymentDate: '2022-01-28', invoicedUntil: '2022-01-31' }).billedFrom).toBe('2022-02-01');
  });

  test('a payment reactivates only when nothing past its blocking date is left unpaid; a day run never reactivates', () => {
    const january = { ...unpaidJanuary[0], paid: m('100.00') };
    const february: DunningInvoice = { id: 'inv2', kind: 'recurring', date: '2022-02-01', total: m('100.00'), paid: 0 };
    const pay = (today: string) => customerDunningDecision({ today, trigger: 'payment', status: 'blocked', balance: -m('100.00'), invoices: [january, february], settings });
    expect(pay('2022-02-10').action).toBe('reactivate'); // February is not due for blocking until 02-16
    expect(pay('2022-02-20').action).toBe('none'); // February is itself overdue
    const dayRun = customerDunningDecision({ today: '2022-02-20', trigger: 'endOfDay', status: 'blocked', balance: 0, invoices: [], settings });
    expect(dayRun.action).toBe('none'); // blocked by staff without debt stays blocked
  });

  test('a one-time invoice alone never blocks, unless configured', () => {
    const oneTime: DunningInvoice[] = [{ kind: 'oneTime', date: '2022-01-01', total: m('100.00'), paid: 0 }];
    const base = { today: '2022-01-20', trigger: 'endOfDay' as const, status: 'active' as const, balance: -m('100.00'), invoices: oneTime };
    expect(customerDunningDecision({ ...base, settings }).action).toBe('none');
    expect(customerDunningDecision({ ...base, settings: { ...settings, blockOnOneTimeInvoices: true } }).action).toBe('block');
  });

  test('"never" blocking never blocks nor deactivates; "never" deactivation stays blocked', () => {
    const base = { today: '2022-06-01', trigger: 'endOfDay' as const, balance: -m('100.00'), invoices: unpaidJanuary };
    expect(customerDunningDecision({ ...base, status: 'active', settings: { ...settings, blockingDays: 'never' } }).action).toBe('none');
    expect(customerDunningDecision({ ...base, status: 'blocked', settings: { ...settings, deactivationDays: 'never' } }).action).toBe('none');
  });

  test('minimum balance: a balance at or above it does not block (M1 with −50.00)', () => {
    const s = { ...settings, minimumBalance: -m('50.00') };
    const base = { today: '2022-01-16', trigger: 'endOfDay' as const, status: 'active' as const, settings: s };
    expect(customerDunningDecision({ ...base, balance: -m('50.00'), invoices: [{ ...unpaidJanuary[0], paid: m('50.00') }] }).action).toBe('none');
    expect(customerDunningDecision({ ...base, balance: -m('40.00'), invoices: [{ ...unpaidJanuary[0], paid: m('60.00') }] }).action).toBe('none');
    expect(customerDunningDecision({ ...base, balance: -m('60.00'), invoices: [{ ...unpaidJanuary[0], paid: m('40.00') }] }).action).toBe('block');
  });

  test('New and Inactive customers are not dunned by the day run', () => {
    for (const status of ['new', 'inactive'] as const) {
      expect(customerDunningDecision({ today: '2022-02-01', trigger: 'endOfDay', status, balance: -m('100.00'), invoices: unpaidJanuary, settings }).action).toBe('none');
    }
  });
});

describe('decisions 20, 21, 24', () => {
  const settings = { paymentDueDays: 15, blockingDays: 0 as const, deactivationDays: 10 };
  const unpaid = { id: 1, kind: 'recurring' as const, date: '2022-01-01', total: m('100.00'), paid: 0 };

  test('24: the dates stored on the invoice decide, not the settings in force today', () => {
    const later = { ...settings, blockingDays: 20 };
    const decide = (invoice: typeof unpaid & { dates?: { blockingDate: string | null; deactivationDate: string | null } }) =>
      customerDunningDecision({ today: '2022-01-16', trigger: 'endOfDay', status: 'active', balance: -m('100.00'), invoices: [invoice], settings: later }).action;
    expect(decide(unpaid)).toBe('none'); // recomputed with today's 20 days: not yet
    expect(decide({ ...unpaid, dates: { blockingDate: '2022-01-16', deactivationDate: '2022-01-26' } })).toBe('block');
    expect(decide({ ...unpaid, dates: { blockingDate: null, deactivationDate: null } })).toBe('none'); // issued under "never"
  });

  test('20: only invoices that charge a service block, unless one-time invoices block too', () => {
    const oneTime = { ...unpaid, kind: 'oneTime' as const };
    const run = (blockOnOneTimeInvoices: boolean) =>
      customerDunningDecision({ today: '2022-01-16', trigger: 'endOfDay', status: 'active', balance: -m('100.00'), invoices: [oneTime], settings: { ...settings, blockOnOneTimeInvoices } }).action;
    expect([run(false), run(true)]).toEqual(['none', 'block']);
  });

  test('21: going Inactive stops the services that had not started; they restart from max(payment date, start)', () => {
    const services = [
      { id: 1, status: 'active' as const, start: '2022-01-01', end: '2022-02-04' },
      { id: 2, status: 'pending' as const, start: '2022-02-05' },
      { id: 3, status: 'active' as const, start: '2022-01-26' },
    ];
    expect(servicesStoppedOnDeactivation({ deactivationDate: '2022-01-26', services })).toEqual([2, 3]);
    expect(reactivatedService({ paymentDate: '2022-02-01', start: '2022-02-05' })).toEqual({ status: 'pending', start: '2022-02-05', billedFrom: '2022-02-05' });
    expect(reactivatedService({ paymentDate: '2022-02-10', start: '2022-02-05' })).toEqual({ status: 'active', start: '2022-02-10', billedFrom: '2022-02-10' });
    expect(reactivatedService({ paymentDate: '2022-02-10', start: '2022-02-05', invoicedUntil: '2022-02-28' }).billedFrom).toBe('2022-03-01');
  });
});
