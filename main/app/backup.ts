import { settleNetworkChanges } from '../../db/networkAnswers';
import Database from 'better-sqlite3';
import { closeSync, existsSync, mkdirSync, openSync, readSync, realpathSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve, sep } from 'node:path';
import { getAppState, setAppState } from '../../db/appState';
import {
  backupFolderOf,
  defaultBackupFolder,
  finishBackupFile,
  listBackupFiles,
  newBackupPath,
  parseBackupName,
  rotateBackups,
  vacuumInto,
  type BackupFile,
  type BackupKind,
} from '../../db/backupFiles';
import { describeFinding, invariantFindings, schemaFindings } from '../../db/invariants';
import { heldByOther } from '../../db/lock';
import { openDatabase, SCHEMA_VERSION, type AppDb } from '../../db/open';
import type { BackupCheck, BackupEntry, BackupList, BackupRestoreResult } from '../contract/backup';
import { AppError } from '../contract/errors';
import { ALL_AREAS } from '../contract/changes';
import { announceChange } from './changes';
import { audit } from './audit';
import { sqliteErrorData } from './dbErrors';
import { betweenSteps, progressOf, reportProgress } from './progress';
import type { AppContext } from './context';
import type { Handlers } from './handlers';

// Backups of the live database (issue "Crash safety / Backups"):
// - automatic daily backup with SQLite's online backup API (better-sqlite3 `db.backup()`, asynchronous: the
//   hosts run it from startBackupSchedule, once per calendar day, recorded in app_state `backup.lastDaily`);
// - "Back up now" (backup.now) and the pre-migration copy (db/open.ts) with `VACUUM INTO`, which reads the same
//   consistent snapshot synchronously — channel handlers and openDatabase are synchronous;
// - rotation: the newest `backup.keep` (default 14) of each kind stay, older ones are deleted;
// - restore: the candidate is checked first (integrity_check, schema version, foreign keys) and refused unless
//   it passes; the live database is backed up (kind pre-restore); then the live data are replaced in ONE
//   transaction on the live connection (restoreInPlace), so the running app keeps its connection and a failure
//   leaves the live data as they were. The CLI can also replace a live file that no longer opens (restoreFile).

const toEntry = (f: BackupFile): BackupEntry => ({ name: f.name, path: f.path, kind: f.kind, takenAt: f.takenAt, size: f.size });

export const backupFolder = (db: AppDb): string => backupFolderOf(db.sqlite, db.file);

function entryOf(path: string): BackupEntry {
  const name = basename(path);
  const parsed = parseBackupName(name);
  return { name, path, kind: parsed?.kind ?? 'manual', takenAt: parsed?.takenAt ?? new Date().toISOString(), size: statSync(path).size };
}

function keepOf(db: AppDb): number {
  try {
    return getAppState(db, 'backup.keep');
  } catch {
    return 14;
  }
}

/** A consistent copy now (VACUUM INTO, synchronous), then rotation of that kind. */
export function takeBackup(db: AppDb, kind: BackupKind, now: Date = new Date(), folder: string = backupFolder(db)): BackupEntry {
  const dest = newBackupPath(folder, kind, now);
  vacuumInto(db.sqlite, dest);
  if (!db.readOnly) rotateBackups(folder, kind, keepOf(db));
  return entryOf(dest);
}

/** A copy with SQLite's online backup API (page by page, the app keeps working meanwhile), then rotation. */
export async function takeBackupOnline(db: AppDb, kind: BackupKind, now: Date = new Date(), folder: string = backupFolder(db)): Promise<BackupEntry> {
  const dest = newBackupPath(folder, kind, now);
  const tmp = `${dest}.partial`;
  try {
    await db.sqlite.backup(tmp);
    finishBackupFile(tmp, dest);
  } catch (err) {
    if (existsSync(tmp)) unlinkSync(tmp);
    throw err;
  }
  if (!db.readOnly) rotateBackups(folder, kind, keepOf(db));
  return entryOf(dest);
}

