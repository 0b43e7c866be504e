import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAppFixture, type AppFixture } from './appFixtures';

// search.global (the header's spotlight): each kind of match finds its customer or invoice, the limit caps each
// kind, and only staff may search (a portal session must not reach other customers through it).

let fx: AppFixture;
let ids: { alice: number; bob: number; carol: number };

beforeEach(() => {
  fx = createAppFixture({ today: '2022-01-01' });
  fx.call('ipv4.saveNetwork', { network: '10.20.0.0/24', kind: 'permanent' });
  fx.call('ipv4.saveNetwork', { network: '192.168.5.0/24', kind: 'permanent' });
  const plan = fx.call('plans.create', { kind: 'internet', name: 'Fiber_100', price: 10000 }).id;
  const customer = (name: string, phone: string, login: string, ipv4: string) => {
    const c = fx.call('customers.create', { name, status: 'active', phone });
    fx.call('services.add', { customerId: c.id, kind: 'internet', planId: plan, start: '2022-01-01', internet: { login, ipv4Method: 'permanent', ipv4 } });
    return c.id;
  };
  ids = {
    alice: customer('Alice Berzina', '+37120000001', 'alice-pppoe', '10.20.0.7'),
    bob: customer('Bob Ozols', '+37120000002', 'bob-hotspot', '10.20.0.8'),
    carol: customer('Carol Kalnina', '+37199999999', 'carol-pppoe', '192.168.5.1'),
  };
  fx.clock.set('2022-01-02');
  fx.call('days.runUntil', { until: '2022-01-01' });
});
afterEach(() => fx.close());

const customerIds = (term: string, limit?: number) => fx.call('search.global', { term, limit }).customers.map((c) => c.id);

describe('search.global', () => {
  it('finds customers by name, service login, IP, phone and portal-free id', () => {
    expect(customerIds('alice b')).toEqual([ids.alice]);
    expect(customerIds('kalnin')).toEqual([ids.carol]); // "contains" (trigram)
    expect(customerIds('BOB-HOT')).toEqual([ids.bob]); // service login, case aside
    expect(customerIds('10.20.0.8')).toEqual([ids.bob]);
    expect(customerIds('10.20.')).toEqual([ids.alice, ids.bob]);
    expect(customerIds('+3719999')).toEqual([ids.carol]);
    expect(customerIds(String(ids.bob))).toContain(ids.bob);
    expect(customerIds('nobody-here')).toEqual([]);
  });

  it('says what matched', () => {
    const [hit] = fx.call('search.global', { term: 'carol-pp' }).customers;
    expect(hit).toMatchObject({ id: ids.carol, name: 'Carol Kalnina', status: 'active', matched: 'login carol-pppoe' });
    expect(fx.call('search.global', { term: '192.168' }).customers[0].matched).toBe('IP 192.168.5.1');
  });

  it('finds invoices by number prefix, with their customer', () => {
    const invoices = fx.call('finance.invoices', {}).rows;
    expect(invoices.length).toBe(3);
    const target = invoices.find((i) => i.customerId === ids.bob)!;
    const hits = fx.call('search.global', { term: target.number }).invoices;
    expect(hits).toEqual([expect.objectContaining({ id: target.id, number: target.number, customerId: ids.bob, customerName: 'Bob Ozols', total: target.total })]);
    const prefix = target.number.slice(0, 4);
    expect(fx.call('search.global', { term: prefix }).invoices.map((i) => i.number).sort()).toEqual(invoices.map((i) => i.number).sort());
    expect(fx.call('search.global', { term: 'ZZ' }).invoices).toEqual([]);
  });

  it('returns at most `limit` rows of each kind', () => {
    expect(customerIds('10.20.', 1)).toHaveLength(1);
    const prefix = fx.call('finance.invoices', {}).rows[0].number.slice(0, 2);
    expect(fx.call('search.global', { term: prefix, limit: 2 }).invoices).toHaveLength(2);
    expect(fx.refuse('search.global', { term: 'a', limit: 500 }).code).toBe('VALIDATION');
    expect(fx.refuse('search.global', { term: '   ' }).fields).toHaveProperty('term');
  });

  it('lists the most telling matches first, each customer once, and fills the limit past customers already found', () => {
    // "al": Alice by name; Bob by e-mail; Carol by a second service's login and by e-mail. A name match comes before a
    // login match, and a login match before an e-mail match; Carol is listed once.
    fx.call('customers.update', { id: ids.bob, email: 'al.ozols@example.lv' });
    fx.call('customers.update', { id: ids.carol, email: 'al.kalnina@example.lv' });
    const plan = fx.call('plans.create', { kind: 'internet', name: 'Fiber_10', price: 1000 }).id;
    fx.call('services.add', { customerId: ids.carol, kind: 'internet', planId: plan, start: '2022-01-01', internet: { login: 'al-carol', ipv4Method: 'dynamic' } });
    expect(customerIds('al')).toEqual([ids.alice, ids.carol, ids.bob]);
    expect(customerIds('al', 2)).toEqual([ids.alice, ids.carol]);
    // Many customers match the same way: the first `limit` of them in that way's order (names by name).
    const more = ['Alma Zarina', 'Albert Ozols', 'Alda Berzina'].map((name) => fx.call('customers.create', { name, status: 'active' }).id);
    expect(customerIds('al', 3)).toEqual([more[1], more[2], ids.alice]); // Albert, Alda, Alice
  });

  it('is for staff only: a portal session is refused and learns nothing', () => {
    const portal = fx.as({ kind: 'portal', customerId: ids.alice, openedBy: 'tester' });
    const err = fx.refuse('search.global', { term: 'bob' }, portal);
    expect(err.code).toBe('FORBIDDEN');
    expect(JSON.stringify(err)).not.toContain('Ozols');
  });
});
