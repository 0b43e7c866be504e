import { dirname, resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { defaultDatabasePath } from '../../db/open';
import { createLocalBackend } from '../backend/local';
import type { RemoteBackendOptions } from '../backend/remote';
import { startSeat, type SeatHost } from '../shell/seat';
import { startOfficeServer } from './office/server';

// A seat in the browser (issue 20 item 4): what Electron main is for a seat — the seat file, the first-start choice,
// the office server reached through createRemoteBackend, the offline banner's state and the backup copy — served on
// loopback like the web harness (the office server's HTTP app, plain HTTP, sign-in on), so the real renderer runs in
// Playwright against it. The window's host calls (host.seat.*) arrive as /rpc calls and are answered by the seat.

export const SEAT_LOOPBACK = '127.0.0.1';
const DEFAULT_STATIC_DIR = resolve(import.meta.dirname, '../../out/renderer');

export interface SeatHarnessOptions {
  /** the seat file; the seat's own files (backup copy, a local database) go beside it */
  configFile: string;
  port: number; // 0 = any free port
  staticDir?: string;
  /** a local database's fixed business date (tests) */
  businessDate?: string;
  /** the local database's back end: inline (default) or in worker threads as the app runs it */
  mode?: 'inline' | 'worker';
  /** tests: the local database opens only once this settles (a browser test sees the start-up screens) */
  holdOpen?: Promise<unknown>;
  /** tests: shorter waits of the remote back end */
  remote?: Pick<RemoteBackendOptions, 'connectTimeoutMs' | 'answerTimeoutMs' | 'retry'>;
}

export interface SeatHarness {
  url: string;
  port: number;
  seat: SeatHost;
  close(): Promise<void>;
}

export async function startSeatHarness(opts: SeatHarnessOptions): Promise<SeatHarness> {
  const dbFile = defaultDatabasePath(dirname(resolve(opts.configFile)));
  const seat = startSeat({
    configFile: opts.configFile,
    localDatabaseExists: existsSync(dbFile),
    remote: opts.remote,
    // "a database on this computer" in the browser: what `npm run web` opens, with sign-in
    localDatabaseFile: dbFile,
    openLocal: async (onUpgrade) => {
      await opts.holdOpen;
      return createLocalBackend({ dbFile, mode: opts.mode ?? 'inline', staffAuth: true, businessDate: opts.businessDate, logScope: 'web' }, { onUpgrade });
    },
  });
  let server;
  try {
    server = await startOfficeServer({ backend: seat, dbFile, host: SEAT_LOOPBACK, port: opts.port, tls: false, auth: true, staticDir: opts.staticDir ?? DEFAULT_STATIC_DIR });
  } catch (err) {
    await seat.close();
    throw err;
  }
  const running = server;
  return {
    url: running.url,
    port: running.port,
    seat,
    async close() {
      await running.close();
      await seat.close();
    },
  };
}
