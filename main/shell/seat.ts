import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRemoteBackend, probeOfficeServer, type RemoteBackend, type RemoteBackendOptions } from '../backend/remote';
import type { Backend, BackendEvent, CallRequest } from '../backend/types';
import type { Result } from '../contract/errors';
import { isSeatCall, SEAT_CALLS, seatConnectInput, seatProbeInput, type SeatProbe, type SeatStatus } from '../contract/seat';
import { BACKUP_COPY_NAME, backupCopyInfo, openBackupCopy, type KnownStaff } from './seatBackup';
import { readSeatFile, writeSeatFile, type SeatConfig } from './seatConfig';
import { pendingUpgrade } from '../../db/open';

// The seat (issue 20 item 4): what a host (Electron main, the browser harness) puts between its windows and the back
// end. It reads the seat file and gives the host the back end to call — the local database the host opens as today,
// or the office server (createRemoteBackend) — and answers the window's host calls (SEAT_CALLS): the first-start
// choice, the probe and confirmation of an office server, the offline banner's state and the read-only backup copy.
// A seat on an office server opens no database file and runs no timers: the server does the day runs.

export interface SeatHostOptions {
  /** the seat file (seatFileOf(userData)) */
  configFile: string;
  /** the folder of the seat's own files (the backup copy); default: the seat file's folder */
  dataDir?: string;
  /**
   * There is already a database on this computer (an installation from before seats): without a seat file it is used,
   * as before, instead of asking.
   */
  localDatabaseExists?: boolean;
  /**
   * opens this computer's database the way the host always has (day runs, backups, outbox), telling `onUpgrade` how
   * an upgrade of the file to this build's schema goes on
   */
  openLocal: (onUpgrade: (progress: NonNullable<SeatStatus['upgrading']>) => void) => Backend | Promise<Backend>;
  /** this computer's database file: looked at (read-only) for a pending upgrade before it is opened */
  localDatabaseFile?: string;
  /** tests: shorter waits */
  remote?: Pick<RemoteBackendOptions, 'connectTimeoutMs' | 'answerTimeoutMs' | 'retry'>;
  /** how often the backup copy is refreshed (default daily) */
  backupCopyEveryMs?: number;
  onError?: (what: string, err: unknown) => void;
}

/**
 * A Backend for the host: `call` answers the host calls of SEAT_CALLS itself and sends every channel to the back end
 * in use (refused while nothing is chosen); `subscribe` hears the back end's events and the seat's `connection`.
 */
export interface SeatHost extends Backend {
  status(): SeatStatus;
  /** answers a host call of SEAT_CALLS */
  hostCall(name: string, input: unknown): Promise<Result<unknown>>;
  /** settles when the back end chosen at start is open (a local database opens asynchronously) */
  ready: Promise<void>;
}

const COPY_RETRY_MS = 5 * 60_000;

const refuse = (code: 'VALIDATION' | 'REFUSED', message: string, fields?: Record<string, string>): Result<never> => ({ ok: false, error: { code, message, fields } });

