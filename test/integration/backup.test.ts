import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, writeFileSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { listBackupFiles } from '../../db/backupFiles';
import { acquireInstanceLock, lockFileOf } from '../../db/lock';
import { findMigrationsFolder, openDatabase, SCHEMA_VERSION } from '../../db/open';
import { checkBackupFile, dailyBackupIfDue, startBackupSchedule, takeBackupOnline } from '../../main/app/backup';
import { dispatch } from '../../main/app/dispatch';
import { runCli } from '../../main/hosts/cli';
import { createAppFixture, type AppFixture } from './appFixtures';
import { invariantProblems } from '../helpers/dbInvariants';
import { makeOldSchemaFile } from '../helpers/oldSchema';

// Backups (issue "Backups"): back up → change → restore gives the data as at the backup; a damaged, foreign or
// newer file is refused before anything is replaced; rotation keeps N per kind; the daily backup runs once per
// calendar day with the online backup API; a backup is taken before every migration and a failed migration
// changes nothing; the CLI does the same for automation; the instance lock opens a held file read-only.

let fx: AppFixture;
const names = (fx: AppFixture) =>
  (fx.db.sqlite.prepare('SELECT name FROM customers ORDER BY id').all() as { name: string }[]).map((r) => r.name);
const create = (name: string) => fx.call('customers.create', { name, status: 'active' });

afterEach(() => fx?.close());

/** Damages a copy of a database file in its middle pages (the header stays valid). */
function corruptCopy(src: string, dest: string): void {
  copyFileSync(src, dest);
  const size = readFileSync(dest).length;
  const fd = openSync(dest, 'r+');
  try {
    for (let off = 4096 * 2; off < size - 100; off += 4096) writeSync(fd, Buffer.alloc(64, 0xa5), 0, 64, off + 17);
  } finally {
    closeSync(fd);
  }
}

