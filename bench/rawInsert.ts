import type { AppDb } from '../db/open';
import { measure } from './figures';

// The physical limit of a piece of work on this machine, measured in the same run on the same file: the rows the
// work wrote, read back (outside the timing) and inserted again as copies with plain prepared INSERTs in one
// transaction, then removed. The copies get ids above SHIFT; a copy's unique keys are changed so they do not
// collide with the original (invoice numbers, logins, a recurring line's period), references to a copied parent
// point at the copy, every other reference at the original row (so foreign keys hold and cost what they cost).
// Rows are copied in primary-key order; a table without an id (network_login_state, keyed by login) has its
// copies removed by their changed keys.

const SHIFT = 1_000_000_000;

export interface RawTable {
  table: string;
  /** which rows the work wrote, e.g. `id > ?` */
  where: string;
  params: unknown[];
}

const prefixed = (v: unknown) => (v === null || v === undefined ? v : `RAW${String(v)}`);
const shifted = (v: unknown) => (v === null || v === undefined ? v : Number(v) + SHIFT);
// A recurring line is unique per (service, first day): the copy's days are a century later (same text length).
const century = (v: unknown) => (typeof v === 'string' && /^\d{4}-/.test(v) ? `${Number(v.slice(0, 4)) + 100}${v.slice(4)}` : v);

/** Per table, the columns a copy changes (see the header). */
const COPY_CHANGES: Record<string, Record<string, (v: unknown) => unknown>> = {
  invoices: { number: prefixed },
  credit_notes: { number: prefixed },
  invoice_lines: { invoice_id: shifted, date_from: century, date_to: century },
  credit_note_lines: { credit_note_id: shifted },
  services: { login: prefixed, ipv4: prefixed },
  // unique per (service, from_date), like a recurring line
  service_status_history: { from_date: century },
  network_login_state: { login: prefixed },
  network_radcheck: { username: prefixed },
  network_radreply: { username: prefixed },
};

/** The key of a table without an id, by which its copies are removed again. */
const COPY_KEY: Record<string, string> = { network_login_state: 'login' };

export interface RawInsert {
  rows: number;
  /** per table, the rows copied */
  counts: Record<string, number>;
  /**
   * Insert the copies into `db` (timed: wall and CPU), then remove them again (not timed) — unless `leave`: the file is
   * thrown away next (removing the copies costs about a third of inserting them). `db` is the file the rows were read
   * from, or a copy of the same file on which the same work wrote the same rows (bench/pairs.ts).
   */
  run(db: AppDb, opts?: { leave?: boolean }): { ms: number; cpuMs: number };
}

/** Per table, the rows `tables` name in `db` now (to check that another run of the work wrote as many). */
export function rowCounts(db: AppDb, tables: readonly RawTable[]): Record<string, number> {
  return Object.fromEntries(tables.map((t) => [t.table, (db.sqlite.prepare(`SELECT count(*) AS n FROM ${t.table} WHERE ${t.where}`).get(...t.params) as { n: number }).n]));
}

/** Reads the rows now; `run` inserts their copies in the order of `tables` (a parent before its lines). */
export function rawInsert(db: AppDb, tables: readonly RawTable[]): RawInsert {
  const plans = tables.map((t) => {
    const key = (db.sqlite.prepare('SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk').all(t.table) as { name: string }[]).map((c) => c.name);
    // Rows as arrays, changed in place: at 100 000 customers a billing day's invoices and lines read as objects, then
    // copied into arrays, held ≈ 150 MB of the process's peak memory for a moment.
    const select = db.sqlite.prepare(`SELECT * FROM ${t.table} WHERE ${t.where} ORDER BY ${key.join(', ')}`).raw(true);
    const columns = select.columns().map((c) => c.name);
    const values = select.all(...t.params) as unknown[][];
    const changes = COPY_CHANGES[t.table] ?? {};
    const changed = columns.flatMap((c, i) => (c === 'id' ? [[i, (v: unknown) => Number(v) + SHIFT] as const] : changes[c] ? [[i, changes[c]] as const] : []));
    for (const v of values) for (const [i, change] of changed) v[i] = change(v[i]);
    const copyKey = COPY_KEY[t.table];
    const keys = copyKey ? JSON.stringify(values.map((v) => v[columns.indexOf(copyKey)])) : null;
    return { table: t.table, columns, values, key: copyKey, keys };
  });
  const counts = Object.fromEntries(plans.map((p) => [p.table, p.values.length]));
  const sequences = db.sqlite.prepare('SELECT name, seq FROM sqlite_sequence').all().map((r) => { const { name, seq } = r as { name: string; seq: number }; return [name, seq] as const; }).filter(([name]) => plans.some((p) => p.table === name));
  return {
    rows: plans.reduce((s, p) => s + p.values.length, 0),
    counts,
    run(db, opts) {
      const statements = plans
        .filter((p) => p.values.length)
        .map((p) => ({ ...p, insert: db.sqlite.prepare(`INSERT INTO ${p.table} (${p.columns.join(', ')}) VALUES (${p.columns.map(() => '?').join(', ')})`) }));
      // Plain SQLite transactions, not db.transaction: that one also settles the network answers of the logins its
      // writes marked (the copies of services), application work the raw insert must not be charged with. The
      // tables' triggers still run (they are part of inserting the row); the copies' marks are removed with them.
      const dirtyBefore = JSON.stringify((db.sqlite.prepare('SELECT login FROM network_dirty').all() as { login: string }[]).map((r) => r.login));
      const timed = measure(() =>
        db.sqlite
          .transaction(() => {
            for (const s of statements) for (const v of s.values) s.insert.run(...v);
          })
          .immediate(),
      );
      if (opts?.leave) return { ms: timed.ms, cpuMs: timed.cpuMs };
      db.sqlite
        .transaction(() => {
          for (const p of [...plans].reverse()) {
            if (p.key) db.sqlite.prepare(`DELETE FROM ${p.table} WHERE ${p.key} IN (SELECT value FROM json_each(?))`).run(p.keys);
            else db.sqlite.prepare(`DELETE FROM ${p.table} WHERE id > ?`).run(SHIFT);
          }
          // The tables are AUTOINCREMENT: without this, the next real row would be numbered after the copies.
          for (const [name, seq] of sequences) db.sqlite.prepare('UPDATE sqlite_sequence SET seq = ? WHERE name = ?').run(seq, name);
          db.sqlite.prepare('DELETE FROM network_dirty WHERE login NOT IN (SELECT value FROM json_each(?))').run(dirtyBefore);
        })
        .immediate();
      return { ms: timed.ms, cpuMs: timed.cpuMs };
    },
  };
}

/**
 * The run of median CPU time among `times` runs of a baseline (the work it is compared with runs once, so its
 * typical run, not its best).
 */
export function medianOf(times: number, fn: () => { ms: number; cpuMs: number }): { ms: number; cpuMs: number } {
  const runs = Array.from({ length: times }, fn).sort((a, b) => a.cpuMs - b.cpuMs);
  return runs[Math.floor((runs.length - 1) / 2)];
}
