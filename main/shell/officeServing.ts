import os from 'node:os';
import type { Backend } from '../backend/types';
import type { AuthStatus } from '../contract/auth';
import type { Result } from '../contract/errors';
import { DEFAULT_OFFICE_PORT, OFFICE_SERVING_CALLS, officeServingStartInput, type OfficeServingCall, type OfficeServingStatus } from '../contract/officeServing';
import { startOfficeServer, type OfficeServer } from '../hosts/office/server';

// "Serve this database to the office" in the desktop app: the office server started in the app's own process over
// the app's back end (the same server as `npm run serve`, TLS and sign-in always on). Administrators only. Main
// answers these host calls before dispatch (main/index.ts); the server stops when the app quits.

export interface OfficeServing {
  /** `caller`: the staff session of the asking window (the back end says who it is) */
  handle(call: OfficeServingCall, input: unknown, caller: { staffToken?: string; source: string }): Promise<Result<OfficeServingStatus>>;
  stop(): Promise<void>;
}

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
}): OfficeServing {
  let running: { server: OfficeServer; since: string } | null = null;
  const status = (): OfficeServingStatus => ({
    serving: running
      ? { url: running.server.url, host: running.server.host, port: running.server.port, fingerprint: running.server.fingerprint ?? '', name: os.hostname(), since: running.since }
      : null,
    addresses: lanAddresses(),
    defaultPort: DEFAULT_OFFICE_PORT,
  });
  const stop = async () => {
    const r = running;
    running = null;
    await r?.server.close();
  };
  return {
    stop,
    async handle(call, input, caller) {
      const backend = await opts.backend();
      if (!backend) return { ok: false, error: { code: 'INTERNAL', message: 'The database is not open' } };
      const who = caller.staffToken === undefined ? null : await backend.call({ channel: 'auth.status', input: {}, staffToken: caller.staffToken, source: caller.source });
      if (!who?.ok || (who.data as AuthStatus).signedIn?.role !== 'administrator')
        return { ok: false, error: { code: 'FORBIDDEN', message: 'Only an administrator may serve this database to the office' } };
      if (call === OFFICE_SERVING_CALLS.status) return { ok: true, data: status() };
      if (call === OFFICE_SERVING_CALLS.stop) {
        await stop();
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
      await stop();
      try {
        const server = await startOfficeServer({ backend, dbFile: opts.dbFile, host: parsed.data.host, port: parsed.data.port, staticDir: opts.staticDir, version: opts.version });
        running = { server, since: new Date().toISOString() };
        return { ok: true, data: status() };
      } catch (err) {
        const e = err as NodeJS.ErrnoException;
        const message =
          e.code === 'EADDRINUSE'
            ? `Port ${parsed.data.port} is in use on ${parsed.data.host}: choose another port`
            : e.code === 'EADDRNOTAVAIL'
              ? `${parsed.data.host} is not an address of this computer: choose one of ${lanAddresses().join(', ') || 'its network addresses'}`
              : `The office server did not start: ${e.message}`;
        return { ok: false, error: { code: 'REFUSED', message } };
      }
    },
  };
}
