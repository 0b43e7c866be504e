import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAppFixture, expectRefusedUnchanged, type AppFixture } from './appFixtures';

let fx: AppFixture;
beforeEach(() => {
  fx = createAppFixture({ today: '2022-01-10' });
});
afterEach(() => fx.close());

describe('partners', () => {
  it('lists, creates and renames; names are unique', () => {
    const north = fx.call('partners.create', { name: 'North' });
    expect(north).toEqual({ id: 2, name: 'North', isDefault: false, customerCount: 0 });
    fx.call('customers.create', { name: 'A', partnerId: 2 });
    expect(fx.call('partners.list', { customerCounts: true })).toEqual([
      { id: 1, name: 'Default', isDefault: true, customerCount: 0 },
      { id: 2, name: 'North', isDefault: false, customerCount: 1 },
    ]);
    // the selects' list (the first screen's) does not count every customer
    expect(fx.call('partners.list', {})).toEqual([
      { id: 1, name: 'Default', isDefault: true },
      { id: 2, name: 'North', isDefault: false },
    ]);
    expect(fx.call('partners.update', { id: 2, name: 'North-East' }).name).toBe('North-East');
    expectRefusedUnchanged(fx, () => fx.refuse('partners.create', { name: 'default' }), 'CONFLICT', 'name');
    expectRefusedUnchanged(fx, () => fx.refuse('partners.update', { id: 2, name: 'Default' }), 'CONFLICT', 'name');
    expectRefusedUnchanged(fx, () => fx.refuse('partners.update', { id: 9, name: 'Z' }), 'NOT_FOUND', 'id');
  });
});

describe('settings', () => {
  it('reads builtin values, stores per partner with origins, resets, audits', () => {
    const s = fx.call('settings.get', {});
    expect(s.values['billing.paymentDueDays']).toBe(15);
    expect(s.origins['billing.paymentDueDays']).toBe('builtin');
    fx.call('settings.update', { values: { 'billing.paymentDueDays': 10 } });
    expect(fx.call('settings.get', {}).origins['billing.paymentDueDays']).toBe('default');
    fx.call('partners.create', { name: 'North' });
    const n = fx.call('settings.update', { partnerId: 2, values: { 'changePlan.refund': 'none', 'billing.paymentDueDays': 10 } });
    expect(n.values['changePlan.refund']).toBe('none');
    expect(n.origins['changePlan.refund']).toBe('partner');
    // the partner's own row equals Default's value: shown as Default's
    expect(n.origins['billing.paymentDueDays']).toBe('default');
    expect(n.values['billing.paymentDueDays']).toBe(10);
    const r = fx.call('settings.reset', { partnerId: 2, keys: ['changePlan.refund'] });
    expect(r.values['changePlan.refund']).toBe('unused');
    const audits = fx.db.sqlite.prepare(`SELECT action, before, after FROM audit_log WHERE entity = 'settings' ORDER BY id`).all();
    expect(audits).toHaveLength(3);
    expect(audits[2]).toEqual({ action: 'reset', before: '{"changePlan.refund":"none"}', after: '{"changePlan.refund":"unused"}' });
  });

  it('refuses unknown keys and bad values, naming them, writing nothing', () => {
    const e1 = expectRefusedUnchanged(fx, () => fx.refuse('settings.update', { values: { 'billing.nope': 1 } }), 'VALIDATION', 'values.billing.nope');
    expect(e1.message).toContain('billing.nope');
    expectRefusedUnchanged(fx, () => fx.refuse('settings.update', { values: { 'billing.day': 29, 'billing.paymentDueDays': 5 } }), 'VALIDATION', 'values.billing.day');
    expectRefusedUnchanged(fx, () => fx.refuse('settings.update', { values: { 'changePlan.refund': 'all' } }), 'VALIDATION', 'values.changePlan.refund');
    expectRefusedUnchanged(fx, () => fx.refuse('settings.update', { partnerId: 5, values: { 'billing.day': 2 } }), 'NOT_FOUND', 'partnerId');
    expectRefusedUnchanged(fx, () => fx.refuse('settings.reset', { partnerId: 1, keys: ['x.y'] }), 'VALIDATION', 'keys.0');
  });
});