export function startSeat(opts: SeatHostOptions): SeatHost {
  const dataDir = opts.dataDir ?? dirname(opts.configFile);
  const copyFile = join(dataDir, BACKUP_COPY_NAME);
  const listeners = new Set<(e: BackendEvent) => void>();
  /** staff sessions the office server confirmed, with their member: the backup copy reads as them */
  const knownStaff = new Map<string, KnownStaff>();
  let problem: string | undefined;
  let config: SeatConfig | null = null;
  let local: Promise<Backend> | null = null;
  let remote: RemoteBackend | null = null;
  let copy: Backend | null = null;
  /** the local database's upgrade while it runs (null: none, or done) */
  let upgrading: SeatStatus['upgrading'] | null = null;
  let unsubscribe: (() => void) | null = null;
  let copyTimer: ReturnType<typeof setInterval> | null = null;
  let copying: Promise<void> | null = null;
  let lastCopyOk = 0;
  /** when a copy was last tried for a session ('' = at connect) */
  const copyTried = new Map<string, number>();

  const emit = (e: BackendEvent) => {
    for (const fn of listeners)
      try {
        fn(e);
      } catch {
        // one window that cannot be told does not stop the others
      }
  };

  let file = readSeatFile(opts.configFile);
  if (file.state === 'unset' && opts.localDatabaseExists) {
    writeSeatFile(opts.configFile, { use: 'local' });
    file = { state: 'ok', config: { use: 'local' } };
  }
  if (file.state === 'broken') problem = file.problem;
  if (file.state === 'ok') void use(file.config);

  function use(next: SeatConfig): Promise<void> {
    config = next;
    if (next.use === 'local') {
      // Known before the back end starts (its thread takes a moment to load): the window's first question already
      // hears that this start upgrades the file, and waits with that on screen instead of an empty page.
      const pending = opts.localDatabaseFile ? pendingUpgrade(opts.localDatabaseFile) : null;
      upgrading = pending ? { ...pending, phase: 'starting', step: 0, steps: pending.to - pending.from } : null;
      const opened = (async () => opts.openLocal((p) => (upgrading = p)))();
      local = opened;
      return opened.then(
        (b) => {
          upgrading = null;
          if (local === opened) unsubscribe = b.subscribe(emit);
        },
        (err: unknown) => {
          upgrading = null;
          throw err;
        },
      );
    }
    remote = createRemoteBackend({ url: next.url, fingerprint: next.fingerprint, ...opts.remote });
    unsubscribe = remote.subscribe((e) => {
      emit(e);
      if (e.kind === 'connection' && e.state === 'online') void refreshCopy(false);
    });
    // The backup copy: at connect (as soon as someone who may read backups signed in) and then daily.
    copyTimer = setInterval(() => void refreshCopy(true), opts.backupCopyEveryMs ?? 24 * 60 * 60_000);
    copyTimer.unref?.();
    return Promise.resolve();
  }

  /** Downloads the server's latest backup; `due`: the timer asks for a new one even if this run already has one. */
  function refreshCopy(due: boolean, session = ''): Promise<void> {
    if (!remote || copying || (!due && lastCopyOk > 0)) return copying ?? Promise.resolve();
    // asked at every sign-in and session check: for the same session a refused or failed copy is tried again a few
    // minutes later, not at every check (a new sign-in tries at once)
    if (!due && Date.now() - (copyTried.get(session) ?? 0) < COPY_RETRY_MS) return Promise.resolve();
    copyTried.set(session, Date.now());
    const r = remote;
    copying = (async () => {
      mkdirSync(dataDir, { recursive: true });
      const res = await r.downloadLatestBackup(copyFile);
      if (res.ok) lastCopyOk = Date.now();
      else if (res.error.code !== 'FORBIDDEN') opts.onError?.('backup copy', res.error.message);
    })().finally(() => {
      copying = null;
    });
    return copying;
  }

  /** What the office server said about a session: kept so the backup copy can read as that member. */
  function learn(req: CallRequest, res: Result<unknown>): void {
    if (!res.ok) return;
    if (req.channel === 'auth.signIn' || req.channel === 'auth.setup') {
      const s = res.data as { token: string; name: string; role: KnownStaff['role'] };
      knownStaff.set(s.token, { name: s.name, role: s.role });
      void refreshCopy(false, s.token);
    } else if (req.channel === 'auth.status' && req.staffToken) {
      const s = (res.data as { signedIn: KnownStaff | null }).signedIn;
      if (s) knownStaff.set(req.staffToken, { name: s.name, role: s.role });
      void refreshCopy(false, req.staffToken);
    } else if (req.channel === 'auth.signOut' && req.staffToken) knownStaff.delete(req.staffToken);
  }

  function status(): SeatStatus {
    if (!config) return { mode: 'choose', ...(problem ? { problem } : {}) };
    if (config.use === 'local') return { mode: 'local', ...(upgrading ? { upgrading } : {}) };
    const c = remote!.connection();
    return {
      mode: copy ? 'backup' : 'office',
      server: { url: config.url, name: config.name, fingerprint: config.fingerprint },
      connection: { state: c.state, message: c.message },
      backupCopy: backupCopyInfo(copyFile),
    };
  }

  /** A host call never throws: a file that cannot be written is answered in words. */
  async function hostCall(name: string, input: unknown): Promise<Result<unknown>> {
    try {
      return await answerHostCall(name, input);
    } catch (err) {
      return { ok: false, error: { code: 'INTERNAL', message: `The seat settings could not be saved: ${err instanceof Error ? err.message : String(err)}` } };
    }
  }

  async function answerHostCall(name: string, input: unknown): Promise<Result<unknown>> {
    switch (name) {
      case SEAT_CALLS.status:
        return { ok: true, data: status() };
      case SEAT_CALLS.probe: {
        if (config?.use === 'local') return refuse('REFUSED', 'This workstation uses a database on this computer');
        const parsed = seatProbeInput.safeParse(input);
        if (!parsed.success) return refuse('VALIDATION', 'The office server address is required', { address: 'is required' });
        const res = await probeOfficeServer(parsed.data.address, { timeoutMs: opts.remote?.connectTimeoutMs });
        if (!res.ok) return res;
        const probe: SeatProbe = { url: res.data.url, fingerprint: res.data.fingerprint, name: res.data.hello.name, version: res.data.hello.version };
        return { ok: true, data: probe };
      }
      case SEAT_CALLS.connect: {
        // Not from a seat on its own database: that would leave the local file open beside the server's data.
        if (config?.use === 'local') return refuse('REFUSED', 'This workstation uses a database on this computer');
        const parsed = seatConnectInput.safeParse(input);
        if (!parsed.success) return refuse('VALIDATION', 'Probe the office server first');
        // Looked at again: the person confirmed THIS fingerprint; the server must still show it.
        const res = await probeOfficeServer(parsed.data.url, { timeoutMs: opts.remote?.connectTimeoutMs });
        if (!res.ok) return res;
        if (res.data.fingerprint !== parsed.data.fingerprint)
          return { ok: false, error: { code: 'CERTIFICATE_CHANGED', message: 'The office server now shows another certificate than the one you confirmed: probe it again and compare.' } };
        const next: SeatConfig = { use: 'office', url: res.data.url, fingerprint: res.data.fingerprint, name: res.data.hello.name, confirmedAt: new Date().toISOString() };
        writeSeatFile(opts.configFile, next);
        await stopBackends();
        problem = undefined;
        await use(next);
        return { ok: true, data: status() };
      }
      case SEAT_CALLS.useLocal: {
        if (config) return refuse('REFUSED', 'This workstation has already chosen where its data is');
        const next: SeatConfig = { use: 'local' };
        writeSeatFile(opts.configFile, next);
        problem = undefined;
        try {
          await use(next);
        } catch (err) {
          return { ok: false, error: { code: 'INTERNAL', message: `The database on this computer could not be opened: ${err instanceof Error ? err.message : String(err)}` } };
        }
        return { ok: true, data: status() };
      }
      case SEAT_CALLS.openBackup: {
        if (config?.use !== 'office') return refuse('REFUSED', 'Only a seat of an office server keeps a backup copy');
        if (!copy) {
          if (!backupCopyInfo(copyFile)) return refuse('REFUSED', 'This seat has no copy of a backup yet: an administrator or finance member signs in while the office server answers, and the seat downloads one');
          try {
            copy = openBackupCopy(copyFile, (token) => knownStaff.get(token));
          } catch (err) {
            return refuse('REFUSED', `The backup copy cannot be opened: ${err instanceof Error ? err.message : String(err)}`);
          }
        }
        emit({ kind: 'changed', areas: ['customers', 'services', 'plans', 'billing', 'tickets', 'network', 'settings', 'staff', 'days', 'backups', 'imports'] });
        return { ok: true, data: status() };
      }
      case SEAT_CALLS.closeBackup: {
        const open = copy;
        copy = null;
        await open?.close();
        return { ok: true, data: status() };
      }
      default:
        return { ok: false, error: { code: 'UNKNOWN_CHANNEL', message: `Unknown host call: ${name.slice(0, 100)}` } };
    }
  }

  async function stopBackends(): Promise<void> {
    unsubscribe?.();
    unsubscribe = null;
    if (copyTimer) clearInterval(copyTimer);
    copyTimer = null;
    const open = [copy, remote, await local?.catch(() => null)];
    copy = remote = null;
    local = null;
    await Promise.all(open.map((b) => b?.close()));
  }

  const opening = local as Promise<Backend> | null; // set by use() above when the seat file says "local"
  const ready = (opening ? opening.then(() => undefined) : Promise.resolve()).catch((err: unknown) => opts.onError?.('opening the database', err));
  return {
    status,
    ready,
    async call(req) {
      if (isSeatCall(req.channel)) return hostCall(req.channel, req.input);
      if (copy) return copy.call(req);
      const backend = (await local?.catch(() => null)) ?? remote;
      if (!backend)
        return { ok: false, error: { code: 'REFUSED', message: 'Choose first where this workstation’s data is (a database on this computer or an office server)' } };
      const res = await backend.call(req);
      if (remote) learn(req, res);
      return res;
    },
    hostCall,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      await copying?.catch(() => undefined);
      await stopBackends();
      listeners.clear();
    },
  };
}
