import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { afterAll, afterEach, describe, expect, test } from 'vitest';
import { announceChange } from '../../main/app/changes';
import type { BackendEvent } from '../../main/backend/types';
import { certificateFilesOf } from '../../main/hosts/office/certificate';
import { MAX_BODY_BYTES, PORTAL_SESSION_HEADER, STAFF_SESSION_HEADER } from '../../main/hosts/office/http';
import { OfficeServerRefusal } from '../../main/hosts/office/server';
import { serveDatabase, type ServedDatabase, type ServeOptions } from '../../main/hosts/serve';
import { OFFICE_SERVING_CALLS, type OfficeServingStatus } from '../../main/contract/officeServing';
import { createOfficeServing } from '../../main/shell/officeServing';
import { createLocalBackend } from '../../main/backend/local';

// The office server over real sockets (issue 20 item 3). 127.0.0.2 stands for a LAN address: it is not one of the
// loopback names the rules accept (127.0.0.1, ::1, localhost), so everything a LAN server must do is required there.

const LAN = '127.0.0.2';
const dir = mkdtempSync(join(tmpdir(), 'isp-office-'));
const running: ServedDatabase[] = [];
afterEach(async () => {
  for (const s of running.splice(0)) await s.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function serve(file: string, opts: Partial<ServeOptions> = {}): Promise<ServedDatabase> {
  const served = await serveDatabase({ dbFile: join(dir, file), host: LAN, port: 0, businessDate: '2024-03-15', scheduler: false, mode: 'inline', name: 'Test office', ...opts });
  running.push(served);
  return served;
}

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  /** SHA-256 fingerprint of the certificate the server presented (colon hex) */
  fingerprint?: string;
  json<T = { ok: boolean; data?: Record<string, unknown>; error?: { code: string; message: string; details?: Record<string, unknown> } }>(): T;
}

/** One HTTPS request to the server, trusting whatever certificate it shows (the test compares fingerprints itself). */
function request(s: ServedDatabase, method: string, path: string, body?: string | Buffer, headers: Record<string, string> = {}): Promise<Reply> {
  const { server } = s;
  const client = server.tls ? https : http;
  return new Promise((ok, ko) => {
    const req = client.request({ host: server.host, port: server.port, method, path, headers, rejectUnauthorized: false, agent: false }, (res) => {
      const fingerprint = server.tls ? (res.socket as TLSSocket).getPeerCertificate().fingerprint256 : undefined;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const buf = Buffer.concat(chunks);
        ok({ status: res.statusCode ?? 0, headers: res.headers, body: buf, fingerprint, json: () => JSON.parse(buf.toString('utf8')) });
      });
    });
    req.on('error', ko);
    req.end(body);
  });
}

const rpc = async (s: ServedDatabase, channel: string, input: unknown, token?: string) => {
  const r = await request(s, 'POST', `/rpc/${channel}`, JSON.stringify(input), { 'content-type': 'application/json', ...(token ? { [STAFF_SESSION_HEADER]: token } : {}) });
  expect(r.status).toBe(200);
  return r.json();
};
const data = async <T = Record<string, unknown>>(s: ServedDatabase, channel: string, input: unknown, token?: string): Promise<T> => {
  const r = await rpc(s, channel, input, token);
  if (!r.ok) throw new Error(`${channel}: ${JSON.stringify(r.error)}`);
  return r.data as T;
};

const ADMIN = { name: 'Alice Admin', password: 'correct horse battery' };

/** A /events stream: the events as they come, and whether the server ended it. */
function openEvents(s: ServedDatabase, headers: Record<string, string>) {
  const events: BackendEvent[] = [];
  const waiters: (() => void)[] = [];
  let ended = false;
  const opened = new Promise<http.IncomingMessage>((ok, ko) => {
    const req = https.request({ host: s.server.host, port: s.server.port, path: '/events', headers, rejectUnauthorized: false, agent: false }, (res) => {
      let buffer = '';
      res.on('data', (c: Buffer) => {
        buffer += c.toString('utf8');
        let at: number;
        while ((at = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, at);
          buffer = buffer.slice(at + 2);
          for (const line of block.split('\n')) if (line.startsWith('data: ')) events.push(JSON.parse(line.slice(6)) as BackendEvent);
          waiters.splice(0).forEach((w) => w());
        }
      });
      res.on('end', () => {
        ended = true;
        waiters.splice(0).forEach((w) => w());
      });
      res.on('error', () => undefined);
      ok(res);
    });
    req.on('error', ko);
    req.end();
  });
  const until = async (pred: () => boolean) => {
    while (!pred()) await new Promise<void>((w) => waiters.push(w));
  };
  return { events, opened, until, ended: () => ended };
}

