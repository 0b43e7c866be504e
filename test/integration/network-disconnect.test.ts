import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { sendDue, backoffMs } from '../../main/radius/outbox';
import type { ServiceRow } from '../../main/contract/services';
import { createAppFixture, type AppFixture } from './appFixtures';
import { fakeRouter, type FakeRouter } from '../helpers/fakeRouter';

// Disconnect- and CoA-Requests (RFC 5176): one per change of a login's answer that may be online, queued in the
// transaction of the change, sent after commit to the router (a UDP listener on 127.0.0.1 playing it), retried until
// ACK/NAK. A speed change alone is a CoA carrying the new rate limit; everything else a Disconnect.

const SECRET = 'router-secret-1';
let f: AppFixture;
let router: FakeRouter;
let routerId: number;
let planId: number;
let service: ServiceRow;

const internetOf = (s: ServiceRow) => {
  const { ipv4PoolName: _p, routerName: _r, ...net } = s.internet!;
  return net;
};
const outbox = () => f.db.sqlite.prepare(`SELECT * FROM network_outbox ORDER BY id`).all() as { id: number; login: string; status: string; last_error: string | null; attempts: number }[];

beforeEach(async () => {
  router = await fakeRouter(SECRET);
  f = createAppFixture({ today: '2022-01-01' });
  routerId = f.call('routers.save', { title: 'core', address: '127.0.0.1', nasIp: '127.0.0.1', authMethod: 'pppRadius', secret: SECRET, coaPort: router.port }).id;
  f.call('settings.update', { partnerId: 1, values: { 'network.blockingMethod': 'blockedPool' } });
  planId = f.call('plans.create', { kind: 'internet', name: 'Fiber', price: 10000, downloadKbps: 100000, uploadKbps: 20000 }).id;
  const c = f.call('customers.create', { name: 'Anna', status: 'active' });
  service = f.call('services.add', { customerId: c.id, kind: 'internet', planId, start: '2022-01-01', internet: { login: 'Anna', password: 'pw-1', routerId } });
});
afterEach(async () => {
  await router.close();
  f.close();
});

/** Sends what is due, then the requests the router received since `before` (their kinds), all properly signed. */
async function kindsSince(before: number): Promise<string[]> {
  await sendDue(f.db, { timeoutMs: 2000 });
  const got = router.received.slice(before);
  for (const r of got) expect(r, 'a request signed with the router secret for the login').toMatchObject({ authenticatorValid: true, login: 'Anna' });
  return got.map((r) => r.kind);
}
const sentSince = async (before: number): Promise<number> => (await kindsSince(before)).length;

