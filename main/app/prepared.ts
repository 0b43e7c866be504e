import type Database from 'better-sqlite3';
import type { AppDb } from '../../db/open';

// Hand-written SQL (list search, counts, joins drizzle makes awkward) goes through here: each statement text
// is prepared once per connection and reused, so a search-as-you-type list costs no re-parsing per keystroke.

const cache = new WeakMap<Database.Database, Map<string, Database.Statement>>();

export function prepared(db: Pick<AppDb, 'sqlite'>, text: string): Database.Statement {
  let stmts = cache.get(db.sqlite);
  if (!stmts) cache.set(db.sqlite, (stmts = new Map()));
  let stmt = stmts.get(text);
  if (!stmt) stmts.set(text, (stmt = db.sqlite.prepare(text)));
  return stmt;
}

/** One row or undefined, typed by the caller. */
export const getRow = <T>(db: Pick<AppDb, 'sqlite'>, text: string, ...params: unknown[]): T | undefined =>
  prepared(db, text).get(...params) as T | undefined;

export const allRows = <T>(db: Pick<AppDb, 'sqlite'>, text: string, ...params: unknown[]): T[] =>
  prepared(db, text).all(...params) as T[];

export const run = (db: Pick<AppDb, 'sqlite'>, text: string, ...params: unknown[]): Database.RunResult =>
  prepared(db, text).run(...params);

/** SQLite's own wall-clock timestamp format (same as the tables' created_at defaults). */
export const NOW_SQL = `strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`;
