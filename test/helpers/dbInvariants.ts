import type Database from 'better-sqlite3';

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
  report(
    'invoices without lines or whose totals are not the sum of their lines',
    rows(
      sqlite,
      `SELECT i.id, i.total, l.n, l.total AS lines FROM invoices i
         LEFT JOIN (SELECT invoice_id, count(*) AS n, sum(net) AS net, sum(vat) AS vat, sum(total) AS total FROM invoice_lines GROUP BY invoice_id) l
           ON l.invoice_id = i.id
        WHERE l.n IS NULL OR l.total <> i.total OR l.net <> i.net OR l.vat <> i.vat`,
    ),
  );
  report(
    'credit notes without lines or whose totals are not the sum of their lines',
    rows(
      sqlite,
      `SELECT c.id, c.total, l.n, l.total AS lines FROM credit_notes c
         LEFT JOIN (SELECT credit_note_id, count(*) AS n, sum(total) AS total FROM credit_note_lines GROUP BY credit_note_id) l ON l.credit_note_id = c.id
        WHERE l.n IS NULL OR l.total <> c.total`,
    ),
  );
  report(
    'invoices without their ledger debit',
    rows(
      sqlite,
      `SELECT i.id, i.total FROM invoices i WHERE i.total > 0 AND NOT EXISTS
         (SELECT 1 FROM balance_transactions t WHERE t.invoice_id = i.id AND t.kind = 'debit' AND t.amount = i.total)`,
    ),
  );
  report(
    'recurring periods invoiced twice (same service and first day)',
    rows(sqlite, `SELECT service_id, date_from, count(*) AS n FROM invoice_lines WHERE kind = 'recurring' GROUP BY service_id, date_from HAVING n > 1`),
  );
  report(
    'overlapping recurring lines of one service',
    rows(
      sqlite,
      `SELECT a.id AS a, b.id AS b, a.service_id FROM invoice_lines a JOIN invoice_lines b
          ON b.service_id = a.service_id AND b.id > a.id AND b.date_from <= a.date_to AND a.date_from <= b.date_to
        WHERE a.kind = 'recurring' AND b.kind = 'recurring'`,
    ),
  );
  report(
    'customers whose balance differs from their ledger',
    rows(
      sqlite,
      `SELECT c.id, c.balance, COALESCE((SELECT SUM(CASE kind WHEN 'credit' THEN amount ELSE -amount END) FROM balance_transactions t WHERE t.customer_id = c.id), 0) AS ledger
         FROM customers c WHERE ledger <> c.balance`,
    ),
  );
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
