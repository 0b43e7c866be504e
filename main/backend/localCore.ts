import { openDatabase, type AppDb, type UpgradeProgress } from '../../db/open';
import { startBackupSchedule, type BackupSchedule } from '../app/backup';
import { listenChanges } from '../app/changes';
import { fixedClock, type Actor, type AppContext } from '../app/context';
import { dispatch } from '../app/dispatch';
import { staffActorFor } from '../app/auth';
import { portalActorFor } from '../app/portalSessions';
import { listenProgress, setProgress } from '../app/progress';
import type { Result } from '../contract/errors';
import type { ProgressRecord } from '../contract/system';
import { startAccountingImport, type AccountingImportTimer } from '../hosts/accountingImport';
import { hostBusinessDate, localIsoDate, staffActor } from '../hosts/boundary';
import { startDayBoundary, type DayBoundary } from '../hosts/dayBoundary';
import { logDispatch, startHostLog, type HostLog } from '../hosts/log';
import { startOutboxSender, type OutboxSender } from '../radius/outbox';
import type { BackendEvent, CallRequest } from './types';

// What the local back end does with a database file, the same in one thread (inline) and in its worker threads:
// open it, run its timers, turn a call's tokens into the actor and dispatch. main/backend/local.ts decides where
// this runs; main/backend/worker.ts is the worker threads' side.

/** Everything here crosses to a worker thread: plain data only. */
export interface LocalBackendOptions {
  dbFile: string;
  /** 'inline': dispatch in the calling thread (tests, CLI-like hosts); 'worker': a writer and a reader worker thread */
  mode: 'inline' | 'worker';
  /** a fixed business date (tests, `--date`); absent: hostBusinessDate (wall clock or a demo database's date) per call */
  businessDate?: string;
  /**
   * Staff sign-in required: a call runs as the member of its staffToken, or anonymous (public channels only). Off
   * (tests, `npm run web -- --no-auth`): every staff call runs as `implicitStaff` (default: the operating-system user,
   * full rights), whatever token it carries.
   */
  staffAuth: boolean;
  implicitStaff?: Actor;
  /** the writer's timers (all off by default) */
  timers?: { dayBoundary?: boolean; backups?: boolean; outbox?: boolean; accountingImport?: boolean };
  /** echo warnings and errors of the log on stderr */
  echoLog?: boolean;
  /** which host writes the log lines: 'app', 'web', 'serve' */
  logScope?: string;
}

export const forbidden = (message: string): Result<never> => ({ ok: false, error: { code: 'FORBIDDEN', message } });

/** The context of one call: the actor from its tokens (as every host did at its edge), the business date now. */
export function contextOf(db: AppDb, opts: LocalBackendOptions, req: CallRequest): AppContext | Result<never> {
  let actor: Actor = opts.staffAuth ? (staffActorFor({ db }, req.staffToken) ?? { kind: 'anonymous' }) : (opts.implicitStaff ?? staffActor());
  // A customer-portal window or tab calls as that customer, never as staff; an ended session reaches nothing.
  if (req.portalToken !== undefined) {
    const portal = portalActorFor(db, req.portalToken);
    if (!portal) return forbidden('The customer-portal session is not valid (it may have ended)');
    actor = portal;
  }
  return { db, clock: fixedClock(opts.businessDate ?? hostBusinessDate(db)), actor, source: req.source };
}

export function callOn(db: AppDb, opts: LocalBackendOptions, req: CallRequest): Result<unknown> {
  const ctx = contextOf(db, opts, req);
  return 'ok' in ctx ? ctx : dispatch(ctx, req.channel, req.input);
}

export interface WriterCore {
  db: AppDb;
  log: HostLog;
  call(req: CallRequest): Result<unknown>;
  /** settles when the start-up catch-up has finished (at once without the day boundary) */
  ready: Promise<void>;
  close(): Promise<void>;
}

