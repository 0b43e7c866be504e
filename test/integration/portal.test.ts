import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../main/app/dispatch';
import { contract } from '../../main/contract';
import type { ChangePlanQuoteView } from '../../main/contract/changePlan';
import { expectRefusedUnchanged } from './appFixtures';
import { createPortalWorld, type PortalWorld } from './portalFixtures';

// The customer portal (splynx-rules §8, decision 14): request mode (a ticket with the quote, nothing else),
// self-change mode (a pending new service posted exactly like an admin change), and the portal rules.

let w: PortalWorld;
beforeEach(() => {
  w = createPortalWorld();
});
afterEach(() => w.fx.close());

const changedTables = (before: Record<string, string[]>, after: Record<string, string[]>) =>
  Object.keys(after).filter((t) => JSON.stringify(before[t]) !== JSON.stringify(after[t])).sort();

const enableSelfChange = (w: PortalWorld) => w.fx.call('settings.update', { partnerId: 1, values: { 'portal.internet.selfChange': true } });

describe('portal session, dashboard, services, finance', () => {
  it('shows the session, menu and dashboard of the bound customer', () => {
    const s = w.fx.call('portal.session', {}, w.a.portal);
    expect(s).toMatchObject({ customerId: w.a.customerId, customerName: 'Ava Lindqvist', customerLogin: 'ava', partnerName: 'Default', openedBy: 'tester', businessDate: '2022-01-10' });
    expect(s.menu).toMatchObject({ dashboard: true, services: true, finance: true, tickets: true });
    const d = w.fx.call('portal.dashboard', {}, w.a.portal);
    expect(d).toMatchObject({ balance: 0, activeServices: 1, unpaidInvoices: { count: 0, total: 0 }, openTickets: { count: 0 } });
    const f = w.fx.call('portal.finance', {}, w.a.portal);
    expect(f).toEqual({ balance: 0, counts: { invoices: 1, creditNotes: 0, payments: 1 } });
    const invoices = w.fx.call('portal.invoices', {}, w.a.portal);
    expect(invoices).toMatchObject({ total: 1, page: 1 });
    expect(invoices.rows[0].status).toBe('paid');
    expect(invoices).not.toHaveProperty('totals');
    const payments = w.fx.call('portal.payments', {}, w.a.portal);
    expect(payments.rows).toEqual([expect.objectContaining({ amount: 10000 })]);
    expect(payments.rows[0]).not.toHaveProperty('note');
    expect(w.fx.call('portal.invoice', { id: w.a.invoiceId }, w.a.portal).id).toBe(w.a.invoiceId);
  });

  it('pages the finance lists newest first, the counts telling the tabs how many there are', () => {
    const made = [1, 2, 3, 4].map((k) => w.fx.call('billing.oneTimeInvoice', { customerId: w.a.customerId, lines: [{ description: `Extra ${k}`, amount: 100 * k }] }).id);
    const newestFirst = w.fx.call('finance.invoices', { customerId: w.a.customerId, page: 1, pageSize: 100 }).rows.map((i) => i.id);
    expect(newestFirst).toHaveLength(5);
    expect(newestFirst.slice(0, 4)).toEqual([...made].reverse());
    expect(w.fx.call('portal.finance', {}, w.a.portal).counts.invoices).toBe(5);
    const pages = [1, 2, 3].map((page) => w.fx.call('portal.invoices', { page, pageSize: 2 }, w.a.portal));
    expect(pages.map((p) => p.rows.map((i) => i.id))).toEqual([newestFirst.slice(0, 2), newestFirst.slice(2, 4), newestFirst.slice(4)]);
    expect(pages.every((p) => p.total === 5 && p.pageSize === 2)).toBe(true);
    expect(pages[0].rows[0].lines.map((l) => l.description)).toEqual(['Extra 4']);
    expect(w.fx.refuse('portal.invoices', { page: 0 }, w.a.portal).code).toBe('VALIDATION');
  });

  it('shows only the columns the partner allows, the change flags and the portal targets', () => {
    let rows = w.fx.call('portal.services', {}, w.a.portal).rows;
    expect(rows).toHaveLength(1);
    expect(rows[0].columns).toEqual(['id', 'description', 'plan', 'price', 'startDate', 'invoicedUntil', 'login', 'ipv4', 'status']);
    expect(rows[0]).toMatchObject({ canRequestChange: true, canSelfChange: false, pendingChange: null, earliestStart: '2022-01-10', monthlyPrice: 10000 });
    expect(rows[0].values).toMatchObject({ id: w.a.serviceId, plan: 'Ethernet_100Mbps', price: 10000, status: 'active', startDate: '2022-01-01' });
    expect(rows[0].targets.map((t) => t.name)).toEqual(['Ethernet_500Mbps']);

    w.fx.call('settings.update', { partnerId: 1, values: { 'portal.internet.columns': ['plan', 'status'], 'portal.internet.selfChange': true } });
    rows = w.fx.call('portal.services', {}, w.a.portal).rows;
    expect(rows[0].columns).toEqual(['plan', 'status']);
    expect(Object.keys(rows[0].values).sort()).toEqual(['plan', 'status']);
    expect(rows[0]).toMatchObject({ canRequestChange: true, canSelfChange: true });
  });

  it('closes pages switched off in the menu', () => {
    w.fx.call('settings.update', { partnerId: 1, values: { 'portal.menu.finance': false, 'portal.menu.tickets': false } });
    expect(w.fx.call('portal.session', {}, w.a.portal).menu).toMatchObject({ finance: false, tickets: false, services: true });
    for (const channel of ['portal.finance', 'portal.invoices', 'portal.creditNotes', 'portal.payments'] as const) expect(w.fx.refuse(channel, {}, w.a.portal).code, channel).toBe('FORBIDDEN');
    expect(w.fx.refuse('portal.invoice', { id: w.a.invoiceId }, w.a.portal).code).toBe('FORBIDDEN');
    expect(w.fx.refuse('portal.tickets', {}, w.a.portal).code).toBe('FORBIDDEN');
  });
});

