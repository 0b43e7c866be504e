import { createHash } from 'node:crypto';
import Papa from 'papaparse';
import type { z } from 'zod';
import { MAX_IMPORT_ROWS, type ImportError } from '../contract/imports';

// Reading a CSV file into rows checked column by column (pure: no database, no clock). The kinds (customers.ts,
// payments.ts) declare their columns; this file maps the file's headers onto them and validates every row with
// zod, naming each problem by its row and the column header as the file spells it.

export interface ColumnSpec {
  /** the field the value goes to */
  key: string;
  /** the documented header */
  header: string;
  /** other headers accepted for it (compared like the header: case, spaces, _ and - ignored) */
  aliases?: string[];
  /** the file must have this column (a row may still leave it empty if the schema allows) */
  required?: boolean;
  schema: z.ZodType;
}

export interface ReadRow<T> {
  /** the spreadsheet's row number: the header is row 1 */
  row: number;
  /** the cells by field key, as written (trimmed) */
  cells: Record<string, string>;
  /** the parsed values, or null when the row has errors */
  value: T | null;
  errors: ImportError[];
}

export interface ReadFile<T> {
  /** the whole file is refused (no header, a required column missing, too many rows); rows are then empty */
  refusal: string | null;
  /** field key → the header as the file spells it */
  headers: Record<string, string>;
  ignoredColumns: string[];
  rows: ReadRow<T>[];
}

/** The file's identity (SHA-256 of its text, line endings as LF): the same file brought again is recognised by it. */
export const fileHash = (csv: string): string => createHash('sha256').update(csv.replace(/\r\n/g, '\n')).digest('hex');

export const normaliseHeader = (h: string): string => h.replace(/^\uFEFF/, '').trim().toLowerCase().replace(/[\s_\-.:]+/g, ' ').trim();

export function errorText(row: number, column: string | null, message: string): string {
  return column === null ? `row ${row}: ${message}` : `row ${row}, column '${column}': ${message}`;
}

export const importError = (row: number, column: string | null, message: string): ImportError => ({ row, column, message, text: errorText(row, column, message) });

/** Parses the text (delimiter detected: , ; tab |) and checks every non-empty row against the columns. */
export function readCsv<T>(csv: string, specs: readonly ColumnSpec[], rowSchema: z.ZodType<T>): ReadFile<T> {
  const none = (refusal: string): ReadFile<T> => ({ refusal, headers: {}, ignoredColumns: [], rows: [] });
  // header: false keeps every line as cells, so the row numbers are the file's own (blank rows count, as in a spreadsheet)
  const parsed = Papa.parse<string[]>(csv.replace(/^\uFEFF/, ''), { header: false, skipEmptyLines: false, delimitersToGuess: [',', ';', '\t', '|'] });
  const lines = parsed.data;
  const headerLine = lines[0];
  if (!headerLine || headerLine.every((c) => c.trim() === '')) return none('The file is empty: the first row must name the columns (see docs/IMPORT.md).');
  const quoteError = parsed.errors.find((e) => e.type === 'Quotes');
  if (quoteError) return none(`Row ${(quoteError.row ?? 0) + 1} has a quote (") that is never closed: the file cannot be read.`);

  const byName = new Map<string, ColumnSpec>();
  for (const s of specs) for (const name of [s.header, ...(s.aliases ?? [])]) byName.set(normaliseHeader(name), s);
  const headers: Record<string, string> = {};
  const index: Record<string, number> = {};
  const ignoredColumns: string[] = [];
  for (const [i, raw] of headerLine.entries()) {
    const h = raw.replace(/^\uFEFF/, '').trim();
    const spec = byName.get(normaliseHeader(h));
    if (!spec) {
      if (h) ignoredColumns.push(h);
      continue;
    }
    if (spec.key in headers) return none(`The columns '${headers[spec.key]}' and '${h}' both mean '${spec.header}': keep one of them.`);
    headers[spec.key] = h;
    index[spec.key] = i;
  }
  const missing = specs.filter((s) => s.required && !(s.key in headers));
  if (missing.length)
    return none(
      `The file has no column ${missing.map((s) => `'${s.header}'`).join(', ')} (its columns are: ${headerLine.map((h) => `'${h.trim()}'`).join(', ')}). See docs/IMPORT.md for the column names.`,
    );

  const dataLines = lines.slice(1);
  const filled = dataLines.filter((l) => l.some((c) => c.trim() !== '')).length;
  if (filled === 0) return none('The file has a header row but no rows to import.');
  if (filled > MAX_IMPORT_ROWS) return none(`The file has ${filled} rows; at most ${MAX_IMPORT_ROWS} are imported at once — split the file.`);

  const rows: ReadRow<T>[] = [];
  for (const [i, line] of dataLines.entries()) {
    if (line.every((c) => c.trim() === '')) continue;
    const row = i + 2;
    const cells: Record<string, string> = {};
    for (const s of specs) cells[s.key] = s.key in index ? (line[index[s.key]] ?? '').trim() : '';
    const res = rowSchema.safeParse(cells);
    const errors = res.success
      ? []
      : res.error.issues.map((issue) => {
          const key = String(issue.path[0] ?? '');
          const spec = specs.find((s) => s.key === key);
          return importError(row, spec ? (headers[key] ?? spec.header) : null, issue.message);
        });
    rows.push({ row, cells, value: res.success ? res.data : null, errors });
  }
  return { refusal: null, headers, ignoredColumns, rows };
}
