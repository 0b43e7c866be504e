import { existsSync, unlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { AppDb, UpgradeProgress } from '../../db/open';
import { lockFileOf, lockHolder } from '../../db/lock';
import { setStepGate } from '../app/progress';
import { contract } from '../contract';
import type { Result } from '../contract/errors';
import type { ProgressRecord, WorkKind } from '../contract/system';
import { startHostLog, type HostLog } from '../hosts/log';
import { openWriter, wroteOnReader, type LocalBackendOptions } from './localCore';
import type { Backend, BackendEvent, CallRequest } from './types';
import type { FromWorker, ToWorker, WorkerData } from './workerProtocol';

export type { LocalBackendOptions } from './localCore';

// The back end of a database file on this machine (issue 20 item 1), behind the one `Backend` interface.
// inline: dispatch in the calling thread (tests, the CLI's printing). worker: a WRITER worker thread owns the file
// (instance lock, day boundary, backups, outbox, accounting import) and runs every write; a READER worker thread
// answers read-only channels on its own connection, so a search answers while a billing day runs in the writer.
// Progress records and change announcements of the writer are posted the moment they happen; `system.progress` is
// answered from the latest records by the reader, so it answers while the writer is busy.

export interface LocalBackendHooks {
  /** holds long work between two steps (tests: a browser test sees a step on screen, then lets it go) */
  betweenSteps?: (kind: WorkKind) => Promise<void>;
  /** an existing file is being upgraded to this build's schema (worker mode: heard while the writer works) */
  onUpgrade?: (progress: UpgradeProgress) => void;
}

export interface LocalBackend extends Backend {
  mode: 'inline' | 'worker';
  /** the file is open read-only: another process holds its instance lock */
  readOnly: boolean;
  heldBy?: number;
  /** settles when the start-up catch-up has finished (hosts serve meanwhile: the window shows its progress) */
  ready: Promise<void>;
  /** inline only: the connection the back end uses (tests seed through it) */
  db?: AppDb;
  /** worker only: the threads (tests end one to see a crash answered, never hung) */
  threads?: { writer: Worker; reader: Worker };
}

const stopped = (why: string): Result<never> => ({
  ok: false,
  error: { code: 'INTERNAL', message: `The back end has stopped (${why}): restart the application. Nothing more was done.`, details: { backendStopped: true } },
});

export async function createLocalBackend(opts: LocalBackendOptions, hooks: LocalBackendHooks = {}): Promise<LocalBackend> {
  return opts.mode === 'worker' ? createWorkerBackend(opts, hooks) : createInlineBackend(opts, hooks);
}

function fanOut() {
  const listeners = new Set<(e: BackendEvent) => void>();
  return {
    emit(e: BackendEvent) {
      for (const fn of listeners)
        try {
          fn(e);
        } catch {
          // a screen that cannot be told never undoes the work
        }
    },
    subscribe(fn: (e: BackendEvent) => void) {
      listeners.add(fn);
      return () => void listeners.delete(fn);
    },
  };
}

async function createInlineBackend(opts: LocalBackendOptions, hooks: LocalBackendHooks): Promise<LocalBackend> {
  const events = fanOut();
  const writer = openWriter(opts, events.emit, hooks.onUpgrade);
  if (hooks.betweenSteps) setStepGate(writer.db, hooks.betweenSteps);
  let closing: Promise<void> | null = null;
  return {
    mode: 'inline',
    readOnly: Boolean(writer.db.readOnly),
    ...(writer.db.heldBy !== undefined ? { heldBy: writer.db.heldBy } : {}),
    ready: writer.ready,
    db: writer.db,
    call: async (req) => (closing ? stopped('it was closed') : writer.call(req)),
    subscribe: events.subscribe,
    close: () => (closing ??= writer.close()),
  };
}

/** A worker thread and the calls waiting for its answers. */
interface Link {
  role: 'writer' | 'reader';
  worker: Worker;
  pending: Map<number, (r: Result<unknown>) => void>;
  /** why it can no longer answer (null: alive) */
  dead: string | null;
  exited: Promise<void>;
}

/**
 * The worker's file: the TypeScript source through a bootstrap that registers tsx (dev, tests), else the bundled one.
 * ISP_BACKEND_WORKER names a bundled out/main/backendWorker.js to run from source too: the browser tests set it after
 * `npm run build` (playwright.config.ts), so they run the worker the app ships, without tsx compiling the whole back
 * end again in every thread.
 */
function workerEntry(): { file: string; entry?: string } {
  const here = import.meta.dirname;
  const bundled = process.env.ISP_BACKEND_WORKER;
  if (bundled) return { file: bundled };
  if (import.meta.url.endsWith('.ts')) return { file: join(here, 'worker-bootstrap.mjs'), entry: join(here, 'worker.ts') };
  return { file: join(here, 'backendWorker.js') }; // electron-vite's out/main (electron.vite.config.ts)
}

const CLOSE_WAIT_MS = 15_000;

async function createWorkerBackend(opts: LocalBackendOptions, hooks: LocalBackendHooks): Promise<LocalBackend> {
  const events = fanOut();
  const log: HostLog = startHostLog({ dbFile: opts.dbFile, scope: `${opts.logScope ?? 'backend'} host`, echo: opts.echoLog });
  let work: ProgressRecord[] = [];
  let nextId = 1;
  let closing: Promise<void> | null = null;
  // Step gates: the writer blocks on this word until the host's gate lets it go (main/backend/worker.ts).
  const gateWord = hooks.betweenSteps ? new Int32Array(new SharedArrayBuffer(4)) : null;
  const openGate = () => {
    if (!gateWord) return;
    Atomics.add(gateWord, 0, 1);
    Atomics.notify(gateWord, 0);
  };
  const { file, entry } = workerEntry();

  let caughtUp!: () => void;
  const ready = new Promise<void>((ok) => (caughtUp = ok));

  const spawn = (role: Link['role'], onOpened: (m: Extract<FromWorker, { type: 'opened' }>) => void, onFailed: (message: string) => void): Link => {
    const data: WorkerData = { role, opts, entry, gate: role === 'writer' ? gateWord : null };
    // execArgv: [] — the bootstrap registers tsx itself; the parent's --import flags are for the parent only.
    const worker = new Worker(file, { workerData: data, execArgv: entry ? [] : undefined, name: `isp-backend-${role}` });
    let opened = false;
    const link: Link = { role, worker, pending: new Map(), dead: null, exited: new Promise((ok) => worker.once('exit', () => ok())) };
    const die = (why: string) => {
      if (link.dead) return;
      link.dead = why;
      if (!opened) {
        void worker.terminate();
        return onFailed(why);
      }
      if (!closing) log.error(`back-end ${role} thread stopped: ${why}`);
      for (const answer of link.pending.values()) answer(stopped(why));
      link.pending.clear();
      if (role === 'writer') caughtUp();
    };
    worker.on('message', (m: FromWorker) => {
      switch (m.type) {
        case 'opened':
          opened = true;
          return onOpened(m);
        case 'failed':
          return die(m.message);
        case 'result': {
          const answer = link.pending.get(m.id);
          link.pending.delete(m.id);
          return answer?.(m.result);
        }
        case 'event':
          if (m.event.kind === 'progress') work = m.event.work;
          return events.emit(m.event);
        case 'caughtUp':
          return caughtUp();
        case 'upgrade':
          return hooks.onUpgrade?.(m.progress);
        case 'gate':
          if (!hooks.betweenSteps || closing) return openGate();
          return void hooks.betweenSteps(m.kind).then(openGate, openGate);
      }
    });
    worker.on('error', (err) => die(`${role} thread failed: ${err.message}`));
    worker.on('exit', (code) => die(closing ? 'it was closed' : `${role} thread exited with code ${code}`));
    return link;
  };

  const send = (link: Link, req: CallRequest, progress?: ProgressRecord[]): Promise<Result<unknown>> => {
    if (link.dead) return Promise.resolve(stopped(link.dead));
    const id = nextId++;
    return new Promise((answer) => {
      link.pending.set(id, answer);
      const msg: ToWorker = { type: 'call', id, req, ...(progress ? { progress } : {}) };
      try {
        link.worker.postMessage(msg);
      } catch (err) {
        link.pending.delete(id);
        answer({ ok: false, error: { code: 'BAD_REQUEST', message: `The call could not be passed on: ${err instanceof Error ? err.message : String(err)}` } });
      }
    });
  };

  const opening = <T,>(start: (ok: (v: T) => void, ko: (e: Error) => void) => Link) => {
    let link!: Link;
    const opened = new Promise<T>((ok, ko) => (link = start(ok, ko)));
    return { link, opened };
  };

  // Both threads load their code at once; the reader opens its connection once the writer has migrated the file.
  const w = opening<{ readOnly: boolean; heldBy?: number }>((ok, ko) => spawn('writer', (m) => ok(m), (why) => ko(new Error(why))));
  const r = opening<void>((ok, ko) => spawn('reader', () => ok(), (why) => ko(new Error(why))));
  const writer = w.link;
  const reader = r.link;
  let opened: { readOnly: boolean; heldBy?: number };
  try {
    opened = await w.opened;
  } catch (err) {
    await reader.worker.terminate();
    throw err;
  }
  reader.worker.postMessage({ type: 'open', writerReadOnly: opened.readOnly } satisfies ToWorker);
  try {
    await r.opened;
  } catch (err) {
    log.error('back-end reader thread did not start; reads go to the writer:', err);
  }
  log.info(`back end in worker threads for ${opts.dbFile}${opened.readOnly ? ` (read-only: in use by process ${opened.heldBy})` : ''}`);

  /** Where a call runs: reads on the reader, except the portal (its sessions live in the writer's memory). */
  const readsHere = (req: CallRequest): boolean => {
    if (req.portalToken !== undefined || !Object.prototype.hasOwnProperty.call(contract, req.channel)) return false;
    const c = contract[req.channel as keyof typeof contract];
    return c.readOnly && c.access !== 'portal';
  };

  const call = async (req: CallRequest): Promise<Result<unknown>> => {
    if (closing) return stopped('it was closed');
    if (writer.dead) return stopped(writer.dead);
    if (!readsHere(req) || reader.dead) return send(writer, req);
    const answer = await send(reader, req, req.channel === 'system.progress' ? work : undefined);
    // A read-only channel that writes after all (SQLite refused it on the reader): the writer answers it.
    return wroteOnReader(answer) && !opened.readOnly ? send(writer, req) : answer;
  };

  const close = () =>
    (closing ??= (async () => {
      openGate(); // a writer held at a step goes on to its end (or to the next step, where it is let go at once)
      for (const link of [reader, writer]) {
        if (link.dead) continue;
        link.worker.postMessage({ type: 'close' } satisfies ToWorker);
        const timer = setTimeout(() => void link.worker.terminate(), CLOSE_WAIT_MS);
        await link.exited;
        clearTimeout(timer);
      }
      // A writer that died holding the instance lock left it with this process's id: nobody else would take it.
      const lockFile = lockFileOf(resolve(opts.dbFile));
      if (!opened.readOnly && lockHolder(resolve(opts.dbFile)) === process.pid && existsSync(lockFile)) {
        try {
          unlinkSync(lockFile);
        } catch {
          // already gone
        }
      }
    })());

  return {
    mode: 'worker',
    threads: { writer: writer.worker, reader: reader.worker },
    readOnly: opened.readOnly,
    ...(opened.heldBy !== undefined ? { heldBy: opened.heldBy } : {}),
    ready,
    call,
    subscribe: events.subscribe,
    close,
  };
}
