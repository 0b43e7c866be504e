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

/** Rows this connection has inserted, updated or deleted since it opened (a failed statement counts none). */
export const totalChanges = (db: Pick<AppDb, 'sqlite'>): number => (prepared(db, 'SELECT total_changes() AS n').get() as { n: number }).n;

/** SQLite's own wall-clock timestamp format (same as the tables' created_at defaults). */
export const NOW_SQL = `strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`;

// Totals over whole tables (finance lists: count and sums of every matching row) cost a scan of every row, on each
// page of the list. They are kept per statement and parameters until the database changes: total_changes() counts
// this connection's writes, PRAGMA data_version moves when another connection commits — so a cached answer is
// returned only while it is still exactly what the query would give.
const totalsCache = new WeakMap<Database.Database, Map<string, { stamp: string; row: unknown }>>();

export function cachedRow<T>(db: Pick<AppDb, 'sqlite'>, text: string, ...params: unknown[]): T | undefined {
  const stamp = `${totalChanges(db)}:${db.sqlite.pragma('data_version', { simple: true }) as number}`;
  let entries = totalsCache.get(db.sqlite);
  if (!entries) totalsCache.set(db.sqlite, (entries = new Map()));
  const key = `${text}\u0000${JSON.stringify(params)}`;
  const hit = entries.get(key);
  if (hit && hit.stamp === stamp) return hit.row as T | undefined;
  const row = prepared(db, text).get(...params) as T | undefined;
  if (entries.size > 200) entries.clear();
  entries.set(key, { stamp, row });
  return row;
}

/**
 * Rows of one table written later, many to a statement: for a batch (the billing day) whose rows nothing reads before
 * the batch flushes them. They get the ids single INSERTs would have given, in the order added, as long as nothing else
 * inserts into the table before the flush. Saves a statement call per row and keeps each table's writes together.
 */
export class InsertBuffer {
  /**
   * The kept rows' values one after the other, ROWS_PER_INSERT rows to a chunk (a row is `columns.length` values): a
   * chunk is what one multi-row INSERT binds, and one array instead of an array per row. A batch keeps its rows until
   * its end, so every object it keeps survives the young generation's collections and is copied by each of them.
   */
  private chunks: unknown[][] = [];
  private readonly width: number;
  constructor(
    private readonly table: string,
    private readonly columns: readonly string[],
  ) {
    this.width = columns.length;
  }

  add(values: readonly unknown[]): void {
    if (values.length !== this.width) throw new Error(`${this.table}: a row of ${values.length} values for ${this.width} columns`);
    let chunk = this.chunks[this.chunks.length - 1];
    if (!chunk || chunk.length === ROWS_PER_INSERT * this.width) this.chunks.push((chunk = []));
    for (let i = 0; i < values.length; i++) chunk.push(values[i]);
  }

  get size(): number {
    const n = this.chunks.length;
    return n ? (n - 1) * ROWS_PER_INSERT + this.chunks[n - 1].length / this.width : 0;
  }

  /** Forgets the rows kept (a batch rolled back). */
  clear(): void {
    this.chunks = [];
  }

  flush(db: Pick<AppDb, 'sqlite'>): void {
    const one = `(${this.columns.map(() => '?').join(', ')})`;
    const head = `INSERT INTO ${this.table} (${this.columns.join(', ')}) VALUES `;
    const chunks = this.chunks;
    this.chunks = [];
    const w = this.width;
    const last = chunks.length && chunks[chunks.length - 1].length < ROWS_PER_INSERT * w ? chunks.pop()! : [];
    if (chunks.length) {
      const many = prepared(db, head + Array.from({ length: ROWS_PER_INSERT }, () => one).join(', '));
      for (const chunk of chunks) many.run(chunk);
    }
    // The rest many to a statement too (a batch flushed often, e.g. before each of a few rows written directly, keeps
    // few rows each time): 64, 32, … 1 rows at a time, so a table has a few statement texts to prepare, not one per
    // count of rows.
    const rows = last.length / w;
    let i = 0;
    for (let size = 64; size >= 1; size /= 2)
      for (; i + size <= rows; i += size) prepared(db, head + Array.from({ length: size }, () => one).join(', ')).run(last.slice(i * w, (i + size) * w));
  }
}

/**
 * The rows of one table, each inserted at once or — given a batch's buffer for the same table — written by the batch's
 * flush: one place for "now or later", and the table's INSERT text built once.
 */
export class RowInsert {
  private readonly text: string;
  constructor(
    private readonly table: string,
    private readonly columns: readonly string[],
  ) {
    this.text = `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`;
  }

  /** A batch's buffer for this table. */
  buffer(): InsertBuffer {
    return new InsertBuffer(this.table, this.columns);
  }

