import type { CreditNoteRow, InvoiceRow } from '../contract/billing';
import type { CustomerStatement, StatementRow } from '../contract/documents';
import { AppError, notFound } from '../contract/errors';
import { CREDIT_NOTE_SELECT, INVOICE_SELECT, creditNoteRows, invoiceRows } from './billing';
import type { AppContext } from './context';
import type { Handlers } from './handlers';
import { inHistoryYears } from './historyYears';
import { all, one } from './sql';

// The documents as printed: the customer statement and invoices / credit notes by their number. Everything is read
// from the ledger (balance_transactions), the one record of every movement, so a statement always adds up:
// opening + credits − debits = closing, and closing = customers.balance (balance = ledger is an invariant).

const signed = (kind: string, amount: number) => (kind === 'credit' ? amount : -amount);
/** payments.method as stored → words */
const PAYMENT_METHOD: Record<string, string> = { cash: 'Cash', bank_transfer: 'Bank transfer', credit_card: 'Credit card', refill_card: 'Refill card', other: 'Other' };

export function statement(ctx: AppContext, input: { customerId: number; from: string; to: string }): CustomerStatement {
  const { customerId, from, to } = input;
  if (from > to) throw new AppError('VALIDATION', `to: the end date ${to} is before the start date ${from}`, { to: `must be on or after ${from}` });
  const customer = one<CustomerStatement['customer']>(
    ctx.db,
    "SELECT id, name, COALESCE(address, '') AS address, COALESCE(email, '') AS email, language FROM customers WHERE id = ?",
    customerId,
  );
  if (!customer) throw notFound('Customer', customerId, 'customerId');
  // Both read on balance_transactions_year_customer_idx (year, customer_id, id, date, kind, amount; ./historyYears.ts):
  // the opening balance from the index alone, the window's rows by their dates there.
  const opening = one<{ balance: number }>(
    ctx.db,
    `SELECT COALESCE(SUM(CASE kind WHEN 'credit' THEN amount ELSE -amount END), 0) AS balance FROM balance_transactions
      WHERE ${inHistoryYears('balance_transactions')} AND customer_id = ? AND date < ?`,
    customerId,
    from,
  )!.balance;
  // What each row says beside its number: an invoice's first line (and how many more), a credit note's reason, a
  // payment's method — plain English, as every document's text.
  const movements = all<{ date: string; kind: string; amount: number; invoice: string | null; creditNote: string | null; reference: string; about: string }>(
    ctx.db,
    `SELECT t.date, t.kind, t.amount, i.number AS invoice, n.number AS creditNote, COALESCE(p.reference, '') AS reference,
            CASE WHEN i.id IS NOT NULL THEN
                   COALESCE((SELECT l.description FROM invoice_lines l WHERE l.invoice_id = i.id ORDER BY l.position, l.id LIMIT 1), '')
                   || COALESCE((SELECT ' and ' || (COUNT(*) - 1) || ' more' FROM invoice_lines l WHERE l.invoice_id = i.id HAVING COUNT(*) > 1), '')
                 WHEN n.id IS NOT NULL THEN COALESCE(NULLIF(n.reason, ''), t.description)
                 ELSE COALESCE(p.method, '') END AS about
       FROM balance_transactions t
       LEFT JOIN invoices i ON i.id = t.invoice_id
       LEFT JOIN credit_notes n ON n.id = t.credit_note_id
       LEFT JOIN payments p ON p.id = t.payment_id
      WHERE ${inHistoryYears('balance_transactions', 't')} AND t.customer_id = ? AND t.date >= ? AND t.date <= ?
      ORDER BY t.date, t.id`,
    customerId,
    from,
    to,
  );
  let balance = opening;
  let debits = 0;
  let credits = 0;
  const rows: StatementRow[] = movements.map((m) => {
    balance += signed(m.kind, m.amount);
    if (m.kind === 'credit') credits += m.amount;
    else debits += m.amount;
    const kind: StatementRow['kind'] = m.invoice !== null ? 'invoice' : m.creditNote !== null ? 'creditNote' : 'payment';
    return {
      date: m.date,
      kind,
      document: m.invoice ?? m.creditNote ?? m.reference,
      description: kind === 'payment' ? (PAYMENT_METHOD[m.about] ?? m.about) : m.about,
      debit: m.kind === 'debit' ? m.amount : 0,
      credit: m.kind === 'credit' ? m.amount : 0,
      balance,
    };
  });
  return { customer, from, to, issuedOn: ctx.clock.today(), openingBalance: opening, rows, debits, credits, closingBalance: opening + credits - debits };
}

export function invoiceByNumber(ctx: AppContext, number: string): InvoiceRow {
  const row = one<Parameters<typeof invoiceRows>[1][number]>(ctx.db, `${INVOICE_SELECT} WHERE i.number = ?`, number);
  if (!row) throw notFound('Invoice', number, 'number');
  return invoiceRows(ctx, [row])[0];
}

export function creditNoteByNumber(ctx: AppContext, number: string): CreditNoteRow {
  const row = one<Omit<CreditNoteRow, 'lines'>>(ctx.db, `${CREDIT_NOTE_SELECT} WHERE n.number = ?`, number);
  if (!row) throw notFound('Credit note', number, 'number');
  return creditNoteRows(ctx, [row])[0];
}

export const documentHandlers: Handlers<'documents.statement' | 'documents.invoice' | 'documents.creditNote' | 'documents.invoicesOfDay'> = {
  'documents.statement': (ctx, i) => statement(ctx, i),
  'documents.invoice': (ctx, i) => invoiceByNumber(ctx, i.number),
  'documents.creditNote': (ctx, i) => creditNoteByNumber(ctx, i.number),
  'documents.invoicesOfDay': (ctx, i) => ({
    numbers: all<{ number: string }>(ctx.db, 'SELECT number FROM invoices WHERE date = ? ORDER BY id', i.date).map((r) => r.number),
  }),
};