/**
 * The writer: opens the file with the instance lock (read-only when another process holds it), runs the timers
 * asked for, and tells `emit` of every change announced and every progress record the moment it is reported.
 */
export function openWriter(opts: LocalBackendOptions, emit: (e: BackendEvent) => void, onUpgrade?: (p: UpgradeProgress) => void): WriterCore {
  const db = openDatabase(opts.dbFile, { instanceLock: true, onUpgrade });
  const log = startHostLog({ dbFile: opts.dbFile, scope: opts.logScope ?? 'backend', echo: opts.echoLog });
  logDispatch(db, log);
  const unlisten = [listenChanges(db, emit), listenProgress(db, (work) => emit({ kind: 'progress', work }))];
  const today = () => opts.businessDate ?? hostBusinessDate(db);
  const timers = opts.timers ?? {};
  const writable = !db.readOnly;
  let dayBoundary: DayBoundary | undefined;
  let backups: BackupSchedule | undefined;
  let outbox: OutboxSender | undefined;
  let accounting: AccountingImportTimer | undefined;
  // Decision 15: finish every past day and start today — in steps, the window showing "day k of n" — then follow
  // the business date (midnight, or a demo database's training clock) once a minute.
  if (timers.dayBoundary && writable)
    dayBoundary = startDayBoundary({
      db,
      today,
      onRun: (s, day) => s.days && log.info(`days run up to ${day}: ${s.days} day(s), ${s.invoices} invoice(s)`),
      onError: (err) => log.error('day boundary:', err),
    });
  // Disconnect-Requests queued by committed changes go to the routers from here (none from a demo database).
  if (timers.outbox && writable) outbox = startOutboxSender(db, { onError: (err) => log.error('network outbox:', err) });
  // RADIUS accounting → sessions and daily traffic, once a minute.
  if (timers.accountingImport && writable) accounting = startAccountingImport({ db, today, onError: (err) => log.error('accounting import:', err) });
  // The automatic daily backup (online backup API), once per calendar day of the wall clock.
  if (timers.backups) backups = startBackupSchedule({ db: () => (db.sqlite.open ? db : undefined), today: () => localIsoDate(), onError: (err) => log.error('daily backup:', err) });
  return {
    db,
    log,
    call: (req) => callOn(db, opts, req),
    ready: dayBoundary ? dayBoundary.ready.then(() => undefined) : Promise.resolve(),
    async close() {
      dayBoundary?.stop();
      backups?.stop();
      accounting?.stop();
      await outbox?.stop();
      for (const off of unlisten) off();
      if (db.sqlite.open) db.close();
    },
  };
}

export interface ReaderCore {
  db: AppDb;
  /** `progress`: the records the host holds, answered by system.progress with its access rules */
  call(req: CallRequest, progress?: ProgressRecord[]): Result<unknown>;
  close(): void;
}

/**
 * The reader: its own read-only connection to the same file (WAL: it reads the last commit while the writer writes).
 * It says the database is writable when the writer could write (system.info, backup.list answer what the back end
 * is, not what this connection is); a handler that tries to write here anyway is refused by SQLite, and local.ts
 * sends the call to the writer.
 */
export function openReader(opts: LocalBackendOptions, writerReadOnly: boolean): ReaderCore {
  const db = openDatabase(opts.dbFile, { readonly: true });
  if (!writerReadOnly) delete db.readOnly;
  const log = startHostLog({ dbFile: opts.dbFile, scope: `${opts.logScope ?? 'backend'} reader`, echo: opts.echoLog });
  logDispatch(db, log);
  return {
    db,
    call(req, progress) {
      if (progress) setProgress(db, progress);
      return callOn(db, opts, req);
    },
    close: () => db.sqlite.open && db.sqlite.close(),
  };
}

/** The reader tried to write (a read-only channel that writes after all): the call belongs to the writer. */
export const wroteOnReader = (r: Result<unknown>): boolean => !r.ok && r.error.details?.readOnlyDatabase === true;
