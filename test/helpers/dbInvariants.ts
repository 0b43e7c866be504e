import type Database from 'better-sqlite3';
import { invariantFindings } from '../../db/invariants';

// Invariants every committed state of the database must satisfy, whatever was interrupted: used after each
// SIGKILL of the crash-safety test and after restores. Each entry is a problem found (empty: all good).

const rows = (sqlite: Database.Database, sql: string, ...params: unknown[]) => sqlite.prepare(sql).all(...params) as Record<string, unknown>[];

export function invariantProblems(sqlite: Database.Database): string[] {
  const problems: string[] = [];
  const report = (what: string, found: Record<string, unknown>[]) => {
    if (found.length) problems.push(`${what}: ${found.length} — e.g. ${JSON.stringify(found.slice(0, 3))}`);
  };
  const integrity = (sqlite.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check);
  if (integrity.join() !== 'ok') problems.push(`integrity_check: ${integrity.slice(0, 5).join('; ')}`);
  report('foreign keys', sqlite.pragma('foreign_key_check') as Record<string, unknown>[]);
  // the business invariants a restore also checks (one definition: db/invariants.ts)
  for (const f of invariantFindings(sqlite)) problems.push(`${f.check}: ${f.count} — e.g. ${JSON.stringify(f.records.slice(0, 3))}`);
  const history = rows(sqlite, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'service_status_history'").length > 0;
  if (history) {
    // Decision 19: the status history and the services row never disagree (one write path writes both)…
    report(
      'services whose status history does not end with their status',
      rows(
        sqlite,
        `SELECT s.id, s.status, (SELECT h.status FROM service_status_history h WHERE h.service_id = s.id ORDER BY h.from_date DESC LIMIT 1) AS last
           FROM services s WHERE last IS NULL OR last <> s.status`,
      ),
    );
    // …and no day is billed while, by the history known on the invoice's date, the service was Stopped or Archived
    // (days billed in advance of a later stop stay billed: a status change refunds nothing).
    report(
      'recurring lines billing days on which their service was not billable',
      rows(
        sqlite,
        `SELECT l.id, l.service_id, l.date_from, l.date_to, h.from_date, h.status FROM invoice_lines l
           JOIN invoices i ON i.id = l.invoice_id
           JOIN service_status_history h ON h.service_id = l.service_id AND h.status IN ('stopped', 'archived') AND h.from_date <= i.date
          WHERE l.kind = 'recurring' AND i.status <> 'cancelled' AND h.from_date <= l.date_to
            AND COALESCE((SELECT min(n.from_date) FROM service_status_history n
                           WHERE n.service_id = h.service_id AND n.from_date > h.from_date AND n.from_date <= i.date), '9999-12-31') > l.date_from`,
      ),
    );
  }
  const last = rows(sqlite, "SELECT value FROM app_state WHERE key = 'scheduler.lastProcessedDay'")[0];
  const lastDay = last ? (JSON.parse(String(last.value)) as string | null) : null;
  if (lastDay)
    report('recurring invoices dated after the last processed day (a half-run day)', rows(sqlite, "SELECT id, date FROM invoices WHERE kind = 'recurring' AND date > ?", lastDay));
  const bulk = rows(sqlite, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'bulk_batch_items'").length > 0;
  if (bulk) {
    report(
      'bulk rows marked done without their plan change',
      rows(sqlite, `SELECT i.id FROM bulk_batch_items i LEFT JOIN plan_changes pc ON pc.id = i.plan_change_id WHERE i.status = 'success' AND pc.id IS NULL`),
    );
    report(
      'bulk rows still pending whose service was changed by the batch',
      rows(
        sqlite,
        `SELECT i.id, i.service_id FROM bulk_batch_items i
          WHERE i.status = 'pending' AND EXISTS (SELECT 1 FROM plan_changes pc WHERE pc.old_service_id = i.service_id AND pc.bulk_batch_id = i.batch_id)`,
      ),
    );
  }
  return problems;
}

/**
 * What the finished work produced, without wall-clock columns: two runs that did the same work exactly once have
 * equal digests (same documents with the same numbers, same services, same balances, same audit count).
 */
export function workDigest(sqlite: Database.Database): Record<string, unknown> {
  const list = (sql: string) => rows(sqlite, sql).map((r) => Object.values(r).join('|'));
  return {
    invoices: list('SELECT number, customer_id, kind, date, net, vat, total, paid, status FROM invoices ORDER BY id'),
    invoiceLines: list('SELECT invoice_id, position, service_id, kind, date_from, date_to, total FROM invoice_lines ORDER BY id'),
    creditNotes: list('SELECT number, customer_id, date, total FROM credit_notes ORDER BY id'),
    ledger: list('SELECT customer_id, date, kind, amount, invoice_id, credit_note_id, payment_id FROM balance_transactions ORDER BY id'),
    customers: list('SELECT id, status, balance FROM customers ORDER BY id'),
    services: list('SELECT id, status, plan_id, start_date, end_date, invoiced_until FROM services ORDER BY id'),
    planChanges: list('SELECT id, old_service_id, new_service_id, status FROM plan_changes ORDER BY id'),
    bulkItems: list('SELECT id, status, plan_change_id FROM bulk_batch_items ORDER BY id'),
    pendingCharges: list('SELECT id, customer_id, total, invoice_id FROM pending_charges ORDER BY id'),
    scheduler: list("SELECT key, value FROM app_state WHERE key IN ('scheduler.lastProcessedDay', 'scheduler.lastStartedDay') ORDER BY key"),
    auditRows: rows(sqlite, 'SELECT count(*) AS n FROM audit_log')[0]?.n,
  };
}
