import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { readMigrationFiles, type MigrationMeta } from 'drizzle-orm/migrator';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { backupFolderOf, backupKeepOf, newBackupPath, rotateBackups, vacuumInto } from './backupFiles';
import { acquireInstanceLock, type InstanceLock } from './lock';
import { hasNetworkChanges, settleNetworkChanges } from './networkAnswers';
import { repairHexLookingPapValues } from './papHexRepair';
import { analyzeNewIndexes, dropSampleStatistics, hasSampleStatistics } from './plannerStats';
import journal from './migrations/meta/_journal.json' with { type: 'json' };
import * as schema from './schema';
import { DEFAULT_PARTNER_ID } from './tables/partners';

// Opening the database: pragmas, schema migrations, refusal of files written by a newer build, and the
// Default partner row. Everything the application does goes through the AppDb returned here.

export interface AppDb {
  sqlite: Database.Database;
  orm: BetterSQLite3Database<typeof schema>;
  file: string;
  /**
   * Runs fn in a write transaction taken with BEGIN IMMEDIATE (so two writers never deadlock half-way).
   * A call inside another transaction joins it as a savepoint: its failure undoes only its own work if the
   * outer code catches the error. fn must be synchronous.
   */
  transaction<T>(fn: () => T): T;
  /**
   * Runs fn inside the current transaction with every nested transaction() joining it without a savepoint.
   * A savepoint copies each page it touches so it can be undone alone; a batch of thousands of small writes that
   * are expected to succeed (a bulk change) saves that copy. The price: an error thrown inside fn may leave part of
   * its writes behind, so the caller must either know nothing was written or roll back the whole transaction.
   */
  withoutSavepoints<T>(fn: () => T): T;
  close(): void;
  /**
   * Called after a transaction commits that queued Disconnect-Requests (db/networkAnswers.ts), so a running sender
   * (main/radius/outbox.ts) sends them at once instead of at its next poll.
   */
  outboxListeners: Set<() => void>;
  /** Opened read-only: asked for, or (instanceLock) another live process holds the file. */
  readOnly?: boolean;
  /** instanceLock: the PID of the other process holding the file when it was opened read-only because of it. */
  heldBy?: number;
}

/** The schema version this build knows: the number of committed migrations (compiled in from the journal). */
export const SCHEMA_VERSION: number = journal.entries.length;
const LAST_MIGRATION_WHEN: number = journal.entries.at(-1)?.when ?? 0;
/** Same table and layout drizzle's own migrator uses, so drizzle-kit tooling reads it too. */
const MIGRATIONS_TABLE = '__drizzle_migrations';

export class NewerSchemaError extends Error {
  constructor(
    readonly fileVersion: number,
    readonly knownVersion: number,
  ) {
    super(
      `This database was created by a newer version of ISP Back Office (schema ${fileVersion}, this version knows ${knownVersion}). ` +
        'Update the application to open it; the file was left unchanged.',
    );
    this.name = 'NewerSchemaError';
  }
}

export interface OpenOptions {
  readonly?: boolean;
  /** Apply pending migrations (default true). */
  migrate?: boolean;
  /** Where the SQL migrations are; default: found next to this module or up from it (see findMigrationsFolder). */
  migrationsFolder?: string;
  /**
   * Take the instance lock `<file>.lock` (db/lock.ts). When another live process holds it, the file is opened
   * read-only (no migration) and the AppDb says so (readOnly, heldBy). The Electron host and the web harness use this.
   */
  instanceLock?: boolean;
  /** Copy an existing file into its backup folder before applying pending migrations (default true). */
  backupBeforeMigrate?: boolean;
  /** Told as an existing file's upgrade to this build's schema goes on (the window shows it; never for a new file). */
  onUpgrade?: (progress: UpgradeProgress) => void;
}

/**
 * How far the upgrade of an existing file to this build's schema has come. It can take minutes: the copy kept
 * before upgrading, and a migration that builds an index over years of invoices, read every row.
 */
export interface UpgradeProgress {
  /** the file's schema version and this build's */
  from: number;
  to: number;
  /** 'backup': the copy kept before upgrading; 'migrating': step `step` of `steps`; 'statistics': of the new indexes */
  phase: 'backup' | 'migrating' | 'statistics';
  step: number;
  steps: number;
}