describe('request mode', () => {
  it('quotes the change with the price of change (the fee) and the full breakdown', () => {
    w.fx.call('settings.update', { partnerId: 1, values: { 'changePlan.feeMoreExpensive': 500 } });
    const q = w.fx.call('portal.changeQuote', { serviceId: w.a.serviceId, planId: w.plans.p500, start: '2022-01-15' }, w.a.portal);
    expect(q.ok).toBe(true);
    const quote = q as ChangePlanQuoteView;
    expect(quote.fee?.amount).toBe(500);
    expect(quote.newPlan.name).toBe('Ethernet_500Mbps');
    // the same figures staff would see
    const staff = w.fx.call('changePlan.quote', { serviceId: w.a.serviceId, planId: w.plans.p500, start: '2022-01-15' });
    expect(staff).toEqual(quote);
  });

  it('creates a ticket with the quote attached — and changes nothing else', () => {
    const before = w.fx.dump();
    const t = w.fx.call(
      'portal.requestChange',
      { serviceId: w.a.serviceId, planId: w.plans.p500, start: '2022-01-15', message: 'Faster please' },
      w.a.portal,
    );
    expect(t).toMatchObject({ subject: 'Request tariff change for service: Ethernet_100Mbps', status: 'new', priority: 'low', type: 'question', createdOn: '2022-01-10' });
    expect(t.messages).toHaveLength(1);
    expect(t.messages[0]).toMatchObject({ authorKind: 'customer', author: 'Ava Lindqvist', internal: false });
    expect(t.messages[0].body).toBe(
      'Please change my current plan.\nCurrent service: Ethernet_100Mbps\nNew plan start date: 2022-01-15\nNew plan: Ethernet_500Mbps\n\nFaster please',
    );
    expect(t.planChangeRequest).toMatchObject({ serviceId: w.a.serviceId, planId: w.plans.p500, planName: 'Ethernet_500Mbps', start: '2022-01-15', outcome: null });
    expect(t.planChangeRequest?.quote.ok).toBe(true);
    expect(changedTables(before, w.fx.dump())).toEqual(['audit_log', 'sqlite_sequence', 'ticket_messages', 'tickets']);
    const staffView = w.fx.call('tickets.get', { id: t.id });
    expect(staffView).toMatchObject({ source: 'portal', createdBy: 'Customer ava', customerId: w.a.customerId, planChange: true, planChangeApplied: false });
    expect(w.fx.call('customers.get', { id: w.a.customerId }).balance).toBe(0);
  });

  it('accepts a custom subject, priority and type from the ticket form', () => {
    const t = w.fx.call(
      'portal.requestChange',
      { serviceId: w.a.serviceId, planId: w.plans.p500, start: '2022-01-20', subject: 'Upgrade', priority: 'high', type: 'featureRequest' },
      w.a.portal,
    );
    expect(t).toMatchObject({ subject: 'Upgrade', priority: 'high', type: 'featureRequest' });
    expect(t.messages[0].body.endsWith('New plan: Ethernet_500Mbps')).toBe(true);
  });
});

