import { afterEach, describe, expect, test } from 'vitest';
import { backoffMs, FREE_ATTEMPTS, staffActorFor } from '../../main/app/auth';
import { contract, type ChannelName } from '../../main/contract';
import { permissionOf } from '../../main/contract/permissions';
import { startWebHarness, STAFF_SESSION_HEADER, type WebHarness } from '../../main/hosts/web';
import { createAppFixture, expectRefusedUnchanged, type AppFixture } from './appFixtures';

// Staff sign-in and roles, enforced in the application layer: whatever a host sends, dispatch decides.

let fx: AppFixture | undefined;
let harness: WebHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
  fx?.close();
  fx = undefined;
});

const ANON = { kind: 'anonymous' } as const;

function signedIn(f: AppFixture, name: string, password: string) {
  const s = f.call('auth.signIn', { name, password }, f.as(ANON));
  const actor = staffActorFor(f.ctx, s.token);
  if (!actor) throw new Error('session not recognised');
  return f.as(actor);
}

describe('first start and sign-in', () => {
  test('the first start creates the administrator, once', () => {
    fx = createAppFixture();
    const f = fx;
    expect(f.call('auth.status', {}, f.as(ANON))).toEqual({ hasStaff: false, signedIn: null, required: true, language: 'en', display: { currency: '', decimalSeparator: 'language' } });
    const admin = f.call('auth.setup', { name: 'Alice Admin', password: 'correct horse battery' }, f.as(ANON));
    expect(admin.role).toBe('administrator');
    expectRefusedUnchanged(f, () => f.refuse('auth.setup', { name: 'Mallory', password: 'another long one' }, f.as(ANON)), 'FORBIDDEN');
    const hash = f.db.sqlite.prepare('SELECT password_hash AS h FROM staff_users').get() as { h: string };
    expect(hash.h).not.toContain('correct horse');
    expect(hash.h).toMatch(/scrypt/i);
  });

  test('before sign-in only public channels answer; a wrong password says nothing about which part was wrong', () => {
    fx = createAppFixture();
    const f = fx;
    f.call('auth.setup', { name: 'Alice Admin', password: 'correct horse battery' }, f.as(ANON));
    for (const name of Object.keys(contract) as ChannelName[]) {
      if (contract[name].access === 'public') continue;
      // Access is decided before the input is even looked at.
      expect(f.refuse(name, {} as never, f.as(ANON)).code, name).toBe('FORBIDDEN');
    }
    const unknown = f.refuse('auth.signIn', { name: 'nobody', password: 'whatever it is' }, f.as(ANON));
    const wrong = f.refuse('auth.signIn', { name: 'Alice Admin', password: 'wrong password' }, f.as(ANON));
    expect(unknown.message).toBe(wrong.message);
  });

  test(`after ${FREE_ATTEMPTS} failures the name waits from that source, longer each time; an administrator can lift the wait`, { timeout: 30_000 }, () => {
    fx = createAppFixture();
    const f = fx;
    let now = Date.parse('2026-11-21T10:00:00Z');
    const anon = { ...f.as(ANON), now: () => now };
    f.call('auth.setup', { name: 'Alice Admin', password: 'correct horse battery' }, anon);
    const admin = { ...signedIn(f, 'Alice Admin', 'correct horse battery'), now: () => now };
    f.call('staff.create', { name: 'Bob Support', role: 'support', password: 'bob password 1' }, admin);
    for (let i = 0; i < FREE_ATTEMPTS; i++) f.refuse('auth.signIn', { name: 'Bob Support', password: 'guess' + i }, anon);
    expect(f.refuse('auth.signIn', { name: 'Bob Support', password: 'bob password 1' }, anon).message).toMatch(/Too many failed sign-ins/);
    now += backoffMs(FREE_ATTEMPTS) + 1000;
    expect(f.call('auth.signIn', { name: 'Bob Support', password: 'bob password 1' }, anon).role).toBe('support');
    for (let i = 0; i < FREE_ATTEMPTS + 2; i++) {
      f.refuse('auth.signIn', { name: 'Bob Support', password: 'guess' + i }, anon);
      now += backoffMs(i + 1) + 1000; // each wait served: the waits grow
    }
    expect(backoffMs(FREE_ATTEMPTS + 1)).toBeGreaterThan(backoffMs(FREE_ATTEMPTS));
    expect(f.refuse('auth.signIn', { name: 'Bob Support', password: 'guess' }, anon).message).toBe('Wrong name or password');
    const bob = f.call('staff.list', {}, admin).find((s) => s.name === 'Bob Support')!;
    expect(bob.locked).toBe(true);
    f.call('staff.update', { id: bob.id, unlock: true }, admin);
    expect(f.call('auth.signIn', { name: 'Bob Support', password: 'bob password 1' }, anon).name).toBe('Bob Support');
    const log = f.db.sqlite.prepare("SELECT actor, action FROM audit_log WHERE entity = 'staff' ORDER BY id").all() as { actor: string; action: string }[];
    expect(log.some((l) => l.action.startsWith('sign-in failed') && l.actor === 'Bob Support')).toBe(true);
  });
});