describe('office server on a LAN address (127.0.0.2) over TLS', () => {
  test('/hello answers; the certificate is made once, kept beside the database (key 0600), and the same after a restart', async () => {
    const first = await serve('office.sqlite');
    expect(first.server.url).toBe(`https://${LAN}:${first.server.port}/`);
    expect(first.server.fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(first.server.certificateCreated).toBe(true);
    const hello = await request(first, 'GET', '/hello');
    expect(hello.status).toBe(200);
    expect(hello.json()).toEqual({ app: 'isp-back-office', version: expect.stringMatching(/^\d+\.\d+\.\d+/), name: 'Test office' });
    expect(hello.fingerprint).toBe(first.server.fingerprint);
    const { keyFile, certFile } = certificateFilesOf(join(dir, 'office.sqlite'));
    expect(existsSync(certFile)).toBe(true);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const pinned = first.server.fingerprint;
    await running.pop()!.close();

    const again = await serve('office.sqlite');
    expect(again.server.certificateCreated).toBe(false);
    expect(again.server.fingerprint).toBe(pinned);
    expect((await request(again, 'GET', '/hello')).fingerprint).toBe(pinned);
    await running.pop()!.close();

    // --regenerate-certificate: a new identity, which seats will refuse until staff confirm it
    const renewed = await serve('office.sqlite', { regenerateCertificate: true });
    expect(renewed.server.fingerprint).not.toBe(pinned);
    expect((await request(renewed, 'GET', '/hello')).fingerprint).toBe(renewed.server.fingerprint);
  });

  test('sign-in is required; with a session a payment goes through /rpc; /events forwards changes and ends with the session', async () => {
    const s = await serve('payments.sqlite');
    // nobody signed in: refused with signedOut, so a seat shows its sign-in
    const anonymous = await rpc(s, 'customers.list', {});
    expect(anonymous.error).toMatchObject({ code: 'FORBIDDEN', details: { signedOut: true } });
    expect((await request(s, 'GET', '/events')).status).toBe(401);
    const { token } = await data<{ token: string }>(s, 'auth.setup', ADMIN);
    // a forged or ended token is nobody
    expect((await rpc(s, 'customers.list', {}, 'x'.repeat(43))).error?.code).toBe('FORBIDDEN');

    const customer = await data<{ id: number }>(s, 'customers.create', { name: 'Anna Smith', status: 'active' }, token);
    const stream = openEvents(s, { [STAFF_SESSION_HEADER]: token });
    const res = await stream.opened;
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/event-stream/);

    const payment = await data<{ amount: number; balance: number }>(s, 'billing.addPayment', { customerId: customer.id, amount: 12_345 }, token);
    expect(payment).toMatchObject({ amount: 12_345, balance: 12_345 });
    const billing = await data<{ balance: number }>(s, 'billing.customerSummary', { customerId: customer.id }, token);
    expect(billing.balance).toBe(12_345);
    // What the back end announces after commit reaches the stream (dispatch announces writes once push is merged;
    // announcing here as well keeps this test about the transport).
    announceChange(s.backend.db!, { areas: ['billing'], customerIds: [customer.id] });
    await stream.until(() => stream.events.length > 0);
    expect(stream.events[0]).toMatchObject({ kind: 'changed', areas: expect.arrayContaining(['billing']), customerIds: [customer.id] });

    // the session ends (signed out here, or elsewhere): the stream hears nothing more and closes
    await data(s, 'auth.signOut', {}, token);
    const heard = stream.events.length;
    announceChange(s.backend.db!, { areas: ['customers'], customerIds: [customer.id] });
    await stream.until(() => stream.ended());
    expect(stream.events.length).toBe(heard);
  });

  test('a customer-portal session hears only its own customer\'s changes; /backup/latest is for administrator and finance', async () => {
    const s = await serve('portal.sqlite');
    const { token } = await data<{ token: string }>(s, 'auth.setup', ADMIN);
    const anna = await data<{ id: number }>(s, 'customers.create', { name: 'Anna Smith', status: 'active' }, token);
    const ben = await data<{ id: number }>(s, 'customers.create', { name: 'Ben Jones', status: 'active' }, token);
    const portal = await data<{ token: string }>(s, 'portal.open', { customerId: anna.id }, token);
    const stream = openEvents(s, { [PORTAL_SESSION_HEADER]: portal.token });
    expect((await stream.opened).statusCode).toBe(200);
    announceChange(s.backend.db!, { areas: ['billing'], customerIds: [ben.id] });
    announceChange(s.backend.db!, { areas: ['billing'], customerIds: [ben.id, anna.id] });
    await stream.until(() => stream.events.length > 0);
    expect(stream.events).toEqual([{ kind: 'changed', areas: ['billing'], customerIds: [anna.id] }]);

    // the newest backup, for a seat's read-only copy
    const taken = await data<{ name: string }>(s, 'backup.now', {}, token);
    const latest = await request(s, 'GET', '/backup/latest', undefined, { [STAFF_SESSION_HEADER]: token });
    expect(latest.status).toBe(200);
    expect(decodeURIComponent(String(latest.headers['x-backup-name']))).toBe(taken.name);
    expect(latest.body.subarray(0, 16).toString('latin1')).toBe('SQLite format 3\0');
    await data(s, 'staff.create', { name: 'Sam Support', password: 'support password', role: 'support' }, token);
    const sam = await data<{ token: string }>(s, 'auth.signIn', { name: 'Sam Support', password: 'support password' });
    const refused = await request(s, 'GET', '/backup/latest', undefined, { [STAFF_SESSION_HEADER]: sam.token });
    expect(refused.status).toBe(403);
    expect(refused.json().error?.message).toMatch(/finance or administrator/);
    expect((await request(s, 'GET', '/backup/latest', undefined, { [PORTAL_SESSION_HEADER]: portal.token })).status).toBe(401);
  });

  test('limits: a body over the limit and too many sign-ins from one address get coded refusals; a 2 MB import fits', async () => {
    const s = await serve('limits.sqlite', { signInLimit: { max: 3, windowMs: 60_000 } });
    const big = await request(s, 'POST', '/rpc/system.info', Buffer.alloc(MAX_BODY_BYTES + 1, 'a'), { 'content-type': 'application/json' });
    expect(big.status).toBe(200);
    expect(big.json().error).toMatchObject({ code: 'BAD_REQUEST', details: { limitBytes: MAX_BODY_BYTES } });
    expect(big.json().error?.message).toContain(String(MAX_BODY_BYTES));
    // a CSV file at the import's own limit (2 000 000 characters), quotes doubled by JSON, reaches dispatch
    const csv = '"a";"b"\n'.repeat(250_000);
    const fits = await rpc(s, 'system.progress', { csv });
    expect(fits.error?.code).toBe('VALIDATION'); // dispatch answered: system.progress takes no input

    for (let i = 0; i < 3; i++) expect((await rpc(s, 'auth.signIn', { name: 'Nobody', password: 'wrong password' })).error?.message).toBe('Wrong name or password');
    const limited = await request(s, 'POST', '/rpc/auth.signIn', JSON.stringify({ name: 'Nobody', password: 'wrong password' }), { 'content-type': 'application/json' });
    expect(limited.json().error).toMatchObject({ code: 'REFUSED', details: { rateLimited: true, limit: 3 } });
    expect(limited.json().error?.message).toMatch(/Too many sign-in attempts from this address/);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // other calls are not limited
    expect((await rpc(s, 'auth.status', {})).ok).toBe(true);
    // Host and Origin must name this server
    const cross = await request(s, 'POST', '/rpc/auth.status', '{}', { 'content-type': 'application/json', origin: 'https://evil.example' });
    expect(cross.json().error?.code).toBe('FORBIDDEN');
    const rebound = await request(s, 'POST', '/rpc/auth.status', '{}', { 'content-type': 'application/json', host: `evil.example:${s.server.port}` });
    expect(rebound.json().error?.code).toBe('FORBIDDEN');
  });
});

