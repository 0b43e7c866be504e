import type Database from 'better-sqlite3';

// Planner statistics. ANALYZE writes sqlite_stat1 (how selective each index is) and, in this SQLite build
// (SQLITE_ENABLE_STAT4), sqlite_stat4 (sampled key values). With samples present, every prepared statement whose
// plan looked at a sample for a bound parameter (`WHERE customer_id = ?` on an analysed table) is marked expired
// whenever that parameter changes, and SQLite prepares it again before it runs: 5–15 µs on each execution of the
// statements a billing day or a bulk change runs tens of thousands of times (the ledger's allocation read went
// from 15 to 6 µs without them). Our indexes are chosen well by stat1 alone (the list, search and finance figures
// of `npm run bench` did not move), so the samples are dropped and only stat1 is kept.

const hasTable = (sqlite: Database.Database, name: string): boolean =>
  sqlite.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(name) !== undefined;

/** ANALYZE (the whole database, or the tables named), keeping stat1 only. Runs in the caller's transaction if any. */
export function analyze(sqlite: Database.Database, tables?: readonly string[]): void {
  if (tables === undefined) sqlite.exec('ANALYZE');
  else for (const t of tables) sqlite.exec(`ANALYZE "${t.replaceAll('"', '""')}"`);
  dropSampleStatistics(sqlite);
}

export const hasSampleStatistics = (sqlite: Database.Database): boolean =>
  hasTable(sqlite, 'sqlite_stat4') && sqlite.prepare('SELECT 1 FROM sqlite_stat4 LIMIT 1').get() !== undefined;

/** Removes stat4 samples (files analysed by an earlier build) and makes the planner reload the statistics. */
export function dropSampleStatistics(sqlite: Database.Database): void {
  if (!hasSampleStatistics(sqlite)) return;
  sqlite.exec('DELETE FROM sqlite_stat4');
  sqlite.exec('ANALYZE sqlite_schema'); // reload: the planner keeps the samples it had read until told to
}

/**
 * Planner statistics (sqlite_stat1, written by ANALYZE — the demo generator runs it) must cover all of a table's
 * indexes or none: an index a migration adds to an analysed table has no row, looks far more selective than it is,
 * and the planner prefers it to the right one (the customer list then sorted 96k rows instead of reading an index in
 * order). Such tables are analysed again; a file that was never analysed is left as it is.
 */
export function analyzeNewIndexes(sqlite: Database.Database): void {
  if (!hasTable(sqlite, 'sqlite_stat1')) return;
  const stale = sqlite
    .prepare(
      `SELECT DISTINCT tbl_name AS name FROM sqlite_master
        WHERE type = 'index' AND tbl_name IN (SELECT tbl FROM sqlite_stat1) AND name NOT IN (SELECT idx FROM sqlite_stat1 WHERE idx IS NOT NULL)`,
    )
    .all() as { name: string }[];
  if (stale.length) analyze(sqlite, stale.map((t) => t.name));
}
