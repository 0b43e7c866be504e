import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import type { Backend } from '../backend/types';
import type { AuthStatus } from '../contract/auth';
import type { Result } from '../contract/errors';
import { DEFAULT_OFFICE_PORT, OFFICE_SERVING_CALLS, officeServingStartInput, type OfficeServingCall, type OfficeServingStartInput, type OfficeServingStatus } from '../contract/officeServing';
import { startOfficeServer, type OfficeServer } from '../hosts/office/server';

// "Serve this database to the office" in the desktop app: the office server started in the app's own process over
// the app's back end (the same server as `npm run serve`, TLS and sign-in always on). Administrators only. Main
// answers these host calls before dispatch (main/index.ts); the server stops when the app quits.

export interface OfficeServing {
  /** `caller`: the staff session of the asking window (the back end says who it is) */
  handle(call: OfficeServingCall, input: unknown, caller: { staffToken?: string; source: string }): Promise<Result<OfficeServingStatus>>;
  /** the app closes: the server stops, and serving stays remembered for the next start */
  stop(): Promise<void>;
  /** at start: serves again where the app served when it closed (an administrator's choice until one stops it) */
  resume(): Promise<Result<OfficeServingStatus>>;
}

/**
 * Where the app served when it last closed ({ host, port }), a file beside the seat file. Read at start, validated
 * like the section's own input: a file edited by hand or half written is ignored (and said so), never trusted.
 */
function readRemembered(file: string): { ok: true; value: OfficeServingStartInput | null } | { ok: false; problem: string } {
  if (!existsSync(file)) return { ok: true, value: null };
  try {
    const parsed = officeServingStartInput.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? { ok: true, value: parsed.data } : { ok: false, problem: `${file} is not an office-server address and port: start serving again in Config → System` };
  } catch {
    return { ok: false, problem: `${file} could not be read: start serving again in Config → System` };
  }
}

/** The file that remembers where the app serves the office, in the app's user data folder. */
export const rememberedServingFile = (userDataDir: string) => join(userDataDir, 'office-serving.json');

/** This computer's LAN addresses (IPv4, not loopback): what seats can reach. */
export function lanAddresses(): string[] {
  return Object.values(os.networkInterfaces())
    .flatMap((list) => list ?? [])
    .filter((i) => i.family === 'IPv4' && !i.internal)
    .map((i) => i.address);
}

export function createOfficeServing(opts: {
  backend: () => Promise<Backend | undefined> | Backend | undefined;
  dbFile: string;
  staticDir: string;
  version: string;
  /** why this workstation cannot serve now (a seat of another office server, a read-only backup copy), or null */
  refusal?: () => string | null;
  /** where serving is remembered across restarts (rememberedServingFile(userData)); none: not remembered */
  rememberFile?: string;
}): OfficeServing {
  let running: { server: OfficeServer; since: string } | null = null;
  let resumeProblem: string | undefined;
  const remember = (where: OfficeServingStartInput | null) => {
    if (!opts.rememberFile) return;
    if (where === null) rmSync(opts.rememberFile, { force: true });
    else writeFileSync(opts.rememberFile, `${JSON.stringify(where)}\n`);
  };
  const status = (): OfficeServingStatus => ({
    serving: running
      ? { url: running.server.url, host: running.server.host, port: running.server.port, fingerprint: running.server.fingerprint ?? '', name: os.hostname(), since: running.since }
      : null,
    addresses: lanAddresses(),
    defaultPort: DEFAULT_OFFICE_PORT,
    ...(resumeProblem && !running ? { resumeProblem } : {}),
  });
  /** Starts the server over `backend` at `where`; a refusal in words (a port in use, an address that is gone). */
  const start = async (backend: Backend, where: OfficeServingStartInput): Promise<Result<OfficeServingStatus>> => {
    await stop();
    try {
      const server = await startOfficeServer({ backend, dbFile: opts.dbFile, host: where.host, port: where.port, staticDir: opts.staticDir, version: opts.version });
      running = { server, since: new Date().toISOString() };
      resumeProblem = undefined;
      // the port the server got (the one seats were given), not 0 when any port was asked
      remember({ host: where.host, port: server.port });
      return { ok: true, data: status() };
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      const message =
        e.code === 'EADDRINUSE'
          ? `Port ${where.port} is in use on ${where.host}: choose another port`
          : e.code === 'EADDRNOTAVAIL'
            ? `${where.host} is not an address of this computer: choose one of ${lanAddresses().join(', ') || 'its network addresses'}`
            : `The office server did not start: ${e.message}`;
      return { ok: false, error: { code: 'REFUSED', message } };
    }
  };
  const stop = async () => {
    const r = running;
    running = null;
    await r?.server.close();
  };
  return {
    stop,
    async resume() {
      const remembered = opts.rememberFile ? readRemembered(opts.rememberFile) : ({ ok: true, value: null } as const);
      if (!remembered.ok) {
        resumeProblem = remembered.problem;
        return { ok: false, error: { code: 'REFUSED', message: remembered.problem } };
      }
      const backend = await opts.backend();
      if (!remembered.value || !backend) return { ok: true, data: status() };
      const refusal = opts.refusal?.();
      const res = refusal ? ({ ok: false, error: { code: 'REFUSED', message: refusal } } as const) : await start(backend, remembered.value);
      if (!res.ok) resumeProblem = `Serving the office at ${remembered.value.host}:${remembered.value.port} did not resume: ${res.error.message}`;
      return res;
    },
    async handle(call, input, caller) {
      const backend = await opts.backend();
      if (!backend) return { ok: false, error: { code: 'INTERNAL', message: 'The database is not open' } };
      const who = caller.staffToken === undefined ? null : await backend.call({ channel: 'auth.status', input: {}, staffToken: caller.staffToken, source: caller.source });
      if (!who?.ok || (who.data as AuthStatus).signedIn?.role !== 'administrator')
        return { ok: false, error: { code: 'FORBIDDEN', message: 'Only an administrator may serve this database to the office' } };
      if (call === OFFICE_SERVING_CALLS.status) return { ok: true, data: status() };
      if (call === OFFICE_SERVING_CALLS.stop) {
        await stop();
        remember(null); // stopped by an administrator: not served at the next start either
        resumeProblem = undefined;
        return { ok: true, data: status() };
      }
      const refusal = opts.refusal?.();
      if (refusal) return { ok: false, error: { code: 'REFUSED', message: refusal } };
      const parsed = officeServingStartInput.safeParse(input);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const field = String(issue?.path[0] ?? 'host');
        return { ok: false, error: { code: 'VALIDATION', message: `${field === 'port' ? 'Port' : 'Address'}: ${issue?.message ?? 'not accepted'}`, fields: { [field]: issue?.message ?? 'not accepted' } } };
      }
      return start(backend, parsed.data);
    },
  };
}
