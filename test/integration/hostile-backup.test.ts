import Database from 'better-sqlite3';
import { copyFileSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { runCli } from '../../main/hosts/cli';
import { createAppFixture, type AppFixture } from './appFixtures';

// Issue 15, hostile items 3 and 6. Restore trusted the file: a backup edited so that a balance disagrees with its
// ledger, or missing a table, restored silently. Now the schema and our invariants are checked before the live data
// are touched, and the refusal reports which check failed and on which records. backup.check opened any absolute
// path for any role; backup.configure made folders from any text.

let fx: AppFixture | undefined;
afterEach(() => {
  fx?.close();
  fx = undefined;
});

/** A database with money on it: a customer with an invoice, a payment and a recurring line. */
function withMoney() {
  fx = createAppFixture({ today: '2024-03-01' });
  const f = fx;
  const c = f.call('customers.create', { name: 'Bella Balance', status: 'active' });
  const plan = f.call('plans.create', { kind: 'internet', name: 'Fiber 100', price: 3000 });
  const s = f.call('services.add', { customerId: c.id, kind: 'internet', planId: plan.id, start: '2024-03-01' });
  f.call('days.runUntil', { until: '2024-03-01' });
  const inv = f.call('billing.oneTimeInvoice', { customerId: c.id, lines: [{ description: 'Router', amount: 5000 }] });
  f.call('billing.addPayment', { customerId: c.id, amount: 2000 });
  const backup = f.call('backup.now', {});
  return { f, c, s, inv, backup };
}

/** A copy of the backup, edited by hand the way a hostile or careless person would. */
function edited(f: AppFixture, from: string, name: string, edit: (db: Database.Database) => void): string {
  const path = join(f.dir, name);
  copyFileSync(from, path);
  const db = new Database(path);
  db.pragma('foreign_keys = OFF');
  edit(db);
  db.close();
  return path;
}

const preRestoreBackups = (f: AppFixture) => f.call('backup.list', {}).backups.filter((b) => b.kind === 'pre-restore').length;

describe('restore checks the schema and the invariants before touching the live data', () => {
  test('each edited backup is refused with the failed check and its records; live data unchanged', () => {
    const { f, c, s, inv, backup } = withMoney();
    const recurring = f.db.sqlite.prepare("SELECT * FROM invoice_lines WHERE kind = 'recurring'").get() as Record<string, unknown>;
    expect(recurring).toBeTruthy();
    const cases: [string, (db: Database.Database) => void, string, Record<string, unknown>][] = [
      ['balance.sqlite', (db) => db.prepare('UPDATE customers SET balance = balance + 100000 WHERE id = ?').run(c.id), 'balance-equals-ledger', { customerId: c.id }],
      ['no-table.sqlite', (db) => db.exec('DROP TABLE ticket_messages'), 'schema-tables', { table: 'ticket_messages' }],
      ['no-column.sqlite', (db) => db.exec('ALTER TABLE customers DROP COLUMN notes'), 'schema-columns', { table: 'customers', column: 'notes' }],
      ['no-index.sqlite', (db) => db.exec('DROP INDEX invoice_lines_service_recurring_unique'), 'schema-indexes-triggers', { missing: 'index invoice_lines_service_recurring_unique' }],
      ['journal.sqlite', (db) => db.exec(`UPDATE "__drizzle_migrations" SET hash = 'edited' WHERE created_at = (SELECT min(created_at) FROM "__drizzle_migrations")`), 'schema-migrations', {}],
      [
        'total.sqlite',
        (db) => db.prepare('UPDATE invoices SET total = total + 100, net = net + 100 WHERE id = ?').run(inv.id),
        'invoice-total-equals-lines',
        { invoiceId: inv.id },
      ],
      [
        'twice.sqlite',
        (db) => {
          const cols = Object.keys(recurring).filter((k) => k !== 'id');
          const values = cols.map((k) => (k === 'date_from' ? '2024-03-02' : recurring[k]));
          db.prepare(`INSERT INTO invoice_lines (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`).run(...(values as never[]));
        },
        'one-recurring-line-per-period',
        { serviceId: s.id },
      ],
    ];
    const before = f.dump();
    for (const [name, edit, check, record] of cases) {
      const file = edited(f, backup.path, name, edit);
      const err = f.refuse('backup.restore', { file });
      expect(err.code, `${name}: ${err.message}`).toBe('REFUSED');
      expect(err.message, name).toContain(check);
      const findings = (err.details?.findings ?? []) as { check: string; records: Record<string, unknown>[] }[];
      const finding = findings.find((x) => x.check === check);
      expect(finding, `${name}: ${JSON.stringify(findings)}`).toBeDefined();
      expect(finding!.records[0], name).toMatchObject(record);
      // backup.check reports the same, read-only
      const checked = f.call('backup.check', { file });
      expect(checked.ok, name).toBe(false);
      expect(checked.findings.map((x) => x.check), name).toContain(check);
      expect(f.dump(), name).toEqual(before);
    }
    expect(preRestoreBackups(f)).toBe(0);
    // the unedited backup still restores
    f.call('backup.restore', { file: backup.name });
  });

  test('a row that breaks a CHECK rule is refused in words, never as SQLite text', () => {
    const { f, inv, backup } = withMoney();
    const file = edited(f, backup.path, 'paid.sqlite', (db) => {
      db.pragma('ignore_check_constraints = ON');
      db.prepare('UPDATE invoices SET paid = total + 500 WHERE id = ?').run(inv.id);
    });
    const before = f.dump();
    const err = f.refuse('backup.restore', { file });
    expect(err.code).toBe('REFUSED');
    expect(err.message).not.toMatch(/constraint failed|SQLITE_/i);
    expect(f.dump()).toEqual(before);
  });

  test('a journal that claims fewer migrations than the tables hold is refused, not half-migrated', () => {
    const { f, backup } = withMoney();
    const file = edited(f, backup.path, 'short-journal.sqlite', (db) => {
      db.exec(`DELETE FROM "__drizzle_migrations" WHERE created_at > (SELECT min(created_at) FROM "__drizzle_migrations")`);
      db.pragma('user_version = 0');
    });
    const before = f.dump();
    const err = f.refuse('backup.restore', { file });
    expect(err.code, err.message).toBe('REFUSED');
    expect(err.message).not.toMatch(/SQLITE_|already exists/);
    expect(f.dump()).toEqual(before);
  });

  test('the CLI refuses an edited backup with the report and exit code 1', async () => {
    const { f, c, backup } = withMoney();
    const file = edited(f, backup.path, 'balance.sqlite', (db) => db.prepare('UPDATE customers SET balance = 0 WHERE id = ?').run(c.id));
    const before = f.dump();
    const out: string[] = [];
    const code = await runCli(['restore', '--db', f.file, '--from', file], { out: (t) => out.push(t), err: (t) => out.push(t) });
    expect(code).toBe(1);
    expect(out.join('\n')).toContain('balance-equals-ledger');
    expect(f.dump()).toEqual(before);
  });
});

describe('backup.check and backup.configure take only what they should', () => {
  const support = { kind: 'staff', name: 'Sam Support', role: 'support' } as const;
  const admin = { kind: 'staff', name: 'Alice Admin', role: 'administrator' } as const;

  test('staff other than administrators check backups of the backup folder only; outside, existing or not, reads the same', () => {
    const { f, backup } = withMoney();
    const sam = f.as(support);
    expect(f.call('backup.check', { file: backup.name }, sam).ok).toBe(true);
    expect(f.call('backup.check', { file: backup.path }, sam).ok).toBe(true);
    const outside = [f.file, '/etc/passwd', '/no/such/file.sqlite', join(backup.path, '..', '..', 'app.sqlite')];
    const answers = outside.map((file) => f.refuse('backup.check', { file }, sam));
    for (const a of answers) expect(a).toEqual(answers[0]);
    expect(answers[0].code).toBe('FORBIDDEN');
    // an administrator may check a file anywhere (they may restore from anywhere too)
    expect(f.call('backup.check', { file: '/etc/passwd' }, f.as(admin)).problems.join(' ')).toMatch(/not an SQLite database/);
  });

  test('backup.configure refuses markup, lone surrogates, control and invisible characters; no folder is made', () => {
    const { f } = withMoney();
    const listing = () => readdirSync(f.dir).sort();
    const before = listing();
    for (const folder of ['<img src=x onerror=alert(1)>', 'backups\uD800x', 'bell\u0007s', '\u202Eevil', 'a\u0000b', 'x|y', 'C:\\ok:no', 'a'.repeat(300)]) {
      const err = f.refuse('backup.configure', { folder, keep: 3 });
      expect(err.code, folder).toBe('VALIDATION');
      expect(Object.keys(err.fields ?? {}), folder).toContain('folder');
    }
    expect(listing()).toEqual(before);
    expect(existsSync(join(f.dir, 'elsewhere'))).toBe(false);
    expect(f.call('backup.configure', { folder: join(f.dir, 'elsewhere'), keep: 3 }).folder).toBe(join(f.dir, 'elsewhere'));
  });
});
