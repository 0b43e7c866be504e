import { afterEach, beforeEach, expect, test } from 'vitest';
import { SETTINGS } from '../../db/settings';
import { createHash, randomBytes } from 'node:crypto';
import { papSsha512, verifyPapSsha512 } from '../../main/app/passwords';
import { createAppFixture, type AppFixture } from './appFixtures';

// The views FreeRADIUS reads (migration 0005) against the settings registry and the password rules of decision 25.

let f: AppFixture;
beforeEach(() => (f = createAppFixture({ today: '2022-01-01' })));
afterEach(() => f.close());

const viewOf = (partnerId: number) =>
  f.db.sqlite.prepare(`SELECT blocking_method, blocked_pool, blocked_address_list FROM network_partner_settings WHERE partner_id = ?`).get(partnerId);

test('the network settings view falls back like resolveSettings: partner, then Default, then the registry default', () => {
  const north = f.call('partners.create', { name: 'North' });
  const defaults = {
    blocking_method: SETTINGS['network.blockingMethod'].default,
    blocked_pool: SETTINGS['network.blockedPool'].default,
    blocked_address_list: SETTINGS['network.blockedAddressList'].default,
  };
  expect(viewOf(north.id)).toEqual(defaults);
  f.call('settings.update', { partnerId: 1, values: { 'network.blockedPool': 'unpaid' } });
  expect(viewOf(north.id)).toEqual({ ...defaults, blocked_pool: 'unpaid' });
  f.call('settings.update', { partnerId: north.id, values: { 'network.blockingMethod': 'blockedPool', 'network.blockedPool': 'north' } });
  expect(viewOf(north.id)).toEqual({ ...defaults, blocking_method: 'blockedPool', blocked_pool: 'north' });
  expect(viewOf(1)).toEqual({ ...defaults, blocked_pool: 'unpaid' });
  const settings = f.call('settings.get', { partnerId: north.id });
  expect(settings.origins['network.blockedPool']).toBe('partner');
  expect(settings.origins['network.blockedAddressList']).toBe('builtin');
});

test("the customer's portal password is kept for PAP as SSHA2-512, never shown or audited", () => {
  const c = f.call('customers.create', { name: 'Ann', status: 'active', portalLogin: 'ann', portalPassword: 'secret-pass' });
  const row = f.db.sqlite.prepare(`SELECT pap_password_ssha512 AS pap FROM customers WHERE id = ?`).get(c.id) as { pap: string };
  expect(verifyPapSsha512('secret-pass', row.pap)).toBe(true);
  expect(verifyPapSsha512('secret-pasS', row.pap)).toBe(false);
  f.call('customers.update', { id: c.id, portalPassword: 'other-pass' });
  const again = f.db.sqlite.prepare(`SELECT pap_password_ssha512 AS pap FROM customers WHERE id = ?`).get(c.id) as { pap: string };
  expect(verifyPapSsha512('other-pass', again.pap)).toBe(true);
  const shown = JSON.stringify([f.call('customers.get', { id: c.id }), f.db.sqlite.prepare('SELECT * FROM audit_log').all()]);
  expect(shown).not.toContain(row.pap);
  expect(shown).not.toContain(again.pap);
});

test('a PAP hash never starts with "0x", which FreeRADIUS would read as hex and reject the login', () => {
  // A salt whose SSHA2-512 value starts with 0x/0X (about one in 2 048), found with the format's own definition.
  const value = (salt: Buffer) => Buffer.concat([createHash('sha512').update('nils-portal').update(salt).digest(), salt]).toString('base64');
  let bad: Buffer | undefined;
  for (let i = 0; !bad; i++) {
    const salt = Buffer.alloc(16);
    salt.writeUInt32BE(i);
    if (/^0x/i.test(value(salt))) bad = salt;
  }
  let draws = 0;
  const stored = papSsha512('nils-portal', () => (draws++ === 0 ? bad! : randomBytes(16)));
  expect(draws).toBe(2);
  expect(stored).not.toMatch(/^0x/i);
  expect(verifyPapSsha512('nils-portal', stored)).toBe(true);
});

test('the service panel explains the answer in the ISP words', () => {
  const north = f.call('partners.create', { name: 'North' });
  f.call('settings.update', { partnerId: north.id, values: { 'network.blockingMethod': 'blockedPool' } });
  const plan = f.call('plans.create', { kind: 'internet', name: 'F', price: 1000, downloadKbps: 8000, uploadKbps: 2000 });
  const c = f.call('customers.create', { name: 'Bo', status: 'active', partnerId: north.id });
  const s = f.call('services.add', { customerId: c.id, kind: 'internet', planId: plan.id, start: '2022-01-01', internet: { login: 'bo', password: 'pw' } });
  expect(f.call('network.answer', { serviceId: s.id })).toMatchObject({ result: 'accept', reason: 'active', attributes: { 'Mikrotik-Rate-Limit': '2000k/8000k' }, passwordFrom: 'service' });
  f.call('customers.update', { id: c.id, status: 'blocked' });
  expect(f.call('network.answer', { serviceId: s.id })).toMatchObject({
    result: 'accept',
    sentence: "Blocked customer → blocked pool 'blocked', address list 'Reject_1' (partner North)",
  });
  f.call('customers.update', { id: c.id, status: 'inactive' });
  expect(f.call('network.answer', { serviceId: s.id })).toMatchObject({ result: 'reject', reason: 'customerInactive', attributes: {} });
});

test('a new service that is not Active marks its login only when the login has no state yet (it cannot change an accepted answer)', () => {
  const plan = f.call('plans.create', { kind: 'internet', name: 'A', price: 10000, downloadKbps: 10000, uploadKbps: 1000 });
  const c = f.call('customers.create', { name: 'Lena', status: 'active' });
  const s = f.call('services.add', { customerId: c.id, kind: 'internet', planId: plan.id, start: '2022-01-01', internet: { login: 'Lena', password: 'lena-pw' } });
  const state = () => f.db.sqlite.prepare('SELECT login, result, answer FROM network_login_state ORDER BY login').all();
  const marked = () => (f.db.sqlite.prepare('SELECT login FROM network_dirty ORDER BY login').all() as { login: string }[]).map((r) => r.login);
  const before = state();
  expect(before).toMatchObject([{ login: 'lena', result: 'accept' }]);
  const copy = (status: string, login: string) =>
    f.db.sqlite
      .prepare(`INSERT INTO services (customer_id, kind, plan_id, description, unit_price, start_date, status, created_on, login, password)
                SELECT customer_id, kind, plan_id, description, unit_price, '2022-02-01', ?, '2022-01-01', ?, password FROM services WHERE id = ?`)
      .run(status, login, s.id);
  f.db.transaction(() => {
    copy('pending', 'LENA'); // the same login (any case), which has a state: the accepted answer stays as it is
    expect(marked()).toEqual([]);
    copy('disabled', 'nina'); // a login never seen: its first state is written
    expect(marked()).toEqual(['nina']);
  });
  expect(state()).toEqual([...before, expect.objectContaining({ login: 'nina', result: 'reject' })]);
});
