import type { CreditNoteRow, InvoiceRow, PaymentRow } from '../contract/billing';
import type { Page } from '../contract/common';
import { formatMoney } from '../engine';
import { CREDIT_NOTE_SELECT, INVOICE_COLUMNS, PAYMENT_SELECT, creditNoteRows, invoiceRows, invoiceSummaries, paymentRow, type InvoiceDb } from './billing';
import type { AppContext } from './context';
import { yearOf, yearsBefore } from './historyYears';
import { cachedRow } from './prepared';
import { all, likeLiteral } from './sql';

// Finance lists across customers: filtered, paged in SQL (never all rows), with totals of everything matching.

interface Filters {
  customerId: number | null;
  from: string | null;
  to: string | null;
  search: string;
  page: number;
  pageSize: number;
}

type FinanceTable = 'invoices' | 'payments' | 'credit_notes';
const ALIAS: Record<FinanceTable, string> = { invoices: 'i', payments: 'p', credit_notes: 'n' };

function where(table: FinanceTable, f: Filters, numberColumn: string | null): Where {
  const alias = ALIAS[table];
  const parts: string[] = [];
  const params: unknown[] = [];
  // invoices: a customer's are read on invoices_year_customer_idx, which names the years first (./historyYears.ts)
  if (f.customerId !== null) parts.push(`${yearsBefore(table, alias)}${alias}.customer_id = ?`), params.push(f.customerId);
  if (f.from) parts.push(`${alias}.date >= ?`), params.push(f.from);
  if (f.to) parts.push(`${alias}.date <= ?`), params.push(f.to);
  if (f.search) {
    const like = `%${likeLiteral(f.search)}%`;
    parts.push(`(c.name LIKE ? ESCAPE '\\'${numberColumn ? ` OR ${alias}.${numberColumn} LIKE ? ESCAPE '\\'` : ''})`);
    params.push(like);
    if (numberColumn) params.push(like);
  }
  return { sql: parts.length ? ` WHERE ${parts.join(' AND ')}` : '', params };
}

function invoiceWhere(ctx: AppContext, f: Filters & { status: string | null }) {
  const w = where('invoices', f, 'number');
  const today = ctx.clock.today();
  const add = (cond: string, ...p: unknown[]) => {
    w.sql += w.sql ? ` AND ${cond}` : ` WHERE ${cond}`;
    w.params.push(...p);
  };
  if (f.status === 'overdue') add("i.status IN ('unpaid', 'partiallyPaid') AND i.due_date < ?", today);
  else if (f.status === 'unpaid' || f.status === 'partiallyPaid') add('i.status = ? AND i.due_date >= ?', f.status, today);
  else if (f.status) add('i.status = ?', f.status);
  return w;
}

/**
 * Invoices newest first. The customer is joined only for a search by name (every invoice has one). The totals are
 * cached until a write and, without a search, read from invoices_status_totals_idx alone. The page's ids are found
 * first (on invoices_date_idx, invoices_status_date_idx or invoices_status_totals_idx) and only those 50
 * rows are read and joined to their customer, so the rows an OFFSET skips cost an index entry each.
 */
export function listInvoices(ctx: AppContext, f: Filters & { status: string | null }): Page<InvoiceRow> & { totals: { total: number; paid: number } } {
  const w = invoiceWhere(ctx, f);
  const agg = cachedRow<{ n: number; total: number; paid: number }>(ctx.db, `SELECT COUNT(*) AS n, COALESCE(SUM(i.total), 0) AS total, COALESCE(SUM(i.paid), 0) AS paid${invoiceFrom(f)}${w.sql}`, ...w.params)!;
  const rows = invoiceDbRows(ctx, f, w, f.pageSize, (f.page - 1) * f.pageSize);
  return { rows: invoiceRows(ctx, rows), total: agg.n, page: f.page, pageSize: f.pageSize, totals: { total: agg.total, paid: agg.paid } };
}

const invoiceFrom = (f: Filters) => (f.search ? ' FROM invoices i JOIN customers c ON c.id = i.customer_id' : ' FROM invoices i');

/** The matching invoices, newest first, `limit` of them from `offset` (limit -1: every one, for an export). */
function invoiceDbRows(ctx: AppContext, f: Filters, w: Where, limit: number, offset: number): InvoiceDb[] {
  const order = 'ORDER BY i.date DESC, i.id DESC';
  // the same order; a customer's invoices in the order of their index, year first (./historyYears.ts)
  const pageOrder = f.customerId !== null ? `ORDER BY ${yearOf('invoices', 'i')} DESC, i.date DESC, i.id DESC` : order;
  return all<InvoiceDb>(
    ctx.db,
    `SELECT ${INVOICE_COLUMNS} FROM (SELECT i.id${invoiceFrom(f)}${w.sql} ${pageOrder} LIMIT ? OFFSET ?) AS pg
       CROSS JOIN invoices i ON i.id = pg.id JOIN customers c ON c.id = i.customer_id ${order}`,
    ...w.params,
    limit,
    offset,
  );
}

