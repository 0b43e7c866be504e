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

export const backupChannels = {
  'backup.list': channel<BackupList>()(z.object({}), { readOnly: true }),
  /** a consistent copy of the live database into the backup folder, now */
  'backup.now': channel<BackupEntry>()(z.object({})),
  /** integrity and schema check of a candidate file (nothing is changed) */
  'backup.check': channel<BackupCheck>()(z.object({ file: fileRef }), { readOnly: true }),
  /** replaces the live data with a checked backup; the live database is backed up first */
  'backup.restore': channel<BackupRestoreResult>()(z.object({ file: fileRef })),
  'backup.configure': channel<BackupList>()(
    z.object({
      /** null: the default `<db dir>/backups` */
      folder: z.string().trim().min(1).max(4096).refine((s) => !s.includes('\0'), 'must not contain NUL characters').nullable(),
      keep: z.number().int().min(1, 'must be at least 1').max(3650),
    }),
  ),
};
