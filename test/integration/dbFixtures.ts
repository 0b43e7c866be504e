import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type AppDb } from '../../db/open';

// Real SQLite files in a throw-away folder, so WAL and reopening behave as on a workstation.

export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'isp-db-test-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A migrated database with one plan and one active customer, for the constraint tests. */
export function seededDb(file: string): { db: AppDb; planId: number; customerId: number } {
  const db = openDatabase(file);
  const planId = Number(
    db.sqlite.prepare(`INSERT INTO plans (kind, name, price) VALUES ('internet', 'Ethernet_500Mbps', 20000)`).run().lastInsertRowid,
  );
  const customerId = Number(
    db.sqlite.prepare(`INSERT INTO customers (name, status, created_on) VALUES ('Anna Smith', 'active', '2022-01-01')`).run()
      .lastInsertRowid,
  );
  return { db, planId, customerId };
}

export function addService(
  db: AppDb,
  v: { customerId: number; planId: number; status: string; login?: string | null; ipv4?: string | null; start?: string; end?: string | null },
): number {
  return Number(
    db.sqlite
      .prepare(
        `INSERT INTO services (customer_id, kind, plan_id, description, unit_price, start_date, end_date, status, login, ipv4, created_on)
         VALUES (?, 'internet', ?, 'Ethernet_500Mbps', 20000, ?, ?, ?, ?, ?, '2022-01-01')`,
      )
      .run(v.customerId, v.planId, v.start ?? '2022-01-01', v.end ?? null, v.status, v.login ?? null, v.ipv4 ?? null).lastInsertRowid,
  );
}
