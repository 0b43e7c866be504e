import { z } from 'zod';
import { channel } from './channel';
import { shortText } from './common';

// CSV import of customers (with their services) and of bank payments (issue 19). The file's text travels whole
// (the app reads the file in the renderer, the CLI from disk); the application layer parses, checks and writes
// through the same handlers as the dialogs. docs/IMPORT.md states the columns and the rules.

/** Larger files are refused whole: split them (the report of 5 000 rows is already more than anyone reads). */
export const MAX_IMPORT_CHARS = 2_000_000;
export const MAX_IMPORT_ROWS = 5_000;

export const importKind = z.enum(['customers', 'payments']);
export type ImportKind = z.infer<typeof importKind>;

const importInput = z.object({
  kind: importKind,
  csv: z
    .string()
    .max(MAX_IMPORT_CHARS, `is larger than ${MAX_IMPORT_CHARS / 1_000_000} MB — split the file and import the parts one after another`),
  /** shown in the report and kept with the import; the file itself is recognised by its content */
  fileName: shortText(255).default(''),
});

/** One problem, named by the row (a spreadsheet's numbering: the header is row 1) and column header of the file. */
export interface ImportError {
  row: number;
  /** the column's header as the file spells it; null when the problem is not one column's (a customer refused whole) */
  column: string | null;
  message: string;
  /** "row 7, column 'Start date': not a date (use YYYY-MM-DD)" */
  text: string;
}

/**
 * ok: the row is (or would be) imported; refused: it is not, `errors` say why; alreadyImported: a payment row
 * recognised from an earlier import (or an earlier row of this file), skipped.
 */
export type ImportVerdict = 'ok' | 'refused' | 'alreadyImported';

export interface ImportRowReport {
  row: number;
  verdict: ImportVerdict;
  /** what happened or would happen, in words */
  message: string;
  errors: ImportError[];
  /** customers: the customer (and service) the row created / would create; payments: the customer paid, the payment */
  customerId: number | null;
  customerName: string | null;
  serviceId: number | null;
  paymentId: number | null;
  /** payments: the amount in cents */
  amount: number | null;
}

export interface ImportReport {
  kind: ImportKind;
  fileName: string;
  /** SHA-256 of the text: the same file is recognised by it */
  fileHash: string;
  /** customers: all or nothing per file; payments: row by row (docs/IMPORT.md says why) */
  rule: 'allOrNothing' | 'rowByRow';
  dryRun: boolean;
  /** true when something was written to the database */
  applied: boolean;
  /** the file was imported before: when and by whom */
  previousImports: { at: string; businessDate: string; actor: string; rowsAccepted: number }[];
  /** file headers that match no column (bank exports carry many): ignored */
  ignoredColumns: string[];
  rows: ImportRowReport[];
  totals: { rows: number; ok: number; refused: number; alreadyImported: number; amount: number };
  /** one sentence: what was (or would be) done, and why not when nothing was */
  summary: string;
}

export const importChannels = {
  /** the dry run: every row checked through the real write paths inside a transaction that is then rolled back */
  'import.preview': channel<ImportReport>()(importInput),
  /** dryRun: the same as import.preview */
  'import.apply': channel<ImportReport>()(importInput.extend({ dryRun: z.boolean().default(false) })),
};
