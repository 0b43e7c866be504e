import { resolve } from 'node:path';
import { checkBackupFile, restoreFile, takeBackupOnline } from '../app/backup';
import { toErrorData } from '../app/dispatch';
import { registerCommand, UsageError } from './cli-commands';

// Backups for automation (cron, scripts): `npm run cli -- backup|restore|check`. Exit codes: 0 ok, 1 failed, 2 usage.

const dbOf = (values: Record<string, unknown>): string => {
  if (typeof values.db !== 'string' || values.db === '') throw new UsageError('--db FILE is required');
  return values.db;
};

registerCommand({
  name: 'backup',
  usage: 'backup --db FILE [--to DIR]           copy the database with the online backup API (default DIR: the backup folder)',
  options: { to: { type: 'string' } },
  async run(c) {
    if (c.values.to !== undefined && (typeof c.values.to !== 'string' || c.values.to === '')) throw new UsageError('--to needs a folder');
    const db = c.openDb();
    try {
      const entry = await takeBackupOnline(db, 'manual', new Date(), typeof c.values.to === 'string' ? resolve(c.values.to) : undefined);
      c.io.out(JSON.stringify(entry, null, 2));
      return 0;
    } finally {
      db.close();
    }
  },
});

registerCommand({
  name: 'restore',
  usage: 'restore --db FILE --from BACKUP        check BACKUP, back up FILE, then replace its data with BACKUP',
  options: { from: { type: 'string' } },
  run(c) {
    const file = dbOf(c.values);
    if (typeof c.values.from !== 'string' || c.values.from === '') throw new UsageError('restore needs --from BACKUP');
    try {
      const result = restoreFile(file, c.values.from);
      c.io.out(JSON.stringify(result, null, 2));
      return 0;
    } catch (err) {
      // coded and in words, like dispatch (a rule of the database that refused a row is not shown as SQLite text)
      c.io.out(JSON.stringify({ ok: false, error: toErrorData(err) }, null, 2));
      return 1;
    }
  },
});

registerCommand({
  name: 'check',
  usage: 'check --db FILE                      integrity and schema check of a database or backup file (read-only)',
  run(c) {
    const result = checkBackupFile(resolve(dbOf(c.values)));
    c.io.out(JSON.stringify(result, null, 2));
    return result.ok ? 0 : 1;
  },
});
