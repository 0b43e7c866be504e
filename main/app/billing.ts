import type { CreditNoteRow, CustomerBilling, CustomerBillingSummary, InvoiceRow, LedgerRow, PaymentRow } from '../contract/billing';
import type { Page } from '../contract/common';
import { AppError, notFound } from '../contract/errors';
import { displayedInvoiceStatus, splitVat } from '../engine';
import { audit } from './audit';
import type { AppContext } from './context';
import { customerBillingRow } from './customerTerms';
import { inHistoryYears, yearOf, yearsBefore } from './historyYears';
import { postInvoice, postPayment } from './ledger';
import { all, one } from './sql';

// The customer's money: documents, payments and the ledger, read for the Billing tab, and the two things staff
// post by hand (a payment, a one-time invoice).

const PAYMENT_METHOD_DB: Record<string, string> = { cash: 'cash', bankTransfer: 'bank_transfer', creditCard: 'credit_card', refillCard: 'refill_card', other: 'other' };
const PAYMENT_METHOD_API: Record<string, string> = Object.fromEntries(Object.entries(PAYMENT_METHOD_DB).map(([k, v]) => [v, k]));
const INVOICE_KIND_API: Record<string, InvoiceRow['kind']> = { recurring: 'recurring', one_time: 'oneTime', change_plan: 'changePlan', cancellation: 'cancellation' };

export type InvoiceDb = Omit<InvoiceRow, 'lines' | 'status' | 'kind'> & { status: string; kind: string };

export const INVOICE_COLUMNS = `i.id, i.number, i.customer_id AS customerId, c.name AS customerName, i.kind, i.date, i.due_date AS dueDate,
  i.net, i.vat, i.total, i.paid, i.status, i.plan_change_id AS planChangeId, c.language AS customerLanguage`;
export const INVOICE_SELECT = `SELECT ${INVOICE_COLUMNS} FROM invoices i JOIN customers c ON c.id = i.customer_id`;

const INVOICE_LINE_COLUMNS = `id, service_id AS serviceId, kind, description, date_from AS "from", date_to AS "to", days, divisor, quantity, amount, net, vat,
  vat_rate_bp AS vatRateBp, total`;
const CREDIT_NOTE_LINE_COLUMNS = 'description, date_from AS "from", date_to AS "to", days, divisor, total AS amount';

/**
 * The lines of a page of documents, by document, read in one statement (not one per document: a page of 25 invoices
 * costs one read of their lines, on the (document, position) index, in the order each document prints them).
 */
function linesByDocument<L>(ctx: AppContext, table: 'invoice_lines' | 'credit_note_lines', key: 'invoice_id' | 'credit_note_id', columns: string, ids: readonly number[]): Map<number, L[]> {
  const out = new Map<number, L[]>(ids.map((id) => [id, []]));
  if (!ids.length) return out;
  const rows =
    ids.length === 1
      ? all<L & { documentId: number }>(ctx.db, `SELECT ${key} AS documentId, ${columns} FROM ${table} WHERE ${key} = ? ORDER BY position, id`, ids[0])
      : all<L & { documentId: number }>(
          ctx.db,
          `SELECT ${key} AS documentId, ${columns} FROM ${table} WHERE ${key} IN (SELECT value FROM json_each(?)) ORDER BY ${key}, position, id`,
          JSON.stringify(ids),
        );
  for (const { documentId, ...line } of rows) out.get(documentId)!.push(line as L);
  return out;
}

/** Invoices as staff see them without their lines (kind in the API's words, status as of today: overdue…). */
export function invoiceSummaries(ctx: AppContext, rows: InvoiceDb[]): Omit<InvoiceRow, 'lines'>[] {
  const today = ctx.clock.today();
  return rows.map((r) => ({
    ...r,
    kind: INVOICE_KIND_API[r.kind] ?? 'recurring',
    status: r.status === 'cancelled' ? 'cancelled' : displayedInvoiceStatus(r.total, r.paid, r.dueDate, today),
  }));
}

export function invoiceRows(ctx: AppContext, rows: InvoiceDb[]): InvoiceRow[] {
  const lines = linesByDocument<InvoiceRow['lines'][number]>(ctx, 'invoice_lines', 'invoice_id', INVOICE_LINE_COLUMNS, rows.map((r) => r.id));
  return invoiceSummaries(ctx, rows).map((r) => ({ ...r, lines: lines.get(r.id)! }));
}

