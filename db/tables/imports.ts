import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { payments } from './billing';
import { isInteger, isoDate, nowTimestamp, oneOf } from './sql';

export const IMPORT_KINDS = ['customers', 'payments'] as const;

/**
 * Every CSV file whose import wrote something (main/app/imports): the SHA-256 of its text, so the same file brought
 * again is recognised ("this file was imported on …"). Dry runs and previews record nothing.
 */
export const importFiles = sqliteTable(
  'import_files',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    kind: text('kind', { enum: IMPORT_KINDS }).notNull(),
    fileHash: text('file_hash').notNull(),
    fileName: text('file_name').notNull().default(''),
    businessDate: text('business_date').notNull(),
    actor: text('actor').notNull(),
    rowsAccepted: integer('rows_accepted').notNull(),
    rowsSkipped: integer('rows_skipped').notNull().default(0),
    rowsRefused: integer('rows_refused').notNull().default(0),
    at: text('at').notNull().default(nowTimestamp),
  },
  (t) => [
    index('import_files_hash_idx').on(t.kind, t.fileHash),
    check('import_files_kind', oneOf(t.kind, IMPORT_KINDS)),
    check('import_files_business_date', isoDate(t.businessDate)),
    check('import_files_rows', sql`${isInteger(t.rowsAccepted)} AND ${t.rowsAccepted} >= 0`),
  ],
);

/**
 * One bank row turned into a payment. The fingerprint (main/import/payments.ts: the bank's transaction id when the
 * export has one, else date + amount + reference + customer number + how many identical rows came before it in the
 * file) is unique, so the same row imported again — the same file twice, or two exports that overlap — is
 * recognised and never becomes a second payment. Written in the payment's own transaction.
 */
export const importedPayments = sqliteTable(
  'imported_payments',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    fingerprint: text('fingerprint').notNull().unique(),
    paymentId: integer('payment_id')
      .notNull()
      .references(() => payments.id),
    importFileId: integer('import_file_id').references(() => importFiles.id),
    /** the row number in its file (a spreadsheet's: the header is row 1) */
    fileRow: integer('file_row').notNull(),
  },
  (t) => [index('imported_payments_payment_idx').on(t.paymentId), index('imported_payments_file_idx').on(t.importFileId)],
);