export function listPayments(ctx: AppContext, f: Filters): Page<PaymentRow> & { totals: { amount: number } } {
  const w = where('payments', f, 'reference');
  const agg = cachedRow<{ n: number; amount: number }>(ctx.db, `SELECT COUNT(*) AS n, COALESCE(SUM(p.amount), 0) AS amount FROM payments p${f.search ? ' JOIN customers c ON c.id = p.customer_id' : ''}${w.sql}`, ...w.params)!;
  const rows = paymentRows(ctx, w, f.pageSize, (f.page - 1) * f.pageSize);
  return { rows, total: agg.n, page: f.page, pageSize: f.pageSize, totals: { amount: agg.amount } };
}

export function listCreditNotes(ctx: AppContext, f: Filters): Page<CreditNoteRow> & { totals: { total: number } } {
  const w = where('credit_notes', f, 'number');
  const agg = cachedRow<{ n: number; total: number }>(ctx.db, `SELECT COUNT(*) AS n, COALESCE(SUM(n.total), 0) AS total FROM credit_notes n${f.search ? ' JOIN customers c ON c.id = n.customer_id' : ''}${w.sql}`, ...w.params)!;
  const rows = creditNoteDbRows(ctx, w, f.pageSize, (f.page - 1) * f.pageSize);
  return { rows: creditNoteRows(ctx, rows), total: agg.n, page: f.page, pageSize: f.pageSize, totals: { total: agg.total } };
}

type Where = { sql: string; params: unknown[] };

const paymentRows = (ctx: AppContext, w: Where, limit: number, offset: number) =>
  all<PaymentRow>(ctx.db, `${PAYMENT_SELECT}${w.sql} ORDER BY p.date DESC, p.id DESC LIMIT ? OFFSET ?`, ...w.params, limit, offset).map(paymentRow);

const creditNoteDbRows = (ctx: AppContext, w: Where, limit: number, offset: number) =>
  all<Omit<CreditNoteRow, 'lines'>>(ctx.db, `${CREDIT_NOTE_SELECT}${w.sql} ORDER BY n.date DESC, n.id DESC LIMIT ? OFFSET ?`, ...w.params, limit, offset);

/** RFC 4180 field; a leading = + - @ is prefixed so a spreadsheet never runs it as a formula. */
function csvField(v: unknown): string {
  let s = v === null || v === undefined ? '' : String(v);
  if (/^[=+\-@\t\r]/.test(s) && !/^-?\d+(\.\d+)?$/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export const toCsv = (header: string[], rows: unknown[][]) => [header, ...rows].map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';

/**
 * Every matching row, however many (LIMIT -1: a list's page size would cut the file short without a word), and
 * without the documents' lines, which the file does not print.
 */
export function exportCsv(ctx: AppContext, f: Filters & { what: 'invoices' | 'payments' | 'creditNotes'; status?: string | null }): { filename: string; csv: string } {
  const stamp = ctx.clock.today();
  if (f.what === 'invoices') {
    const rows = invoiceSummaries(ctx, invoiceDbRows(ctx, f, invoiceWhere(ctx, { ...f, status: f.status ?? null }), -1, 0));
    return {
      filename: `invoices-${stamp}.csv`,
      csv: toCsv(
        ['Number', 'Date', 'Due date', 'Customer ID', 'Customer', 'Kind', 'Net', 'VAT', 'Total', 'Paid', 'Status'],
        rows.map((r) => [r.number, r.date, r.dueDate, r.customerId, r.customerName, r.kind, formatMoney(r.net), formatMoney(r.vat), formatMoney(r.total), formatMoney(r.paid), r.status]),
      ),
    };
  }
  if (f.what === 'payments') {
    const rows = paymentRows(ctx, where('payments', f, 'reference'), -1, 0);
    return {
      filename: `payments-${stamp}.csv`,
      csv: toCsv(['ID', 'Date', 'Customer ID', 'Customer', 'Amount', 'Method', 'Reference', 'Note'], rows.map((r) => [r.id, r.date, r.customerId, r.customerName, formatMoney(r.amount), r.method, r.reference, r.note])),
    };
  }
  const rows = creditNoteDbRows(ctx, where('credit_notes', f, 'number'), -1, 0);
  return {
    filename: `credit-notes-${stamp}.csv`,
    csv: toCsv(['Number', 'Date', 'Customer ID', 'Customer', 'Total', 'Reason'], rows.map((r) => [r.number, r.date, r.customerId, r.customerName, formatMoney(r.total), r.reason])),
  };
}
