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
export function dropSampleStatistics(sqlite: Database.Database): boolean {
  if (!hasSampleStatistics(sqlite)) return false;
  sqlite.exec('DELETE FROM sqlite_stat4');
  sqlite.exec('ANALYZE sqlite_schema'); // reload: the planner keeps the samples it had read until told to
  return true;
}
