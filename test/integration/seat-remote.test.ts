import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { createLocalBackend, type LocalBackend } from '../../main/backend/local';
import { createRemoteBackend, probeOfficeServer, type RemoteBackend } from '../../main/backend/remote';
import type { BackendEvent, ConnectionEvent } from '../../main/backend/types';
import { SEAT_CALLS, type SeatProbe, type SeatStatus } from '../../main/contract/seat';
import { officeCertificate } from '../../main/hosts/office/certificate';
import { startOfficeServer, type OfficeServer } from '../../main/hosts/office/server';
import { startSeat, type SeatHost } from '../../main/shell/seat';
import { readSeatFile, writeSeatFile } from '../../main/shell/seatConfig';

// A seat's back end (main/backend/remote.ts) and seat host (main/shell/seat.ts) against the real office server
// (startOfficeServer over a local back end): the pinned certificate, a changed one (an impostor on the same address
// and port) refused before anything is sent, an unreachable server answered OFFLINE and followed back online after a
// restart; the first connect, the backup copy read-only; and the seat file.

const ADMIN = { name: 'Alice Admin', password: 'correct horse battery' };
const FAST = { connectTimeoutMs: 2000, answerTimeoutMs: 10_000, retry: { firstMs: 50, maxMs: 200 } };

const dirs: string[] = [];
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'isp-seat-'));
  dirs.push(d);
  return d;
};
const once = (fn: () => Promise<void>) => {
  let done: Promise<void> | null = null;
  return () => (done ??= fn());
};

interface Office {
  server: OfficeServer;
  backend: LocalBackend;
  url: string;
  stop(): Promise<void>;
}
/** The office server on a database file (its certificate is kept beside it: the same one after a restart). */
async function office(dbFile: string, port = 0): Promise<Office> {
  const backend = await createLocalBackend({ dbFile, mode: 'inline', staffAuth: true, businessDate: '2024-03-15' });
  const server = await startOfficeServer({ backend, dbFile, host: '127.0.0.1', port, name: 'Main office' });
  const stop = once(async () => {
    await server.close();
    await backend.close();
  });
  cleanups.push(stop);
  return { server, backend, url: `https://127.0.0.1:${server.port}`, stop };
}
function seat(url: string, fingerprint: string): RemoteBackend {
  const b = createRemoteBackend({ url, fingerprint, ...FAST });
  cleanups.push(() => b.close());
  return b;
}
/** The next event the listener hears that `match`es (the test's own timeout bounds the wait). */
function next<E extends BackendEvent>(b: { subscribe: RemoteBackend['subscribe'] }, match: (e: BackendEvent) => e is E): Promise<E> {
  return new Promise((resolve) => {
    const stop = b.subscribe((e) => {
      if (match(e)) {
        stop();
        resolve(e);
      }
    });
  });
}
/** Waits until `done()` (the test's own timeout bounds the wait). */
async function until(done: () => boolean): Promise<void> {
  while (!done()) await new Promise((r) => setTimeout(r, 20));
}
const connection = (state: 'online' | 'offline') => (e: BackendEvent): e is ConnectionEvent => e.kind === 'connection' && e.state === state;
const changed = (e: BackendEvent): e is BackendEvent => e.kind === 'changed';
const tokenOf = (res: Awaited<ReturnType<RemoteBackend['call']>>) => (res as { data: { token: string } }).data.token;