describe('one Disconnect-Request per change of an online login, none otherwise', () => {
  test('each kind of change sends exactly one; writes that change nothing send none', async () => {
    const steps: [string, () => void, string[]][] = [
      ['password', () => f.call('services.update', { id: service.id, internet: { ...internetOf(service), password: 'pw-2' } }), ['disconnect']],
      ['same values again', () => f.call('services.update', { id: service.id, internet: { ...internetOf(service), password: 'pw-2' } }), []],
      ['customer notes', () => f.call('customers.update', { id: service.customerId, notes: 'called' }), []],
      // the speed alone: changed in place, the customer stays online
      ['plan speeds', () => f.call('plans.update', { id: planId, downloadKbps: 200000 }), ['coa']],
      ['customer blocked (blocked pool)', () => f.call('customers.update', { id: service.customerId, status: 'blocked' }), ['disconnect']],
      ['blocked pool renamed', () => f.call('settings.update', { partnerId: 1, values: { 'network.blockedPool': 'unpaid' } }), ['disconnect']],
      // two settings in one transaction: one change of the answer, one request
      ['method reject + address list', () => f.call('settings.update', { partnerId: 1, values: { 'network.blockingMethod': 'reject', 'network.blockedAddressList': 'X' } }), ['disconnect']],
      ['active again (was rejected: offline)', () => f.call('customers.update', { id: service.customerId, status: 'active' }), []],
      ['service disabled', () => f.call('services.scheduleStatus', { serviceId: service.id, status: 'disabled', on: '2022-01-01' }), ['disconnect']],
      ['service active again', () => f.call('services.scheduleStatus', { serviceId: service.id, status: 'active', on: '2022-01-01' }), []],
    ];
    for (const [what, change, expected] of steps) {
      const before = router.received.length;
      change();
      expect(await kindsSince(before), what).toEqual(expected);
    }
    expect(outbox().map((o) => o.status)).toEqual(['acked', 'acked', 'acked', 'acked', 'acked', 'acked']);
    // Sent once: nothing is sent again later.
    expect(await sentSince(router.received.length)).toBe(0);
  });

  test('a speed change is a CoA with the new Mikrotik-Rate-Limit; a router that refuses it is sent a Disconnect', async () => {
    f.call('plans.update', { id: planId, downloadKbps: 50000, uploadKbps: 10000 });
    expect(await kindsSince(0)).toEqual(['coa']);
    const rateLimit = f.call('network.answer', { serviceId: service.id }).attributes['Mikrotik-Rate-Limit'];
    expect(router.received[0].rateLimit, 'the new speeds, as the next login would be answered').toBe(rateLimit);
    expect(rateLimit).toMatch(/^10000k\/50000k/);
    expect(f.call('network.events', { serviceId: service.id }).rows[0]).toMatchObject({ request: 'coa', status: 'acked', lastError: null });
    // A router without CoA support answers NAK: the session is ended instead, so the next login gets the new speed.
    router.coaMode = 'nak';
    f.call('plans.update', { id: planId, downloadKbps: 60000 });
    expect(await kindsSince(1)).toEqual(['coa', 'disconnect']);
    expect(f.call('network.events', { serviceId: service.id }).rows[0]).toMatchObject({
      request: 'coa',
      status: 'acked',
      lastError: 'CoA refused (503 Session Context Not Found): disconnected instead',
    });
    expect(await sentSince(3)).toBe(0);
  });

  test('a NAK is an answer: recorded with its Error-Cause, never retried', async () => {
    router.mode = 'nak';
    f.call('services.update', { id: service.id, internet: { ...internetOf(service), password: 'pw-3' } });
    expect(await sentSince(0)).toBe(1);
    expect(outbox()[0]).toMatchObject({ status: 'nakked', last_error: 'NAK: 503 Session Context Not Found' });
    expect(await sentSince(1)).toBe(0);
  });

  test('no answer: retried with backoff (the same packet) until the router answers', async () => {
    router.mode = 'silent';
    let now = 1_000_000;
    f.call('services.update', { id: service.id, internet: { ...internetOf(service), password: 'pw-4' } });
    await sendDue(f.db, { now: () => now, timeoutMs: 200 });
    expect(outbox()[0]).toMatchObject({ status: 'pending', attempts: 1 });
    await sendDue(f.db, { now: () => now + backoffMs(1) - 1, timeoutMs: 200 });
    expect(router.received.length, 'not before the backoff').toBe(1);
    router.mode = 'ack';
    now += backoffMs(1);
    await sendDue(f.db, { now: () => now, timeoutMs: 2000 });
    expect(outbox()[0]).toMatchObject({ status: 'acked', attempts: 2 });
    expect(router.received.length).toBe(2);
    expect(router.received[1].bytes, 'a retransmission of the same request').toBe(router.received[0].bytes);
  });

  test('killed (kill -9) between commit and send: the next host sends it, once', async () => {
    const child = spawnSync(process.execPath, ['--import', 'tsx', resolve(import.meta.dirname, '../helpers/network-kill-child.ts'), f.file, String(service.id), 'pw-5'], {
      cwd: resolve(import.meta.dirname, '../..'),
      encoding: 'utf8',
    });
    expect(child.signal).toBe('SIGKILL');
    expect(child.stdout).toContain('committed');
    expect(router.received.length).toBe(0);
    expect(await sentSince(0)).toBe(1);
    expect(await sentSince(1)).toBe(0);
  }, 60_000);

  test('a demo (training) database records the change and never sends it', async () => {
    f.db.sqlite.prepare(`INSERT INTO app_state (key, value) VALUES ('demo', 'true')`).run();
    f.call('services.update', { id: service.id, internet: { ...internetOf(service), password: 'pw-6' } });
    expect(await sentSince(0)).toBe(0);
    expect(outbox().map((o) => o.status)).toEqual(['training']);
  });

  test('a login without a router: recorded as not sent', async () => {
    const c = f.call('customers.create', { name: 'Bo', status: 'active' });
    const s = f.call('services.add', { customerId: c.id, kind: 'internet', planId, start: '2022-01-01', internet: { login: 'bo', password: 'x' } });
    f.call('services.update', { id: s.id, internet: { ...internetOf(s), password: 'y' } });
    await sendDue(f.db);
    expect(outbox().map((o) => [o.login, o.status])).toEqual([['bo', 'noRouter']]);
    expect(f.call('network.events', { serviceId: s.id }).rows[0]).toMatchObject({ status: 'noRouter', before: { result: 'accept' }, after: { result: 'accept' } });
  });
});