/**
 * The upgrade that opening this file would run, or null (none pending, a new or unreadable file). Reads the file
 * read-only and writes nothing: a host asks before its back end opens the file, so the window can say why the
 * first start after an update takes long.
 */
export function pendingUpgrade(file: string): { from: number; to: number } | null {
  if (!existsSync(file)) return null;
  let sqlite: Database.Database;
  try {
    sqlite = new Database(file, { readonly: true, fileMustExist: true });
  } catch {
    return null;
  }
  try {
    if (!hasTables(sqlite)) return null;
    const { version } = recordedVersion(sqlite);
    return version < SCHEMA_VERSION ? { from: version, to: SCHEMA_VERSION } : null;
  } catch {
    return null; // the back end's own open says what is wrong with the file
  } finally {
    sqlite.close();
  }
}

const hasTables = (sqlite: Database.Database) =>
  (sqlite.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").get() as { n: number }).n > 0;

/** The database file in the app's user data folder (Electron: app.getPath('userData')). */
export function defaultDatabasePath(userDataDir: string): string {
  return join(userDataDir, 'isp-back-office.sqlite');
}

export function openDatabase(file: string, opts: OpenOptions = {}): AppDb {
  let readonly = opts.readonly ?? false;
  const inMemory = file === ':memory:' || file === '';
  let lock: InstanceLock | undefined;
  let heldBy: number | undefined;
  if (opts.instanceLock && !inMemory && !readonly) {
    mkdirSync(dirname(resolve(file)), { recursive: true });
    const got = acquireInstanceLock(resolve(file));
    if (got.ok) lock = got.lock;
    else if (existsSync(file)) {
      readonly = true; // another instance writes this file: look, but never touch
      heldBy = got.heldBy;
    } else throw new Error(`The database ${file} is locked by process ${got.heldBy} but does not exist yet; try again when it has finished.`);
  }
  if (!inMemory && !readonly) mkdirSync(dirname(resolve(file)), { recursive: true });
  let sqlite: Database.Database;
  try {
    sqlite = new Database(file, { readonly, fileMustExist: readonly });
  } catch (err) {
    lock?.release();
    throw err;
  }
  try {
    sqlite.pragma('busy_timeout = 5000');
    if (!inMemory && !readonly) {
      // WAL: readers (UI lists) never wait for the day run; NORMAL is durable across app crashes in WAL mode.
      sqlite.pragma('journal_mode = WAL');
      sqlite.pragma('synchronous = NORMAL');
    }
    // Per connection, no effect on what is stored. 64 MiB of page cache instead of SQLite's 2 MiB: a bulk change or a
    // billing day touches tens of thousands of pages in one transaction (a 2 MiB cache spills them to the WAL and reads
    // them back). Savepoint journals and temporary b-trees in memory: a row applied with a savepoint of its own (a single
    // change inside a larger transaction, a bulk chunk applied again row by row) journals every page it touches, which
    // at 100k customers meant ~100 MB of writes to a temporary file per 10 000 rows.
    sqlite.pragma('cache_size = -65536');
    sqlite.pragma('temp_store = MEMORY');
    refuseNewerSchema(sqlite);
    if (!readonly && opts.migrate !== false) {
      applyMigrations(sqlite, opts.migrationsFolder, inMemory || opts.backupBeforeMigrate === false ? null : file, opts.onUpgrade);
      sqlite.prepare(`INSERT OR IGNORE INTO partners (id, name) VALUES (?, 'Default')`).run(DEFAULT_PARTNER_ID);
      if (hasSampleStatistics(sqlite)) sqlite.transaction(() => dropSampleStatistics(sqlite)).immediate();
      // Logins a migration (or a write outside a transaction) left unsettled: what FreeRADIUS reads is brought in step.
      if (hasNetworkChanges(sqlite)) sqlite.transaction(() => settleNetworkChanges(sqlite)).immediate();
      repairHexLookingPapValues(sqlite);
    }
    // After migrating: a table rebuild in a migration must run with foreign keys off (see applyMigrations).
    sqlite.pragma('foreign_keys = ON');
  } catch (err) {
    sqlite.close();
    lock?.release();
    throw err;
  }
  const orm = drizzle({ client: sqlite, schema });
  let joinWithoutSavepoints = 0;
  const outboxListeners = new Set<() => void>();
  // The outermost transaction settles the network answers its writes may have changed just before COMMIT (the
  // triggers of migration 0008 marked the logins), so a change and its Disconnect-Request commit together.
  const outermost = <T>(fn: () => T): T => {
    let queued = 0;
    const result = sqlite
      .transaction(() => {
        const r = fn();
        queued = settleNetworkChanges(sqlite);
        return r;
      })
      .immediate();
    if (queued > 0) for (const listener of outboxListeners) listener();
    return result;
  };
  const db: AppDb = {
    sqlite,
    orm,
    file,
    transaction: <T>(fn: () => T): T =>
      sqlite.inTransaction ? (joinWithoutSavepoints > 0 ? fn() : sqlite.transaction(fn).immediate()) : outermost(fn),
    outboxListeners,
    withoutSavepoints: <T>(fn: () => T): T => {
      if (!sqlite.inTransaction) throw new Error('withoutSavepoints() runs inside a transaction');
      joinWithoutSavepoints++;
      try {
        return fn();
      } finally {
        joinWithoutSavepoints--;
      }
    },
    close: () => {
      sqlite.close();
      lock?.release();
    },
  };
  if (readonly) db.readOnly = true;
  if (heldBy !== undefined) db.heldBy = heldBy;
  return db;
}

/** The schema version recorded in a file: user_version, or the migration rows when user_version was not set. */
function recordedVersion(sqlite: Database.Database): { version: number; unknownMigration: boolean } {
  const userVersion = sqlite.pragma('user_version', { simple: true }) as number;
  const hasTable = sqlite.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(MIGRATIONS_TABLE);
  if (!hasTable) return { version: userVersion, unknownMigration: false };
  const rows = sqlite.prepare(`SELECT created_at FROM "${MIGRATIONS_TABLE}"`).all() as { created_at: number }[];
  return {
    version: Math.max(userVersion, rows.length),
    unknownMigration: rows.some((r) => Number(r.created_at) > LAST_MIGRATION_WHEN),
  };
}

function appliedCount(sqlite: Database.Database): number {
  const hasTable = sqlite.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(MIGRATIONS_TABLE);
  return hasTable ? (sqlite.prepare(`SELECT count(*) AS n FROM "${MIGRATIONS_TABLE}"`).get() as { n: number }).n : 0;
}

function refuseNewerSchema(sqlite: Database.Database): void {
  const { version, unknownMigration } = recordedVersion(sqlite);
  if (version > SCHEMA_VERSION || unknownMigration) throw new NewerSchemaError(Math.max(version, SCHEMA_VERSION + 1), SCHEMA_VERSION);
}

/**
 * Applies the pending migrations of db/migrations in ONE immediate transaction, recording them in drizzle's
 * `__drizzle_migrations` table (same rule as drizzle's migrator: every migration newer than the last recorded
 * one) and setting PRAGMA user_version = SCHEMA_VERSION.
 *
 * Why not drizzle's migrate(): it reads the last applied migration before taking a (deferred) write lock, so
 * two processes opening a fresh file at once would both run the CREATE TABLEs; and with foreign keys on, the
 * table rebuilds drizzle-kit generates for SQLite (DROP TABLE + rename) would cascade-delete child rows. Here
 * foreign keys are off during the migration (as SQLite's ALTER TABLE procedure requires), checked with
 * foreign_key_check before commit, and the version is re-read inside the lock.
 */
function applyMigrations(sqlite: Database.Database, folder: string | undefined, backupOf: string | null, onUpgrade?: (p: UpgradeProgress) => void): void {
  const applied0 = appliedCount(sqlite);
  if (applied0 === SCHEMA_VERSION && sqlite.pragma('user_version', { simple: true }) === SCHEMA_VERSION) return;
  const migrationsFolder = folder ?? findMigrationsFolder();
  if (!existsSync(join(migrationsFolder, 'meta', '_journal.json')))
    throw new Error(`No database migrations in ${migrationsFolder} (meta/_journal.json is missing).`);
  const migrations = readMigrationFiles({ migrationsFolder });
  if (migrations.length !== SCHEMA_VERSION)
    throw new Error(`The migrations in ${migrationsFolder} (${migrations.length}) do not match this build (schema ${SCHEMA_VERSION}).`);
  // A new file is created in moments: only an existing file's upgrade is reported.
  const from = recordedVersion(sqlite).version;
  const report = hasTables(sqlite) && onUpgrade ? (phase: UpgradeProgress['phase'], step: number, steps: number) => onUpgrade({ from, to: SCHEMA_VERSION, phase, step, steps }) : undefined;
  const steps = Math.max(1, SCHEMA_VERSION - applied0);
  if (backupOf !== null) {
    report?.('backup', 0, steps);
    backupBeforeMigration(sqlite, backupOf);
  }
  sqlite.pragma('foreign_keys = OFF');
  sqlite
    .transaction(() => {
      refuseNewerSchema(sqlite); // again, now that we hold the write lock
      sqlite.exec(`CREATE TABLE IF NOT EXISTS "${MIGRATIONS_TABLE}" (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at numeric)`);
      const last = sqlite.prepare(`SELECT max(created_at) AS at FROM "${MIGRATIONS_TABLE}"`).get() as { at: number | null };
      const record = sqlite.prepare(`INSERT INTO "${MIGRATIONS_TABLE}" (hash, created_at) VALUES (?, ?)`);
      let applied = 0;
      for (const migration of migrations) {
        if (last.at !== null && Number(last.at) >= migration.folderMillis) continue;
        report?.('migrating', applied + 1, steps);
        runMigration(sqlite, migration);
        record.run(migration.hash, migration.folderMillis);
        applied++;
      }
      if (applied > 0) {
        report?.('statistics', applied, steps);
        analyzeNewIndexes(sqlite);
      }
      const broken = sqlite.pragma('foreign_key_check') as unknown[];
      if (broken.length > 0) throw new Error(`Migration left ${broken.length} rows with broken foreign keys; nothing was changed.`);
      sqlite.pragma(`user_version = ${SCHEMA_VERSION}`);
    })
    .immediate();
}

/**
 * An existing file (it has tables) about to be migrated is first copied into its backup folder, so an upgrade
 * that goes wrong in a way the transaction cannot undo (a bug in a migration found weeks later) can be rolled
 * back by restoring it. VACUUM INTO is synchronous and reads one consistent snapshot (WAL included).
 */
function backupBeforeMigration(sqlite: Database.Database, file: string): void {
  if (!hasTables(sqlite)) return; // a new file: nothing to keep
  const from = recordedVersion(sqlite).version;
  const folder = backupFolderOf(sqlite, file);
  vacuumInto(sqlite, newBackupPath(folder, 'pre-migration', new Date(), `v${from}-to-v${SCHEMA_VERSION}`));
  rotateBackups(folder, 'pre-migration', backupKeepOf(sqlite));
}

function runMigration(sqlite: Database.Database, migration: MigrationMeta): void {
  // exec (not prepare) so a chunk may hold comments or several statements.
  for (const statement of migration.sql) if (statement.trim()) sqlite.exec(statement);
}

/**
 * Finds db/migrations: next to this module when run from source (tsx, vitest), or — from the electron-vite
 * bundle in out/main — by walking up to the folder holding db/migrations. ISP_MIGRATIONS_DIR overrides
 * both (packaged builds put the folder in their resources).
 */
export function findMigrationsFolder(): string {
  const hasJournal = (dir: string) => existsSync(join(dir, 'meta', '_journal.json'));
  const fromEnv = process.env.ISP_MIGRATIONS_DIR;
  if (fromEnv) return fromEnv;
  const here = import.meta.dirname ?? dirname(fileURLToPath(import.meta.url));
  const candidates = [join(here, 'migrations')];
  for (let dir = here; ; dir = dirname(dir)) {
    candidates.push(join(dir, 'db', 'migrations'));
    if (dirname(dir) === dir) break;
  }
  const resources = (process as { resourcesPath?: string }).resourcesPath;
  if (resources) candidates.push(join(resources, 'migrations'));
  candidates.push(join(process.cwd(), 'db', 'migrations'));
  // Prefer a folder whose journal is this build's (a stale copy higher up must not win).
  const matching = candidates.filter(hasJournal).find((dir) => journalLength(dir) === SCHEMA_VERSION);
  if (matching) return matching;
  throw new Error(`Cannot find the database migrations (db/migrations) for schema ${SCHEMA_VERSION}; looked in: ${candidates.join(', ')}`);
}

function journalLength(dir: string): number {
  try {
    return (JSON.parse(readFileSync(join(dir, 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] }).entries.length;
  } catch {
    return -1;
  }
}
