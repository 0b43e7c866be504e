import Database from 'better-sqlite3';
import { existsSync, mkdirSync, readdirSync, renameSync, statSync, unlinkSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

// Backup files on disk: where they go, how they are named, how a consistent copy is written and how old ones are
// rotated away. Kept at the db level (no application imports) because openDatabase itself takes a backup before
// it migrates a file. The application side (channels, restore, the daily schedule) is main/app/backup.ts.

export const BACKUP_KINDS = ['manual', 'daily', 'pre-migration', 'pre-restore'] as const;
export type BackupKind = (typeof BACKUP_KINDS)[number];
export const DEFAULT_BACKUP_KEEP = 14;
export const BACKUP_PREFIX = 'isp-back-office';

export interface BackupFile {
  /** file name inside the folder */
  name: string;
  /** absolute path */
  path: string;
  kind: BackupKind;
  /** when it was taken, ISO 8601 UTC (from the name) */
  takenAt: string;
  size: number;
}

/** `<db dir>/backups`: the default backup folder of a database file. */
export const defaultBackupFolder = (dbFile: string): string => join(dirname(resolve(dbFile)), 'backups');

/**
 * The configured folder (app_state `backup.folder`, read raw so this works on any schema version) or the default.
 * A relative configured folder is taken relative to the database's own folder.
 */
export function backupFolderOf(sqlite: Database.Database, dbFile: string): string {
  try {
    const has = sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'app_state'").get();
    if (has) {
      const row = sqlite.prepare("SELECT value FROM app_state WHERE key = 'backup.folder'").get() as { value: string } | undefined;
      const folder = row ? (JSON.parse(row.value) as unknown) : null;
      if (typeof folder === 'string' && folder.trim()) return resolve(dirname(resolve(dbFile)), folder.trim());
    }
  } catch {
    // unreadable setting: fall back to the default
  }
  return defaultBackupFolder(dbFile);
}

/** app_state `backup.keep` (read raw), else DEFAULT_BACKUP_KEEP. */
export function backupKeepOf(sqlite: Database.Database): number {
  try {
    const row = sqlite.prepare("SELECT value FROM app_state WHERE key = 'backup.keep'").get() as { value: string } | undefined;
    const keep = row ? (JSON.parse(row.value) as unknown) : null;
    if (typeof keep === 'number' && Number.isInteger(keep) && keep >= 1) return keep;
  } catch {
    // no app_state table yet, or an unreadable value
  }
  return DEFAULT_BACKUP_KEEP;
}

/** `isp-back-office-2025-06-01T10-20-30-123Z-daily.sqlite`: sorts by time, readable, safe on every file system. */
export function backupFileName(kind: BackupKind, at: Date, tag?: string): string {
  const stamp = at.toISOString().replace(/:/g, '-').replace('.', '-');
  const extra = tag ? `-${tag.replace(/[^A-Za-z0-9._-]/g, '_')}` : '';
  return `${BACKUP_PREFIX}-${stamp}-${kind}${extra}.sqlite`;
}

const NAME_RE = new RegExp(`^${BACKUP_PREFIX}-(\\d{4}-\\d{2}-\\d{2})T(\\d{2})-(\\d{2})-(\\d{2})-(\\d{3})Z-(${BACKUP_KINDS.join('|')})(?:-[A-Za-z0-9._-]+)?\\.sqlite$`);

export function parseBackupName(name: string): { kind: BackupKind; takenAt: string } | null {
  const m = NAME_RE.exec(name);
  if (!m) return null;
  return { kind: m[6] as BackupKind, takenAt: `${m[1]}T${m[2]}:${m[3]}:${m[4]}.${m[5]}Z` };
}

/** The backups in a folder, newest first (files of other names are ignored). */
export function listBackupFiles(folder: string): BackupFile[] {
  if (!existsSync(folder)) return [];
  const out: BackupFile[] = [];
  for (const name of readdirSync(folder)) {
    const parsed = parseBackupName(name);
    if (!parsed) continue;
    const path = join(folder, name);
    const st = statSync(path, { throwIfNoEntry: false });
    if (!st?.isFile()) continue;
    out.push({ name, path, kind: parsed.kind, takenAt: parsed.takenAt, size: st.size });
  }
  return out.sort((a, b) => (a.name < b.name ? 1 : a.name > b.name ? -1 : 0));
}

/** Deletes the oldest backups of `kind` beyond the newest `keep`. Returns the names removed. */
export function rotateBackups(folder: string, kind: BackupKind, keep: number): string[] {
  const removed: string[] = [];
  for (const old of listBackupFiles(folder).filter((b) => b.kind === kind).slice(Math.max(1, keep))) {
    try {
      unlinkSync(old.path);
      removed.push(old.name);
    } catch {
      // in use or already gone: the next rotation tries again
    }
  }
  return removed;
}

/** A unique path for a new backup in `folder` (a second backup in the same millisecond gets a counter). */
export function newBackupPath(folder: string, kind: BackupKind, at: Date, tag?: string): string {
  mkdirSync(folder, { recursive: true });
  let path = join(folder, backupFileName(kind, at, tag));
  for (let i = 2; existsSync(path); i++) path = join(folder, backupFileName(kind, at, `${tag ? `${tag}-` : ''}${i}`));
  return path;
}

/**
 * Finishes a backup written to `tmp`: a self-contained rollback-journal file (no -wal beside it), fsynced by
 * SQLite on close, then renamed to `dest` — so a crash never leaves a half-written file under a backup's name.
 */
export function finishBackupFile(tmp: string, dest: string): void {
  const copy = new Database(tmp);
  try {
    copy.pragma('journal_mode = DELETE');
  } finally {
    copy.close();
  }
  renameSync(tmp, dest);
}

/**
 * A consistent copy of the open database into `dest`, synchronously: `VACUUM INTO` reads one snapshot (WAL
 * included) in a read transaction, so writers of other connections are not blocked and nothing half-committed
 * is copied. Used where the caller cannot wait for the asynchronous online backup API (before a migration,
 * inside a channel handler).
 */
export function vacuumInto(sqlite: Database.Database, dest: string): void {
  const tmp = `${dest}.partial`;
  if (existsSync(tmp)) unlinkSync(tmp);
  try {
    sqlite.prepare('VACUUM INTO ?').run(tmp);
    finishBackupFile(tmp, dest);
  } catch (err) {
    try {
      unlinkSync(tmp);
    } catch {
      // nothing written
    }
    throw err;
  }
}

/** The name shown for a backup path (the file name). */
export const backupDisplayName = (path: string): string => basename(path);