describe('roles', () => {
  function team() {
    fx = createAppFixture({ today: '2022-01-10' });
    const f = fx;
    f.call('auth.setup', { name: 'Alice Admin', password: 'correct horse battery' }, f.as(ANON));
    const admin = signedIn(f, 'Alice Admin', 'correct horse battery');
    f.call('staff.create', { name: 'Fiona Finance', role: 'finance', password: 'fiona password' }, admin);
    f.call('staff.create', { name: 'Sam Support', role: 'support', password: 'sam password 1' }, admin);
    const plan = f.call('plans.create', { kind: 'internet', name: 'Fiber', price: 5000 }, admin);
    const customer = f.call('customers.create', { name: 'Ann Customer', status: 'active' }, admin);
    return { f, admin, plan, customer, finance: signedIn(f, 'Fiona Finance', 'fiona password'), support: signedIn(f, 'Sam Support', 'sam password 1') };
  }

  test('support may serve customers but not post money nor change settings — nothing is written when refused', () => {
    const { f, support, customer, plan } = team();
    f.call('customers.update', { id: customer.id, phone: '+1 555 0100' }, support);
    f.call('services.add', { customerId: customer.id, kind: 'internet', planId: plan.id, start: '2022-01-10' }, support);
    const paid = expectRefusedUnchanged(f, () => f.refuse('billing.addPayment', { customerId: customer.id, amount: 1000 }, support), 'FORBIDDEN');
    expect(paid.message).toMatch(/Sam Support \(support\) may not post money/);
    expectRefusedUnchanged(f, () => f.refuse('settings.update', { partnerId: 1, values: { 'billing.day': 5 } }, support), 'FORBIDDEN');
    expectRefusedUnchanged(f, () => f.refuse('plans.update', { id: plan.id, price: 1 }, support), 'FORBIDDEN');
    expectRefusedUnchanged(f, () => f.refuse('staff.create', { name: 'Eve', role: 'administrator', password: 'eve password 1' }, support), 'FORBIDDEN');
    expect(f.refuse('staff.list', {}, support).code).toBe('FORBIDDEN');
  });

  test('finance may post money but not change settings; the audit log names who did it', () => {
    const { f, finance, customer } = team();
    f.call('billing.addPayment', { customerId: customer.id, amount: 2500 }, finance);
    expectRefusedUnchanged(f, () => f.refuse('settings.update', { partnerId: 1, values: { 'billing.day': 5 } }, finance), 'FORBIDDEN');
    const entry = f.db.sqlite.prepare("SELECT actor FROM audit_log WHERE entity = 'payment' ORDER BY id DESC").get() as { actor: string };
    expect(entry.actor).toBe('Fiona Finance');
  });

  test('the last administrator keeps the role', () => {
    const { f, admin } = team();
    const me = f.call('staff.list', {}, admin).find((s) => s.name === 'Alice Admin')!;
    expectRefusedUnchanged(f, () => f.refuse('staff.update', { id: me.id, role: 'support' }, admin), 'REFUSED', 'role');
  });

  test('every write channel has a permission, and the money and settings ones are the expected ones', () => {
    const writes = (Object.keys(contract) as ChannelName[]).filter((c) => !contract[c].readOnly && contract[c].access === 'staff');
    const by = (p: string) => writes.filter((c) => permissionOf(c, false) === p);
    expect(by('money')).toEqual(expect.arrayContaining(['billing.addPayment', 'billing.oneTimeInvoice', 'changePlan.apply', 'changePlan.cancel']));
    expect(by('settings')).toEqual(expect.arrayContaining(['settings.update', 'plans.create', 'plans.update', 'staff.create', 'staff.update']));
    expect(by('support')).not.toContain('billing.addPayment');
  });
});

