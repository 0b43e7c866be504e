import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { createSocket } from 'node:dgram';

// Asking the real FreeRADIUS with Debian's radclient, as a router would: one request (synchronously, so the scenario
// runner can ask at each expectation) or a file of many at once (the reconnect storm).

export const RADCLIENT = '/usr/bin/radclient';

export interface RadclientAnswer {
  result: 'accept' | 'reject' | 'none';
  attributes: Record<string, string>;
  output: string;
}

const q = (v: string) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

export function requestText(r: { login: string; password?: string; chapPassword?: string; callingStationId?: string }): string {
  const lines = [`User-Name = ${q(r.login)}`];
  if (r.password !== undefined) lines.push(`User-Password = ${q(r.password)}`);
  if (r.chapPassword !== undefined) lines.push(`CHAP-Password = ${q(r.chapPassword)}`);
  if (r.callingStationId !== undefined) lines.push(`Calling-Station-Id = ${q(r.callingStationId)}`);
  return lines.join('\n') + '\n';
}

/** One Access-Request; the answer's attributes as radclient prints them (quotes removed). */
export function radclientAuth(port: number, secret: string, r: Parameters<typeof requestText>[0]): RadclientAnswer {
  const res = spawnSync(RADCLIENT, ['-x', '-r', '3', '-t', '3', `127.0.0.1:${port}`, 'auth', secret], { input: requestText(r), encoding: 'utf8' });
  const output = `${res.stdout}${res.stderr}`;
  const lines = output.split('\n');
  const at = lines.findIndex((l) => l.startsWith('Received Access-'));
  if (at < 0) return { result: 'none', attributes: {}, output };
  const attributes: Record<string, string> = {};
  for (const l of lines.slice(at + 1)) {
    const m = /^\s+([\w-]+) = (.*)$/.exec(l);
    if (!m) break;
    attributes[m[1]] = m[2].replace(/^"(.*)"$/, '$1');
  }
  return { result: lines[at].startsWith('Received Access-Accept') ? 'accept' : 'reject', attributes, output };
}

/**
 * One Accounting-Request (attributes "Name = value", numbers bare, text quoted) to the accounting port, as a router
 * sends Start / Interim-Update / Stop; returns once the server has answered (it records before answering).
 */
export function radclientAcct(port: number, secret: string, attributes: Record<string, string | number>): void {
  const input = Object.entries(attributes)
    .map(([k, v]) => `${k} = ${typeof v === 'number' ? v : q(v)}`)
    .join('\n');
  const res = spawnSync(RADCLIENT, ['-r', '3', '-t', '5', `127.0.0.1:${port}`, 'acct', secret], { input, encoding: 'utf8' });
  if (res.status !== 0 || !res.stdout.includes('Accounting-Response')) throw new Error(`radclient acct to ${port} got no Accounting-Response:\n${res.stdout}${res.stderr}`);
}

/** Sends every request of `requests` with `parallel` in flight at once; radclient's summary counts. */
export function radclientStorm(port: number, secret: string, requests: string[], parallel: number): Promise<{ accepted: number; rejected: number; lost: number; output: string }> {
  // A file, not stdin: Node gives a child a socket for stdin, which radclient cannot open as /dev/stdin.
  const dir = mkdtempSync(join(tmpdir(), 'isp-radclient-'));
  const file = join(dir, 'requests.txt');
  writeFileSync(file, requests.join('\n'));
  return new Promise((done, fail) => {
    const child = spawn(RADCLIENT, ['-s', '-q', '-r', '3', '-t', '5', '-p', String(parallel), '-f', file, `127.0.0.1:${port}`, 'auth', secret], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', fail);
    child.on('close', () => {
      rmSync(dir, { recursive: true, force: true });
      const n = (label: string) => Number(new RegExp(`${label}\\s*:\\s*(\\d+)`).exec(output)?.[1] ?? NaN);
      done({ accepted: n('Accepted'), rejected: n('Rejected'), lost: n('Lost'), output });
    });
  });
}

/** A free UDP port pair (N for authentication, N + 1 for accounting), on 127.0.0.1. */
export async function freePortPair(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((done) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => done(p));
      });
    });
    if (port >= 65534) continue;
    const ok = await Promise.all([port, port + 1].map((p) => new Promise<boolean>((done) => {
      const u = createSocket('udp4');
      u.once('error', () => done(false));
      u.bind(p, '127.0.0.1', () => u.close(() => done(true)));
    })));
    if (ok.every(Boolean)) return port;
  }
}