export const CREDIT_NOTE_SELECT = `SELECT n.id, n.number, n.customer_id AS customerId, c.name AS customerName, n.date, n.total,
  COALESCE(n.reason, '') AS reason, n.plan_change_id AS planChangeId, c.language AS customerLanguage FROM credit_notes n JOIN customers c ON c.id = n.customer_id`;

export function creditNoteRows(ctx: AppContext, rows: Omit<CreditNoteRow, 'lines'>[]): CreditNoteRow[] {
  const lines = linesByDocument<CreditNoteRow['lines'][number]>(ctx, 'credit_note_lines', 'credit_note_id', CREDIT_NOTE_LINE_COLUMNS, rows.map((r) => r.id));
  return rows.map((r) => ({ ...r, lines: lines.get(r.id)! }));
}

export const PAYMENT_SELECT = `SELECT p.id, p.customer_id AS customerId, c.name AS customerName, p.date, p.amount, p.method,
  COALESCE(p.reference, '') AS reference, COALESCE(p.note, '') AS note FROM payments p JOIN customers c ON c.id = p.customer_id`;

export const paymentRow = (r: PaymentRow): PaymentRow => ({ ...r, method: PAYMENT_METHOD_API[r.method] ?? r.method });

export function customerBilling(ctx: AppContext, customerId: number): CustomerBilling {
  const customer = customerBillingRow(ctx, customerId);
  const invoices = invoiceRows(ctx, all<InvoiceDb>(ctx.db, `${INVOICE_SELECT} WHERE ${inHistoryYears('invoices', 'i')} AND i.customer_id = ? ORDER BY ${yearOf('invoices', 'i')}, i.date, i.id`, customerId));
  const creditNotes = creditNoteRows(ctx, all(ctx.db, `${CREDIT_NOTE_SELECT} WHERE n.customer_id = ? ORDER BY n.date, n.id`, customerId));
  const payments = all<PaymentRow>(ctx.db, `${PAYMENT_SELECT} WHERE p.customer_id = ? ORDER BY p.date, p.id`, customerId).map(paymentRow);
  let running = 0;
  const ledger = all<Omit<LedgerRow, 'balance'>>(
    ctx.db,
    `SELECT id, date, kind, category, description, amount, invoice_id AS invoiceId, credit_note_id AS creditNoteId, payment_id AS paymentId
       FROM balance_transactions WHERE ${inHistoryYears('balance_transactions')} AND customer_id = ? ORDER BY id`,
    customerId,
  ).map((t) => {
    running += t.kind === 'credit' ? t.amount : -t.amount;
    return { ...t, balance: running };
  });
  return { balance: customer.balance, invoices, creditNotes, payments, ledger, pendingCharges: pendingChargesOf(ctx, customerId) };
}

/** Charges waiting for the customer's next invoice (few: they are invoiced on the next billing day). */
function pendingChargesOf(ctx: AppContext, customerId: number): CustomerBilling['pendingCharges'] {
  return all<CustomerBilling['pendingCharges'][number]>(
    ctx.db,
    'SELECT id, description, total AS amount, created_on AS createdOn FROM pending_charges WHERE customer_id = ? AND invoice_id IS NULL ORDER BY id',
    customerId,
  );
}

// The Billing tab reads a summary and then one page of the list it shows, so opening a customer costs the same with
// five years of history as with five months (the whole history is customerBilling above).

/** How many rows of a history table (invoices, credit_notes, payments, balance_transactions) are the customer's. */
export const customerDocumentCount = (ctx: AppContext, table: string, customerId: number): number =>
  one<{ n: number }>(ctx.db, `SELECT COUNT(*) AS n FROM ${table} WHERE ${yearsBefore(table)}customer_id = ?`, customerId)!.n;

export function customerBillingSummary(ctx: AppContext, customerId: number): CustomerBillingSummary {
  const customer = customerBillingRow(ctx, customerId);
  return {
    balance: customer.balance,
    counts: {
      invoices: customerDocumentCount(ctx, 'invoices', customerId),
      creditNotes: customerDocumentCount(ctx, 'credit_notes', customerId),
      payments: customerDocumentCount(ctx, 'payments', customerId),
      ledger: customerDocumentCount(ctx, 'balance_transactions', customerId),
    },
    pendingCharges: pendingChargesOf(ctx, customerId),
  };
}

const SIGNED_AMOUNT = `CASE kind WHEN 'credit' THEN amount ELSE -amount END`;