describe('the browser harness with sign-in required', () => {
  test('no session → only public channels; a session header → that staff member', async () => {
    fx = createAppFixture();
    const dbFile = fx.file;
    fx.db.close();
    harness = await startWebHarness({ dbFile, port: 0, staffAuth: true });
    const post = (channel: string, body: unknown, token?: string) =>
      fetch(`${harness!.url}rpc/${channel}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { [STAFF_SESSION_HEADER]: token } : {}) },
        body: JSON.stringify(body),
      }).then((r) => r.json() as Promise<{ ok: boolean; data?: { token: string }; error?: { code: string } }>);
    expect((await post('customers.list', {})).error?.code).toBe('FORBIDDEN');
    const setup = await post('auth.setup', { name: 'Alice Admin', password: 'correct horse battery' });
    expect(setup.ok).toBe(true);
    expect((await post('customers.list', {}, setup.data!.token)).ok).toBe(true);
    expect((await post('customers.list', {}, 'x'.repeat(43))).error?.code).toBe('FORBIDDEN');
    fx = undefined;
  });
});

describe('languages (issue 19)', () => {
  test('a member keeps their own language; without one the ISP default applies; customers get the partner default', () => {
    fx = createAppFixture();
    const f = fx;
    f.call('auth.setup', { name: 'Alice Admin', password: 'correct horse battery' }, f.as(ANON));
    const alice = signedIn(f, 'Alice Admin', 'correct horse battery');
    expect(f.call('auth.status', {}, alice)).toMatchObject({ language: 'en', signedIn: { name: 'Alice Admin', language: null } });
    expect(f.call('auth.setLanguage', { language: 'de' }, alice)).toMatchObject({ language: 'de', signedIn: { language: 'de' } });
    // stored on the account: a new session of the same member is German too
    expect(f.call('auth.status', {}, signedIn(f, 'Alice Admin', 'correct horse battery')).language).toBe('de');
    expect(f.refuse('auth.setLanguage', { language: 'fr' } as never, alice).code).toBe('VALIDATION');
    // back to the ISP's default, which an administrator sets
    f.call('settings.update', { partnerId: 1, values: { 'display.language': 'de', 'display.currency': 'EUR', 'display.decimalSeparator': ',' } }, alice);
    f.call('auth.setLanguage', { language: null }, alice);
    expect(f.call('auth.status', {}, alice)).toMatchObject({ language: 'de', signedIn: { language: null } });
    // how amounts are written comes with it (the first screen formats money without asking settings.get), before sign-in too
    expect(f.call('auth.status', {}, f.as(ANON)).display).toEqual({ currency: 'EUR', decimalSeparator: ',' });
    // a host without sign-in has no member whose language could be kept
    expect(f.refuse('auth.setLanguage', { language: 'en' }, f.as({ kind: 'staff', name: 'cli' })).code).toBe('REFUSED');
    // customers: the partner's default unless one is given; documents carry it
    const c1 = f.call('customers.create', { name: 'Erika' }, alice);
    const c2 = f.call('customers.create', { name: 'John', language: 'en' }, alice);
    expect([c1.language, c2.language]).toEqual(['de', 'en']);
    expect(f.call('customers.update', { id: c1.id, language: 'en' }, alice).language).toBe('en');
  });
});
