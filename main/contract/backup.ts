import { z } from 'zod';
import { channel } from './channel';

// Backups (Config → Backups, `npm run cli -- backup|restore|check`). Implementation: main/app/backup.ts.

export type BackupKindName = 'manual' | 'daily' | 'pre-migration' | 'pre-restore';

export interface BackupEntry {
  /** file name inside the backup folder: what backup.check / backup.restore take */
  name: string;
  path: string;
  kind: BackupKindName;
  /** ISO 8601 UTC */
  takenAt: string;
  size: number;
}

export interface BackupList {
  folder: string;
  defaultFolder: string;
  /** backups kept per kind */
  keep: number;
  /** calendar day of the last automatic daily backup */
  lastDaily: string | null;
  /** the database is open read-only (another instance holds it): no backup settings, no restore */
  readOnly: boolean;
  backups: BackupEntry[];
}

export interface BackupCheck {
  ok: boolean;
  path: string;
  /** the file's schema version (null when it is not a database of this application) */
  schemaVersion: number | null;
  currentSchemaVersion: number;
  /** why it cannot be restored: empty when ok */
  problems: string[];
  /** the schema and invariant checks it fails, each with the first records that break it (db/invariants.ts) */
  findings: { check: string; rule: string; count: number; records: Record<string, unknown>[] }[];
  customers: number | null;
  lastProcessedDay: string | null;
}

export interface BackupRestoreResult {
  restoredFrom: string;
  /** the copy of the database as it was just before the restore */
  safetyBackup: BackupEntry;
  /** the restored file's schema version before it was brought up to date */
  fromSchemaVersion: number;
  schemaVersion: number;
}

/** A backup's file name in the backup folder, or an absolute path to a database file. */
const fileRef = z
  .string()
  .min(1, 'is required')
  .max(4096, 'is too long')
  .refine((s) => !s.includes('\0'), 'must not contain NUL characters');

/**
 * A backup folder as staff type it (absolute, or relative to the database's folder). Refused: control and invisible
 * characters (lone surrogates included), characters no Windows folder may hold (so a folder chosen on one
 * workstation works on another, and no markup travels into paths), over-long names.
 */
export const backupFolderPath = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(1024, 'must be at most 1024 characters')
  .refine((s) => !/[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}]/u.test(s), 'must not contain control or invisible characters')
  .refine((s) => !/[<>"|?*]/.test(s), 'must not contain < > " | ? or *')
  .refine((s) => !/:/.test(s.replace(/^[A-Za-z]:(?=[\\/]|$)/, '')), 'may hold a colon only after a drive letter (C:\\…)')
  .refine((s) => s.split(/[\\/]/).every((part) => part.length <= 255), 'each folder name must be at most 255 characters');

export const backupChannels = {
  'backup.list': channel<BackupList>()(z.object({}), { readOnly: true }),
  /** a consistent copy of the live database into the backup folder, now */
  'backup.now': channel<BackupEntry>()(z.object({})),
  /**
   * integrity, schema and invariant check of a candidate file (nothing is changed). Any role may check a backup of
   * the backup folder; a file elsewhere only an administrator (who may restore from anywhere anyway).
   */
  'backup.check': channel<BackupCheck>()(z.object({ file: fileRef }), { readOnly: true }),
  /** replaces the live data with a checked backup; the live database is backed up first */
  'backup.restore': channel<BackupRestoreResult>()(z.object({ file: fileRef })),
  /**
   * the same restore in steps, shown in system.progress (kind "restore") while it runs; answers at once, and the
   * outcome (BackupRestoreResult, or the refusal in words) is the progress record's `finished`
   */
  'backup.restoreStart': channel<{ started: true; steps: string[] }>()(z.object({ file: fileRef })),
  'backup.configure': channel<BackupList>()(
    z.object({
      /** null: the default `<db dir>/backups` */
      folder: backupFolderPath.nullable(),
      keep: z.number().int().min(1, 'must be at least 1').max(3650),
    }),
  ),
};
