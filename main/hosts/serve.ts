import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_OFFICE_PORT } from '../contract/officeServing';
import { createLocalBackend, type LocalBackend } from '../backend/local';
import { parseBusinessDate } from './boundary';
import { startHostLog } from './log';
import { runWhenMain } from './runMain';
import { refusalOf, startOfficeServer, OfficeServerRefusal, type OfficeServer, type OfficeServerOptions } from './office/server';

// `npm run serve -- --db FILE --host ADDR --port N`: this computer holds the database and serves it to the office's
// other PCs (seats) over HTTPS. It runs what the app runs on its file — the day boundary, the network outbox, the
// accounting import, the daily backup — so the seats never open the file themselves.

export const SERVE_USAGE =
  'usage: npm run serve -- --db FILE --host ADDRESS [--port N] [--name "Office name"] [--regenerate-certificate] [--date YYYY-MM-DD] [--no-tls] [--no-auth]\n' +
  '  --host: a LAN address of this computer (192.168.1.5), 0.0.0.0 for all, or 127.0.0.1\n' +
  '  --no-tls and --no-auth are accepted on loopback (127.0.0.1, ::1, localhost) only';


export interface ServeOptions extends Omit<OfficeServerOptions, 'backend'> {
  /** a fixed business date (tests, --date); default: the wall clock (or a demo database's date) at each call */
  businessDate?: string;
  /** run the day boundary and the accounting import (default true; a fixed --date leaves days to days.runUntil) */
  scheduler?: boolean;
  /** where the back end runs: 'worker' threads (npm run serve) or 'inline' (tests reach the database through it) */
  mode?: 'inline' | 'worker';
  echoLog?: boolean;
}

export interface ServedDatabase {
  server: OfficeServer;
  backend: LocalBackend;
  close(): Promise<void>;
}

/** Opens the database file with its timers and serves it (the CLI's whole job; tests call it in-process). */
export async function serveDatabase(opts: ServeOptions): Promise<ServedDatabase> {
  const refusal = refusalOf(opts);
  if (refusal) throw new OfficeServerRefusal(refusal); // before the file is touched
  // The back end owns the file and runs what the app runs on it: day boundary, outbox, accounting import, daily backup.
  const backend = await createLocalBackend({
    dbFile: opts.dbFile,
    mode: opts.mode ?? 'worker',
    businessDate: opts.businessDate,
    // --no-auth (loopback only, refused elsewhere above): calls without a session run as the OS user, as in the harness.
    staffAuth: opts.auth !== false,
    timers: { dayBoundary: opts.scheduler ?? true, accountingImport: opts.scheduler ?? true, outbox: true, backups: true },
    echoLog: opts.echoLog,
    logScope: 'serve',
  });
  if (backend.readOnly) {
    const holder = backend.heldBy;
    await backend.close();
    throw new OfficeServerRefusal(`The database ${opts.dbFile} is in use by process ${holder} (the app or another server): close it first — only one process may write the file.`);
  }
  let server: OfficeServer;
  try {
    server = await startOfficeServer({ ...opts, backend });
  } catch (err) {
    await backend.close();
    throw err;
  }
  startHostLog({ dbFile: opts.dbFile, scope: 'serve', echo: opts.echoLog }).info(
    `office server on ${server.url} for ${opts.dbFile}${server.fingerprint ? `, certificate ${server.fingerprint}` : ', plain HTTP (loopback)'}`,
  );
  return {
    server,
    backend,
    async close() {
      await server.close();
      await backend.close();
    },
  };
}

export function parseServeArgs(argv: string[]): ServeOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      db: { type: 'string' },
      host: { type: 'string' },
      port: { type: 'string', default: String(DEFAULT_OFFICE_PORT) },
      name: { type: 'string' },
      date: { type: 'string' },
      'regenerate-certificate': { type: 'boolean' },
      'no-tls': { type: 'boolean' },
      'no-auth': { type: 'boolean' },
    },
  });
  if (!values.db || !values.host) throw new OfficeServerRefusal(SERVE_USAGE);
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new OfficeServerRefusal(`--port ${values.port} is not a port number`);
  return {
    dbFile: resolve(values.db),
    host: values.host,
    port,
    name: values.name,
    tls: !values['no-tls'],
    auth: !values['no-auth'],
    regenerateCertificate: values['regenerate-certificate'],
    businessDate: values.date ? parseBusinessDate(values.date) : undefined,
    // A fixed --date is a test or a demonstration: days run only when asked.
    scheduler: !values.date,
    echoLog: true,
  };
}

async function main(argv: string[]): Promise<void> {
  const served = await serveDatabase(parseServeArgs(argv));
  const { server } = served;
  console.log(`ISP Back Office office server: ${server.url}`);
  if (server.fingerprint) {
    console.log(`Certificate fingerprint (SHA-256): ${server.fingerprint}`);
    console.log(`  ${server.certificateCreated ? 'made now' : 'kept'} in ${server.certificateFile}; each seat confirms this fingerprint when it first connects.`);
  }
  const stop = () => void served.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

runWhenMain(import.meta.url, main);
