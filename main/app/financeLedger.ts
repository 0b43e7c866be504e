import type { Page } from '../contract/common';
import type { LedgerEntry, LedgerFilters } from '../contract/ledger';
import { formatMoney } from '../engine';
import type { AppContext } from './context';
import { toCsv } from './finance';
import type { Handlers } from './handlers';
import { inHistoryYears } from './historyYears';
import { cachedRow } from './prepared';
import { all, likeLiteral, pagedRows } from './sql';

// Finance → Ledger (issue 18 item 13): every ledger entry (balance_transactions) across customers, filtered,
// sorted and paged in SQL, with the debit and credit totals of everything matching, and the same rows as CSV.
// The balance column is the customer's balance after the entry (ledger order = id order, as the Billing tab shows
// it), computed for the rows read only.

const KIND_SQL = `CASE WHEN t.invoice_id IS NOT NULL THEN 'invoice' WHEN t.credit_note_id IS NOT NULL THEN 'creditNote'
  WHEN t.payment_id IS NOT NULL THEN 'payment' ELSE 'other' END`;

const SELECT = `t.id, t.date, t.customer_id AS customerId, c.name AS customerName, ${KIND_SQL} AS kind,
  COALESCE(i.number, n.number, NULLIF(p.reference, ''), CASE WHEN p.id IS NOT NULL THEN 'payment ' || p.id END, '') AS document,
  t.description, CASE t.kind WHEN 'credit' THEN t.amount ELSE -t.amount END AS amount,
  (SELECT SUM(CASE b.kind WHEN 'credit' THEN b.amount ELSE -b.amount END) FROM balance_transactions b
    WHERE ${inHistoryYears('balance_transactions', 'b')} AND b.customer_id = t.customer_id AND b.id <= t.id) AS balance`;

const JOINS = `FROM balance_transactions t JOIN customers c ON c.id = t.customer_id
  LEFT JOIN invoices i ON i.id = t.invoice_id LEFT JOIN credit_notes n ON n.id = t.credit_note_id LEFT JOIN payments p ON p.id = t.payment_id`;

const ORDER: Record<LedgerFilters['sortBy'], string> = { date: 't.date', customerName: 'c.name', amount: 't.amount' };

function whereOf(f: LedgerFilters): { sql: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  const add = (cond: string, ...p: unknown[]) => (parts.push(cond), params.push(...p));
  if (f.from) add('t.date >= ?', f.from);
  if (f.to) add('t.date <= ?', f.to);
  if (f.customerId !== null) add(`${inHistoryYears('balance_transactions', 't')} AND t.customer_id = ?`, f.customerId);
  if (f.kind) add(`${KIND_SQL} = ?`, f.kind);
  if (f.minAmount !== null) add('t.amount >= ?', f.minAmount);
  if (f.maxAmount !== null) add('t.amount <= ?', f.maxAmount);
  if (f.search) {
    const like = `%${likeLiteral(f.search)}%`;
    add(`(c.name LIKE ? ESCAPE '\\' OR i.number LIKE ? ESCAPE '\\' OR n.number LIKE ? ESCAPE '\\' OR p.reference LIKE ? ESCAPE '\\')`, like, like, like, like);
  }
  return { sql: parts.length ? ` WHERE ${parts.join(' AND ')}` : '', params };
}

const orderOf = (f: LedgerFilters) => {
  const dir = f.sortDirection === 'asc' ? 'ASC' : 'DESC';
  return `${ORDER[f.sortBy]} ${dir}, t.id ${dir}`;
};

export function listLedger(ctx: AppContext, f: LedgerFilters & { page: number; pageSize: number }): Page<LedgerEntry> & { totals: { debit: number; credit: number } } {
  const w = whereOf(f);
  const page = pagedRows<LedgerEntry>(ctx.db, { select: SELECT, from: `${JOINS}${w.sql}`, orderBy: orderOf(f), params: w.params, page: f.page, pageSize: f.pageSize });
  const totals = cachedRow<{ debit: number; credit: number }>(
    ctx.db,
    `SELECT COALESCE(SUM(CASE t.kind WHEN 'debit' THEN t.amount END), 0) AS debit, COALESCE(SUM(CASE t.kind WHEN 'credit' THEN t.amount END), 0) AS credit ${JOINS}${w.sql}`,
    ...w.params,
  )!;
  return { ...page, totals };
}

const KIND_WORDS: Record<LedgerEntry['kind'], string> = { invoice: 'Invoice', creditNote: 'Credit note', payment: 'Payment', other: 'Other' };

/** Exactly the entries the list shows with these filters, every page, in the list's order. */
export function ledgerCsv(ctx: AppContext, f: LedgerFilters): { filename: string; csv: string } {
  const w = whereOf(f);
  const rows = all<LedgerEntry>(ctx.db, `SELECT ${SELECT} ${JOINS}${w.sql} ORDER BY ${orderOf(f)}`, ...w.params);
  return {
    filename: `ledger-${ctx.clock.today()}.csv`,
    csv: toCsv(
      ['Date', 'Customer ID', 'Customer', 'Kind', 'Document', 'Description', 'Debit', 'Credit', 'Balance after'],
      rows.map((r) => [
        r.date,
        r.customerId,
        r.customerName,
        KIND_WORDS[r.kind],
        r.document,
        r.description,
        r.amount < 0 ? formatMoney(-r.amount) : '',
        r.amount > 0 ? formatMoney(r.amount) : '',
        formatMoney(r.balance),
      ]),
    ),
  };
}

export const ledgerHandlers: Handlers<'finance.ledger' | 'finance.ledgerCsv'> = {
  'finance.ledger': (ctx, input) => listLedger(ctx, input),
  'finance.ledgerCsv': (ctx, input) => ledgerCsv(ctx, input),
};