describe('a seat on an office server', () => {
  test('the probe shows the certificate fingerprint and the server name; the pinned certificate is accepted; changes arrive as events', async () => {
    const o = await office(join(tempDir(), 'office.sqlite'));
    const fingerprint = o.server.fingerprint!;
    const probe = await probeOfficeServer(`127.0.0.1:${o.server.port}`);
    expect(probe).toMatchObject({ ok: true, data: { url: o.url, fingerprint, hello: { app: 'isp-back-office', name: 'Main office' } } });

    const b = seat(o.url, fingerprint.toLowerCase()); // any spelling of the fingerprint pins the same certificate
    const setup = await b.call({ channel: 'auth.setup', input: ADMIN, source: 'seat test' });
    expect(setup.ok).toBe(true);
    const token = tokenOf(setup);
    expect(await b.call({ channel: 'system.info', input: {}, staffToken: token, source: 'seat test' })).toMatchObject({ ok: true, data: { businessDate: '2024-03-15' } });
    // a refusal of the server comes back as it was said
    expect(await b.call({ channel: 'customers.list', input: {}, source: 'seat test' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

    // the session the server accepted carries GET /events: another seat's write reaches this one
    const heard = next(b, (e): e is BackendEvent => e.kind === 'changed' && e.areas.includes('customers'));
    const other = seat(o.url, fingerprint);
    // the stream opens after the first accepted call: write until this seat hears (a write before it opened is not heard)
    let done = false;
    void heard.then(() => (done = true));
    while (!done) {
      expect((await other.call({ channel: 'customers.create', input: { name: 'Anna Smith', status: 'active' }, staffToken: token, source: 'other seat' })).ok).toBe(true);
      await Promise.race([heard, new Promise((r) => setTimeout(r, 200))]);
    }
    expect(await heard).toMatchObject({ kind: 'changed' });
  });

  test('right after a sign-in the seat hears changes, even one made before its event stream opened', async () => {
    const o = await office(join(tempDir(), 'office.sqlite'));
    const fingerprint = o.server.fingerprint!;
    const token = tokenOf(await seat(o.url, fingerprint).call({ channel: 'auth.setup', input: ADMIN, source: 'other seat' }));
    // A seat whose quiet look at the server (nobody signed in) waits 3 minutes: a sign-in answered while that look
    // was under way must still open the stream at once, not after the pause.
    const b = createRemoteBackend({ url: o.url, fingerprint, ...FAST, retry: { firstMs: 50, maxMs: 60_000 } });
    cleanups.push(() => b.close());
    const heard: BackendEvent[] = [];
    b.subscribe((e) => void heard.push(e));
    const signedIn = await b.call({ channel: 'auth.signIn', input: ADMIN, source: 'seat test' });
    expect(signedIn.ok).toBe(true);
    // another seat writes at once, before this seat's stream can have opened: this seat's screens still refetch
    expect((await o.backend.call({ channel: 'customers.create', input: { name: 'Anna Smith', status: 'active' }, staffToken: token, source: 'test' })).ok).toBe(true);
    const heardCustomers = () => heard.some((e) => e.kind === 'changed' && e.areas.includes('customers'));
    const deadline = Date.now() + 5000;
    await until(() => heardCustomers() || Date.now() > deadline);
    expect(heardCustomers()).toBe(true);
  });

  test('another certificate on the same address and port is refused before anything is sent', async () => {
    const dir = tempDir();
    const o = await office(join(dir, 'office.sqlite'));
    const b = seat(o.url, o.server.fingerprint!);
    expect((await b.call({ channel: 'auth.status', input: {}, source: 'seat test' })).ok).toBe(true);
    await o.stop();

    // an impostor on the same address and port with a certificate of its own, noting every request that reaches it
    const other = await officeCertificate(join(dir, 'impostor.sqlite'), { names: ['127.0.0.1'] });
    const requests: string[] = [];
    const impostor = https.createServer({ key: other.key, cert: other.cert }, (req, res) => {
      requests.push(`${req.method} ${req.url} ${JSON.stringify(req.headers)}`);
      res.end('{}');
    });
    await new Promise<void>((ok) => impostor.listen(o.server.port, '127.0.0.1', ok));
    cleanups.push(() => new Promise<void>((ok) => impostor.close(() => ok())));
    expect((impostor.address() as AddressInfo).port).toBe(o.server.port);

    const offline = next(b, connection('offline'));
    const res = await b.call({ channel: 'auth.signIn', input: ADMIN, source: 'seat test' });
    expect(res).toMatchObject({ ok: false, error: { code: 'CERTIFICATE_CHANGED', details: { seen: other.fingerprint } } });
    if (!res.ok) expect(res.error.message).toMatch(/^The office server's certificate has changed — /);
    expect((await offline).message).toMatch(/certificate has changed/);
    // not one request reached the impostor: no password, no token, not even the path
    expect(requests).toEqual([]);
    // and the seat keeps refusing it
    expect((await b.call({ channel: 'auth.status', input: {}, source: 'seat test' })).ok).toBe(false);
    expect(requests).toEqual([]);
  });

  test('an unreachable server answers OFFLINE in words and the seat says offline; after a restart it is online again', async () => {
    const dbFile = join(tempDir(), 'office.sqlite');
    const o = await office(dbFile);
    const b = seat(o.url, o.server.fingerprint!);
    const token = tokenOf(await b.call({ channel: 'auth.setup', input: ADMIN, source: 'seat test' }));
    expect(b.connection().state).toBe('online');

    const offline = next(b, connection('offline'));
    await o.stop();
    const down = await b.call({ channel: 'system.info', input: {}, staffToken: token, source: 'seat test' });
    expect(down).toMatchObject({ ok: false, error: { code: 'OFFLINE' } });
    if (!down.ok) expect(down.error.message).toContain(`The office server at 127.0.0.1:${o.server.port} does not answer`);
    expect((await offline).message).toMatch(/does not answer — retrying/);
    expect(b.connection().state).toBe('offline');

    const online = next(b, connection('online'));
    const refreshed = next(b, changed);
    await office(dbFile, o.server.port);
    await online;
    // whatever changed meanwhile: the screens refetch
    expect(await refreshed).toMatchObject({ kind: 'changed', areas: expect.arrayContaining(['customers', 'billing']) });
    // the session lives in the server's database: it still works after the restart
    expect(await b.call({ channel: 'system.info', input: {}, staffToken: token, source: 'seat test' })).toMatchObject({ ok: true });
  });

  test('a port nobody listens on answers OFFLINE, and plain HTTP is not offered for pinning', async () => {
    const o = await office(join(tempDir(), 'office.sqlite'));
    const { port, fingerprint } = o.server;
    await o.stop();
    expect(await probeOfficeServer(`127.0.0.1:${port}`)).toMatchObject({ ok: false, error: { code: 'OFFLINE' } });
    expect(await probeOfficeServer(`http://127.0.0.1:${port}`)).toMatchObject({ ok: false, error: { code: 'VALIDATION', fields: { address: expect.stringMatching(/HTTPS only/) } } });
    const b = seat(`https://127.0.0.1:${port}`, fingerprint!);
    expect(await b.call({ channel: 'auth.status', input: {}, source: 'seat test' })).toMatchObject({ ok: false, error: { code: 'OFFLINE' } });
  });
});

describe('the seat host', () => {
  test('first connect pins what the person saw; the backup copy opens read-only while the server is away', async () => {
    const dir = tempDir();
    const o = await office(join(dir, 'office.sqlite'));
    const configFile = join(dir, 'seat', 'seat.json');
    const host: SeatHost = startSeat({ configFile, openLocal: () => Promise.reject(new Error('a seat of an office server opens no database')), remote: FAST });
    cleanups.push(() => host.close());
    const ask = async <T>(name: string, input: unknown = {}) => {
      const res = await host.hostCall(name, input);
      if (!res.ok) throw new Error(`${name}: ${res.error.code} ${res.error.message}`);
      return res.data as T;
    };
    expect(await ask<SeatStatus>(SEAT_CALLS.status)).toEqual({ mode: 'choose' });
    const probe = await ask<SeatProbe>(SEAT_CALLS.probe, { address: `127.0.0.1:${o.server.port}` });
    expect(probe).toMatchObject({ url: o.url, fingerprint: o.server.fingerprint, name: 'Main office' });
    // a fingerprint other than the server's is not saved
    const confirmed = { url: probe.url, fingerprint: probe.fingerprint, name: probe.name };
    expect(await host.hostCall(SEAT_CALLS.connect, { ...confirmed, fingerprint: 'AB'.repeat(32) })).toMatchObject({ ok: false, error: { code: 'CERTIFICATE_CHANGED' } });
    expect(readSeatFile(configFile)).toEqual({ state: 'unset' });
    expect(await ask<SeatStatus>(SEAT_CALLS.connect, confirmed)).toMatchObject({ mode: 'office', server: { url: o.url, fingerprint: o.server.fingerprint }, connection: { state: 'online' } });
    expect(readSeatFile(configFile)).toMatchObject({ state: 'ok', config: { use: 'office', url: o.url, fingerprint: o.server.fingerprint, name: 'Main office' } });
    expect(await host.hostCall(SEAT_CALLS.useLocal, {})).toMatchObject({ ok: false, error: { code: 'REFUSED' } });

    // an administrator signs in: the seat copies the server's latest backup
    const token = tokenOf(await host.call({ channel: 'auth.setup', input: ADMIN, source: 'seat test' }));
    const customer = await host.call({ channel: 'customers.create', input: { name: 'Anna Smith', status: 'active' }, staffToken: token, source: 'seat test' });
    expect(customer.ok).toBe(true);
    expect(await host.call({ channel: 'backup.now', input: {}, staffToken: token, source: 'seat test' })).toMatchObject({ ok: true });
    expect(await host.hostCall(SEAT_CALLS.openBackup, {})).toMatchObject({ ok: false, error: { code: 'REFUSED' } }); // none copied yet
    // the next sign-in of a member who may read backups copies it
    const later = tokenOf(await host.call({ channel: 'auth.signIn', input: ADMIN, source: 'seat test' }));
    await until(() => host.status().backupCopy != null);

    await o.stop();
    expect(await host.call({ channel: 'customers.list', input: {}, staffToken: token, source: 'seat test' })).toMatchObject({ ok: false, error: { code: 'OFFLINE' } });
    expect(await ask<SeatStatus>(SEAT_CALLS.openBackup)).toMatchObject({ mode: 'backup', connection: { state: 'offline' } });
    // the member the server confirmed reads the copy; every write is refused; nobody signs in there
    expect(await host.call({ channel: 'customers.list', input: {}, staffToken: token, source: 'seat test' })).toMatchObject({ ok: true, data: { rows: [{ name: 'Anna Smith' }] } });
    expect(await host.call({ channel: 'customers.list', input: {}, staffToken: later, source: 'seat test' })).toMatchObject({ ok: true });
    const write = await host.call({ channel: 'customers.create', input: { name: 'Not Saved', status: 'active' }, staffToken: token, source: 'seat test' });
    expect(write).toMatchObject({ ok: false, error: { code: 'REFUSED' } });
    expect(await host.call({ channel: 'customers.list', input: {}, source: 'seat test' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await host.call({ channel: 'auth.signIn', input: ADMIN, source: 'seat test' })).toMatchObject({ ok: false, error: { code: 'REFUSED' } });
    expect(await ask<SeatStatus>(SEAT_CALLS.closeBackup)).toMatchObject({ mode: 'office' });
  });
});

describe('the seat file', () => {
  test('a written file reads back; a broken or invalid file is reported in words, not thrown', () => {
    const dir = tempDir();
    const file = join(dir, 'seat.json');
    expect(readSeatFile(file)).toEqual({ state: 'unset' });
    const fingerprint = 'ab'.repeat(32);
    writeSeatFile(file, { use: 'office', url: 'https://192.168.1.5:8443', fingerprint, name: 'Office', confirmedAt: '2026-12-07T05:00:00Z' });
    expect(readSeatFile(file)).toEqual({
      state: 'ok',
      config: { use: 'office', url: 'https://192.168.1.5:8443', fingerprint: Array(32).fill('AB').join(':'), name: 'Office', confirmedAt: '2026-12-07T05:00:00Z' },
    });
    writeSeatFile(file, { use: 'local' });
    expect(readSeatFile(file)).toEqual({ state: 'ok', config: { use: 'local' } });

    writeFileSync(file, '{"use": "office", "url": ');
    expect(readSeatFile(file)).toMatchObject({ state: 'broken', problem: expect.stringMatching(/cannot be read/) });
    writeFileSync(file, JSON.stringify({ use: 'office', url: 'http://192.168.1.5', fingerprint, name: 'x', confirmedAt: 'now' }));
    expect(readSeatFile(file)).toMatchObject({ state: 'broken', problem: expect.stringMatching(/url: .*HTTPS only/) });
    writeFileSync(file, JSON.stringify({ use: 'office', url: 'https://192.168.1.5:8443', fingerprint: 'abc', name: 'x', confirmedAt: 'now' }));
    expect(readSeatFile(file)).toMatchObject({ state: 'broken', problem: expect.stringMatching(/fingerprint: must be a SHA-256 fingerprint/) });
    writeFileSync(file, JSON.stringify({ use: 'cloud' }));
    expect(readSeatFile(file)).toMatchObject({ state: 'broken' });
    expect(() => writeSeatFile(file, { use: 'office', url: 'ftp://x', fingerprint, name: 'x', confirmedAt: 'now' })).toThrow();
  });
});
