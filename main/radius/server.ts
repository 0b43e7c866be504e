import { spawn, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { openDatabase } from '../../db/open';
import { STOCK_SQLITE_DIR, writeRadiusConfig } from './config';
import { CODE, decodePacket, statusServer, verifyResponse } from './packet';
import { radacctFileFor } from './radacctPath';

// Starts Debian's FreeRADIUS in the foreground on a configuration generated into a private temporary folder
// (`npm run radius`, the integration tests and the benchmark all come through here), waits until it answers a
// Status-Server, and stops it again.

export const FREERADIUS = '/usr/sbin/freeradius';

export class RadiusMissingError extends Error {}

/** Throws a one-line explanation when FreeRADIUS or radclient is not installed. */
export function requireFreeRadius(opts: { radclient?: boolean } = {}): void {
  const missing = [FREERADIUS, ...(opts.radclient ? ['/usr/bin/radclient'] : [])].filter((p) => !existsSync(p));
  if (missing.length)
    throw new RadiusMissingError(
      `FreeRADIUS is not installed (${missing.join(', ')} missing): apt-get install -y freeradius freeradius-utils (.ci/run does it on CI)`,
    );
}

export interface RadiusServer {
  port: number;
  secret: string;
  dir: string;
  process: ChildProcess;
  /** what FreeRADIUS printed so far (start-up errors, warnings) */
  output(): string;
  stop(): Promise<void>;
}

export interface StartOptions {
  dbFile: string;
  port: number;
  secret: string;
  /** how long to wait for the first answer (default 20 s) */
  readyTimeoutMs?: number;
}

/** Creates the accounting file with FreeRADIUS's stock schema when it does not exist yet. */
export function ensureRadacctFile(dbFile: string): string {
  const file = radacctFileFor(resolve(dbFile));
  if (existsSync(file)) return file;
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.exec(readFileSync(join(STOCK_SQLITE_DIR, 'schema.sql'), 'utf8'));
  } finally {
    db.close();
  }
  return file;
}

/** One Status-Server to 127.0.0.1:port; true when answered with a valid Access-Accept. */
export function statusCheck(port: number, secret: string, timeoutMs = 500): Promise<boolean> {
  return new Promise((done) => {
    const sock = createSocket('udp4');
    const id = Math.floor(Math.random() * 256);
    const { packet, authenticator } = statusServer(id, secret);
    const finish = (ok: boolean) => {
      clearTimeout(timer);
      sock.close();
      done(ok);
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    sock.on('message', (msg) => {
      const p = decodePacket(msg);
      if (p && p.id === id) finish(p.code === CODE.accessAccept && verifyResponse(msg, authenticator, secret));
    });
    sock.on('error', () => finish(false));
    sock.send(packet, port, '127.0.0.1');
  });
}

export async function startRadius(opts: StartOptions): Promise<RadiusServer> {
  requireFreeRadius();
  const dbFile = resolve(opts.dbFile);
  if (!existsSync(dbFile)) throw new Error(`No database at ${dbFile}`);
  // Migrates the file if needed (the views must exist) and reads the routers for clients.conf.
  const db = openDatabase(dbFile);
  const dir = mkdtempSync(join(tmpdir(), 'isp-radius-')); // mode 0700: the secrets live here
  try {
    writeRadiusConfig(db.sqlite, { dbFile, port: opts.port, listen: '127.0.0.1', localSecret: opts.secret }, dir);
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  } finally {
    db.close();
  }
  ensureRadacctFile(dbFile);

  let out = '';
  const child = spawn(FREERADIUS, ['-f', '-d', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-20000)));
  child.stderr!.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-20000)));
  let exited = false;
  // Whatever ends this process (an error, process.exit) ends FreeRADIUS too: no orphan holding the port.
  const killOnExit = () => child.kill('SIGTERM');
  process.once('exit', killOnExit);
  const exit = new Promise<void>((done) =>
    child.once('exit', () => {
      exited = true;
      process.off('exit', killOnExit);
      done();
    }),
  );

  const stop = async () => {
    if (!exited) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exit;
      clearTimeout(killer);
    }
    rmSync(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + (opts.readyTimeoutMs ?? 20000);
  while (!exited) {
    if (await statusCheck(opts.port, opts.secret, 300)) {
      return { port: opts.port, secret: opts.secret, dir, process: child, output: () => out, stop };
    }
    if (Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  await stop();
  throw new Error(`FreeRADIUS did not start on 127.0.0.1:${opts.port}:\n${out.trim().split('\n').slice(-20).join('\n')}`);
}
