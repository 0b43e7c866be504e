import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAppFixture, expectRefusedUnchanged, type AppFixture } from './appFixtures';

let fx: AppFixture;
let anna: number;
let bob: number;
let home: number;
let talk: number;
let dynPool: number;

beforeEach(() => {
  fx = createAppFixture({ today: '2022-01-10' });
  anna = fx.call('customers.create', { name: 'Anna', status: 'active', portalLogin: 'anna' }).id;
  bob = fx.call('customers.create', { name: 'Bob', status: 'active' }).id;
  home = fx.call('plans.create', { kind: 'internet', name: 'Home 100', description: 'Internet 100 Mbps', price: 2000 }).id;
  talk = fx.call('plans.create', { kind: 'voice', name: 'Talk', price: 500 }).id;
  fx.call('routers.save', { title: 'Core' });
  fx.call('ipv4.saveNetwork', { network: '10.0.0.0/24', kind: 'permanent' });
  const dyn = fx.call('ipv4.saveNetwork', { network: '100.64.0.0/24', kind: 'dynamic' });
  dynPool = fx.call('ipv4.savePool', { networkId: dyn.id, title: 'CGNAT' }).id;
});
afterEach(() => fx.close());

const internet = (customerId: number, net: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) =>
  ({ customerId, kind: 'internet' as const, planId: home, start: '2022-01-01', internet: net, ...extra });

describe('services.add', () => {
  it('adds with plan defaults, normalised MACs, names of router and pool, audited', () => {
    const s = fx.call('services.add', internet(anna, { routerId: 1, login: 'anna-pppoe', ipv4Method: 'permanent', ipv4: '10.0.0.5', macs: '00:1a:2b:3c:4d:5e, 00-1A-2B-3C-4D-5F' }));
    expect(s).toMatchObject({
      description: 'Internet 100 Mbps',
      unitPrice: 2000,
      status: 'active',
      invoicedUntil: null,
      planName: 'Home 100',
      createdOn: '2022-01-10',
      internet: { routerName: 'Core', login: 'anna-pppoe', password: '', ipv4: '10.0.0.5', macs: '00:1A:2B:3C:4D:5E,00:1A:2B:3C:4D:5F' },
      pendingChange: null,
      scheduledStatus: null,
      geo: null,
    });
    const future = fx.call('services.add', internet(anna, { ipv4Method: 'dynamic', ipv4PoolId: dynPool }, { start: '2022-02-01', unitPrice: 1500, discount: { kind: 'percent', value: 1000 } }));
    expect(future).toMatchObject({ status: 'pending', unitPrice: 1500, internet: { ipv4PoolName: 'CGNAT' }, discount: { kind: 'percent', value: 1000, from: null } });
    const voice = fx.call('services.add', { customerId: anna, kind: 'voice', planId: talk, start: '2022-01-10' });
    expect(voice).toMatchObject({ description: 'Talk', internet: null, status: 'active' });
    expect(fx.call('services.listForCustomer', { customerId: anna }).map((x) => x.id)).toEqual([s.id, future.id, voice.id]);
    expect(fx.call('customers.get', { id: anna }).counts.services).toBe(3);
    expect(fx.call('customers.auditLog', { customerId: anna }).rows[0]).toMatchObject({ entity: 'service', action: 'create', entityId: voice.id });
  });

  it('lets the same customer share a login between an active and a pending service, and checks other customers', () => {
    fx.call('services.add', internet(anna, { login: 'shared' }));
    fx.call('services.add', internet(anna, { login: 'shared' }, { start: '2022-03-01' })); // pending, same customer
    expectRefusedUnchanged(fx, () => fx.refuse('services.add', internet(anna, { login: 'SHARED' })), 'CONFLICT', 'internet.login'); // two active
    expectRefusedUnchanged(fx, () => fx.refuse('services.add', internet(bob, { login: 'shared' }, { start: '2022-03-01' })), 'CONFLICT', 'internet.login');
    // a disabled service frees its login
    const old = fx.call('services.add', internet(bob, { login: 'gone' }));
    fx.call('services.update', { id: old.id, status: 'disabled' });
    fx.call('services.add', internet(anna, { login: 'gone' }));
  });

  it('refuses bad network settings, dates, plans and customers without writing', () => {
    fx.call('services.add', internet(anna, { ipv4Method: 'permanent', ipv4: '10.0.0.9' }));
    const cases: [Record<string, unknown>, string, string][] = [
      [internet(bob, { ipv4Method: 'permanent', ipv4: '10.0.0.9' }), 'CONFLICT', 'internet.ipv4'],
      [internet(bob, { ipv4Method: 'permanent', ipv4: '172.16.0.1' }), 'VALIDATION', 'internet.ipv4'],
      [internet(bob, { ipv4Method: 'permanent', ipv4: '100.64.0.7' }), 'VALIDATION', 'internet.ipv4'], // dynamic network
      [internet(bob, { ipv4Method: 'permanent', ipv4: '10.0.0.255' }), 'VALIDATION', 'internet.ipv4'], // broadcast
      [internet(bob, { ipv4Method: 'permanent' }), 'VALIDATION', 'internet.ipv4'],
      [internet(bob, { ipv4Method: 'none', ipv4: '10.0.0.10' }), 'VALIDATION', 'internet.ipv4'],
      [internet(bob, { ipv4Method: 'dynamic', ipv4PoolId: 77 }), 'NOT_FOUND', 'internet.ipv4PoolId'],
      [internet(bob, { ipv4Method: 'none', ipv4PoolId: dynPool }), 'VALIDATION', 'internet.ipv4PoolId'],
      [internet(bob, { macs: '00:11:22:33:44' }), 'VALIDATION', 'internet.macs'],
      [internet(bob, { macs: 'zz:11:22:33:44:55' }), 'VALIDATION', 'internet.macs'],
      [internet(bob, { macs: '00:11:22:33:44:55,00-11-22-33-44-55' }), 'VALIDATION', 'internet.macs'],
      [internet(bob, { routerId: 5 }), 'NOT_FOUND', 'internet.routerId'],
      [internet(bob, {}, { end: '2021-12-31' }), 'VALIDATION', 'end'],
      [internet(bob, {}, { planId: talk }), 'VALIDATION', 'planId'],
      [internet(bob, {}, { planId: 999 }), 'NOT_FOUND', 'planId'],
      [internet(999), 'NOT_FOUND', 'customerId'],
      [{ customerId: bob, kind: 'voice', planId: talk, start: '2022-01-01', internet: {} }, 'VALIDATION', 'internet'],
    ];
    for (const [input, code, field] of cases) expectRefusedUnchanged(fx, () => fx.refuse('services.add', input as never), code as never, field);
  });

  it('refuses Inactive customers, disabled plans and plans of other partners', () => {
    fx.call('customers.update', { id: bob, status: 'inactive' });
    const e = expectRefusedUnchanged(fx, () => fx.refuse('services.add', internet(bob)), 'REFUSED', 'customerId');
    expect(e.message).toBe('Inactive customers cannot get new services — reactivate the customer first');
    fx.call('plans.update', { id: home, enabled: false });
    expectRefusedUnchanged(fx, () => fx.refuse('services.add', internet(anna)), 'VALIDATION', 'planId');
    fx.call('partners.create', { name: 'North' });
    fx.call('plans.update', { id: home, enabled: true, partnerIds: [2] });
    expectRefusedUnchanged(fx, () => fx.refuse('services.add', internet(anna)), 'VALIDATION', 'planId');
  });
});

