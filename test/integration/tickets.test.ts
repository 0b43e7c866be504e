import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChangePlanQuoteView } from '../../main/contract/changePlan';
import { expectRefusedUnchanged } from './appFixtures';
import { createPortalWorld, type PortalWorld } from './portalFixtures';

// Staff tickets (splynx-rules §13): inbox filters, messages and internal notes, assignment, statuses, and
// "Approve and apply" of a portal plan-change request (decision 14).

let w: PortalWorld;
beforeEach(() => {
  w = createPortalWorld();
});
afterEach(() => w.fx.close());

const request = (w: PortalWorld, start = '2022-01-15') =>
  w.fx.call('portal.requestChange', { serviceId: w.a.serviceId, planId: w.plans.p500, start, message: 'Faster please' }, w.a.portal);

describe('tickets (staff)', () => {
  it('creates, replies, notes, assigns and changes status — each audited', () => {
    const t = w.fx.call('tickets.create', { customerId: w.a.customerId, subject: 'Router swap', message: 'We will send a new router', priority: 'medium', type: 'incident' });
    expect(t).toMatchObject({ status: 'new', priority: 'medium', type: 'incident', source: 'admin', createdBy: 'tester', assignedTo: null, customerName: 'Ava Lindqvist' });
    expect(t.messages).toEqual([expect.objectContaining({ author: 'tester', authorKind: 'staff', internal: false, body: 'We will send a new router' })]);
    const r = w.fx.call('tickets.reply', { ticketId: t.id, body: 'Check stock first', internal: true, status: 'workInProgress' });
    expect(r.status).toBe('workInProgress');
    expect(r.messages.map((m) => m.internal)).toEqual([false, true]);
    expect(w.fx.call('tickets.assign', { ticketId: t.id, assignee: 'Maria' }).assignedTo).toBe('Maria');
    expect(w.fx.call('tickets.assignees', {})).toEqual(expect.arrayContaining(['Maria', 'tester']));
    for (const status of ['waitingOnCustomer', 'waitingOnAgent', 'resolved', 'new'] as const)
      expect(w.fx.call('tickets.setStatus', { ticketId: t.id, status }).status).toBe(status);
    expect(w.fx.call('tickets.assign', { ticketId: t.id, assignee: null }).assignedTo).toBeNull();
    const log = w.fx.call('customers.auditLog', { customerId: w.a.customerId, pageSize: 100 }).rows.filter((e) => e.entity === 'ticket');
    expect(log.map((e) => e.action)).toEqual(
      expect.arrayContaining([
        `ticket #${t.id} opened: Router swap`,
        `ticket #${t.id}: internal note added`,
        `ticket #${t.id} status New → Work in progress`,
        `ticket #${t.id} assigned to Maria`,
        `ticket #${t.id} unassigned`,
      ]),
    );
  });

  it('stamps the ticket and each message with the business date (a training clock years from the calendar), never the wall-clock date', () => {
    w.fx.clock.set('2022-01-11');
    const t = w.fx.call('tickets.create', { customerId: w.a.customerId, subject: 'Slow line', message: 'Since Monday' });
    expect(t.createdOn).toBe('2022-01-11');
    expect(t.createdAt).toMatch(/^2022-01-11T\d{2}:\d{2}:\d{2}$/);
    expect(t.updatedAt).toMatch(/^2022-01-11T/);
    w.fx.clock.set('2022-01-12');
    const r = w.fx.call('tickets.reply', { ticketId: t.id, body: 'Checking', status: 'workInProgress' });
    expect(r.messages.map((m) => m.createdAt.slice(0, 10))).toEqual(['2022-01-11', '2022-01-12']);
    expect(r.updatedAt).toMatch(/^2022-01-12T/);
    w.fx.clock.set('2022-01-13');
    expect(w.fx.call('tickets.assign', { ticketId: t.id, assignee: 'Maria' }).updatedAt).toMatch(/^2022-01-13T/);
    w.fx.clock.set('2022-01-14');
    expect(w.fx.call('tickets.setStatus', { ticketId: t.id, status: 'resolved' }).updatedAt).toMatch(/^2022-01-14T/);
    // the portal sees the same stamps
    const portal = w.fx.call('portal.tickets', {}, w.a.portal);
    expect(JSON.stringify(portal)).not.toMatch(new RegExp(new Date().toISOString().slice(0, 10)));
  });

  it('filters the inbox by status, customer, type, priority, assignee and search', () => {
    const t1 = w.fx.call('tickets.create', { customerId: w.a.customerId, subject: 'Invoice question', message: 'm', type: 'question', priority: 'low' });
    const t2 = w.fx.call('tickets.create', { customerId: w.c.customerId, subject: 'Outage', message: 'm', type: 'incident', priority: 'urgent' });
    w.fx.call('tickets.setStatus', { ticketId: t1.id, status: 'resolved' });
    w.fx.call('tickets.assign', { ticketId: t2.id, assignee: 'Maria' });
    const ids = (input: Parameters<typeof w.fx.call<'tickets.list'>>[1]) => w.fx.call('tickets.list', input).rows.map((t) => t.id);
    // B's own portal ticket from the fixture is there too
    expect(ids({})).toEqual([t2.id, t1.id, w.b.ticketId]);
    expect(ids({ status: 'resolved' })).toEqual([t1.id]);
    expect(ids({ status: 'open' })).toEqual([t2.id, w.b.ticketId]);
    expect(ids({ status: 'new' })).toEqual([t2.id, w.b.ticketId]);
    expect(ids({ customerId: w.a.customerId })).toEqual([t1.id]);
    expect(ids({ type: 'incident' })).toEqual([t2.id]);
    expect(ids({ priority: 'urgent' })).toEqual([t2.id]);
    expect(ids({ assignee: 'Maria' })).toEqual([t2.id]);
    expect(ids({ assignee: '' })).toEqual([t1.id, w.b.ticketId]);
    expect(ids({ search: 'outa' })).toEqual([t2.id]);
    expect(ids({ search: 'Cleo' })).toEqual([t2.id]);
    expect(ids({ search: `#${t1.id}` })).toEqual([t1.id]);
    expect(ids({ search: '100%' })).toEqual([]);
    const page = w.fx.call('tickets.list', { status: 'resolved', pageSize: 1 });
    expect(page).toMatchObject({ total: 1, page: 1, pageSize: 1, counts: { all: 3, open: 2, new: 2, resolved: 1 } });
  });

  it('refuses unknown tickets and customers with nothing written', () => {
    expectRefusedUnchanged(w.fx, () => w.fx.refuse('tickets.reply', { ticketId: 9999, body: 'x' }), 'NOT_FOUND');
    expectRefusedUnchanged(w.fx, () => w.fx.refuse('tickets.create', { customerId: 9999, subject: 's', message: 'm' }), 'NOT_FOUND');
    expectRefusedUnchanged(w.fx, () => w.fx.refuse('tickets.approveChange', { ticketId: w.b.ticketId }), 'CONFLICT');
    expectRefusedUnchanged(w.fx, () => w.fx.refuse('tickets.create', { customerId: w.a.customerId, subject: '', message: 'm' }), 'VALIDATION', 'subject');
  });
});

