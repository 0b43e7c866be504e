import { sql, type SQL } from 'drizzle-orm';
import type { AnySQLiteColumn } from 'drizzle-orm/sqlite-core';
import { integer, text } from 'drizzle-orm/sqlite-core';

// Small helpers shared by the table files, so every enum, date and money column is guarded the same way.

/** `col IN ('a','b')` for a CHECK constraint. The values are our own constants, never user input. */
export function oneOf(col: AnySQLiteColumn, values: readonly string[]): SQL {
  const list = values.map((v) => `'${v.replace(/'/g, "''")}'`).join(', ');
  return sql`${col} IN (${sql.raw(list)})`;
}

/** Same, for a nullable column. */
export function nullOrOneOf(col: AnySQLiteColumn, values: readonly string[]): SQL {
  return sql`(${col} IS NULL OR ${oneOf(col, values)})`;
}

/**
 * A real calendar date written as YYYY-MM-DD. `date(x) = x` rejects other formats and impossible days
 * (SQLite normalises 2022-02-30 to 2022-03-02, so the comparison fails).
 */
export function isoDate(col: AnySQLiteColumn): SQL {
  return sql`(${col} IS NULL OR (length(${col}) = 10 AND date(${col}) = ${col}))`;
}

/** Money: integer cents. SQLite is dynamically typed, so insist on an integer, not 1.5 or '100'. */
export function cents(name: string) {
  return integer(name);
}

export function isInteger(col: AnySQLiteColumn): SQL {
  return sql`(${col} IS NULL OR typeof(${col}) = 'integer')`;
}

/** A date column (YYYY-MM-DD text). */
export function day(name: string) {
  return text(name);
}

/** Wall-clock timestamp written by SQLite when the application does not give one (audit, messages). */
export const nowTimestamp = sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`;
