import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAppFixture, expectRefusedUnchanged, type AppFixture } from './appFixtures';

let fx: AppFixture;
beforeEach(() => {
  fx = createAppFixture({ today: '2022-01-10' });
});
afterEach(() => fx.close());

describe('plans', () => {
  it('creates, lists and gets plans with partners, portal targets and service counts', () => {
    fx.call('partners.create', { name: 'North' });
    const a = fx.call('plans.create', { kind: 'internet', name: 'Home 100', price: 2000, vatRateBp: 2100, vatIncluded: true, downloadKbps: 100000, uploadKbps: 20000 });
    const b = fx.call('plans.create', { kind: 'internet', name: 'Home 500', price: 4000, partnerIds: [2], portalTargetIds: [a.id] });
    const v = fx.call('plans.create', { kind: 'voice', name: 'Home 100', price: 500, voiceType: 'voip', enabled: false });
    expect(b).toMatchObject({ partnerIds: [2], portalTargetIds: [a.id], serviceCount: 0, description: '', enabled: true });
    expect(fx.call('plans.list', {}).map((p) => p.id)).toEqual([a.id, b.id, v.id]);
    expect(fx.call('plans.list', { kind: 'voice', includeDisabled: false })).toEqual([]);
    const c = fx.call('customers.create', { name: 'C' });
    fx.call('services.add', { customerId: c.id, kind: 'internet', planId: a.id, start: '2022-01-01' });
    expect(fx.call('plans.get', { id: a.id })).toMatchObject({ serviceCount: 1, vatRateBp: 2100, vatIncluded: true, downloadKbps: 100000 });
    const u = fx.call('plans.update', { id: a.id, portalTargetIds: [b.id], name: 'Home 100 Mbps' });
    expect(u).toMatchObject({ name: 'Home 100 Mbps', price: 2000, downloadKbps: 100000, portalTargetIds: [b.id], servicesRepriced: 0 });
  });

  it('refuses duplicates per kind, bad targets, speeds on non-Internet plans, writing nothing', () => {
    const a = fx.call('plans.create', { kind: 'internet', name: 'Home', price: 2000 });
    const v = fx.call('plans.create', { kind: 'voice', name: 'Talk', price: 500 });
    expectRefusedUnchanged(fx, () => fx.refuse('plans.create', { kind: 'internet', name: 'home', price: 1 }), 'CONFLICT', 'name');
    expectRefusedUnchanged(fx, () => fx.refuse('plans.create', { kind: 'voice', name: 'X', price: 1, downloadKbps: 5 }), 'VALIDATION', 'downloadKbps');
    expectRefusedUnchanged(fx, () => fx.refuse('plans.create', { kind: 'internet', name: 'X', price: 1, portalTargetIds: [v.id] }), 'VALIDATION', 'portalTargetIds');
    expectRefusedUnchanged(fx, () => fx.refuse('plans.update', { id: a.id, portalTargetIds: [a.id] }), 'VALIDATION', 'portalTargetIds');
    expectRefusedUnchanged(fx, () => fx.refuse('plans.create', { kind: 'internet', name: 'X', price: 1, partnerIds: [42] }), 'VALIDATION', 'partnerIds');
    expectRefusedUnchanged(fx, () => fx.refuse('plans.update', { id: 99, price: 1 }), 'NOT_FOUND', 'id');
    expectRefusedUnchanged(fx, () => fx.refuse('plans.get', { id: 99 }), 'NOT_FOUND', 'id');
  });

  describe('price change into services', () => {
    let planId: number;
    let custom: number;
    let matching: number;
    let archived: number;
    beforeEach(() => {
      planId = fx.call('plans.create', { kind: 'custom', name: 'Static IP', price: 500 }).id;
      const c = fx.call('customers.create', { name: 'C' });
      const add = (unitPrice: number | null) => fx.call('services.add', { customerId: c.id, kind: 'custom', planId, start: '2022-01-01', unitPrice }).id;
      matching = add(null);
      custom = add(300);
      archived = add(null);
      fx.call('services.update', { id: archived, status: 'archived' });
    });
    const price = (id: number) => fx.call('services.get', { id }).unitPrice;

    it("'matching' reprices services still on the old plan price, audited per service", () => {
      const u = fx.call('plans.update', { id: planId, price: 700, updateServicePrice: 'matching' });
      expect(u.servicesRepriced).toBe(1);
      expect([price(matching), price(custom), price(archived)]).toEqual([700, 300, 500]);
      const log = fx.db.sqlite.prepare(`SELECT entity_id, before, after FROM audit_log WHERE action LIKE 'reprice%'`).all();
      expect(log).toEqual([{ entity_id: matching, before: '{"unitPrice":500}', after: '{"unitPrice":700}' }]);
    });

    it("'all' overwrites every non-archived service; 'none' keeps them", () => {
      expect(fx.call('plans.update', { id: planId, price: 600 }).servicesRepriced).toBe(0);
      expect(price(matching)).toBe(500);
      expect(fx.call('plans.update', { id: planId, price: 800, updateServicePrice: 'all' }).servicesRepriced).toBe(2);
      expect([price(matching), price(custom), price(archived)]).toEqual([800, 800, 500]);
    });
  });
});
