import Database from 'better-sqlite3';

// What every committed state of the database must satisfy, whatever wrote it: checked before a restore replaces
// the live data (main/app/backup.ts), after every SIGKILL of the crash-safety test and after restores in tests
// (test/helpers/dbInvariants.ts). Each finding names the check and the first records that break it.

export interface Finding {
  /** a stable name of the check, e.g. "balance-equals-ledger" */
  check: string;
  /** the rule in words */
  rule: string;
  count: number;
  /** the first offending records (ids and the values that disagree) */
  records: Record<string, unknown>[];
}

const SAMPLE = 5;

type Db = Database.Database;
const hasTable = (sqlite: Db, name: string) => Boolean(sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name));

interface Check {
  check: string;
  rule: string;
  tables: string[];
  sql: string;
}

/** The business invariants (money and billing): each query lists the records that break its rule. */
const CHECKS: Check[] = [
  {
    check: 'balance-equals-ledger',
    rule: "a customer's balance equals the sum of its ledger (credits − debits)",
    tables: ['customers', 'balance_transactions'],
    sql: `SELECT c.id AS customerId, c.balance, COALESCE(t.ledger, 0) AS ledger FROM customers c
            LEFT JOIN (SELECT customer_id, SUM(ledger) AS ledger FROM (
                         -- per year and customer first, in the order of balance_transactions_year_customer_idx: only
                         -- those sums are sorted by customer, not every ledger row
                         SELECT customer_id, SUM(CASE kind WHEN 'credit' THEN amount ELSE -amount END) AS ledger FROM balance_transactions
                          GROUP BY CAST(date AS INTEGER), customer_id)
                        GROUP BY customer_id) t
              ON t.customer_id = c.id
           WHERE c.balance IS NOT COALESCE(t.ledger, 0)`,
  },
  {
    check: 'invoice-total-equals-lines',
    rule: "an invoice has lines and its net, VAT and total are the sums of its lines'",
    tables: ['invoices', 'invoice_lines'],
    sql: `SELECT i.id AS invoiceId, i.number, i.total, l.total AS linesTotal FROM invoices i
            LEFT JOIN (SELECT invoice_id, count(*) AS n, sum(net) AS net, sum(vat) AS vat, sum(total) AS total FROM invoice_lines GROUP BY invoice_id) l
              ON l.invoice_id = i.id
           WHERE l.n IS NULL OR l.total IS NOT i.total OR l.net IS NOT i.net OR l.vat IS NOT i.vat`,
  },
  {
    check: 'credit-note-total-equals-lines',
    rule: "a credit note has lines and its total is the sum of its lines'",
    tables: ['credit_notes', 'credit_note_lines'],
    sql: `SELECT c.id AS creditNoteId, c.number, c.total, l.total AS linesTotal FROM credit_notes c
            LEFT JOIN (SELECT credit_note_id, count(*) AS n, sum(total) AS total FROM credit_note_lines GROUP BY credit_note_id) l ON l.credit_note_id = c.id
           WHERE l.n IS NULL OR l.total IS NOT c.total`,
  },
  {
    check: 'paid-within-total',
    rule: 'an invoice is paid at least 0 and at most its total',
    tables: ['invoices'],
    sql: `SELECT id AS invoiceId, number, paid, total FROM invoices WHERE paid < 0 OR paid > total`,
  },
  {
    check: 'invoice-debited',
    rule: 'every invoice with a total has its debit in the ledger',
    tables: ['invoices', 'balance_transactions'],
    sql: `SELECT i.id AS invoiceId, i.number, i.total FROM invoices i WHERE i.total > 0 AND NOT EXISTS
            (SELECT 1 FROM balance_transactions t WHERE t.invoice_id = i.id AND t.kind = 'debit' AND t.amount = i.total)`,
  },
  {
    check: 'one-recurring-line-per-period',
    rule: 'a service is billed once for each day: no two recurring lines of one service start on the same day or overlap',
    tables: ['invoice_lines'],
    sql: `SELECT a.service_id AS serviceId, a.id AS lineId, b.id AS otherLineId, a.date_from AS fromDay, a.date_to AS toDay
            FROM invoice_lines a JOIN invoice_lines b
              ON b.service_id = a.service_id AND b.id > a.id AND b.kind = 'recurring' AND b.date_from <= a.date_to AND a.date_from <= b.date_to
           WHERE a.kind = 'recurring'`,
  },
];