describe('services.update / delete', () => {
  it('updates only what is given and keeps the IP it already has', () => {
    const s = fx.call('services.add', internet(anna, { login: 'a1', ipv4Method: 'permanent', ipv4: '10.0.0.20' }));
    const u = fx.call('services.update', { id: s.id, quantity: 2, end: '2022-06-30' });
    expect(u).toMatchObject({ quantity: 2, end: '2022-06-30', unitPrice: 2000, internet: { login: 'a1', ipv4: '10.0.0.20' } });
    const u2 = fx.call('services.update', { id: s.id, internet: { login: 'a1', ipv4Method: 'permanent', ipv4: '10.0.0.20', portId: 'eth0/1' } });
    expect(u2.internet?.portId).toBe('eth0/1');
    expectRefusedUnchanged(fx, () => fx.refuse('services.update', { id: s.id, end: '2021-01-01' }), 'VALIDATION', 'end');
    expectRefusedUnchanged(fx, () => fx.refuse('services.update', { id: 999, quantity: 1 }), 'NOT_FOUND', 'id');
  });

  it('an invoiced service keeps its plan and start; its end may not cut into invoiced days', () => {
    const s = fx.call('services.add', internet(anna));
    const other = fx.call('plans.create', { kind: 'internet', name: 'Home 500', price: 4000 });
    fx.db.sqlite.prepare(`UPDATE services SET invoiced_until = '2022-01-31' WHERE id = ?`).run(s.id);
    const e = expectRefusedUnchanged(fx, () => fx.refuse('services.update', { id: s.id, planId: other.id }), 'REFUSED', 'planId');
    expect(e.message).toContain('accounted to 2022-01-31');
    expectRefusedUnchanged(fx, () => fx.refuse('services.update', { id: s.id, start: '2022-01-05' }), 'REFUSED', 'start');
    expectRefusedUnchanged(fx, () => fx.refuse('services.update', { id: s.id, end: '2022-01-20' }), 'REFUSED', 'end');
    expect(fx.call('services.update', { id: s.id, end: '2022-01-31', unitPrice: 2500 })).toMatchObject({ end: '2022-01-31', unitPrice: 2500 });
  });

  it('deletes a never-invoiced service with its usage and scheduled changes; refuses an invoiced one', () => {
    const s = fx.call('services.add', internet(anna));
    fx.db.sqlite.prepare(`INSERT INTO service_usage (service_id, day, rx_bytes, tx_bytes) VALUES (?, '2022-01-05', 10, 20)`).run(s.id);
    fx.call('services.scheduleStatus', { serviceId: s.id, status: 'stopped', on: '2022-02-01' });
    expect(fx.call('services.delete', { id: s.id })).toEqual({ deleted: true });
    expect(fx.db.sqlite.prepare(`SELECT count(*) AS n FROM service_usage`).get()).toEqual({ n: 0 });
    expect(fx.db.sqlite.prepare(`SELECT count(*) AS n FROM scheduled_status_changes`).get()).toEqual({ n: 0 });
    expect(fx.call('customers.auditLog', { customerId: anna }).rows[0]).toMatchObject({ action: 'delete', entityId: s.id });

    const t = fx.call('services.add', internet(anna));
    const inv = fx.db.sqlite
      .prepare(`INSERT INTO invoices (customer_id, number, kind, date, due_date, net, vat, total) VALUES (?, 'I1', 'recurring', '2022-01-10', '2022-01-25', 2000, 0, 2000)`)
      .run(anna).lastInsertRowid;
    fx.db.sqlite
      .prepare(
        `INSERT INTO invoice_lines (invoice_id, service_id, kind, description, date_from, date_to, amount, net, vat, total) VALUES (?, ?, 'recurring', 'x', '2022-01-01', '2022-01-31', 2000, 2000, 0, 2000)`,
      )
      .run(inv, t.id);
    expectRefusedUnchanged(fx, () => fx.refuse('services.delete', { id: t.id }), 'REFUSED', 'id');
    // a line without dates (a change-plan fee) is found too: the service lines' index keeps it under year 0
    const u = fx.call('services.add', internet(anna));
    fx.db.sqlite
      .prepare(`INSERT INTO invoice_lines (invoice_id, service_id, kind, description, amount, net, vat, total) VALUES (?, ?, 'fee', 'Change fee', 500, 500, 0, 500)`)
      .run(inv, u.id);
    const undated = expectRefusedUnchanged(fx, () => fx.refuse('services.delete', { id: u.id }), 'REFUSED', 'id');
    expect(undated.message).toBe(`Service #${u.id} appears on invoices, credit notes or pending charges; it cannot be deleted — set an end date or archive it instead`);
    fx.db.sqlite.prepare(`UPDATE services SET invoiced_until = '2022-01-31' WHERE id = ?`).run(t.id);
    const e = expectRefusedUnchanged(fx, () => fx.refuse('services.delete', { id: t.id }), 'REFUSED', 'id');
    expect(e.message).toBe(`Service #${t.id} is invoiced until 2022-01-31; it cannot be deleted — set an end date or archive it instead`);
    expectRefusedUnchanged(fx, () => fx.refuse('services.delete', { id: 999 }), 'NOT_FOUND', 'id');
  });
});

