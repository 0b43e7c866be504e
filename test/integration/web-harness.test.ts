import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../main/app/context';
import { CONTENT_SECURITY_POLICY } from '../../main/shell/security';
import { MAX_BODY_BYTES, startWebHarness, type WebHarness } from '../../main/hosts/web';
import { lockFileOf } from '../../db/lock';

// The browser harness over real HTTP: envelopes, coded transport errors, static files and loopback binding.

let dir: string;
let harness: WebHarness;

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** Raw request (no URL normalisation, so traversal attempts reach the server as written). */
function request(method: string, path: string, body?: string | Buffer, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: harness.port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const rpc = async (channel: string, body: string | Buffer, headers: Record<string, string> = { 'content-type': 'application/json' }) => {
  const r = await request('POST', `/rpc/${channel}`, body, headers);
  expect(r.status).toBe(200);
  expect(r.headers['content-type']).toMatch(/^application\/json/);
  return JSON.parse(r.body) as { ok: boolean; data?: Record<string, unknown>; error?: { code: string; message: string } };
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'isp-web-'));
  const staticDir = join(dir, 'static');
  mkdirSync(join(staticDir, 'assets'), { recursive: true });
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>app</title>');
  writeFileSync(join(staticDir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(dir, 'secret.txt'), 'do not serve');
  harness = await startWebHarness({ dbFile: join(dir, 'db.sqlite'), port: 0, staticDir, clock: fixedClock('2024-03-15') });
});

afterAll(async () => {
  await harness?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('web harness', () => {
  it('listens on 127.0.0.1 only and refuses any other host', async () => {
    expect(harness.url).toBe(`http://127.0.0.1:${harness.port}/`);
    for (const host of ['0.0.0.0', '::', 'localhost', '192.168.1.1'])
      await expect(startWebHarness({ dbFile: join(dir, 'other.sqlite'), port: 0, host })).rejects.toThrow(/127\.0\.0\.1 only/);
  });

  it('answers a valid call with its data', async () => {
    const res = await rpc('system.info', '{}');
    expect(res.ok).toBe(true);
    expect(res.data).toMatchObject({ businessDate: '2024-03-15', demo: false });
    expect(await rpc('system.info', '')).toMatchObject({ ok: true });
  });

  it('answers transport errors with coded envelopes', async () => {
    expect((await rpc('system.info', '{not json')).error?.code).toBe('BAD_REQUEST');
    expect((await rpc('no.such', '{}')).error?.code).toBe('UNKNOWN_CHANNEL');
    expect((await rpc('system.info', '{"x":1}')).error?.code).toBe('VALIDATION');
    expect((await rpc('system.info', '{}', { 'content-type': 'text/plain' })).error?.code).toBe('BAD_REQUEST');
    expect((await rpc('system.info', '{}', { 'content-type': 'application/json', origin: 'http://evil.example' })).error?.code).toBe(
      'FORBIDDEN',
    );
    const get = await request('GET', '/rpc/system.info');
    expect(JSON.parse(get.body).error.code).toBe('BAD_REQUEST');
  });

  it('refuses a body over the size limit and keeps serving', async () => {
    const big = Buffer.alloc(MAX_BODY_BYTES + 10, 'a');
    expect((await rpc('system.info', big)).error?.code).toBe('BAD_REQUEST');
    // the same without a Content-Length (chunked), so the limit is enforced while reading
    const res = await new Promise<string>((resolve, reject) => {
      const req = http.request(
        { host: '127.0.0.1', port: harness.port, method: 'POST', path: '/rpc/system.info', headers: { 'content-type': 'application/json' } },
        (r) => {
          let s = '';
          r.on('data', (c) => (s += c));
          r.on('end', () => resolve(s));
        },
      );
      req.on('error', reject);
      for (let i = 0; i < MAX_BODY_BYTES / (64 * 1024) + 2; i++) req.write(Buffer.alloc(64 * 1024, 'a'));
      req.end();
    });
    expect(JSON.parse(res).error).toMatchObject({ code: 'BAD_REQUEST', details: { limitBytes: MAX_BODY_BYTES } });
    expect((await rpc('system.info', '{}')).ok).toBe(true);
  });

  it('serves static files with content types and the CSP header', async () => {
    const index = await request('GET', '/');
    expect(index.status).toBe(200);
    expect(index.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(index.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(index.headers['x-content-type-options']).toBe('nosniff');
    const js = await request('GET', '/assets/app.js');
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.body).toBe('console.log(1)');
    // an app route without an extension falls back to the app
    expect((await request('GET', '/customers')).body).toContain('<title>app</title>');
  });

  it('answers 404 for a missing file and never serves outside its folder', async () => {
    expect((await request('GET', '/assets/missing.js')).status).toBe(404);
    for (const path of ['/../secret.txt', '/assets/../../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/%2e%2e%5csecret.txt', '/a%00.js']) {
      const r = await request('GET', path);
      expect(r.status, path).toBeGreaterThanOrEqual(400);
      expect(r.body, path).not.toContain('do not serve');
    }
  });
});

describe('web harness: the same single-instance lock as the app', () => {
  it('holds the lock on its database file while it runs and releases it on close', async () => {
    const file = join(dir, 'locked.sqlite');
    const own = await startWebHarness({ dbFile: file, port: 0, clock: fixedClock('2024-03-15') });
    try {
      expect(readFileSync(lockFileOf(file), 'utf8')).toBe(String(process.pid));
      expect(own.db.readOnly).toBeUndefined();
    } finally {
      await own.close();
    }
    expect(existsSync(lockFileOf(file))).toBe(false);
  });

  it('a file held by another live process (the app, another harness) is opened read-only: reads work, writes are refused', async () => {
    const file = join(dir, 'held.sqlite');
    const first = await startWebHarness({ dbFile: file, port: 0, clock: fixedClock('2024-03-15') });
    await first.close(); // the file now exists with its schema
    const holder = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    try {
      writeFileSync(lockFileOf(file), String(holder.pid)); // as the app writes it when it opens the file
      const second = await startWebHarness({ dbFile: file, port: 0, clock: fixedClock('2024-03-15') });
      try {
        expect(second.db.readOnly).toBe(true);
        expect(second.db.heldBy).toBe(holder.pid);
        const post = (channel: string, body: unknown) =>
          fetch(`${second.url}rpc/${channel}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then(
            (r) => r.json() as Promise<{ ok: boolean; data?: { readOnly?: boolean }; error?: { code: string } }>,
          );
        expect(await post('system.info', {})).toMatchObject({ ok: true, data: { readOnly: true } });
        expect(await post('customers.create', { name: 'Nope' })).toMatchObject({ ok: false, error: { code: 'REFUSED' } });
      } finally {
        await second.close();
      }
      expect(readFileSync(lockFileOf(file), 'utf8')).toBe(String(holder.pid)); // not ours: left alone
    } finally {
      holder.kill('SIGKILL');
    }
  });
});
