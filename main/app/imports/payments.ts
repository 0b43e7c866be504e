import { AppError } from '../../contract/errors';
import type { ImportReport, ImportRowReport } from '../../contract/imports';
import { readPaymentsCsv, referenceTokens, type PaymentCsvRow } from '../../import/payments';
import { fileHash, importError } from '../../import/read';
import { formatMoney } from '../../engine';
import { audit } from '../audit';
import type { AppContext } from '../context';
import { dispatch } from '../dispatch';
import { getRow, run } from '../prepared';
import { emptyRow, plural, previousImports, recordImportFile, refusalErrors, rolledBack, RowRefused, totalsOf, IMPORT_PROGRESS } from './common';
import { mapWithProgress } from '../progress';

// Payments from a bank export: ROW BY ROW (docs/IMPORT.md). Each payment stands on its own — a row the bank sent
// for an unknown customer must not hold back the money of everyone else — so every accepted row is one transaction
// of its own (billing.addPayment through dispatch: ledger, allocation, reactivation, audit) together with its
// fingerprint in imported_payments, whose unique index makes a row imported before "already imported", never a
// second payment. The dry run does the same inside one transaction that is rolled back.

const REFERENCE_MAX = 100;

/** Which customer a row pays: the Customer number column, else what its reference names. */
function customerOf(ctx: AppContext, v: PaymentCsvRow, row: number, header: (k: string) => string | null): { id: number; name: string; column: string | null } {
  const customer = (id: number) => getRow<{ id: number; name: string }>(ctx.db, 'SELECT id, name FROM customers WHERE id = ?', id);
  if (v.customerNumber) {
    const c = customer(Number(v.customerNumber.replace('#', '')));
    if (!c) throw new RowRefused([importError(row, header('customerNumber'), `no customer has the number ${v.customerNumber}`)]);
    return { ...c, column: header('customerNumber') };
  }
  const { words, customerNumbers } = referenceTokens(v.reference);
  const found = new Map<number, { name: string; why: string }>();
  for (const w of words) {
    const inv = getRow<{ customer_id: number; name: string; number: string }>(
      ctx.db,
      'SELECT i.customer_id, c.name, i.number FROM invoices i JOIN customers c ON c.id = i.customer_id WHERE i.number = ? COLLATE NOCASE',
      w,
    );
    if (inv && !found.has(inv.customer_id)) found.set(inv.customer_id, { name: inv.name, why: `invoice ${inv.number}` });
  }
  for (const n of customerNumbers) {
    const c = customer(n);
    if (c && !found.has(c.id)) found.set(c.id, { name: c.name, why: `customer number ${n}` });
  }
  const column = header('reference');
  if (found.size === 0)
    throw new RowRefused([importError(row, column, `names no customer: it holds no invoice number and no customer number (C123, #123) of this database — add a 'Customer number' column`)]);
  if (found.size > 1)
    throw new RowRefused([
      importError(row, column, `names more than one customer (${[...found].map(([id, f]) => `#${id} by ${f.why}`).join(', ')}) — write the right one in a 'Customer number' column`),
    ]);
  const [[id, f]] = [...found];
  return { id, name: f.name, column };
}

export function importPayments(ctx: AppContext, input: { csv: string; fileName: string; dryRun: boolean }): ImportReport {
  const file = readPaymentsCsv(input.csv);
  if (file.refusal) throw new AppError('VALIDATION', `${file.refusal} Nothing was imported.`, { csv: file.refusal });
  const hash = fileHash(input.csv);
  const previous = previousImports(ctx, 'payments', hash);
  const header = (key: string): string | null => file.headers[key] ?? null;
  const seenInFile = new Map<string, number>();

  const importRow = (r: (typeof file.rows)[number]): ImportRowReport => {
    const out = emptyRow(r.row);
    try {
      if (!r.value) throw new RowRefused(r.errors);
      const v = r.value;
      out.amount = v.amount;
      const fingerprint = file.fingerprints.get(r.row)!;
      const earlierRow = seenInFile.get(fingerprint);
      if (earlierRow !== undefined) return { ...out, verdict: 'alreadyImported', message: `the same bank row as row ${earlierRow} (transaction id ${v.transactionId}): skipped` };
      // One transaction per row (BEGIN IMMEDIATE holds the write lock): the fingerprint is looked up and written in
      // it, so two workstations importing the same file at once still record each bank row once.
      const done = ctx.db.transaction((): ImportRowReport => {
        const before = getRow<{ payment_id: number; customer_id: number; name: string }>(
          ctx.db,
          `SELECT ip.payment_id, p.customer_id, c.name FROM imported_payments ip JOIN payments p ON p.id = ip.payment_id JOIN customers c ON c.id = p.customer_id
           WHERE ip.fingerprint = ?`,
          fingerprint,
        );
        if (before)
          return {
            ...out,
            verdict: 'alreadyImported',
            customerId: before.customer_id,
            customerName: before.name,
            paymentId: before.payment_id,
            message: `already imported: payment #${before.payment_id} of customer #${before.customer_id} "${before.name}" — skipped, not doubled`,
          };
        const customer = customerOf(ctx, v, r.row, header);
        const longRef = v.reference.length > REFERENCE_MAX;
        const note = [v.payer && `Payer: ${v.payer}`, longRef && `Reference: ${v.reference}`].filter(Boolean).join(' — ').slice(0, 500);
        const columnOf = (field: string): string | null =>
          field === 'customerId' ? customer.column : field === 'note' ? header('payer') : ['date', 'amount', 'reference'].includes(field) ? header(field) : null;
        const paid = dispatch(ctx, 'billing.addPayment', {
          customerId: customer.id,
          amount: v.amount,
          date: v.date,
          method: v.method ?? 'bankTransfer',
          reference: v.reference.slice(0, REFERENCE_MAX),
          note,
        });
        if (!paid.ok) throw new RowRefused(refusalErrors(r.row, paid.error, columnOf));
        run(ctx.db, 'INSERT INTO imported_payments (fingerprint, payment_id, file_row) VALUES (?, ?, ?)', fingerprint, paid.data.id, r.row);
        return {
          ...out,
          customerId: customer.id,
          customerName: customer.name,
          paymentId: paid.data.id,
          message: `${formatMoney(v.amount)} on ${v.date} from customer #${customer.id} "${customer.name}"`,
        };
      });
      seenInFile.set(fingerprint, r.row);
      return done;
    } catch (e) {
      if (!(e instanceof RowRefused)) throw e;
      return { ...out, verdict: 'refused', errors: e.errors, message: e.errors.map((x) => x.text).join('; '), customerId: null, customerName: null };
    }
  };

  let rows: ImportRowReport[] = [];
  // Row by row: each accepted row commits on its own (its own transaction inside importRow); the dry run wraps them
  // all in one transaction that is rolled back, so each row's transaction becomes a savepoint of it.
  const importAll = () => mapWithProgress(ctx.db, IMPORT_PROGRESS, file.rows, importRow);
  if (input.dryRun) rolledBack(ctx, () => void (rows = importAll()));
  else rows = importAll();
  const totals = totalsOf(rows);
  const applied = !input.dryRun && totals.ok > 0;
  if (applied)
    ctx.db.transaction(() => {
      const fileId = recordImportFile(ctx, 'payments', hash, input.fileName, totals);
      const ids = rows.filter((r) => r.verdict === 'ok').map((r) => r.paymentId);
      run(ctx.db, `UPDATE imported_payments SET import_file_id = ? WHERE payment_id IN (SELECT value FROM json_each(?))`, fileId, JSON.stringify(ids));
      audit(ctx, {
        entity: 'import',
        entityId: fileId,
        customerId: null,
        action: `payments imported from ${input.fileName || 'a CSV file'}`,
        after: { fileHash: hash, payments: totals.ok, amount: totals.amount, alreadyImported: totals.alreadyImported, refused: totals.refused },
      });
    });
  for (const r of rows) {
    if (r.verdict !== 'ok') continue;
    r.message = applied ? `recorded: ${r.message} → payment #${r.paymentId}` : `would be recorded: ${r.message}`;
    if (!applied) r.paymentId = null;
  }
  const what = `${plural(totals.ok, 'payment')} (${formatMoney(totals.amount)})`;
  const rest = [totals.alreadyImported && `${totals.alreadyImported} already imported (skipped)`, totals.refused && `${totals.refused} refused`].filter(Boolean).join(', ');
  const seen = previous.length ? ` This file was imported before, on ${previous.map((p) => p.businessDate).join(', ')}.` : '';
  const summary = input.dryRun
    ? `Dry run: ${what} would be recorded${rest ? `; ${rest}` : ''}. Nothing was written.${seen}`
    : `${applied ? `Recorded ${what}` : 'No payment recorded'}${rest ? `; ${rest}` : ''}. Payments are imported row by row: the refused rows can be corrected and the file imported again — rows already imported are recognised and skipped.${seen}`;
  return {
    kind: 'payments',
    fileName: input.fileName,
    fileHash: hash,
    rule: 'rowByRow',
    dryRun: input.dryRun,
    applied,
    previousImports: previous,
    ignoredColumns: file.ignoredColumns,
    rows,
    totals,
    summary,
  };
}