describe('scheduled status, usage, geolocation', () => {
  it('schedules one change at a time, applies today at once, cancels', () => {
    const s = fx.call('services.add', internet(anna));
    const r = fx.call('services.scheduleStatus', { serviceId: s.id, status: 'stopped', on: '2022-02-01' });
    expect(r.scheduledStatus).toMatchObject({ status: 'stopped', on: '2022-02-01' });
    expectRefusedUnchanged(fx, () => fx.refuse('services.scheduleStatus', { serviceId: s.id, status: 'disabled', on: '2022-03-01' }), 'CONFLICT', 'on');
    expectRefusedUnchanged(fx, () => fx.refuse('services.scheduleStatus', { serviceId: s.id, status: 'pending', on: '2022-03-01' }), 'VALIDATION', 'status');
    expectRefusedUnchanged(fx, () => fx.refuse('services.scheduleStatus', { serviceId: s.id, status: 'disabled', on: '2022-01-09' }), 'VALIDATION', 'on');
    const c = fx.call('services.cancelScheduledStatus', { id: r.scheduledStatus!.id });
    expect(c.scheduledStatus).toBeNull();
    expectRefusedUnchanged(fx, () => fx.refuse('services.cancelScheduledStatus', { id: r.scheduledStatus!.id }), 'REFUSED', 'id');
    const now = fx.call('services.scheduleStatus', { serviceId: s.id, status: 'disabled', on: '2022-01-10' });
    expect(now).toMatchObject({ status: 'disabled', scheduledStatus: null });
    const row = fx.db.sqlite.prepare(`SELECT applied_on, applied_at IS NOT NULL AS applied FROM scheduled_status_changes WHERE status = 'disabled'`).get();
    expect(row).toEqual({ applied_on: '2022-01-10', applied: 1 });
  });

  it('returns usage in a range and refuses reversed or over-long ranges', () => {
    const s = fx.call('services.add', internet(anna));
    const ins = fx.db.sqlite.prepare(`INSERT INTO service_usage (service_id, day, rx_bytes, tx_bytes) VALUES (?, ?, ?, ?)`);
    for (const [day, rx] of [['2022-01-01', 5], ['2022-01-02', 6], ['2022-01-05', 7]] as const) ins.run(s.id, day, rx, rx * 2);
    expect(fx.call('services.usage', { serviceId: s.id, from: '2022-01-02', to: '2022-01-31' })).toEqual([
      { day: '2022-01-02', rxBytes: 6, txBytes: 12 },
      { day: '2022-01-05', rxBytes: 7, txBytes: 14 },
    ]);
    expect(fx.refuse('services.usage', { serviceId: s.id, from: '2022-02-01', to: '2022-01-01' }).fields).toHaveProperty('to');
    expect(fx.refuse('services.usage', { serviceId: s.id, from: '2021-01-01', to: '2022-01-02' }).fields).toHaveProperty('to');
    expect(fx.call('services.usage', { serviceId: s.id, from: '2021-01-01', to: '2021-12-31' })).toEqual([]);
  });

  it('stores the location of a service', () => {
    const s = fx.call('services.add', internet(anna));
    const g = fx.call('services.geolocate', { serviceId: s.id, address: 'Main St 1', latitude: 52.1, longitude: 4.3 });
    expect(g.geo).toEqual({ address: 'Main St 1', latitude: 52.1, longitude: 4.3 });
    expectRefusedUnchanged(fx, () => fx.refuse('services.geolocate', { serviceId: 999, address: '', latitude: 0, longitude: 0 }), 'NOT_FOUND', 'serviceId');
  });
});