  /** Inserts the row now, or adds it to `later` (a buffer of this table). */
  run(db: Pick<AppDb, 'sqlite'>, values: unknown[], later?: InsertBuffer): void {
    if (later) later.add(values);
    else prepared(db, this.text).run(...values);
  }
}

/** Rows per multi-row INSERT: well under SQLite's 32 766 parameters for any of our tables. */
const ROWS_PER_INSERT = 100;

type RowsWriter = (db: Pick<AppDb, 'sqlite'>, rows: unknown[][], firstId: number) => void;

/** Kept rows of any length, written by a writer of their own (PendingRows with `write`). */
class OwnRows {
  private rows: unknown[][] = [];
  constructor(private readonly write: RowsWriter) {}
  add(values: readonly unknown[]): void {
    this.rows.push(values as unknown[]);
  }
  get size(): number {
    return this.rows.length;
  }
  clear(): void {
    this.rows = [];
  }
  flush(db: Pick<AppDb, 'sqlite'>, firstId: number): void {
    const rows = this.rows;
    this.rows = [];
    this.write(db, rows, firstId);
  }
}

/**
 * Rows of a table a batch writes at its end (a bulk change's chunk), registered on the connection: the table's one
 * write path (audit(), the services' status history) calls `writeFirst` before a row of its own, so every row keeps
 * the place — and the id — one INSERT each would have given it. `add` returns that id. The batch flushes at its end
 * and discards in any case (after a rollback its rows must never be written).
 */
export class PendingRows {
  private static readonly open = new WeakMap<Database.Database, Map<string, PendingRows>>();
  /** Rows of the table's columns, written many to a VALUES list; or, with `write`, rows of its own shape (copied). */
  private readonly rows: InsertBuffer | OwnRows;
  private next: number | null = null;

  constructor(
    private readonly table: string,
    columns: readonly string[],
    /**
     * Writes the kept rows another way than many VALUES to an INSERT (a copy of another row: services), given the id
     * of the first; the rows are in id order and must get exactly those ids.
     */
    write?: RowsWriter,
  ) {
    // A writer of its own takes rows of any length (a copy's values differ by what it overrides): not InsertBuffer's
    // fixed width.
    this.rows = write ? new OwnRows(write) : new InsertBuffer(table, columns);
  }

  /** Keeps the row for the flush; its id (the table's next one, as nothing else inserts before the flush). */
  add(db: Pick<AppDb, 'sqlite'>, values: unknown[]): number {
    if (this.next === null) {
      let open = PendingRows.open.get(db.sqlite);
      if (!open) PendingRows.open.set(db.sqlite, (open = new Map()));
      if (open.get(this.table) !== this && open.has(this.table)) throw new Error(`two batches of ${this.table} rows at once`);
      open.set(this.table, this);
      this.next = nextIdOf(db, this.table);
    }
    this.rows.add(values);
    return this.next + this.rows.size - 1;
  }

  /** Rows kept now. */
  get size(): number {
    return this.rows.size;
  }

  flush(db: Pick<AppDb, 'sqlite'>): void {
    if (this.next === null) return;
    const last = this.next + this.rows.size - 1;
    if (this.rows instanceof OwnRows) this.rows.flush(db, this.next);
    else this.rows.flush(db);
    this.discard(db);
    // The ids handed out must be those SQLite gave (nothing else inserted into the table meanwhile).
    if (nextIdOf(db, this.table) !== last + 1) throw new Error(`${this.table}: rows written in a batch did not get the ids it gave them`);
  }

  discard(db: Pick<AppDb, 'sqlite'>): void {
    const open = PendingRows.open.get(db.sqlite);
    if (open?.get(this.table) === this) open.delete(this.table);
    this.next = null;
    this.rows.clear();
  }

  /** Before a row of `table` is written directly: the rows a batch keeps for it are written first. */
  static writeFirst(db: Pick<AppDb, 'sqlite'>, table: string): void {
    PendingRows.open.get(db.sqlite)?.get(table)?.flush(db);
  }

  /** Before work that may read any table: every batch's rows are written first. */
  static writeAll(db: Pick<AppDb, 'sqlite'>): void {
    for (const rows of [...(PendingRows.open.get(db.sqlite)?.values() ?? [])]) rows.flush(db);
  }
}

/** The id SQLite gives the next row of an AUTOINCREMENT table (one past the largest it ever gave or holds). */
export function nextIdOf(db: Pick<AppDb, 'sqlite'>, table: string): number {
  return (
    prepared(db, `SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = '${table}'), 0), COALESCE((SELECT MAX(id) FROM ${table}), 0)) + 1 AS n`).get() as {
      n: number;
    }
  ).n;
}