/**
 * One page of the ledger, newest first. The balance after the newest row of the page is the customer's balance
 * (which always equals the sum of its ledger: db/invariants.ts) less what the newer rows, the ones the page skips,
 * moved; each older row's balance follows by taking its own amount back.
 */
export function customerLedgerPage(ctx: AppContext, customerId: number, page: number, pageSize: number): Page<LedgerRow> {
  const customer = customerBillingRow(ctx, customerId);
  const offset = (page - 1) * pageSize;
  // Ledger order is id order, which the year-first index does not keep across years (a movement posted in January
  // dated December): the customer's entries are sorted, from the index alone, and the page's rows read by id.
  const ofCustomer = `FROM balance_transactions WHERE ${inHistoryYears('balance_transactions')} AND customer_id = ?`;
  const newer = one<{ s: number }>(
    ctx.db,
    `SELECT COALESCE(SUM(${SIGNED_AMOUNT}), 0) AS s FROM (SELECT kind, amount ${ofCustomer} ORDER BY id DESC LIMIT ?)`,
    customerId,
    offset,
  )!.s;
  let after = customer.balance - newer;
  const found = all<Omit<LedgerRow, 'balance'>>(
    ctx.db,
    `SELECT t.id, t.date, t.kind, t.category, t.description, t.amount, t.invoice_id AS invoiceId, t.credit_note_id AS creditNoteId, t.payment_id AS paymentId
       FROM (SELECT id ${ofCustomer} ORDER BY id DESC LIMIT ? OFFSET ?) AS pg CROSS JOIN balance_transactions t ON t.id = pg.id ORDER BY t.id DESC`,
    customerId,
    pageSize,
    offset,
  );
  // newest first: each row shows the balance after it, the next older one the balance before it
  const rows = found.map((t) => {
    const row = { ...t, balance: after };
    after -= t.kind === 'credit' ? t.amount : -t.amount;
    return row;
  });
  return { rows, total: customerDocumentCount(ctx, 'balance_transactions', customerId), page, pageSize };
}

export function invoice(ctx: AppContext, id: number): InvoiceRow {
  const row = one<InvoiceDb>(ctx.db, `${INVOICE_SELECT} WHERE i.id = ?`, id);
  if (!row) throw notFound('Invoice', id, 'id');
  return invoiceRows(ctx, [row])[0];
}

export function addPayment(
  ctx: AppContext,
  input: { customerId: number; amount: number; date: string | null; method: string; reference: string; note: string },
): PaymentRow & { balance: number } {
  const today = ctx.clock.today();
  const date = input.date ?? today;
  if (date > today) throw new AppError('VALIDATION', `date: a payment cannot be dated in the future (today is ${today})`, { date: `cannot be after ${today}` });
  return ctx.db.transaction(() => {
    const before = customerBillingRow(ctx, input.customerId);
    const { id } = postPayment(ctx, { ...input, date, method: PAYMENT_METHOD_DB[input.method] ?? 'other' });
    const after = customerBillingRow(ctx, input.customerId);
    audit(ctx, {
      entity: 'payment',
      entityId: id,
      customerId: input.customerId,
      action: `payment ${input.amount} recorded`,
      before: { balance: before.balance, status: before.status },
      after: { balance: after.balance, status: after.status, amount: input.amount, method: input.method, reference: input.reference },
    });
    const row = paymentRow(one<PaymentRow>(ctx.db, `${PAYMENT_SELECT} WHERE p.id = ?`, id)!);
    return { ...row, balance: after.balance };
  });
}

export function oneTimeInvoice(
  ctx: AppContext,
  input: { customerId: number; lines: { description: string; amount: number; vatRateBp: number; vatIncluded: boolean }[] },
): InvoiceRow {
  return ctx.db.transaction(() => {
    customerBillingRow(ctx, input.customerId);
    const posted = postInvoice(ctx, {
      customerId: input.customerId,
      kind: 'one_time',
      date: ctx.clock.today(),
      lines: input.lines.map((l) => {
        const split = splitVat(l.amount, l.vatRateBp, l.vatIncluded);
        return { kind: 'one_time', description: l.description, amount: l.amount, vatRateBp: l.vatRateBp, vatIncluded: l.vatIncluded, net: split.net, vat: split.vat, total: split.gross };
      }),
    });
    audit(ctx, { entity: 'invoice', entityId: posted.id, customerId: input.customerId, action: `one-time invoice ${posted.number} issued`, after: { total: posted.total, lines: input.lines } });
    return invoice(ctx, posted.id);
  });
}