describe('plan change lineage', () => {
  it('shows the pending change on the old service and refuses deleting either service', () => {
    const old = fx.call('services.add', internet(anna, { login: 'anna' }));
    const other = fx.call('plans.create', { kind: 'internet', name: 'Home 500', price: 4000 }).id;
    const fresh = fx.call('services.add', internet(anna, { login: 'anna' }, { planId: other, start: '2022-02-01' }));
    const pc = fx.db.sqlite
      .prepare(
        `INSERT INTO plan_changes (customer_id, old_service_id, new_service_id, old_plan_id, new_plan_id, made_on, start_date, source, quote, fingerprint, created_by)
         VALUES (?, ?, ?, ?, ?, '2022-01-10', '2022-02-01', 'admin', '{}', 'f', 'tester')`,
      )
      .run(anna, old.id, fresh.id, home, other).lastInsertRowid;
    fx.db.sqlite.prepare(`UPDATE services SET plan_change_id = ?, replaces_service_id = ? WHERE id = ?`).run(pc, old.id, fresh.id);
    expect(fx.call('services.get', { id: old.id }).pendingChange).toEqual({ planChangeId: Number(pc), newServiceId: fresh.id, start: '2022-02-01', newPlanName: 'Home 500' });
    expect(fx.call('services.get', { id: fresh.id })).toMatchObject({ replacesServiceId: old.id, planChangeId: Number(pc), pendingChange: null });
    expectRefusedUnchanged(fx, () => fx.refuse('services.delete', { id: old.id }), 'REFUSED', 'id');
    expectRefusedUnchanged(fx, () => fx.refuse('services.delete', { id: fresh.id }), 'REFUSED', 'id');
  });
});

describe('the day run after days the app was closed', () => {
  it('records each audit entry on the business date it happened, not on the day of the catch-up', () => {
    fx.call('days.runUntil', { until: '2022-01-09' });
    const s = fx.call('services.add', internet(bob, {}, { start: '2022-01-14' }));
    expect(s.status).toBe('pending');
    fx.clock.set('2022-01-20'); // closed from the 11th to the 19th
    fx.call('days.runUntil', { until: '2022-01-19' });
    const log = fx.call('customers.auditLog', { customerId: bob, page: 1, pageSize: 50 }).rows;
    const activated = log.filter((e) => e.action === 'start date reached: active');
    expect(activated.map((e) => e.businessDate)).toEqual(['2022-01-14']);
    // Work done by staff keeps today's date.
    expect(log.find((e) => e.entity === 'service' && e.action !== 'start date reached: active')?.businessDate).toBe('2022-01-10');
  });
});
