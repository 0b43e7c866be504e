import { createReadStream, statSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { openDatabase, type AppDb } from '../../db/open';
import type { Actor, Clock } from '../app/context';
import { fixedClock } from '../app/context';
import type { AppErrorData, Result } from '../contract/errors';
import { CONTENT_SECURITY_POLICY } from '../shell/security';
import { parseBusinessDate } from './boundary';
import { startHostLog } from './log';
import type { WorkKind } from '../contract/system';
import { createLocalBackend, type LocalBackend } from '../backend/local';

// The browser harness: the built renderer plus POST /rpc/<channel> on 127.0.0.1, so the real UI runs in a plain
// browser (Playwright, manual testing) against a real database file. Loopback only: it has no authentication.

export const LOOPBACK = '127.0.0.1';
export const MAX_BODY_BYTES = 1024 * 1024;
/** Header a customer-portal tab sends with its session token (lower case: Node's header keys). */
export const PORTAL_SESSION_HEADER = 'x-portal-session';
/** Header the back office sends with its staff session token once signed in. */
export const STAFF_SESSION_HEADER = 'x-staff-session';
const DEFAULT_STATIC_DIR = resolve(import.meta.dirname, '../../out/renderer');

export interface WebHarnessOptions {
  dbFile: string;
  port: number; // 0 = any free port
  host?: string; // only 127.0.0.1 is accepted
  clock?: Clock; // a fixed date (read once at start); default: hostBusinessDate() at each request
  actor?: Actor; // default: the OS user as staff (when staffAuth is off)
  /**
   * Require staff sign-in: calls run as the staff member of the X-Staff-Session token, or as 'anonymous' (public
   * channels only). `npm run web` turns it on unless given --no-auth; tests of other screens leave it off.
   */
  staffAuth?: boolean;
  staticDir?: string;
  /**
   * Run the day boundary (main/hosts/dayBoundary.ts): catch up at start, then check the business date once a
   * minute. Off by default so tests stay deterministic; `npm run web` turns it on unless given --date.
   */
  scheduler?: boolean;
  /** Import RADIUS accounting at start and once a minute (main/hosts/accountingImport.ts). Default: as `scheduler`. */
  accountingImport?: boolean;
  /** Send queued Disconnect-Requests (default true; the CLI's PDF printing only reads, so it leaves them to the app). */
  outbox?: boolean;
  /** holds long work between two steps (main/app/progress.ts setStepGate): browser tests see a step on screen */
  betweenSteps?: (kind: WorkKind) => Promise<void>;
  /** echo warnings and errors of the log (main/hosts/log.ts, next to the database) on stderr: `npm run web` does */
  echoLog?: boolean;
  /**
   * Where the back end runs (main/backend/local.ts): 'inline' in this thread (default: tests seed through `db`, the
   * same connection), 'worker' in its writer and reader threads as the app runs it (`npm run web`).
   */
  backend?: 'inline' | 'worker';
}

export interface WebHarness {
  url: string;
  port: number;
  /** inline: the back end's own connection; worker: a second connection to the file (WAL), for tests to seed and look */
  db: AppDb;
  backend: LocalBackend;
  /** settles when the start-up catch-up (with `scheduler`) has finished; the harness serves the app meanwhile */
  ready: Promise<void>;
  close(): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

const SECURITY_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
};

const fail = (code: AppErrorData['code'], message: string): Result<never> => ({ ok: false, error: { code, message } });

/** Every /rpc answer is an envelope with status 200: clients read `ok`, never the HTTP status. */
function sendJson(res: http.ServerResponse, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

function sendText(res: http.ServerResponse, status: number, text: string): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(text);
}

/** Reads the body up to MAX_BODY_BYTES; null when it is larger (the rest is discarded, the socket closed). */
function readBody(req: http.IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolveBody, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > MAX_BODY_BYTES) return resolveBody(null);
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        done = true;
        resolveBody(null);
      } else chunks.push(chunk);
    });
    req.on('end', () => !done && resolveBody(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Host and Origin must name this server: blocks DNS rebinding and other web pages posting to the loopback port. */
function sameOrigin(req: http.IncomingMessage, port: number): boolean {
  const allowed = [`${LOOPBACK}:${port}`, `localhost:${port}`];
  if (!allowed.includes(req.headers.host ?? '')) return false;
  const origin = req.headers.origin;
  return origin === undefined || allowed.some((a) => origin === `http://${a}`);
}

export async function startWebHarness(opts: WebHarnessOptions): Promise<WebHarness> {
  const host = opts.host ?? LOOPBACK;
  if (host !== LOOPBACK) throw new Error(`The web harness listens on ${LOOPBACK} only (refused host ${JSON.stringify(host)})`);
  const staticDir = resolve(opts.staticDir ?? DEFAULT_STATIC_DIR);
  // The back end opens the file with the same single-instance lock as the app (db/lock.ts): while the app, another
  // harness or a CLI restore holds it, it opens read-only (every write refused, no day run).
  const backend = await createLocalBackend(
    {
      dbFile: opts.dbFile,
      mode: opts.backend ?? 'inline',
      businessDate: opts.clock?.today(),
      staffAuth: Boolean(opts.staffAuth),
      ...(opts.actor ? { implicitStaff: opts.actor } : {}),
      timers: { dayBoundary: opts.scheduler, accountingImport: opts.accountingImport ?? opts.scheduler, outbox: opts.outbox !== false },
      echoLog: opts.echoLog,
      logScope: 'web',
    },
    { betweenSteps: opts.betweenSteps },
  );
  const db = backend.db ?? openDatabase(opts.dbFile);
  const closeBackend = () => backend.close().finally(() => backend.db || db.close());
  const hostLog = startHostLog({ dbFile: opts.dbFile, scope: 'web', echo: opts.echoLog });
  let port = 0;

  async function handleRpc(req: http.IncomingMessage, res: http.ServerResponse, channel: string): Promise<void> {
    if (req.method !== 'POST') return sendJson(res, fail('BAD_REQUEST', 'Use POST for /rpc'));
    if (!sameOrigin(req, port)) return sendJson(res, fail('FORBIDDEN', 'Cross-origin request refused'));
    // Requiring JSON makes any cross-site form/fetch a CORS preflight, which this server never approves.
    if (!/^application\/json\b/i.test(req.headers['content-type'] ?? ''))
      return sendJson(res, fail('BAD_REQUEST', 'Content-Type must be application/json'));
    const body = await readBody(req);
    if (body === null) {
      res.setHeader('Connection', 'close');
      return sendJson(res, fail('BAD_REQUEST', `Request body larger than ${MAX_BODY_BYTES} bytes`));
    }
    let input: unknown;
    try {
      input = body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
    } catch {
      return sendJson(res, fail('BAD_REQUEST', 'Request body is not valid JSON'));
    }
    const header = (name: string) => {
      const v = req.headers[name];
      return Array.isArray(v) ? v[0] : v;
    };
    // The back end resolves who calls from the tokens: a customer-portal tab's runs as that customer, never as staff.
    // The source of sign-in waits: on loopback every caller shares 127.0.0.1, so a stranger here slows down
    // sign-in here only — the app's windows and other harnesses are other sources.
    const staffToken = header(STAFF_SESSION_HEADER);
    const portalToken = header(PORTAL_SESSION_HEADER);
    const source = `web ${req.socket.remoteAddress ?? 'unknown'}`;
    sendJson(res, await backend.call({ channel, input, source, ...(staffToken !== undefined ? { staffToken } : {}), ...(portalToken !== undefined ? { portalToken } : {}) }));
  }

  function serveStatic(req: http.IncomingMessage, res: http.ServerResponse, pathname: string): void {
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'Method not allowed');
    let rel: string;
    try {
      rel = decodeURIComponent(pathname);
    } catch {
      return sendText(res, 400, 'Bad path');
    }
    if (rel.includes('\0') || rel.includes('\\')) return sendText(res, 400, 'Bad path');
    if (rel.endsWith('/')) rel += 'index.html';
    const file = resolve(staticDir, `.${rel}`);
    if (file !== staticDir && !file.startsWith(staticDir + sep)) return sendText(res, 403, 'Forbidden');
    let target = file;
    let st = statSync(target, { throwIfNoEntry: false });
    // Paths without an extension are app routes: answer with the app (single-page fallback).
    if (!st?.isFile() && extname(rel) === '') {
      target = resolve(staticDir, 'index.html');
      st = statSync(target, { throwIfNoEntry: false });
    }
    if (!st?.isFile()) return sendText(res, 404, st || extname(rel) ? 'Not found' : 'Not found (run `npm run build` first)');
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': CONTENT_TYPES[extname(target).toLowerCase()] ?? 'application/octet-stream',
      'Content-Length': st.size,
    });
    if (req.method === 'HEAD') return void res.end();
    createReadStream(target).on('error', () => res.destroy()).pipe(res);
  }

  const server = http.createServer((req, res) => {
    void (async () => {
      const { pathname } = new URL(req.url ?? '/', 'http://x');
      if (pathname.startsWith('/rpc/')) await handleRpc(req, res, pathname.slice('/rpc/'.length));
      else serveStatic(req, res, pathname);
    })().catch((err: unknown) => {
      // Never crash the harness: a failure becomes a coded INTERNAL envelope (or a dropped connection).
      if (!res.headersSent) sendJson(res, fail('INTERNAL', err instanceof Error ? err.message : String(err)));
      else res.destroy();
    });
  });
  server.on('clientError', (_err, socket) => socket.destroy());
  server.keepAliveTimeout = 1000; // let close() finish promptly in tests

  try {
    await new Promise<void>((ok, ko) => {
      server.once('error', ko);
      server.listen(opts.port, host, () => ok());
    });
  } catch (err) {
    await closeBackend();
    throw err;
  }
  const address = server.address() as AddressInfo;
  if (address.address !== LOOPBACK) {
    server.close();
    await closeBackend();
    throw new Error(`web harness bound to ${address.address}, expected ${LOOPBACK}`);
  }
  port = address.port;
  hostLog.info(`web harness on ${LOOPBACK}:${port} for ${opts.dbFile}${backend.readOnly ? ' (read-only)' : ''}`);
  return {
    url: `http://${LOOPBACK}:${port}/`,
    port,
    db,
    backend,
    ready: backend.ready,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => void closeBackend().finally(ok));
      }),
  };
}

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: { db: { type: 'string' }, port: { type: 'string', default: '5180' }, host: { type: 'string' }, date: { type: 'string' }, 'no-auth': { type: 'boolean' } },
  });
  if (!values.db) throw new Error('usage: npm run web -- --db FILE [--port N] [--date YYYY-MM-DD] [--no-auth]');
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port ${values.port} is not a port number`);
  const harness = await startWebHarness({
    dbFile: values.db,
    port,
    host: values.host,
    clock: values.date ? fixedClock(parseBusinessDate(values.date)) : undefined,
    // A fixed --date is a test or a demonstration: days run only when asked (days.runUntil / the training clock).
    scheduler: !values.date,
    staffAuth: !values['no-auth'],
    echoLog: true,
    backend: 'worker',
  });
  console.log(`ISP Back Office web harness: ${harness.url}`);
  if (harness.backend.readOnly)
    console.log(`The database is in use by process ${harness.backend.heldBy}: opened read-only (every change is refused until that process closes it).`);
  const stop = () => void harness.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(2);
  });
}