describe('backup and restore through the channels', () => {
  it('round trip: data as at the backup, the live data kept in a pre-restore backup, search still works', () => {
    fx = createAppFixture();
    const ann = create('Ann Original');
    const backup = fx.call('backup.now', {});
    expect(backup.kind).toBe('manual');
    expect(existsSync(backup.path)).toBe(true);
    expect(checkBackupFile(backup.path).ok).toBe(true);

    fx.call('customers.update', { id: ann.id, name: 'Ann Changed' });
    create('Bob After Backup');
    expect(names(fx)).toEqual(['Ann Changed', 'Bob After Backup']);

    const restored = fx.call('backup.restore', { file: backup.name });
    expect(restored.fromSchemaVersion).toBe(SCHEMA_VERSION);
    expect(names(fx)).toEqual(['Ann Original']);
    // the search index follows the restored rows
    expect(fx.call('customers.list', { search: 'Original' }).rows.map((r) => r.name)).toEqual(['Ann Original']);
    expect(fx.call('customers.list', { search: 'Bob' }).rows).toEqual([]);
    // the data just replaced are in the safety backup
    const safety = new Database(restored.safetyBackup.path, { readonly: true });
    expect((safety.prepare('SELECT name FROM customers ORDER BY id').all() as { name: string }[]).map((r) => r.name)).toEqual(['Ann Changed', 'Bob After Backup']);
    safety.close();
    expect(fx.call('backup.list', {}).backups.map((b) => b.kind).sort()).toEqual(['manual', 'pre-restore']);
    expect(invariantProblems(fx.db.sqlite)).toEqual([]);
    // the application keeps working on the same connection, and the restore is in the audit log
    create('Carol After Restore');
    expect(names(fx)).toEqual(['Ann Original', 'Carol After Restore']);
    expect(fx.db.sqlite.prepare("SELECT count(*) AS n FROM audit_log WHERE entity = 'database' AND action LIKE 'database restored from%'").get()).toEqual({ n: 1 });
  });

  it('refuses a damaged file, a non-database, a foreign database and a newer schema — and changes nothing', () => {
    fx = createAppFixture();
    create('Ann');
    for (let i = 0; i < 300; i++) create(`Filler ${i} ${'x'.repeat(100)}`); // a few pages to damage
    const backup = fx.call('backup.now', {});
    const bad = (n: string) => join(fx.dir, n);

    corruptCopy(backup.path, bad('corrupt.sqlite'));
    writeFileSync(bad('text.sqlite'), 'SQLite format 3 -- not really'.repeat(100));
    const foreign = new Database(bad('foreign.sqlite'));
    foreign.exec('CREATE TABLE t (x); INSERT INTO t VALUES (1);');
    foreign.close();
    copyFileSync(backup.path, bad('newer.sqlite'));
    const newer = new Database(bad('newer.sqlite'));
    newer.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    newer.close();

    const before = fx.dump();
    for (const [file, why] of [
      ['corrupt.sqlite', /integrity check failed|cannot be read/],
      ['text.sqlite', /not an SQLite database/],
      ['foreign.sqlite', /not an ISP Back Office database/],
      ['newer.sqlite', /newer version/],
    ] as const) {
      const check = fx.call('backup.check', { file: bad(file) });
      expect(check.ok, file).toBe(false);
      expect(check.problems.join(' '), file).toMatch(why);
      const err = fx.refuse('backup.restore', { file: bad(file) });
      expect(err.code, `${file}: ${err.message}`).toBe('REFUSED');
      expect(err.message).toMatch(why);
    }
    expect(fx.refuse('backup.restore', { file: 'no-such-backup.sqlite' }).code).toBe('NOT_FOUND');
    expect(fx.refuse('backup.restore', { file: 'relative/path.sqlite' }).code).toBe('VALIDATION');
    expect(fx.refuse('backup.restore', { file: fx.file }).code).toBe('VALIDATION');
    expect(fx.dump()).toEqual(before);
    // nothing was restored, so no safety copy was needed either
    expect(fx.call('backup.list', {}).backups.map((b) => b.kind)).toEqual(['manual']);
  });

  it('restores an older-schema backup by migrating the staged copy', () => {
    fx = createAppFixture();
    const old = join(fx.dir, 'old.sqlite');
    makeOldSchemaFile(old, SCHEMA_VERSION - 1, (db) => db.exec("INSERT INTO customers (name, status, partner_id, created_on) VALUES ('Old Timer', 'active', 1, '2021-01-01')"));
    const res = fx.call('backup.restore', { file: old });
    expect(res.fromSchemaVersion).toBe(SCHEMA_VERSION - 1);
    expect(names(fx)).toEqual(['Old Timer']);
    expect(fx.db.sqlite.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
  });

  it('rotation keeps the newest N of each kind; the folder is configurable', () => {
    fx = createAppFixture();
    const folder = join(fx.dir, 'elsewhere');
    const list = fx.call('backup.configure', { folder, keep: 3 });
    expect(list.folder).toBe(folder);
    let t = Date.parse('2025-01-01T08:00:00Z');
    const ctx = { ...fx.ctx, now: () => (t += 60_000) };
    const made = Array.from({ length: 5 }, () => dispatch(ctx, 'backup.now', {})).map((r) => (r.ok ? r.data.name : r.error.message));
    const kept = fx.call('backup.list', {}).backups;
    expect(kept.map((b) => b.name)).toEqual(made.slice(2).reverse());
    expect(readdirSync(folder).filter((n) => n.endsWith('.sqlite'))).toHaveLength(3);
    expect(fx.refuse('backup.configure', { folder: join(fx.file, 'under-a-file'), keep: 3 }).code).toBe('VALIDATION');
    expect(fx.call('backup.configure', { folder: null, keep: 14 }).folder).toBe(join(fx.dir, 'backups'));
  });
});

describe('automatic daily backup (online backup API)', () => {
  it('runs once per calendar day, whatever restarts', async () => {
    fx = createAppFixture();
    create('Ann');
    const first = await dailyBackupIfDue(fx.db, '2025-03-01');
    expect(first?.kind).toBe('daily');
    expect(await dailyBackupIfDue(fx.db, '2025-03-01')).toBeNull();
    const schedule = startBackupSchedule({ db: () => fx.db, today: () => '2025-03-01', intervalMs: 3_600_000 });
    expect(await schedule.check()).toBeNull();
    schedule.stop();
    const second = await dailyBackupIfDue(fx.db, '2025-03-02');
    expect(second?.kind).toBe('daily');
    expect(fx.call('backup.list', {}).lastDaily).toBe('2025-03-02');
    const check = checkBackupFile(second!.path);
    expect(check).toMatchObject({ ok: true, customers: 1, schemaVersion: SCHEMA_VERSION });
    // a self-contained file: no -wal next to it
    expect(existsSync(`${second!.path}-wal`)).toBe(false);
  });

  it('copies a consistent state while the application keeps writing', async () => {
    fx = createAppFixture();
    for (let i = 0; i < 200; i++) create(`Customer ${i}`);
    const pending = takeBackupOnline(fx.db, 'manual');
    for (let i = 0; i < 50; i++) create(`During ${i}`);
    const entry = await pending;
    const copy = new Database(entry.path, { readonly: true });
    const n = (copy.prepare('SELECT count(*) AS n FROM customers').get() as { n: number }).n;
    expect(n).toBeGreaterThanOrEqual(200);
    expect(invariantProblems(copy)).toEqual([]);
    copy.close();
  });
});

describe('migrations', () => {
  it('an existing file is backed up before it is migrated; a new file is not', () => {
    fx = createAppFixture();
    expect(listBackupFiles(join(fx.dir, 'backups'))).toEqual([]); // the fixture's new file: no backup
    const file = join(fx.dir, 'upgrade', 'old.sqlite');
    mkdirSync(join(fx.dir, 'upgrade'));
    makeOldSchemaFile(file, SCHEMA_VERSION - 1, (db) => db.exec("INSERT INTO customers (name, status, partner_id, created_on) VALUES ('Kept', 'active', 1, '2021-01-01')"));
    const db = openDatabase(file);
    expect(db.sqlite.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    db.close();
    const backups = listBackupFiles(join(fx.dir, 'upgrade', 'backups'));
    expect(backups.map((b) => b.kind)).toEqual(['pre-migration']);
    expect(backups[0]!.name).toContain(`v${SCHEMA_VERSION - 1}-to-v${SCHEMA_VERSION}`);
    const copy = new Database(backups[0]!.path, { readonly: true });
    expect(copy.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION - 1);
    expect(copy.prepare('SELECT name FROM customers').all()).toEqual([{ name: 'Kept' }]);
    copy.close();
    // opening again migrates nothing, so no second backup
    openDatabase(file).close();
    expect(listBackupFiles(join(fx.dir, 'upgrade', 'backups'))).toHaveLength(1);
  });

  it('a failing migration changes nothing (one transaction)', () => {
    fx = createAppFixture();
    const folder = join(fx.dir, 'migrations');
    cpSync(findMigrationsFolder(), folder, { recursive: true });
    const journal = JSON.parse(readFileSync(join(folder, 'meta', '_journal.json'), 'utf8')) as { entries: { tag: string }[] };
    const lastSql = join(folder, `${journal.entries.at(-1)!.tag}.sql`);
    writeFileSync(lastSql, `${readFileSync(lastSql, 'utf8')}\n--> statement-breakpoint\nCREATE TABLE broken_on_purpose (x);\n--> statement-breakpoint\nTHIS IS NOT SQL;`);
    const file = join(fx.dir, 'old.sqlite');
    makeOldSchemaFile(file, SCHEMA_VERSION - 1);
    const tablesOf = () => {
      const raw = new Database(file, { readonly: true });
      try {
        return { tables: raw.prepare("SELECT name FROM sqlite_master ORDER BY name").all(), version: raw.pragma('user_version', { simple: true }) };
      } finally {
        raw.close();
      }
    };
    const before = tablesOf();
    expect(() => openDatabase(file, { migrationsFolder: folder })).toThrow(/syntax error|THIS/i);
    expect(tablesOf()).toEqual(before);
    expect(before.version).toBe(SCHEMA_VERSION - 1);
  });

  it('a newer schema is refused with a clear message and the file is left alone', () => {
    fx = createAppFixture();
    const file = join(fx.dir, 'newer.sqlite');
    openDatabase(file).close();
    const raw = new Database(file);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    raw.close();
    expect(() => openDatabase(file)).toThrow(/newer version of ISP Back Office/);
    expect(listBackupFiles(join(fx.dir, 'backups'))).toEqual([]);
  });
});

describe('instance lock: a file held by another live process opens read-only', () => {
  let holder: ChildProcess;
  beforeAll(async () => {
    holder = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    await new Promise((r) => setTimeout(r, 50));
  });
  afterAll(() => holder.kill('SIGKILL'));

  it('held: read-only, said so in system.info, writes refused with a code', () => {
    fx = createAppFixture();
    create('Ann');
    writeFileSync(lockFileOf(fx.file), String(holder.pid));
    const ro = openDatabase(fx.file, { instanceLock: true });
    try {
      expect(ro.readOnly).toBe(true);
      expect(ro.heldBy).toBe(holder.pid);
      const ctx = { ...fx.ctx, db: ro };
      const info = dispatch(ctx, 'system.info', {});
      expect(info.ok && info.data.readOnly).toBe(true);
      const list = dispatch(ctx, 'customers.list', {});
      expect(list.ok && list.data.rows.map((r) => r.name)).toEqual(['Ann']);
      const write = dispatch(ctx, 'customers.create', { name: 'Nope' });
      expect(write.ok).toBe(false);
      if (!write.ok) expect(write.error.code).toBe('REFUSED');
      const restore = dispatch(ctx, 'backup.restore', { file: 'x.sqlite' });
      expect(!restore.ok && restore.error.code).toBe('REFUSED');
    } finally {
      ro.close();
    }
    expect(readFileSync(lockFileOf(fx.file), 'utf8')).toBe(String(holder.pid)); // not ours: left alone
  });

  it('a stale lock (dead process) is taken over and released on close', () => {
    fx = createAppFixture();
    writeFileSync(lockFileOf(fx.file), '2147483646');
    const db = openDatabase(fx.file, { instanceLock: true });
    expect(db.readOnly).toBeUndefined();
    expect(readFileSync(lockFileOf(fx.file), 'utf8')).toBe(String(process.pid));
    db.close();
    expect(existsSync(lockFileOf(fx.file))).toBe(false);
    const again = acquireInstanceLock(fx.file);
    expect(again.ok).toBe(true);
    if (again.ok) again.lock.release();
  });
});

describe('CLI: backup | check | restore', () => {
  const io = () => {
    const out: string[] = [];
    const err: string[] = [];
    return { io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) }, out, err };
  };

  it('round trip, a refused corrupt file, and a live file that no longer opens', async () => {
    fx = createAppFixture();
    create('Ann');
    fx.db.close();
    const to = join(fx.dir, 'cli-backups');
    const b = io();
    expect(await runCli(['backup', '--db', fx.file, '--to', to], b.io)).toBe(0);
    const entry = JSON.parse(b.out.join('\n')) as { path: string; kind: string };
    expect(entry.path.startsWith(to)).toBe(true);

    const c = io();
    expect(await runCli(['check', '--db', entry.path], c.io)).toBe(0);
    expect(JSON.parse(c.out.join('\n'))).toMatchObject({ ok: true, customers: 1 });

    // change the live data, then restore
    const live = openDatabase(fx.file);
    live.sqlite.prepare("UPDATE customers SET name = 'Changed'").run();
    live.close();
    const r = io();
    expect(await runCli(['restore', '--db', fx.file, '--from', entry.path], r.io), r.err.join('\n')).toBe(0);
    const after = openDatabase(fx.file);
    expect((after.sqlite.prepare('SELECT name FROM customers').all() as { name: string }[]).map((x) => x.name)).toEqual(['Ann']);
    after.close();

    // a corrupt candidate: check fails (exit 1), restore refused (exit 1), live data untouched
    const corrupt = join(fx.dir, 'corrupt.sqlite');
    const big = openDatabase(join(fx.dir, 'big.sqlite'));
    for (let i = 0; i < 300; i++) big.sqlite.prepare("INSERT INTO customers (name, status, partner_id, created_on) VALUES (?, 'active', 1, '2021-01-01')").run(`N${i} ${'y'.repeat(100)}`);
    big.close();
    corruptCopy(join(fx.dir, 'big.sqlite'), corrupt);
    expect(await runCli(['check', '--db', corrupt], io().io)).toBe(1);
    const refused = io();
    expect(await runCli(['restore', '--db', fx.file, '--from', corrupt], refused.io)).toBe(1);
    expect(refused.out.join('\n')).toContain('REFUSED');

    // the live file itself is damaged beyond opening: it is moved aside and replaced by the checked backup
    writeFileSync(fx.file, 'garbage'.repeat(1000));
    for (const ext of ['-wal', '-shm']) if (existsSync(fx.file + ext)) writeFileSync(fx.file + ext, '');
    const r2 = io();
    expect(await runCli(['restore', '--db', fx.file, '--from', entry.path], r2.io), r2.err.join('\n') + r2.out.join('\n')).toBe(0);
    expect(JSON.parse(r2.out.join('\n')).safetyBackup.name).toMatch(/pre-restore-unreadable/);
    const healed = openDatabase(fx.file);
    expect((healed.sqlite.prepare('SELECT name FROM customers').all() as { name: string }[]).map((x) => x.name)).toEqual(['Ann']);
    healed.close();

    expect(await runCli(['restore', '--db', fx.file], io().io)).toBe(2); // usage
    // reopen for afterEach's close
    fx.db = openDatabase(fx.file);
  });

  it('refuses to restore over a database another live process holds', async () => {
    fx = createAppFixture();
    const backup = fx.call('backup.now', {});
    fx.db.close();
    const other = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    try {
      writeFileSync(lockFileOf(fx.file), String(other.pid));
      const r = io();
      expect(await runCli(['restore', '--db', fx.file, '--from', backup.path], r.io)).toBe(1);
      expect(r.out.join('\n')).toMatch(/in use by process/);
    } finally {
      other.kill('SIGKILL');
    }
    fx.db = openDatabase(fx.file);
  });
});
