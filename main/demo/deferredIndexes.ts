import type Database from 'better-sqlite3';

// Generating an ISP inserts hundreds of thousands of rows customer by customer, and each row also goes into every
// index of its table — most of them on columns in random order (names, dates, statuses), so each insert lands on a
// different page (a service row cost ≈ 4 × with its 10 plain indexes than without; at 20 000 customers, ≈ a fifth of
// the generation's CPU time). CREATE INDEX over the finished table sorts once instead. Only plain (non-UNIQUE)
// indexes are deferred: a UNIQUE one is a rule the rows must keep as they are written, and what the generator's own
// lookups use (a session by its unique id, a day's usage row). Table contents are the same either way; only where
// the index pages lie in the file differs (together, as after VACUUM).

interface IndexDef {
  name: string;
  sql: string;
}

/**
 * Drops the plain indexes of `tables` (inside the caller's transaction) and returns the function that creates them
 * again with the same definitions, in schema order — call it once the rows are written, before anything looks rows
 * up through them. An error before that rolls the drop back with the transaction.
 */
export function deferPlainIndexes(sqlite: Database.Database, tables: readonly string[]): () => void {
  if (!sqlite.inTransaction) throw new Error('deferPlainIndexes() runs inside a transaction');
  const deferred = sqlite
    .prepare(
      `SELECT name, sql FROM sqlite_master
        WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (SELECT value FROM json_each(?))
          AND name NOT IN (SELECT name FROM pragma_index_list(tbl_name) WHERE "unique" = 1)
        ORDER BY rowid`,
    )
    .all(JSON.stringify(tables)) as IndexDef[];
  for (const ix of deferred) sqlite.exec(`DROP INDEX "${ix.name.replaceAll('"', '""')}"`);
  return () => {
    for (const ix of deferred) sqlite.exec(ix.sql);
  };
}