describe('routers and IPv4', () => {
  it('saves routers with unique names', () => {
    const r = fx.call('routers.save', { title: 'Core', address: '10.0.0.1', description: 'rack 1' });
    expect(r).toEqual({
      id: 1,
      title: 'Core',
      address: '10.0.0.1',
      description: 'rack 1',
      type: 'mikrotik',
      authMethod: 'none',
      nasIp: '',
      coaPort: 3799,
      bindMacs: false,
      hasSecret: false,
    });
    expect(fx.call('routers.save', { id: 1, title: 'Core-1' }).title).toBe('Core-1');
    fx.call('routers.save', { title: 'Edge' });
    expect(fx.call('routers.list', {}).map((x) => x.title)).toEqual(['Core-1', 'Edge']);
    expectRefusedUnchanged(fx, () => fx.refuse('routers.save', { title: 'edge' }), 'CONFLICT', 'title');
    expectRefusedUnchanged(fx, () => fx.refuse('routers.save', { id: 7, title: 'X' }), 'NOT_FOUND', 'id');
  });

  it('keeps a router RADIUS secret write-only: never returned, never audited, kept when left empty', () => {
    expectRefusedUnchanged(fx, () => fx.refuse('routers.save', { title: 'Nas', authMethod: 'pppRadius', nasIp: '10.0.0.2' }), 'VALIDATION', 'secret');
    expectRefusedUnchanged(fx, () => fx.refuse('routers.save', { title: 'Nas', authMethod: 'pppRadius', secret: 's3cr3t-XYZ' }), 'VALIDATION', 'nasIp');
    const r = fx.call('routers.save', { title: 'Nas', authMethod: 'pppRadius', nasIp: '10.0.0.2', secret: 's3cr3t-XYZ', coaPort: 1700, bindMacs: true });
    expect(r).toMatchObject({ authMethod: 'pppRadius', nasIp: '10.0.0.2', coaPort: 1700, bindMacs: true, hasSecret: true });
    // an edit that leaves the secret (and the other RADIUS fields) out keeps them
    expect(fx.call('routers.save', { id: r.id, title: 'Nas-2' })).toMatchObject({ authMethod: 'pppRadius', hasSecret: true, coaPort: 1700 });
    expect(fx.db.sqlite.prepare('SELECT radius_secret FROM routers WHERE id = ?').get(r.id)).toEqual({ radius_secret: 's3cr3t-XYZ' });
    expect(JSON.stringify(fx.call('routers.list', {}))).not.toContain('s3cr3t');
    expect(JSON.stringify(fx.db.sqlite.prepare('SELECT * FROM audit_log').all())).not.toContain('s3cr3t');
    expectRefusedUnchanged(fx, () => fx.refuse('routers.save', { id: r.id, title: 'Nas-2', secret: 'with"quote' }), 'VALIDATION', 'secret');
  });

  it('validates networks, counts used addresses, lists free ones', () => {
    const net = fx.call('ipv4.saveNetwork', { network: '192.168.10.0/29', kind: 'permanent', title: 'Static' });
    expect(net).toMatchObject({ size: 6, used: 0 });
    expectRefusedUnchanged(fx, () => fx.refuse('ipv4.saveNetwork', { network: '192.168.20.5/30', kind: 'permanent' }), 'VALIDATION', 'network');
    expectRefusedUnchanged(fx, () => fx.refuse('ipv4.saveNetwork', { network: '192.168.10.4/30', kind: 'permanent' }), 'CONFLICT', 'network');
    expectRefusedUnchanged(fx, () => fx.refuse('ipv4.saveNetwork', { network: '192.168.10.0/28', kind: 'dynamic' }), 'CONFLICT', 'network');
    expect(fx.refuse('ipv4.saveNetwork', { network: '192.168.10.0/33', kind: 'dynamic' }).code).toBe('VALIDATION');
    const c = fx.call('customers.create', { name: 'A' });
    const plan = fx.call('plans.create', { kind: 'internet', name: 'Home', price: 1000 });
    fx.call('services.add', { customerId: c.id, kind: 'internet', planId: plan.id, start: '2022-01-01', internet: { ipv4Method: 'permanent', ipv4: '192.168.10.1' } });
    expect(fx.call('ipv4.networks', {})[0]).toMatchObject({ used: 1, size: 6 });
    expect(fx.call('ipv4.freeAddresses', { limit: 3 })).toEqual(['192.168.10.2', '192.168.10.3', '192.168.10.4']);
    // the used address would fall out of the permanent network
    expectRefusedUnchanged(fx, () => fx.refuse('ipv4.saveNetwork', { id: net.id, network: '192.168.10.0/29', kind: 'dynamic' }), 'REFUSED', 'network');

    const dyn = fx.call('ipv4.saveNetwork', { network: '100.64.0.0/22', kind: 'dynamic' });
    const pool = fx.call('ipv4.savePool', { networkId: dyn.id, title: 'Pool A' });
    expect(pool).toEqual({ id: 1, networkId: dyn.id, title: 'Pool A', rangeFrom: '100.64.0.1', rangeTo: '100.64.3.254' });
    expect(fx.call('ipv4.savePool', { id: pool.id, networkId: dyn.id, title: 'Pool A', rangeFrom: '100.64.1.0', rangeTo: '100.64.1.255' })).toMatchObject({ rangeFrom: '100.64.1.0' });
    expect(fx.call('ipv4.pools', {})).toHaveLength(1);
    expectRefusedUnchanged(fx, () => fx.refuse('ipv4.savePool', { networkId: net.id, title: 'P' }), 'VALIDATION', 'networkId');
    expectRefusedUnchanged(fx, () => fx.refuse('ipv4.savePool', { networkId: dyn.id, title: 'pool a' }), 'CONFLICT', 'title');
    expectRefusedUnchanged(fx, () => fx.refuse('ipv4.savePool', { networkId: dyn.id, title: 'B', rangeFrom: '100.64.2.0', rangeTo: '100.64.1.0' }), 'VALIDATION', 'rangeTo');
    expectRefusedUnchanged(fx, () => fx.refuse('ipv4.freeAddresses', { networkId: dyn.id }), 'VALIDATION', 'networkId');
  });
});
