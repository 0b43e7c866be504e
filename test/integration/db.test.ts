import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultDatabasePath, NewerSchemaError, openDatabase, SCHEMA_VERSION } from '../../db/open';
import { analyze } from '../../db/plannerStats';
import { tempDir } from './dbFixtures';

// Opening the database file: migrations, pragmas, reopening, and refusing a newer schema.

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => (tmp = tempDir()));
afterEach(() => tmp.cleanup());

const tables = (db: Database.Database) =>
  (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as { name: string }[]).map((r) => r.name);

describe('openDatabase', () => {
  it('migrates a fresh file and creates the Default partner', () => {
    const db = openDatabase(join(tmp.dir, 'nested', 'office.sqlite'));
    expect(SCHEMA_VERSION).toBeGreaterThanOrEqual(1);
    const names = tables(db.sqlite);
    for (const t of [
      'partners', 'settings', 'app_state', 'plans', 'plan_partners', 'plan_portal_targets', 'customers', 'services',
      'routers', 'ipv4_networks', 'ipv4_pools', 'invoices', 'invoice_lines', 'credit_notes', 'credit_note_lines',
      'payments', 'balance_transactions', 'pending_charges', 'tickets', 'ticket_messages', 'scheduled_status_changes',
      'plan_changes', 'bulk_batches', 'bulk_batch_items', 'service_usage', 'staff_users', 'audit_log', 'customers_search',
    ])
      expect(names).toContain(t);
    expect(db.sqlite.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.sqlite.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get()).toEqual({ n: SCHEMA_VERSION });
    expect(db.sqlite.prepare('SELECT id, name FROM partners').all()).toEqual([{ id: 1, name: 'Default' }]);
    db.close();
  });

  it('runs with WAL, foreign keys, a busy timeout and synchronous NORMAL', () => {
    const db = openDatabase(join(tmp.dir, 'office.sqlite'));
    expect(db.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.sqlite.pragma('busy_timeout', { simple: true })).toBeGreaterThan(0);
    expect(db.sqlite.pragma('synchronous', { simple: true })).toBe(1);
    db.close();
  });

  it('reopens an up-to-date file without changing it', () => {
    const file = join(tmp.dir, 'office.sqlite');
    const first = openDatabase(file);
    first.sqlite.prepare(`INSERT INTO partners (name) VALUES ('North')`).run();
    const schemaBefore = first.sqlite.prepare('SELECT sql FROM sqlite_master ORDER BY name').all();
    first.close();
    const again = openDatabase(file);
    expect(again.sqlite.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get()).toEqual({ n: SCHEMA_VERSION });
    expect(again.sqlite.prepare('SELECT name FROM partners ORDER BY id').all()).toEqual([{ name: 'Default' }, { name: 'North' }]);
    expect(again.sqlite.prepare('SELECT sql FROM sqlite_master ORDER BY name').all()).toEqual(schemaBefore);
    again.close();
  });

  it('works in memory for tests', () => {
    const db = openDatabase(':memory:');
    expect(db.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.sqlite.prepare('SELECT count(*) AS n FROM partners').get()).toEqual({ n: 1 });
    db.close();
  });

  it('opens read-only without writing', () => {
    const file = join(tmp.dir, 'office.sqlite');
    openDatabase(file).close();
    const ro = openDatabase(file, { readonly: true });
    expect(ro.sqlite.prepare('SELECT name FROM partners').get()).toEqual({ name: 'Default' });
    expect(() => ro.sqlite.prepare(`INSERT INTO partners (name) VALUES ('x')`).run()).toThrow(/readonly/i);
    ro.close();
  });

  it('refuses a file of a newer schema (user_version) with a clear message and leaves it alone', () => {
    const file = join(tmp.dir, 'office.sqlite');
    const db = openDatabase(file);
    db.sqlite.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    let err: unknown;
    try {
      openDatabase(file);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(NewerSchemaError);
    expect((err as Error).message).toBe(
      `This database was created by a newer version of ISP Back Office (schema ${SCHEMA_VERSION + 1}, this version knows ${SCHEMA_VERSION}). ` +
        'Update the application to open it; the file was left unchanged.',
    );
    expect(() => openDatabase(file, { readonly: true })).toThrow(NewerSchemaError);
    const raw = new Database(file);
    expect(raw.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION + 1);
    raw.close();
  });

  it('refuses a file holding a migration this build does not know', () => {
    const file = join(tmp.dir, 'office.sqlite');
    const db = openDatabase(file);
    db.sqlite.prepare(`INSERT INTO __drizzle_migrations (hash, created_at) VALUES ('future', ?)`).run(Date.now() + 10 ** 12);
    db.close();
    expect(() => openDatabase(file)).toThrow(/newer version of ISP Back Office \(schema \d+, this version knows \d+\)/);
  });

  it('says where it looked when the migrations folder is missing', () => {
    expect(() => openDatabase(join(tmp.dir, 'x.sqlite'), { migrationsFolder: join(tmp.dir, 'nowhere') })).toThrow(/_journal\.json/);
  });

  it('keeps the file in the user data folder', () => {
    expect(defaultDatabasePath('/home/a/.config/ISP Back Office')).toBe(join('/home/a/.config/ISP Back Office', 'isp-back-office.sqlite'));
  });
});

describe('planner statistics', () => {
  const statRows = (db: Database.Database, table: string) =>
    (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

  it('keeps sqlite_stat1 and drops the stat4 samples (which make statements re-prepare) from a file analysed earlier', () => {
    const file = join(tmp.dir, 'office.sqlite');
    const first = openDatabase(file);
    const insert = first.sqlite.prepare(`INSERT INTO partners (name) VALUES (?)`);
    for (let i = 0; i < 50; i++) insert.run(`Partner ${i}`);
    first.sqlite.exec('ANALYZE'); // as an earlier build did
    const hasStat4 = first.sqlite.prepare(`SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat4'`).get() !== undefined;
    expect(hasStat4, 'this SQLite build writes stat4 samples').toBe(true);
    expect(statRows(first.sqlite, 'sqlite_stat4')).toBeGreaterThan(0);
    first.close();

    const again = openDatabase(file);
    expect(statRows(again.sqlite, 'sqlite_stat4')).toBe(0);
    expect(statRows(again.sqlite, 'sqlite_stat1')).toBeGreaterThan(0);
    again.close();
  });

  it('analyze() writes stat1 only, for the whole file or the tables named', () => {
    const db = openDatabase(join(tmp.dir, 'office.sqlite'));
    analyze(db.sqlite, ['partners']);
    expect(db.sqlite.prepare(`SELECT DISTINCT tbl FROM sqlite_stat1`).all()).toEqual([{ tbl: 'partners' }]);
    analyze(db.sqlite);
    expect(statRows(db.sqlite, 'sqlite_stat4')).toBe(0);
    expect((db.sqlite.prepare(`SELECT count(DISTINCT tbl) AS n FROM sqlite_stat1`).get() as { n: number }).n).toBeGreaterThan(1);
    db.close();
  });
});

describe('AppDb.transaction', () => {
  it('rolls everything back when the outer work fails', () => {
    const db = openDatabase(':memory:');
    expect(() =>
      db.transaction(() => {
        db.sqlite.prepare(`INSERT INTO partners (name) VALUES ('North')`).run();
        throw new Error('refused');
      }),
    ).toThrow('refused');
    expect(db.sqlite.prepare('SELECT count(*) AS n FROM partners').get()).toEqual({ n: 1 });
    db.close();
  });

  it('lets a nested call join the outer transaction and undo only its own part', () => {
    const db = openDatabase(':memory:');
    const result = db.transaction(() => {
      db.sqlite.prepare(`INSERT INTO partners (name) VALUES ('North')`).run();
      try {
        db.transaction(() => {
          db.sqlite.prepare(`INSERT INTO partners (name) VALUES ('South')`).run();
          throw new Error('inner refused');
        });
      } catch {
        // the outer work goes on
      }
      return db.transaction(() => db.sqlite.prepare('SELECT count(*) AS n FROM partners').get());
    });
    expect(result).toEqual({ n: 2 });
    expect(db.sqlite.prepare('SELECT name FROM partners ORDER BY id').all()).toEqual([{ name: 'Default' }, { name: 'North' }]);
    db.close();
  });
  it('withoutSavepoints: nested calls join the outer transaction with no savepoint of their own, and only inside one', () => {
    const db = openDatabase(':memory:');
    expect(() => db.withoutSavepoints(() => 1)).toThrow(/inside a transaction/);
    db.transaction(() => {
      db.sqlite.prepare(`INSERT INTO partners (name) VALUES ('North')`).run();
      db.withoutSavepoints(() => {
        try {
          db.transaction(() => {
            db.sqlite.prepare(`INSERT INTO partners (name) VALUES ('South')`).run();
            throw new Error('inner refused');
          });
        } catch {
          // nothing undoes the inner part: the caller of withoutSavepoints owns that
        }
      });
      // After it, nested calls are savepoints again.
      try {
        db.transaction(() => {
          db.sqlite.prepare(`INSERT INTO partners (name) VALUES ('West')`).run();
          throw new Error('inner refused');
        });
      } catch {
        // undone alone
      }
    });
    expect(db.sqlite.prepare('SELECT name FROM partners ORDER BY id').all()).toEqual([{ name: 'Default' }, { name: 'North' }, { name: 'South' }]);
    db.close();
  });
});
