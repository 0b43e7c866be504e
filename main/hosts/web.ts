import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase, type AppDb } from '../../db/open';
import type { Actor, Clock } from '../app/context';
import { fixedClock } from '../app/context';
import type { WorkKind } from '../contract/system';
import { createLocalBackend, type LocalBackend } from '../backend/local';
import { parseBusinessDate } from './boundary';
import { startHostLog } from './log';
import { runWhenMain } from './runMain';
import { startOfficeServer } from './office/server';

// The browser harness: the built renderer plus POST /rpc/<channel> (and GET /events, /hello) on 127.0.0.1, so the
// real UI runs in a plain browser (Playwright, manual testing) against a real database file. It is the office server
// (main/hosts/office/) on loopback with plain HTTP — one piece of code answers both — and may run without sign-in.

export const LOOPBACK = '127.0.0.1';
export { MAX_BODY_BYTES, PORTAL_SESSION_HEADER, STAFF_SESSION_HEADER } from './office/http';
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
  /** how long the start took (ms): the back end opening the file, then the HTTP server (bench/startup.ts reports them) */
  started: { backendMs: number; serverMs: number };
  close(): Promise<void>;
}

export async function startWebHarness(opts: WebHarnessOptions): Promise<WebHarness> {
  const host = opts.host ?? LOOPBACK;
  if (host !== LOOPBACK) throw new Error(`The web harness listens on ${LOOPBACK} only (refused host ${JSON.stringify(host)})`);
  // The back end opens the file with the same single-instance lock as the app (db/lock.ts): while the app, another
  // harness or a CLI restore holds it, it opens read-only (every write refused, no day run).
  const t0 = performance.now();
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
  const t1 = performance.now();
  const db = backend.db ?? openDatabase(opts.dbFile);
  const closeBackend = () => backend.close().finally(() => backend.db || db.close());
  let server;
  try {
    // Without sign-in (tests, --no-auth) every call runs as the OS user: loopback only, the office server refuses it elsewhere.
    server = await startOfficeServer({ backend, dbFile: opts.dbFile, host: LOOPBACK, port: opts.port, tls: false, auth: Boolean(opts.staffAuth), staticDir: opts.staticDir ?? DEFAULT_STATIC_DIR });
  } catch (err) {
    await closeBackend();
    throw err;
  }
  const started = { backendMs: t1 - t0, serverMs: performance.now() - t1 };
  const hostLog = startHostLog({ dbFile: opts.dbFile, scope: 'web', echo: opts.echoLog });
  hostLog.info(`web harness on ${LOOPBACK}:${server.port} for ${opts.dbFile}${backend.readOnly ? ' (read-only)' : ''}`);
  const running = server;
  return {
    url: running.url,
    port: running.port,
    db,
    backend,
    ready: backend.ready,
    started,
    async close() {
      await running.close();
      await closeBackend();
    },
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

runWhenMain(import.meta.url, main);
