import type { AppErrorData } from '../../contract/errors';
import type { ImportError, ImportKind, ImportReport, ImportRowReport } from '../../contract/imports';
import { importError } from '../../import/read';
import { actorName, type AppContext } from '../context';
import { allRows, run } from '../prepared';

/** A large file shows its rows going in (main/app/progress.ts): a record every 200 rows. */
export const IMPORT_PROGRESS = { kind: 'import' as const, title: 'Importing a CSV file', step: 'Checking and recording the rows', every: 200 };

// What both imports share: the report's rows, errors of the write paths turned into row + column, the dry run's
// rollback and the record of imported files.

/** A row refused while being written: the errors name its row and column. */
export class RowRefused extends Error {
  constructor(readonly errors: ImportError[]) {
    super(errors.map((e) => e.text).join('; '));
  }
}

/**
 * A refusal of a channel (customers.create, services.add, billing.addPayment) as errors of one row: each field of
 * the refusal goes to the column it came from (`columnOf`: field path → the file's header, null when no column holds
 * it), a refusal without fields to the row as a whole.
 */
export function refusalErrors(row: number, err: AppErrorData, columnOf: (field: string) => string | null): ImportError[] {
  const fields = Object.entries(err.fields ?? {});
  const errors = fields.map(([field, message]) => {
    const column = columnOf(field);
    return importError(row, column, column === null ? `${field}: ${message}` : message);
  });
  return errors.length ? errors : [importError(row, null, err.message)];
}

export const emptyRow = (row: number): ImportRowReport => ({
  row,
  verdict: 'ok',
  message: '',
  errors: [],
  customerId: null,
  customerName: null,
  serviceId: null,
  paymentId: null,
  amount: null,
});

const ROLLBACK = Symbol('import dry run');

/** Runs fn in one transaction, committed when fn returns true and rolled back otherwise; returns whether it committed. */
export function commitIf(ctx: AppContext, fn: () => boolean): boolean {
  let keep = false;
  try {
    ctx.db.transaction(() => {
      keep = fn();
      if (!keep) throw ROLLBACK;
    });
  } catch (e) {
    if (e !== ROLLBACK) throw e;
  }
  return keep;
}

/** Runs fn in a transaction that is always rolled back (the dry run goes through the real write paths). */
export const rolledBack = (ctx: AppContext, fn: () => void): void => void commitIf(ctx, () => (fn(), false));

export function previousImports(ctx: AppContext, kind: ImportKind, hash: string): ImportReport['previousImports'] {
  return allRows<ImportReport['previousImports'][number]>(
    ctx.db,
    `SELECT at, business_date AS businessDate, actor, rows_accepted AS rowsAccepted FROM import_files WHERE kind = ? AND file_hash = ? ORDER BY id`,
    kind,
    hash,
  );
}

/** Records a file whose import wrote something, in the caller's transaction; returns its id. */
export function recordImportFile(ctx: AppContext, kind: ImportKind, hash: string, fileName: string, totals: ImportReport['totals']): number {
  return Number(
    run(
      ctx.db,
      `INSERT INTO import_files (kind, file_hash, file_name, business_date, actor, rows_accepted, rows_skipped, rows_refused) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      kind,
      hash,
      fileName,
      ctx.clock.today(),
      actorName(ctx.actor),
      totals.ok,
      totals.alreadyImported,
      totals.refused,
    ).lastInsertRowid,
  );
}

export function totalsOf(rows: readonly ImportRowReport[]): ImportReport['totals'] {
  const count = (v: ImportRowReport['verdict']) => rows.filter((r) => r.verdict === v).length;
  return {
    rows: rows.length,
    ok: count('ok'),
    refused: count('refused'),
    alreadyImported: count('alreadyImported'),
    amount: rows.reduce((a, r) => a + (r.verdict === 'ok' ? (r.amount ?? 0) : 0), 0),
  };
}

export const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