describe('Approve and apply a portal plan-change request', () => {
  it('shows the request and its quote, then applies it in one click when the figures still hold', () => {
    const t = request(w);
    const view = w.fx.call('tickets.get', { id: t.id });
    expect(view.planChangeRequest).toMatchObject({ serviceDescription: 'Ethernet_100Mbps', currentPlanName: 'Ethernet_100Mbps', planName: 'Ethernet_500Mbps', start: '2022-01-15', requestedOn: '2022-01-10' });
    const fp = view.planChangeRequest!.quote.fingerprint;
    const res = w.fx.call('tickets.approveChange', { ticketId: t.id, fingerprint: fp });
    expect(res.applied).toBe(true);
    if (!res.applied) return;
    expect(res.planChange).toMatchObject({ source: 'portal', start: '2022-01-15', newPlanName: 'Ethernet_500Mbps', customerId: w.a.customerId });
    expect(w.fx.call('services.get', { id: res.planChange.newServiceId })).toMatchObject({ status: 'pending', start: '2022-01-15' });
    expect(res.ticket).toMatchObject({ status: 'resolved', planChangeApplied: true });
    expect(res.ticket.planChangeRequest?.outcome).toMatchObject({ result: 'applied', by: 'tester', on: '2022-01-10', planChangeId: res.planChange.id, newServiceId: res.planChange.newServiceId });
    const last = res.ticket.messages[res.ticket.messages.length - 1];
    expect(last).toMatchObject({ authorKind: 'system', internal: false });
    expect(last.body).toMatch(/Plan change applied by tester: Ethernet_100Mbps → Ethernet_500Mbps from 2022-01-15/);
    // the change is staff's (audit actor), the customer sees the outcome in the portal
    const audit = w.fx.call('customers.auditLog', { customerId: w.a.customerId, pageSize: 100 }).rows.find((e) => e.entity === 'plan_change');
    expect(audit?.actor).toBe('tester');
    const seen = w.fx.call('portal.ticket', { id: t.id }, w.a.portal);
    expect(seen.status).toBe('resolved');
    expect(seen.planChangeRequest?.outcome).toMatchObject({ result: 'applied', planChangeId: res.planChange.id });
    // a second approval is refused
    expectRefusedUnchanged(w.fx, () => w.fx.refuse('tickets.approveChange', { ticketId: t.id, fingerprint: fp }), 'CONFLICT');
  });

  it('without a fingerprint, or with a stale one, answers the fresh quote and writes nothing', () => {
    const t = request(w);
    const fp = w.fx.call('tickets.get', { id: t.id }).planChangeRequest!.quote.fingerprint;
    let before = w.fx.dump();
    const confirm = w.fx.call('tickets.approveChange', { ticketId: t.id });
    expect(confirm).toMatchObject({ applied: false, reason: 'confirm', quote: { ok: true } });
    expect(w.fx.dump()).toEqual(before);

    // a payment moves the figures: the stored quote is stale
    w.fx.call('billing.addPayment', { customerId: w.a.customerId, amount: 5000 });
    before = w.fx.dump();
    const stale = w.fx.call('tickets.approveChange', { ticketId: t.id, fingerprint: fp });
    expect(stale.applied).toBe(false);
    if (stale.applied) return;
    expect(stale.reason).toBe('stale');
    const fresh = stale.quote as ChangePlanQuoteView;
    expect(fresh.ok).toBe(true);
    expect(fresh.balanceBefore).toBe(5000);
    expect(fresh.fingerprint).not.toBe(fp);
    expect(w.fx.dump()).toEqual(before);

    // approving with the fresh quote applies it
    const ok = w.fx.call('tickets.approveChange', { ticketId: t.id, fingerprint: fresh.fingerprint });
    expect(ok.applied).toBe(true);
  });

  it('days later the quote is re-made for the new day; a start that has passed comes back as a refusal to show', () => {
    const t = request(w, '2022-01-12');
    w.fx.clock.set('2022-01-13');
    w.fx.call('days.runUntil', { until: '2022-01-12' });
    const res = w.fx.call('tickets.approveChange', { ticketId: t.id, fingerprint: w.fx.call('tickets.get', { id: t.id }).planChangeRequest!.quote.fingerprint });
    expect(res).toMatchObject({ applied: false, quote: { ok: false } });
    // staff may choose another start date for the approval
    const moved = w.fx.call('tickets.approveChange', { ticketId: t.id, start: '2022-01-20' });
    expect(moved).toMatchObject({ applied: false, reason: 'confirm', quote: { ok: true, start: '2022-01-20' } });
    const done = w.fx.call('tickets.approveChange', { ticketId: t.id, start: '2022-01-20', fingerprint: (moved as { quote: ChangePlanQuoteView }).quote.fingerprint });
    expect(done.applied && done.planChange.start).toBe('2022-01-20');
  });

  it('a request whose start passed says why and offers the earliest start; approving with that date applies it', () => {
    const t = request(w, '2022-01-12');
    w.fx.clock.set('2022-01-14');
    w.fx.call('days.runUntil', { until: '2022-01-13' });
    const before = w.fx.dump();
    const check = w.fx.call('tickets.checkChange', { ticketId: t.id });
    expect(check).toMatchObject({ state: 'refused', earliestStart: '2022-01-14', supersededBy: null });
    expect(check.reason).toBe('The requested start date 2022-01-12 has passed (today is 2022-01-14). It can start on 2022-01-14 at the earliest.');
    expect(w.fx.dump()).toEqual(before);
    const confirm = w.fx.call('tickets.approveChange', { ticketId: t.id, start: check.earliestStart });
    expect(confirm).toMatchObject({ applied: false, quote: { ok: true, start: '2022-01-14' } });
  });

  it("after the customer's self-change the earlier request says so, offers no date, and is declined with a message the customer reads", () => {
    const t = request(w, '2022-01-15');
    w.fx.call('settings.update', { partnerId: 1, values: { 'portal.internet.selfChange': true } });
    const input = { serviceId: w.a.serviceId, planId: w.plans.p500, start: '2022-01-11' };
    w.fx.clock.set('2022-01-11');
    const q = w.fx.call('portal.changeQuote', input, w.a.portal);
    if (!q.ok) throw new Error(q.message);
    const self = w.fx.call('portal.selfChange', { ...input, fingerprint: q.fingerprint }, w.a.portal);
    const check = w.fx.call('tickets.checkChange', { ticketId: t.id });
    expect(check.state).toBe('refused');
    expect(check.earliestStart).toBeNull();
    expect(check.supersededBy).toMatchObject({ source: 'portal', start: '2022-01-11', newPlanName: 'Ethernet_500Mbps' });
    expect(check.reason).toMatch(/^Since this request, the customer changed the service: Ethernet_100Mbps → Ethernet_500Mbps from 2022-01-11 \(plan change #\d+, made on 2022-01-11\)/);
    expect(self).toBeTruthy();

    const message = 'You already moved to Ethernet_500Mbps yourself on 2022-01-11, so this earlier request is closed.';
    const declined = w.fx.call('tickets.declineChange', { ticketId: t.id, message });
    expect(declined.status).toBe('resolved');
    expect(declined.planChangeRequest?.outcome).toMatchObject({ result: 'declined', on: '2022-01-11', by: 'tester', message });
    expect(declined.planChange).toBe(true);
    expect(declined.planChangeApplied).toBe(false);
    const seen = w.fx.call('portal.ticket', { id: t.id }, w.a.portal);
    expect(seen.messages.at(-1)).toMatchObject({ body: message, internal: false, authorKind: 'staff' });
    expect(seen.planChangeRequest?.outcome).toMatchObject({ result: 'declined', message });
    // once declined it can be neither approved nor declined again, and nothing is written
    expectRefusedUnchanged(w.fx, () => w.fx.refuse('tickets.approveChange', { ticketId: t.id }), 'CONFLICT');
    expectRefusedUnchanged(w.fx, () => w.fx.refuse('tickets.declineChange', { ticketId: t.id, message: 'again' }), 'CONFLICT');
    // a message is required
    expectRefusedUnchanged(w.fx, () => w.fx.refuse('tickets.declineChange', { ticketId: w.b.ticketId, message: '' }), 'VALIDATION', 'message');
  });
});