/** Every business invariant the file breaks (empty: none). Tables this schema version lacks are skipped. */
export function invariantFindings(sqlite: Db): Finding[] {
  const out: Finding[] = [];
  for (const c of CHECKS) {
    if (!c.tables.every((t) => hasTable(sqlite, t))) continue;
    const rows = sqlite.prepare(c.sql).all() as Record<string, unknown>[];
    if (rows.length) out.push({ check: c.check, rule: c.rule, count: rows.length, records: rows.slice(0, SAMPLE) });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Schema: what this build's migrations create, compared with a file's

interface SchemaShape {
  /** table → column → "type notnull pk" */
  tables: Map<string, Map<string, string>>;
  /** index and trigger names */
  objects: Set<string>;
  /** the migrations journal: hashes in order */
  migrations: string[];
}

function shapeOf(sqlite: Db): SchemaShape {
  const tables = new Map<string, Map<string, string>>();
  const objects = new Set<string>();
  const master = sqlite.prepare("SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'").all() as { type: string; name: string }[];
  for (const m of master) {
    if (m.type === 'table') {
      const cols = sqlite.prepare('SELECT name, type, "notnull" AS nn, pk FROM pragma_table_info(?)').all(m.name) as { name: string; type: string; nn: number; pk: number }[];
      tables.set(m.name, new Map(cols.map((c) => [c.name, `${c.type.toUpperCase()} ${c.nn ? 'NOT NULL' : 'NULL'}${c.pk ? ' PK' : ''}`])));
    } else if (m.type === 'index' || m.type === 'trigger' || m.type === 'view') objects.add(`${m.type} ${m.name}`);
  }
  const migrations = tables.has('__drizzle_migrations')
    ? (sqlite.prepare('SELECT hash FROM "__drizzle_migrations" ORDER BY created_at, id').all() as { hash: string }[]).map((r) => r.hash)
    : [];
  return { tables, objects, migrations };
}

let expected: SchemaShape | undefined;

/**
 * Differences between a file's schema and the one this build's migrations create (empty: the same). `reference`
 * is a freshly migrated database (openDatabase(':memory:')), read once per process.
 */
export function schemaFindings(sqlite: Db, reference: () => Db): Finding[] {
  if (!expected) {
    const ref = reference();
    try {
      expected = shapeOf(ref);
    } finally {
      ref.close();
    }
  }
  const actual = shapeOf(sqlite);
  const missingTables: Record<string, unknown>[] = [];
  const columns: Record<string, unknown>[] = [];
  for (const [table, cols] of expected.tables) {
    const have = actual.tables.get(table);
    if (!have) {
      missingTables.push({ table });
      continue;
    }
    for (const [col, def] of cols) if (have.get(col) !== def) columns.push({ table, column: col, expected: def, found: have.get(col) ?? 'missing' });
  }
  const objects = [...expected.objects].filter((o) => !actual.objects.has(o)).map((o) => ({ missing: o }));
  const journal = actual.migrations.length === expected.migrations.length && actual.migrations.every((h, i) => h === expected!.migrations[i]);
  const out: Finding[] = [];
  const add = (check: string, rule: string, records: Record<string, unknown>[]) => {
    if (records.length) out.push({ check, rule, count: records.length, records: records.slice(0, SAMPLE) });
  };
  add('schema-tables', 'every table of this version is there', missingTables);
  add('schema-columns', 'every column of this version is there, with its type', columns);
  add('schema-indexes-triggers', 'every index, trigger and view of this version is there', objects);
  add('schema-migrations', "the migrations journal is this version's", journal ? [] : [{ expected: expected.migrations.length, found: actual.migrations.length }]);
  return out;
}

/** One line per finding, for people: "<rule>: N record(s), e.g. {…}". */
export function describeFinding(f: Finding): string {
  return `${f.rule} — broken by ${f.count} record(s), e.g. ${JSON.stringify(f.records.slice(0, 3))}`;
}