/** The automatic daily backup: at most one per calendar `day` (recorded in app_state), with the online backup API. */
export async function dailyBackupIfDue(db: AppDb, day: string, now: Date = new Date()): Promise<BackupEntry | null> {
  if (db.readOnly || !db.sqlite.open) return null;
  const last = getAppState(db, 'backup.lastDaily');
  if (last !== null && last >= day) return null;
  const entry = await takeBackupOnline(db, 'daily', now);
  if (!db.sqlite.open) return entry;
  db.transaction(() => setAppState(db, 'backup.lastDaily', day));
  return entry;
}

export interface BackupSchedule {
  /** takes the daily backup now if today's has not been taken yet */
  check(): Promise<BackupEntry | null>;
  stop(): void;
}

/** The hosts' timer: checks at start and then every `intervalMs` (default hourly) whether today's backup is due. */
export function startBackupSchedule(opts: {
  db: () => AppDb | undefined;
  /** the calendar day (local wall clock), e.g. boundary.localIsoDate */
  today: () => string;
  intervalMs?: number;
  onBackup?: (entry: BackupEntry) => void;
  onError?: (err: unknown) => void;
}): BackupSchedule {
  let running: Promise<BackupEntry | null> | null = null;
  let stopped = false;
  const check = (): Promise<BackupEntry | null> => {
    if (stopped) return Promise.resolve(null);
    if (running) return running;
    const db = opts.db();
    if (!db) return Promise.resolve(null);
    running = dailyBackupIfDue(db, opts.today())
      .then((entry) => {
        if (entry) {
          announceChange(db, { areas: ['backups'] });
          opts.onBackup?.(entry);
        }
        return entry;
      })
      .catch((err: unknown) => {
        // Never take the host down: the next tick tries again. (Stopped: the host closed the database mid-copy.)
        if (!stopped) (opts.onError ?? ((e) => console.error('daily backup:', e)))(err);
        return null;
      })
      .finally(() => {
        running = null;
      });
    return running;
  };
  void check();
  const timer = setInterval(() => void check(), opts.intervalMs ?? 60 * 60_000);
  timer.unref?.();
  return {
    check,
    stop() {
      stopped = true;
      clearInterval(timer);
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Checking a candidate file

const SQLITE_HEADER = 'SQLite format 3\0';

function readHeader(path: string): string {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(16);
    const n = readSync(fd, buf, 0, 16, 0);
    return buf.subarray(0, n).toString('latin1');
  } finally {
    closeSync(fd);
  }
}

/** Integrity, schema version and foreign keys of a database file, read-only; never changes the file. */
/**
 * `deep: false` leaves out the schema and invariant checks: restore runs them once, on the staged and migrated copy
 * (reading every ledger row twice would double a large restore's wait for nothing).
 */
export function checkBackupFile(path: string, opts: { deep?: boolean } = {}): BackupCheck {
  const result: BackupCheck = { ok: false, path, schemaVersion: null, currentSchemaVersion: SCHEMA_VERSION, problems: [], findings: [], customers: null, lastProcessedDay: null };
  const st = statSync(path, { throwIfNoEntry: false });
  if (!st?.isFile()) {
    result.problems.push('The file does not exist or is not a regular file.');
    return result;
  }
  if (st.size < 512 || readHeader(path) !== SQLITE_HEADER) {
    result.problems.push('The file is not an SQLite database.');
    return result;
  }
  let sqlite: Database.Database | undefined;
  try {
    sqlite = new Database(path, { readonly: true, fileMustExist: true });
    const integrity = (sqlite.pragma('integrity_check(20)') as { integrity_check: string }[]).map((r) => r.integrity_check);
    if (integrity.length !== 1 || integrity[0] !== 'ok') {
      result.problems.push(`The integrity check failed: ${integrity.slice(0, 5).join('; ')}`);
      return result;
    }
    const tables = new Set((sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name));
    if (!tables.has('customers') || !tables.has('app_state') || !tables.has('__drizzle_migrations')) {
      result.problems.push('The file is not an ISP Back Office database.');
      return result;
    }
    const userVersion = sqlite.pragma('user_version', { simple: true }) as number;
    const applied = (sqlite.prepare('SELECT count(*) AS n FROM "__drizzle_migrations"').get() as { n: number }).n;
    const version = Math.max(userVersion, applied);
    result.schemaVersion = version;
    if (version > SCHEMA_VERSION)
      result.problems.push(`The file was written by a newer version of ISP Back Office (schema ${version}; this version knows ${SCHEMA_VERSION}).`);
    const broken = sqlite.pragma('foreign_key_check') as unknown[];
    if (broken.length) result.problems.push(`${broken.length} row(s) refer to rows that do not exist (foreign key check).`);
    // A file of this version must have this version's schema and keep our invariants (an older one is checked
    // again once staged and migrated, see stageCandidate): a backup edited by hand is refused, not restored.
    if (version === SCHEMA_VERSION && opts.deep !== false) {
      const db = sqlite;
      result.findings = [...schemaFindings(db, () => openDatabase(':memory:').sqlite), ...(tables.has('invoices') ? invariantFindings(db) : [])];
      for (const f of result.findings) result.problems.push(`Refused by the check "${f.check}": ${describeFinding(f)}.`);
    }
    result.customers = (sqlite.prepare('SELECT count(*) AS n FROM customers').get() as { n: number }).n;
    const last = sqlite.prepare("SELECT value FROM app_state WHERE key = 'scheduler.lastProcessedDay'").get() as { value: string } | undefined;
    result.lastProcessedDay = last ? (JSON.parse(last.value) as string | null) : null;
  } catch (err) {
    result.problems.push(`The file cannot be read as a database: ${err instanceof Error ? err.message : String(err)}`);
    return result;
  } finally {
    sqlite?.close();
  }
  result.ok = result.problems.length === 0;
  return result;
}

/** A backup's name (looked up in the backup folder) or an absolute path. */
export function resolveBackupRef(db: AppDb, ref: string): string {
  if (!/[\\/]/.test(ref)) {
    if (ref === '.' || ref === '..') throw new AppError('VALIDATION', 'file: not a backup name', { file: 'not a backup name' });
    return join(backupFolder(db), ref);
  }
  if (!isAbsolute(ref)) throw new AppError('VALIDATION', 'file: give a backup name or an absolute path', { file: 'give a backup name or an absolute path' });
  return resolve(ref);
}

const isAdministrator = (ctx: AppContext) =>
  ctx.actor.kind === 'system' || (ctx.actor.kind === 'staff' && (ctx.actor.role === undefined || ctx.actor.role === 'administrator'));

/** The real path when it exists (symbolic links followed), else the resolved one. */
function realOrResolved(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

/**
 * backup.check's file: any role may check a backup in the backup folder (configured or default); a path elsewhere
 * only an administrator — otherwise any signed-in member could learn whether any file on the machine exists and
 * whether it is a database. The refusal reads the same whether the file exists or not.
 */
function checkableFile(ctx: AppContext, ref: string): string {
  const path = resolveBackupRef(ctx.db, ref);
  if (isAdministrator(ctx)) return path;
  const real = realOrResolved(path);
  const folders = [backupFolder(ctx.db), defaultBackupFolder(ctx.db.file)].map(realOrResolved);
  if (folders.some((f) => real.startsWith(f + sep))) return path;
  throw new AppError('FORBIDDEN', 'file: only backups in the backup folder can be checked; an administrator can check a file elsewhere', {
    file: 'only backups in the backup folder (an administrator can check other files)',
  });
}

function checkedCandidate(db: AppDb | null, path: string): BackupCheck {
  if (!existsSync(path)) throw new AppError('NOT_FOUND', `Backup file ${path} not found`, { file: 'not found' });
  if (db && resolve(path) === resolve(db.file)) throw new AppError('VALIDATION', 'file: this is the live database itself', { file: 'is the live database' });
  const check = checkBackupFile(path, { deep: false });
  if (!check.ok) throw refusal(check);
  return check;
}

/** The refusal of a candidate, with the report: every problem in words and each failed check with its records. */
function refusal(check: BackupCheck): AppError {
  return new AppError(
    'REFUSED',
    `The file cannot be restored; the live data were not touched. ${check.problems.join(' ')}`.slice(0, 4000),
    { file: check.problems[0]?.slice(0, 300) ?? 'refused' },
    { problems: check.problems, findings: check.findings },
  );
}

/**
 * A migrated, checked working copy of the candidate next to the backups: VACUUM INTO from a read-only connection
 * (so a candidate in WAL mode with a -wal beside it is copied with its committed data), then openDatabase brings
 * an older schema up to date.
 */
function stageCandidate(path: string, folder: string): { staging: string; fromVersion: number } {
  mkdirSync(folder, { recursive: true });
  const staging = join(folder, `.restore-staging-${process.pid}-${Date.now()}.sqlite`);
  const src = new Database(path, { readonly: true, fileMustExist: true });
  try {
    src.prepare('VACUUM INTO ?').run(staging);
  } finally {
    src.close();
  }
  try {
    const fromVersion = (() => {
      const raw = new Database(staging, { readonly: true });
      try {
        return Math.max(raw.pragma('user_version', { simple: true }) as number, (raw.prepare('SELECT count(*) AS n FROM "__drizzle_migrations"').get() as { n: number }).n);
      } finally {
        raw.close();
      }
    })();
    let migrated: AppDb;
    try {
      migrated = openDatabase(staging, { backupBeforeMigrate: false });
    } catch {
      // e.g. a journal that lists fewer migrations than the tables show: migrating again collides with them
      throw new AppError('REFUSED', 'The file cannot be restored; the live data were not touched. Its schema could not be brought up to date: its migrations journal does not match its tables.', {
        file: 'its schema does not match its migrations journal',
      });
    }
    try {
      migrated.sqlite.pragma('journal_mode = DELETE');
    } finally {
      migrated.close();
    }
    return { staging, fromVersion };
  } catch (err) {
    removeQuietly(staging);
    throw err;
  }
}

/** The staged copy, migrated, must pass every check again (schema of this version, invariants). */
function verifyStaged(staging: string): void {
  try {
    const again = checkBackupFile(staging);
    if (!again.ok) throw refusal(again);
  } catch (err) {
    removeQuietly(staging);
    throw err;
  }
}

function removeQuietly(path: string): void {
  for (const p of [path, `${path}-wal`, `${path}-shm`, `${path}-journal`])
    try {
      unlinkSync(p);
    } catch {
      // not there
    }
}

const NETWORK_TABLES = new Set(['network_dirty', 'network_login_state', 'network_outbox']);
const q = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Tables about who is signed in and who is waiting to sign in now: a restore keeps the live rows. */
const LIVE_ONLY = new Set(['staff_sessions', 'sign_in_failures']);

/**
 * Replaces every row of the live database with the staged copy's, in one immediate transaction on the live
 * connection: triggers are dropped and re-created inside it (the search index is rebuilt), foreign keys are
 * checked before commit. The backup settings of the live database (folder, keep, last daily) are kept.
 */
function copyInto(sqlite: Database.Database, staging: string): void {
  const keep = sqlite.prepare("SELECT key, value FROM main.app_state WHERE key LIKE 'backup.%'").all() as { key: string; value: string }[];
  const sessions = sqlite
    .prepare('SELECT s.token_hash AS tokenHash, s.staff_id AS staffId, u.name FROM main.staff_sessions s JOIN main.staff_users u ON u.id = s.staff_id')
    .all() as { tokenHash: string; staffId: number; name: string }[];
  sqlite.prepare('ATTACH DATABASE ? AS restore_src').run(staging);
  sqlite.pragma('foreign_keys = OFF');
  try {
    sqlite
      .transaction(() => {
        const triggers = sqlite.prepare("SELECT name, sql FROM main.sqlite_master WHERE type = 'trigger' AND sql IS NOT NULL").all() as { name: string; sql: string }[];
        for (const t of triggers) sqlite.exec(`DROP TRIGGER main.${q(t.name)}`);
        const list = sqlite.pragma('main.table_list') as { name: string; type: string; schema: string }[];
        const srcTables = new Set((sqlite.pragma('restore_src.table_list') as { name: string; type: string }[]).filter((t) => t.type === 'table').map((t) => t.name));
        for (const t of list.filter((x) => x.schema === 'main' && x.type === 'table')) {
          if (t.name.startsWith('sqlite_') || LIVE_ONLY.has(t.name)) continue;
          // What the network was last told stays the live one's: the restored data is compared with it below.
          if (NETWORK_TABLES.has(t.name)) continue;
          sqlite.exec(`DELETE FROM main.${q(t.name)}`);
          if (!srcTables.has(t.name)) continue;
          const cols = (sqlite.pragma(`main.table_info(${q(t.name)})`) as { name: string }[]).map((c) => q(c.name)).join(', ');
          sqlite.exec(`INSERT INTO main.${q(t.name)} (${cols}) SELECT ${cols} FROM restore_src.${q(t.name)}`);
        }
        if (list.some((t) => t.name === 'sqlite_sequence')) {
          sqlite.exec('DELETE FROM main.sqlite_sequence');
          if (srcTables.has('sqlite_sequence')) sqlite.exec('INSERT INTO main.sqlite_sequence (name, seq) SELECT name, seq FROM restore_src.sqlite_sequence');
        }
        for (const v of sqlite.prepare("SELECT name FROM main.sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%USING fts5%'").all() as { name: string }[])
          sqlite.exec(`INSERT INTO main.${q(v.name)} (${q(v.name)}) VALUES ('rebuild')`);
        for (const t of triggers) sqlite.exec(t.sql);
        // Every login the live or the restored data knows: a changed answer queues its Disconnect-Request (decision 25).
        if (list.some((t) => t.name === 'network_dirty')) {
          sqlite.exec(`INSERT OR IGNORE INTO main.network_dirty (login) SELECT lower(login) FROM main.services WHERE login IS NOT NULL AND login <> ''
                       UNION SELECT login FROM main.network_login_state`);
          settleNetworkChanges(sqlite);
        }
        sqlite.exec("DELETE FROM main.app_state WHERE key LIKE 'backup.%'");
        const put = sqlite.prepare('INSERT INTO main.app_state (key, value) VALUES (?, ?)');
        for (const k of keep) put.run(k.key, k.value);
        // Sessions stay those of now (a backup's are stale: restoring them would revive signed-out tokens), for
        // staff members who are still there under the same name.
        const stillThere = sqlite.prepare('SELECT 1 FROM main.staff_users WHERE id = ? AND name = ?');
        const gone = sessions.filter((x) => !stillThere.get(x.staffId, x.name));
        const drop = sqlite.prepare('DELETE FROM main.staff_sessions WHERE token_hash = ?');
        for (const x of gone) drop.run(x.tokenHash);
        const broken = sqlite.pragma('main.foreign_key_check') as unknown[];
        if (broken.length) throw new AppError('REFUSED', `The restored data would leave ${broken.length} broken reference(s); nothing was changed.`);
      })
      .immediate();
  } finally {
    sqlite.pragma('foreign_keys = ON');
    sqlite.exec('DETACH DATABASE restore_src');
  }
}

/**
 * The running app's restore as named steps: check, stage (copy + migrate), verify the copy, then back up the live
 * database and replace its data in one transaction (one step: nothing may write between the safety copy and the
 * replacement). `restoreInPlace` runs them at once; `restoreStepwise` yields between them and shows each step.
 */
function restoreSteps(ctx: AppContext, ref: string, now: Date): { steps: { label: string; run: () => void }[]; result: () => BackupRestoreResult; cleanUp: () => void } {
  const db = ctx.db;
  if (db.readOnly) throw new AppError('REFUSED', 'The database is open read-only (another instance is using it): it cannot be restored from here.');
  const path = resolveBackupRef(db, ref);
  let staged: { staging: string; fromVersion: number } | null = null;
  let done: BackupRestoreResult | null = null;
  return {
    steps: [
      { label: 'Checking the backup', run: () => void checkedCandidate(db, path) },
      { label: 'Copying it and bringing it up to date', run: () => void (staged = stageCandidate(path, backupFolder(db))) },
      { label: 'Verifying the copy', run: () => verifyStaged(staged!.staging) },
      {
        label: 'Saving the current data and replacing it',
        run: () => {
          if (db.sqlite.inTransaction) throw new AppError('CONFLICT', 'A restore cannot run inside another operation.');
          const safety = takeBackup(db, 'pre-restore', now);
          copyInto(db.sqlite, staged!.staging);
          db.transaction(() =>
            audit(ctx, { entity: 'database', entityId: null, customerId: null, action: `database restored from ${path} (the data before it: ${safety.name})`, after: { from: path, safetyBackup: safety.name } }),
          );
          done = { restoredFrom: path, safetyBackup: safety, fromSchemaVersion: staged!.fromVersion, schemaVersion: SCHEMA_VERSION };
        },
      },
    ],
    result: () => done!,
    cleanUp: () => {
      if (staged) removeQuietly(staged.staging);
    },
  };
}

/** The running app's restore, in one go (the CLI, tests, `backup.restore`). */
export function restoreInPlace(ctx: AppContext, ref: string, now: Date = new Date()): BackupRestoreResult {
  if (ctx.db.sqlite.inTransaction) throw new AppError('CONFLICT', 'A restore cannot run inside another operation.');
  const r = restoreSteps(ctx, ref, now);
  try {
    for (const s of r.steps) s.run();
    return r.result();
  } finally {
    r.cleanUp();
  }
}

/**
 * `backup.restoreStart` (issue 18 item 12): the same steps, one per turn of the event loop, each shown in
 * system.progress ("restore", step k of n); the outcome — the result or the refusal in words — is the record's
 * `finished`, kept until the next restore starts.
 */
function restoreStart(ctx: AppContext, ref: string, now: Date): { started: true; steps: string[] } {
  const busy = progressOf(ctx.db).find((w) => !w.finished);
  if (busy) throw new AppError('CONFLICT', `Wait until the work under way has finished: ${busy.title}.`);
  if (ctx.db.sqlite.inTransaction) throw new AppError('CONFLICT', 'A restore cannot run inside another operation.');
  const r = restoreSteps(ctx, ref, now);
  const title = 'Restoring a backup';
  const total = r.steps.length;
  reportProgress(ctx.db, { kind: 'restore', title, done: 0, total, step: r.steps[0].label });
  void (async () => {
    try {
      for (let i = 0; i < total; i++) {
        reportProgress(ctx.db, { kind: 'restore', title, done: i, total, step: r.steps[i].label });
        await betweenSteps(ctx.db, 'restore');
        r.steps[i].run();
      }
      reportProgress(ctx.db, { kind: 'restore', title, done: total, total, step: 'Done', finished: { ok: true, result: r.result() } });
      // everything on every screen may have changed (dispatch announced only that the restore started)
      announceChange(ctx.db, { areas: [...ALL_AREAS] });
    } catch (err) {
      const message = err instanceof AppError ? err.message : (sqliteErrorData(err)?.message ?? `Internal error: ${err instanceof Error ? err.message : String(err)}`);
      reportProgress(ctx.db, { kind: 'restore', title, done: 0, total, step: 'Not restored', finished: { ok: false, message } });
    } finally {
      r.cleanUp();
    }
  })();
  return { started: true, steps: r.steps.map((s) => s.label) };
}

/**
 * The CLI's restore of a database file that is not in use: refused while another live process holds it. When the
 * live file opens it is restored in place like the app does; when it does not (the usual reason to restore),
 * it is moved aside into the backup folder and the checked candidate takes its place.
 */
export function restoreFile(liveFile: string, candidate: string, now: Date = new Date()): BackupRestoreResult {
  const holder = heldByOther(resolve(liveFile));
  if (holder !== null) throw new AppError('CONFLICT', `The database ${liveFile} is in use by process ${holder}: close the application first.`);
  const path = resolve(candidate);
  if (existsSync(liveFile)) {
    let live: AppDb | null = null;
    try {
      live = openDatabase(liveFile, { instanceLock: true });
      const ok = (live.sqlite.pragma('integrity_check(1)') as { integrity_check: string }[])[0]?.integrity_check === 'ok';
      if (!ok) throw new Error('live database fails its integrity check');
    } catch (err) {
      if (err instanceof AppError) throw err;
      live?.close();
      live = null;
    }
    if (live) {
      if (live.readOnly) {
        live.close();
        throw new AppError('CONFLICT', `The database ${liveFile} is in use by process ${live.heldBy}: close the application first.`);
      }
      try {
        return restoreInPlace({ db: live, clock: { today: () => now.toISOString().slice(0, 10) }, actor: { kind: 'system', name: 'cli restore' } }, path, now);
      } finally {
        live.close();
      }
    }
  }
  // The live file is missing or broken: check the candidate, keep the broken file, put a clean copy in its place.
  checkedCandidate(null, path);
  const folder = defaultBackupFolder(liveFile);
  const { staging, fromVersion } = stageCandidate(path, folder);
  let safety: BackupEntry | null = null;
  if (existsSync(liveFile)) {
    const aside = newBackupPath(folder, 'pre-restore', now, 'unreadable');
    renameSync(liveFile, aside);
    for (const ext of ['-wal', '-shm']) if (existsSync(liveFile + ext)) renameSync(liveFile + ext, aside + ext);
    safety = entryOf(aside);
  }
  renameSync(staging, liveFile);
  const db = openDatabase(liveFile);
  db.close();
  return {
    restoredFrom: path,
    safetyBackup: safety ?? { name: '', path: '', kind: 'pre-restore', takenAt: now.toISOString(), size: 0 },
    fromSchemaVersion: fromVersion,
    schemaVersion: SCHEMA_VERSION,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Channels

function list(db: AppDb): BackupList {
  const folder = backupFolder(db);
  return {
    folder,
    defaultFolder: defaultBackupFolder(db.file),
    keep: keepOf(db),
    lastDaily: getAppState(db, 'backup.lastDaily'),
    readOnly: Boolean(db.readOnly),
    backups: listBackupFiles(folder).map(toEntry),
  };
}

function configure(ctx: AppContext, input: { folder: string | null; keep: number }): BackupList {
  const db = ctx.db;
  if (db.readOnly) throw new AppError('REFUSED', 'The database is open read-only (another instance is using it).');
  if (input.folder !== null) {
    const folder = resolve(dirname(resolve(db.file)), input.folder);
    try {
      mkdirSync(folder, { recursive: true });
      const probe = join(folder, `.write-test-${process.pid}`);
      writeFileSync(probe, '');
      unlinkSync(probe);
    } catch (err) {
      throw new AppError('VALIDATION', `folder: cannot write to ${folder} (${(err as Error).message})`, { folder: 'cannot write to this folder' });
    }
  }
  db.transaction(() => {
    const before = { folder: getAppState(db, 'backup.folder'), keep: keepOf(db) };
    setAppState(db, 'backup.folder', input.folder);
    setAppState(db, 'backup.keep', input.keep);
    audit(ctx, { entity: 'settings', entityId: null, customerId: null, action: 'backup settings changed', before, after: input });
  });
  return list(db);
}

const nowOf = (ctx: AppContext) => new Date(ctx.now?.() ?? Date.now());

export const backupHandlers: Handlers<'backup.list' | 'backup.now' | 'backup.check' | 'backup.restore' | 'backup.restoreStart' | 'backup.configure'> = {
  'backup.list': (ctx) => list(ctx.db),
  'backup.now': (ctx) => takeBackup(ctx.db, 'manual', nowOf(ctx)),
  'backup.check': (ctx, i) => checkBackupFile(checkableFile(ctx, i.file)),
  'backup.restore': (ctx, i) => restoreInPlace(ctx, i.file, nowOf(ctx)),
  'backup.restoreStart': (ctx, i) => restoreStart(ctx, i.file, nowOf(ctx)),
  'backup.configure': (ctx, i) => configure(ctx, i),
};