describe('refusals at start', () => {
  test('plain HTTP and --no-auth are refused on 127.0.0.2 before the database is touched; on 127.0.0.1 plain HTTP is allowed', async () => {
    for (const opts of [{ tls: false }, { auth: false }]) {
      const file = join(dir, 'refused.sqlite');
      await expect(serve('refused.sqlite', opts)).rejects.toThrow(OfficeServerRefusal);
      await expect(serve('refused.sqlite', opts)).rejects.toThrow(opts.tls === false ? /127\.0\.0\.2 is not a loopback address.*without TLS/ : /--no-auth is allowed on loopback/);
      expect(existsSync(file)).toBe(false);
    }
    const local = await serve('local.sqlite', { host: '127.0.0.1', tls: false });
    expect(local.server.url).toBe(`http://127.0.0.1:${local.server.port}/`);
    expect(local.server.fingerprint).toBeNull();
    expect((await request(local, 'GET', '/hello')).json()).toMatchObject({ app: 'isp-back-office' });
    expect((await rpc(local, 'customers.list', {})).error).toMatchObject({ code: 'FORBIDDEN', details: { signedOut: true } });
  });

  test('npm run serve exits non-zero with the sentence', () => {
    const root = resolve(import.meta.dirname, '../..');
    // one run (npm and tsx start in seconds): the in-process test above holds both sentences
    const run = spawnSync('npm', ['run', '--silent', 'serve', '--', '--db', join(dir, 'cli.sqlite'), '--host', LAN, '--port', '0', '--no-tls'], { cwd: root, encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/127\.0\.0\.2 is not a loopback address.*without TLS \(--no-tls\)/);
    expect(existsSync(join(dir, 'cli.sqlite'))).toBe(false);
  });
});

describe('"Serve this database to the office" in the app (main/shell/officeServing.ts)', () => {
  test('an administrator starts it over the app\'s database and reads address and fingerprint; others are refused; served again at the next start until stopped', async () => {
    const file = join(dir, 'app.sqlite');
    const backend = await createLocalBackend({ dbFile: file, mode: 'inline', staffAuth: true });
    let seatMode = 'office';
    const rememberFile = join(dir, 'office-serving.json');
    const servingOpts = { backend: () => backend, dbFile: file, staticDir: dir, version: '9.9.9', refusal: () => (seatMode === 'local' ? null : 'This workstation does not hold the database'), rememberFile };
    const serving = createOfficeServing(servingOpts);
    const call = async (channel: string, input: unknown, staffToken?: string) => {
      const r = await backend.call({ channel, input, source: 'test', ...(staffToken ? { staffToken } : {}) });
      if (!r.ok) throw new Error(r.error.message);
      return r.data as { token: string };
    };
    const admin = { staffToken: (await call('auth.setup', ADMIN)).token, source: 'app window 1' };
    await call('staff.create', { name: 'Sam Support', password: 'support password', role: 'support' }, admin.staffToken);
    const sam = { staffToken: (await call('auth.signIn', { name: 'Sam Support', password: 'support password' })).token, source: 'app window 2' };
    try {
      expect((await serving.handle(OFFICE_SERVING_CALLS.status, {}, sam)).ok).toBe(false);
      expect((await serving.handle(OFFICE_SERVING_CALLS.start, { host: LAN, port: 0 }, { source: 'app window 3' })).ok).toBe(false);
      // a seat of another office server (or its backup copy) never serves: it does not hold the database
      const relay = await serving.handle(OFFICE_SERVING_CALLS.start, { host: LAN, port: 0 }, admin);
      expect(relay.ok ? null : relay.error).toMatchObject({ code: 'REFUSED', message: 'This workstation does not hold the database' });
      seatMode = 'local';
      const bad = await serving.handle(OFFICE_SERVING_CALLS.start, { host: LAN, port: 70_000 }, admin);
      expect(bad.ok ? null : bad.error).toMatchObject({ code: 'VALIDATION', fields: { port: 'must be 1 to 65535' } });
      expect((await serving.handle(OFFICE_SERVING_CALLS.status, {}, admin)).ok && true).toBe(true);

      // a port in use: a refusal in words; once it is free, the server starts there
      const blocker = net.createServer();
      await new Promise<void>((ok) => blocker.listen(0, LAN, ok));
      const port = (blocker.address() as net.AddressInfo).port;
      const taken = await serving.handle(OFFICE_SERVING_CALLS.start, { host: LAN, port }, admin);
      expect(taken.ok ? null : taken.error.message).toBe(`Port ${port} is in use on ${LAN}: choose another port`);
      await new Promise((ok) => blocker.close(ok));
      const started = await serving.handle(OFFICE_SERVING_CALLS.start, { host: LAN, port }, admin);
      if (!started.ok) throw new Error(started.error.message);
      const on = (started.data as OfficeServingStatus).serving!;
      expect(on.url).toBe(`https://${LAN}:${on.port}/`);
      // the server answers with the certificate whose fingerprint the section shows, and needs sign-in
      const hello = await new Promise<{ fingerprint: string; body: string }>((ok, ko) =>
        https
          .get({ host: LAN, port: on.port, path: '/hello', rejectUnauthorized: false, agent: false }, (res) => {
            let body = '';
            res.on('data', (c) => (body += c));
            res.on('end', () => ok({ fingerprint: (res.socket as TLSSocket).getPeerCertificate().fingerprint256, body }));
          })
          .on('error', ko),
      );
      expect(hello.fingerprint).toBe(on.fingerprint);
      expect(JSON.parse(hello.body)).toMatchObject({ app: 'isp-back-office', version: '9.9.9' });

      // the app closes while serving: the next start serves again at the same address and port, with no one signed in
      expect(JSON.parse(readFileSync(rememberFile, 'utf8'))).toEqual({ host: LAN, port: on.port });
      await serving.stop();
      const nextStart = createOfficeServing(servingOpts);
      const resumed = await nextStart.resume();
      expect(resumed.ok && (resumed.data as OfficeServingStatus).serving).toMatchObject({ host: LAN, port: on.port, fingerprint: on.fingerprint });
      // stopped by an administrator: not served at the start after
      const stopped = await nextStart.handle(OFFICE_SERVING_CALLS.stop, {}, admin);
      expect(stopped.ok && (stopped.data as OfficeServingStatus).serving).toBeNull();
      expect(existsSync(rememberFile)).toBe(false);
      const idle = await createOfficeServing(servingOpts).resume();
      expect(idle.ok && (idle.data as OfficeServingStatus).serving).toBeNull();

      // a start where the port is taken meanwhile (or the file was edited by hand): not served, said in the section
      writeFileSync(rememberFile, JSON.stringify({ host: LAN, port }));
      const holder = net.createServer();
      await new Promise<void>((ok) => holder.listen(port, LAN, ok));
      try {
        const blocked = createOfficeServing(servingOpts);
        expect((await blocked.resume()).ok).toBe(false);
        const said = await blocked.handle(OFFICE_SERVING_CALLS.status, {}, admin);
        expect(said.ok && (said.data as OfficeServingStatus)).toMatchObject({ serving: null, resumeProblem: `Serving the office at ${LAN}:${port} did not resume: Port ${port} is in use on ${LAN}: choose another port` });
      } finally {
        await new Promise((ok) => holder.close(ok));
      }
      writeFileSync(rememberFile, '{"host": "x; rm -rf /", "port": 0}');
      const edited = createOfficeServing(servingOpts);
      expect((await edited.resume()).ok).toBe(false);
      const warned = await edited.handle(OFFICE_SERVING_CALLS.status, {}, admin);
      expect(warned.ok && (warned.data as OfficeServingStatus).resumeProblem).toContain('is not an office-server address and port');
    } finally {
      await serving.stop();
      await backend.close();
    }
  });
});