describe('self-change mode', () => {
  it('is refused while disabled for the kind (FORBIDDEN, nothing written)', () => {
    const q = w.fx.call('portal.changeQuote', { serviceId: w.a.serviceId, planId: w.plans.p500, start: '2022-01-15' }, w.a.portal) as ChangePlanQuoteView;
    const err = expectRefusedUnchanged(
      w.fx,
      () => w.fx.refuse('portal.selfChange', { serviceId: w.a.serviceId, planId: w.plans.p500, start: '2022-01-15', fingerprint: q.fingerprint }, w.a.portal),
      'FORBIDDEN',
    );
    expect(err.message).toMatch(/Self-change of tariff plans is not enabled/);
  });

  it('creates a pending new service with the same documents as an admin change, switched on its date', () => {
    enableSelfChange(w);
    w.fx.call('settings.update', { partnerId: 1, values: { 'changePlan.feeMoreExpensive': 300 } });
    const input = { serviceId: w.a.serviceId, planId: w.plans.p500, start: '2022-01-15' };
    const q = w.fx.call('portal.changeQuote', input, w.a.portal) as ChangePlanQuoteView;
    expect(q.ok).toBe(true);
    expect(q.refundTotal).toBeGreaterThan(0);
    expect(q.invoiceTotal).toBeGreaterThan(300);
    const r = w.fx.call('portal.selfChange', { ...input, fingerprint: q.fingerprint }, w.a.portal);
    expect(r).toMatchObject({ start: '2022-01-15', newPlanName: 'Ethernet_500Mbps', feeTotal: 300, refundTotal: q.refundTotal, invoiceTotal: q.invoiceTotal });

    // the twin customer C changes the same way, by staff
    const qc = w.fx.call('changePlan.quote', { serviceId: w.c.serviceId, planId: w.plans.p500, start: '2022-01-15' }) as ChangePlanQuoteView;
    const admin = w.fx.call('changePlan.apply', { serviceId: w.c.serviceId, planId: w.plans.p500, start: '2022-01-15', fingerprint: qc.fingerprint });
    expect(w.fx.call('changePlan.get', { id: r.planChangeId })).toMatchObject({ source: 'portal', refundTotal: admin.refundTotal, invoiceTotal: admin.invoiceTotal, feeTotal: admin.feeTotal });
    const docs = (customerId: number) => {
      const b = w.fx.call('billing.forCustomer', { customerId });
      return {
        balance: b.balance,
        invoices: b.invoices.map((i) => ({ kind: i.kind, date: i.date, total: i.total, lines: i.lines.map((l) => [l.kind, l.description, l.from, l.to, l.total]) })),
        creditNotes: b.creditNotes.map((n) => ({ date: n.date, total: n.total, lines: n.lines })),
      };
    };
    expect(docs(w.a.customerId)).toEqual(docs(w.c.customerId));

    const newService = w.fx.call('services.get', { id: r.newServiceId });
    expect(newService).toMatchObject({ status: 'pending', start: '2022-01-15', planName: 'Ethernet_500Mbps', customerId: w.a.customerId });
    expect(w.fx.call('services.get', { id: w.a.serviceId }).end).toBe('2022-01-14');

    // the customer sees it pending, and cannot change again nor cancel
    const rows = w.fx.call('portal.services', {}, w.a.portal).rows;
    const old = rows.find((x) => x.id === w.a.serviceId)!;
    expect(old).toMatchObject({ pendingChange: { start: '2022-01-15', newPlanName: 'Ethernet_500Mbps' }, canRequestChange: false, canSelfChange: false });
    expect(rows.find((x) => x.id === r.newServiceId)?.values.status).toBe('pending');
    expect(w.fx.call('portal.dashboard', {}, w.a.portal).pendingChanges).toEqual([{ serviceId: w.a.serviceId, start: '2022-01-15', newPlanName: 'Ethernet_500Mbps' }]);
    const again = w.fx.call('portal.changeQuote', { ...input, start: '2022-01-20' }, w.a.portal);
    expect(again.ok).toBe(false);
    expectRefusedUnchanged(w.fx, () => w.fx.refuse('portal.selfChange', { ...input, start: '2022-01-20', fingerprint: q.fingerprint }, w.a.portal), 'REFUSED');
    expect(contract['changePlan.cancel'].access).toBe('staff');
    expect(Object.keys(contract).filter((c) => c.startsWith('portal.') && /cancel/i.test(c))).toEqual([]);
    expect(dispatch(w.a.portal, 'changePlan.cancel', { planChangeId: r.planChangeId })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

    // switched automatically on its date
    w.fx.clock.set('2022-01-16');
    w.fx.call('days.runUntil', { until: '2022-01-15' });
    expect(w.fx.call('services.get', { id: r.newServiceId }).status).toBe('active');
    expect(w.fx.call('services.get', { id: w.a.serviceId }).status).toBe('disabled');
  });

  it('refuses a stale quote (the figures moved) with STALE_QUOTE and nothing written', () => {
    enableSelfChange(w);
    const input = { serviceId: w.a.serviceId, planId: w.plans.p500, start: '2022-01-15' };
    const q = w.fx.call('portal.changeQuote', input, w.a.portal) as ChangePlanQuoteView;
    w.fx.call('billing.addPayment', { customerId: w.a.customerId, amount: 1234 });
    const err = expectRefusedUnchanged(w.fx, () => w.fx.refuse('portal.selfChange', { ...input, fingerprint: q.fingerprint }, w.a.portal), 'STALE_QUOTE');
    expect((err.details?.quote as ChangePlanQuoteView).balanceBefore).toBe(1234);
  });
});

describe('portal rules', () => {
  it('refuses a target plan outside the current plan\'s portal list, in both modes', () => {
    enableSelfChange(w);
    const input = { serviceId: w.a.serviceId, planId: w.plans.p200, start: '2022-01-15' };
    const q = w.fx.call('portal.changeQuote', input, w.a.portal);
    expect(q).toMatchObject({ ok: false, field: 'planId' });
    expectRefusedUnchanged(w.fx, () => w.fx.refuse('portal.requestChange', input, w.a.portal), 'REFUSED', 'planId');
    expectRefusedUnchanged(w.fx, () => w.fx.refuse('portal.selfChange', { ...input, fingerprint: 'f'.repeat(20) }, w.a.portal), 'REFUSED', 'planId');
    // a plan of another kind is not in the list either
    expectRefusedUnchanged(w.fx, () => w.fx.refuse('portal.requestChange', { ...input, planId: w.plans.voice }, w.a.portal), 'REFUSED', 'planId');
  });

  it('refuses a start date before today', () => {
    enableSelfChange(w);
    const input = { serviceId: w.a.serviceId, planId: w.plans.p500, start: '2022-01-09' };
    expect(w.fx.call('portal.changeQuote', input, w.a.portal)).toMatchObject({ ok: false, field: 'start', earliestStart: '2022-01-10' });
    expectRefusedUnchanged(w.fx, () => w.fx.refuse('portal.requestChange', input, w.a.portal), 'REFUSED', 'start');
    expectRefusedUnchanged(w.fx, () => w.fx.refuse('portal.selfChange', { ...input, fingerprint: 'f'.repeat(20) }, w.a.portal), 'REFUSED', 'start');
    // today itself is fine
    expect(w.fx.call('portal.changeQuote', { ...input, start: '2022-01-10' }, w.a.portal).ok).toBe(true);
  });

  it('refuses request mode when disabled, and every change when both modes are off', () => {
    w.fx.call('settings.update', { partnerId: 1, values: { 'portal.internet.requestChange': false } });
    const input = { serviceId: w.a.serviceId, planId: w.plans.p500, start: '2022-01-15' };
    const err = expectRefusedUnchanged(w.fx, () => w.fx.refuse('portal.requestChange', input, w.a.portal), 'FORBIDDEN');
    expect(err.message).toMatch(/Requesting a tariff plan change is not enabled/);
    expect(w.fx.refuse('portal.changeQuote', input, w.a.portal).code).toBe('FORBIDDEN');
    const row = w.fx.call('portal.services', {}, w.a.portal).rows[0];
    expect(row).toMatchObject({ canRequestChange: false, canSelfChange: false, targets: [] });
  });

  it("follows the customer's partner settings over Default", () => {
    enableSelfChange(w);
    const north = w.fx.call('partners.create', { name: 'North' });
    w.fx.call('settings.update', { partnerId: north.id, values: { 'portal.internet.selfChange': false, 'portal.internet.requestChange': false } });
    const n = w.fx.call('customers.create', { name: 'Nils North', status: 'active', partnerId: north.id });
    const s = w.fx.call('services.add', { customerId: n.id, kind: 'internet', planId: w.plans.p100, start: '2022-01-10' });
    const portal = w.fx.as({ kind: 'portal', customerId: n.id, openedBy: 'tester' });
    const input = { serviceId: s.id, planId: w.plans.p500, start: '2022-01-15' };
    expect(w.fx.refuse('portal.changeQuote', input, portal).code).toBe('FORBIDDEN');
    expect(w.fx.refuse('portal.requestChange', input, portal).code).toBe('FORBIDDEN');
    expect(w.fx.refuse('portal.selfChange', { ...input, fingerprint: 'f'.repeat(20) }, portal).code).toBe('FORBIDDEN');
    expect(w.fx.call('portal.session', {}, portal).partnerName).toBe('North');
    // the Default partner's customers still may
    expect(w.fx.call('portal.changeQuote', { serviceId: w.a.serviceId, planId: w.plans.p500, start: '2022-01-15' }, w.a.portal).ok).toBe(true);
  });

  it('tickets: the customer opens, reads and replies; a reply reopens to Waiting on agent', () => {
    const t = w.fx.call('portal.createTicket', { subject: 'No dial tone', message: 'Since Monday', type: 'incident' }, w.a.portal);
    expect(t).toMatchObject({ status: 'new', priority: 'low', type: 'incident', messageCount: 1 });
    w.fx.call('tickets.setStatus', { ticketId: t.id, status: 'resolved' });
    const r = w.fx.call('portal.replyTicket', { ticketId: t.id, body: 'Still broken' }, w.a.portal);
    expect(r).toMatchObject({ status: 'waitingOnAgent', messageCount: 2 });
    expect(w.fx.call('portal.tickets', {}, w.a.portal).map((x) => x.subject)).toEqual(['No dial tone']);
    expect(w.fx.call('portal.dashboard', {}, w.a.portal).openTickets.count).toBe(1);
  });
});

describe('statistics and profile', () => {
  const addUsage = (serviceId: number, rows: [day: string, rx: number, tx: number][]) => {
    const insert = w.fx.db.sqlite.prepare('INSERT INTO service_usage (service_id, day, rx_bytes, tx_bytes) VALUES (?, ?, ?, ?)');
    for (const [day, rx, tx] of rows) insert.run(serviceId, day, rx, tx);
  };

  it("answers the daily traffic of the customer's own Internet service in the range — what staff see", () => {
    addUsage(w.a.serviceId, [
      ['2021-12-31', 1, 1],
      ['2022-01-03', 5_000_000, 700_000],
      ['2022-01-02', 2_000_000, 300_000],
      ['2022-01-11', 9, 9],
    ]);
    addUsage(w.b.serviceId, [['2022-01-02', 123_456_789, 42]]);
    const input = { serviceId: w.a.serviceId, from: '2022-01-01', to: '2022-01-10' };
    const rows = w.fx.call('portal.usage', input, w.a.portal);
    expect(rows).toEqual([
      { day: '2022-01-02', rxBytes: 2_000_000, txBytes: 300_000 },
      { day: '2022-01-03', rxBytes: 5_000_000, txBytes: 700_000 },
    ]);
    expect(w.fx.call('services.usage', input)).toEqual(rows);
    expect(w.fx.call('portal.usage', { ...input, from: '2022-01-05' }, w.a.portal)).toEqual([]);
    // the Statistics page's service list: the customer's own Internet services only
    w.fx.call('services.add', { customerId: w.a.customerId, kind: 'voice', planId: w.plans.voice, start: '2022-01-10' });
    expect(w.fx.call('portal.session', {}, w.a.portal).usageServices).toEqual([{ id: w.a.serviceId, label: 'Ethernet_100Mbps', status: 'active' }]);
  });

  it('refuses a range over 366 days or ending before it starts — VALIDATION on `to`, like services.usage', () => {
    const a = { serviceId: w.a.serviceId };
    expect(w.fx.call('portal.usage', { ...a, from: '2021-01-10', to: '2022-01-10' }, w.a.portal)).toEqual([]); // 366 days
    for (const range of [
      { from: '2021-01-09', to: '2022-01-10' },
      { from: '2022-01-10', to: '2022-01-09' },
    ]) {
      const err = expectRefusedUnchanged(w.fx, () => w.fx.refuse('portal.usage', { ...a, ...range }, w.a.portal), 'VALIDATION', 'to');
      expect(err).toEqual(w.fx.refuse('services.usage', { ...a, ...range }));
    }
    expect(w.fx.refuse('portal.usage', { ...a, from: '2022-02-30', to: '2022-03-01' }, w.a.portal).fields).toHaveProperty('from');
  });

  it("answers NOT_FOUND for a Voice service, another customer's service or none, alike", () => {
    addUsage(w.b.serviceId, [['2022-01-02', 1_000, 1_000]]);
    const voice = w.fx.call('services.add', { customerId: w.a.customerId, kind: 'voice', planId: w.plans.voice, start: '2022-01-10' });
    const range = { from: '2022-01-01', to: '2022-01-10' };
    const missing = 999_999;
    const errors = [voice.id, w.b.serviceId, missing].map((serviceId) =>
      expectRefusedUnchanged(w.fx, () => w.fx.refuse('portal.usage', { serviceId, ...range }, w.a.portal), 'NOT_FOUND', 'serviceId'),
    );
    // B's service is answered exactly like an id that does not exist
    expect(errors[1].message.replace(String(w.b.serviceId), 'N')).toBe(errors[2].message.replace(String(missing), 'N'));
  });

  it('closes Statistics and Profile when their menu items are off (FORBIDDEN)', () => {
    w.fx.call('settings.update', { partnerId: 1, values: { 'portal.menu.statistics': false, 'portal.menu.profile': false } });
    const s = w.fx.call('portal.session', {}, w.a.portal);
    expect(s.menu).toMatchObject({ statistics: false, profile: false, services: true });
    expect(s.usageServices).toEqual([]);
    const usage = { serviceId: w.a.serviceId, from: '2022-01-01', to: '2022-01-10' };
    expectRefusedUnchanged(w.fx, () => w.fx.refuse('portal.usage', usage, w.a.portal), 'FORBIDDEN');
    expectRefusedUnchanged(w.fx, () => w.fx.refuse('portal.profile', {}, w.a.portal), 'FORBIDDEN');
    // each flag closes its own page only
    w.fx.call('settings.update', { partnerId: 1, values: { 'portal.menu.statistics': true } });
    expect(w.fx.call('portal.usage', usage, w.a.portal)).toEqual([]);
    expect(w.fx.refuse('portal.profile', {}, w.a.portal).code).toBe('FORBIDDEN');
  });

  it("shows the customer's own details and the billing terms that apply: own values, else the partner's", () => {
    w.fx.call('customers.update', { id: w.a.customerId, category: 'company', email: 'ava@example.com', phone: '+46 70 123', address: 'Storgatan 1, Umeå' });
    let p = w.fx.call('portal.profile', {}, w.a.portal);
    expect(p).toEqual({
      name: 'Ava Lindqvist',
      category: 'company',
      portalLogin: 'ava',
      email: 'ava@example.com',
      phone: '+46 70 123',
      address: 'Storgatan 1, Umeå',
      partnerName: 'Default',
      status: 'active',
      customerSince: '2022-01-01',
      billing: { billingDay: 1, useCreationDate: false, paymentDueDays: 15 },
      editableFields: [],
    });
    // the partner's settings apply while the customer has no value of their own …
    w.fx.call('settings.update', { partnerId: 1, values: { 'billing.day': 10, 'billing.paymentDueDays': 7 } });
    expect(w.fx.call('portal.profile', {}, w.a.portal).billing).toEqual({ billingDay: 10, useCreationDate: false, paymentDueDays: 7 });
    // … and the customer's own values win over them
    w.fx.call('customers.update', { id: w.a.customerId, billing: { billingDay: 20, paymentDueDays: 3 } });
    p = w.fx.call('portal.profile', {}, w.a.portal);
    expect(p.billing).toEqual({ billingDay: 20, useCreationDate: false, paymentDueDays: 3 });
    const staff = w.fx.call('customers.get', { id: w.a.customerId }).effectiveBilling;
    expect(p.billing).toMatchObject({ billingDay: staff.billingDay, paymentDueDays: staff.paymentDueDays });
    // "use the customer creation date": the creation day, at most 28
    const late = w.fx.call('customers.create', { name: 'Lars Late', status: 'active', createdOn: '2021-06-30', billing: { useCreationDate: true } });
    const portal = w.fx.as({ kind: 'portal', customerId: late.id, openedBy: 'tester' });
    expect(w.fx.call('portal.profile', {}, portal)).toMatchObject({ name: 'Lars Late', customerSince: '2021-06-30', email: '', billing: { billingDay: 28, useCreationDate: true, paymentDueDays: 7 } });
  });
});

describe('profile edits (portal.profile.editableFields)', () => {
  const allowEdits = (fields: string[], partnerId = 1) => w.fx.call('settings.update', { partnerId, values: { 'portal.profile.editableFields': fields } });
  const setContacts = () => {
    for (const [id, who] of [
      [w.a.customerId, 'ava'],
      [w.b.customerId, 'bruno'],
    ] as const)
      w.fx.call('customers.update', { id, email: `${who}@example.com`, phone: '+46 70 100', address: 'Storgatan 1' });
  };

  it('refuses every field with the default settings (view only) — VALIDATION naming it, nothing written', () => {
    setContacts();
    expect(w.fx.call('portal.profile', {}, w.a.portal).editableFields).toEqual([]);
    for (const input of [{ email: 'new@example.com' }, { phone: '+46 70 999' }, { address: 'Elsewhere 2' }]) {
      const field = Object.keys(input)[0];
      const err = expectRefusedUnchanged(w.fx, () => w.fx.refuse('portal.updateProfile', input, w.a.portal), 'VALIDATION', field);
      expect(err.fields?.[field]).toBe('cannot be changed in this portal');
      expect(err.message).toContain(field);
    }
  });

  it('changes an editable field (audited on the customer, seen by staff) and still refuses the others', () => {
    setContacts();
    allowEdits(['email']);
    const bBefore = w.fx.call('customers.get', { id: w.b.customerId });
    expect(w.fx.call('portal.profile', {}, w.a.portal).editableFields).toEqual(['email']);

    // phone is still not editable: refused even alongside an allowed field, and nothing is written
    const err = expectRefusedUnchanged(w.fx, () => w.fx.refuse('portal.updateProfile', { email: 'ava.new@example.com', phone: '+46 70 999' }, w.a.portal), 'VALIDATION', 'phone');
    expect(Object.keys(err.fields ?? {})).toEqual(['phone']);
    // a malformed e-mail: the staff rule, on `email`
    expectRefusedUnchanged(w.fx, () => w.fx.refuse('portal.updateProfile', { email: 'not-an-email' }, w.a.portal), 'VALIDATION', 'email');
    expect(w.fx.refuse('portal.updateProfile', { email: 'not-an-email' }, w.a.portal).fields).toEqual(w.fx.refuse('customers.update', { id: w.a.customerId, email: 'not-an-email' }).fields);

    // trimmed like a staff edit
    const p = w.fx.call('portal.updateProfile', { email: '  ava.new@example.com ' }, w.a.portal);
    expect(p).toMatchObject({ email: 'ava.new@example.com', phone: '+46 70 100', address: 'Storgatan 1', editableFields: ['email'] });
    expect(w.fx.call('portal.profile', {}, w.a.portal)).toEqual(p);
    expect(w.fx.call('customers.get', { id: w.a.customerId })).toMatchObject({ email: 'ava.new@example.com', phone: '+46 70 100' });
    // the staff search finds the new address
    expect(w.fx.call('customers.list', { search: 'ava.new' }).rows.map((r) => r.id)).toEqual([w.a.customerId]);

    const entry = w.fx.call('customers.auditLog', { customerId: w.a.customerId }).rows[0];
    expect(entry).toMatchObject({
      entity: 'customer',
      entityId: w.a.customerId,
      actor: expect.stringContaining(`customer #${w.a.customerId} (portal`),
      action: expect.stringContaining('Customer ava'),
      before: { email: 'ava@example.com' },
      after: { email: 'ava.new@example.com' },
    });
    // customer B is untouched
    expect(w.fx.call('customers.get', { id: w.b.customerId })).toEqual(bBefore);
    expect(w.fx.call('customers.auditLog', { customerId: w.b.customerId }).rows.some((r) => /profile/.test(r.action))).toBe(false);

    // saving the same value again writes nothing
    const before = w.fx.dump();
    expect(w.fx.call('portal.updateProfile', { email: 'ava.new@example.com' }, w.a.portal).email).toBe('ava.new@example.com');
    expect(w.fx.dump()).toEqual(before);
  });

  it("follows the customer's partner over Default, and the Profile menu flag", () => {
    setContacts();
    const partner = w.fx.call('partners.create', { name: 'North' }).id;
    w.fx.call('customers.update', { id: w.a.customerId, partnerId: partner });
    allowEdits(['email', 'phone', 'address']);
    allowEdits(['phone'], partner);
    expect(w.fx.call('portal.profile', {}, w.a.portal).editableFields).toEqual(['phone']);
    expectRefusedUnchanged(w.fx, () => w.fx.refuse('portal.updateProfile', { email: 'x@example.com' }, w.a.portal), 'VALIDATION', 'email');
    expect(w.fx.call('portal.updateProfile', { phone: '+46 (70) 555-12' }, w.a.portal).phone).toBe('+46 (70) 555-12');
    expectRefusedUnchanged(w.fx, () => w.fx.refuse('portal.updateProfile', { phone: 'call me' }, w.a.portal), 'VALIDATION', 'phone');
    // B (Default partner) may change everything
    expect(w.fx.call('portal.updateProfile', { address: 'Harbour 3' }, w.b.portal).address).toBe('Harbour 3');

    w.fx.call('settings.update', { partnerId: 1, values: { 'portal.menu.profile': false } });
    w.fx.call('settings.update', { partnerId: partner, values: { 'portal.menu.profile': false } });
    expectRefusedUnchanged(w.fx, () => w.fx.refuse('portal.updateProfile', { phone: '+46 70 1' }, w.a.portal), 'FORBIDDEN');
    expectRefusedUnchanged(w.fx, () => w.fx.refuse('portal.updateProfile', { address: 'Harbour 4' }, w.b.portal), 'FORBIDDEN');
  });
});
