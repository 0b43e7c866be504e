import { compileNumberPattern } from '../../db/numberPatterns';
import { resolveSettings } from '../../db/settings';
import { allocateCredit, dunningDates, invoicePaymentStatus, type RecurringLine } from '../engine';
import { AppError } from '../contract/errors';
import { customerBillingRow, termsOf, type CustomerBillingRow } from './customerTerms';
import { reconsiderDunning } from './dunning';
import type { AppContext } from './context';
import { PendingRows, RowInsert, type InsertBuffer } from './prepared';
import { all, one, run } from './sql';

// The ledger: every document that moves money posts here, in the caller's transaction. An invoice is a debit
// of its total, a payment or credit note a credit; customers.balance is updated with the same amount so it
// always equals Σ credits − Σ debits. After every movement, allocate() spreads free credit over what is owed.

export interface DocumentLine {
  serviceId?: number | null;
  kind: 'recurring' | 'charge' | 'fee' | 'one_time' | 'cancellation';
  description: string;
  periodFrom?: string | null;
  periodTo?: string | null;
  dateFrom?: string | null;
  dateTo?: string | null;
  days?: number | null;
  divisor?: number | null;
  periodPrice?: number | null;
  quantity?: number;
  unitPrice?: number;
  amount: number;
  vatRateBp?: number;
  vatIncluded?: boolean;
  net: number;
  vat: number;
  total: number;
  /** credit notes: the invoice line this gives back (part of) */
  invoiceLineId?: number | null;
}

/** A number pattern with its year and partner filled in, waiting for {next} (compiled once per pattern, year and partner). */
type NumberFormat = (next: number) => string;
const formats = new Map<string, NumberFormat>();

function numberFormat(pattern: string, year: string, partnerId: number): NumberFormat {
  const key = `${pattern}\u0000${year}\u0000${partnerId}`;
  let f = formats.get(key);
  if (f) return f;
  f = compileNumberPattern(pattern, year, partnerId);
  if (formats.size > 1000) formats.clear();
  formats.set(key, f);
  return f;
}

/**
 * A batch's money writes that wait for the batch (a bulk change's chunk): balance moves by customer and what
 * allocate() settled on invoices, by invoice. The batch writes them (writeDeferredMoney) before anything reads one of
 * those customers' balances or invoices again; postCreditNote does before it reconsiders a customer's dunning.
 */
export interface DeferredMoney {
  balances: Map<number, number>;
  /** invoice id → amount settled on it */
  settled: Map<number, number>;
}

export const deferredMoney = (): DeferredMoney => ({ balances: new Map(), settled: new Map() });

/** Writes a batch's deferred money: the same balances, paid amounts and statuses as one UPDATE per movement. */
export function writeDeferredMoney(ctx: AppContext, d: DeferredMoney): void {
  writeBalanceMoves(ctx, d.balances);
  if (d.settled.size)
    run(
      ctx.db,
      `UPDATE invoices SET paid = paid + (v.value ->> 1),
         status = CASE WHEN paid + (v.value ->> 1) >= total THEN 'paid' WHEN paid + (v.value ->> 1) = 0 THEN 'unpaid' ELSE 'partiallyPaid' END
       FROM json_each(?) v WHERE invoices.id = v.value ->> 0`,
      JSON.stringify([...d.settled]),
    );
  d.settled.clear();
}

/** A batch's deferred money and every row it keeps (PendingRows), written now: what follows may read any of them. */
export function writeEverythingDeferred(ctx: AppContext, d: DeferredMoney): void {
  writeDeferredMoney(ctx, d);
  PendingRows.writeAll(ctx.db);
}

/** Numbers tried past a taken one before giving up: only hand-edited numbers or a changed pattern collide at all. */
export const MAX_NUMBER_ATTEMPTS = 1000;

/**
 * A batch caller's running document count (the billing day): `next` is what `SELECT MAX(id) + 1` gives for the
 * next document, as long as only this batch inserts into the table. Unset: read from the table.
 */
export interface NumberSequence {
  next?: number;
}

/**
 * Inserts a numbered document (`sql` with `values(number)`) with the first free number of its pattern (from the
 * running document count on) and returns its id and number; `seq` then counts from it. "Free" is asked of the table's
 * unique index by the INSERT itself: a taken number fails that one statement (SQLite undoes it, the transaction goes
 * on) and the next number is tried — the same number a `SELECT … WHERE number = ?` before each INSERT would find,
 * without that read for every document.
 */
function insertNumbered(
  ctx: AppContext,
  table: 'invoices' | 'credit_notes',
  pattern: string,
  date: string,
  partnerId: number,
  seq: NumberSequence | undefined,
  sql: string,
  values: (number: string) => unknown[],
  /** a batch's documents of this table kept for its end: the row is added to them, so a taken number is looked up */
  pending?: PendingDocuments,
): { id: number; number: string } {
  // {year}{partner_id|2}{next|6}: "next" is the running document count (MAX(id), not COUNT(*), so a billing run
  // over 100k customers does not rescan the table for every invoice).
  const format = numberFormat(pattern, date.slice(0, 4), partnerId);
  if (!pending) PendingRows.writeFirst(ctx.db, table); // a batch's documents kept so far come first
  const first = seq?.next ?? one<{ n: number }>(ctx.db, `SELECT COALESCE(MAX(id), 0) + 1 AS n FROM ${table}`)!.n;
  // Bounded: the write lock is held here, so this must end whatever the pattern and the stored numbers are.
  for (let next = first; next < first + MAX_NUMBER_ATTEMPTS; next++) {
    const number = format(next);
    let id: number;
    if (pending) {
      // The batch's own numbers are looked up here; the table's are checked by its unique index when the batch writes
      // its documents: a number taken there fails that write (isTakenDocumentNumber), and the batch is applied again
      // one document at a time, each trying the next number as below (bulk.ts) — no lookup per document meanwhile.
      if (pending.numbers.has(number)) continue;
      pending.numbers.add(number);
      id = pending.rows.add(ctx.db, values(number));
    } else
      try {
        id = Number(run(ctx.db, sql, ...values(number)).lastInsertRowid);
      } catch (e) {
        if (!isTakenNumber(e, table)) throw e;
        continue;
      }
    if (seq) seq.next = id + 1; // MAX(id) + 1 from now on: this is the table's newest document
    return { id, number };
  }
  const what = table === 'invoices' ? 'invoice' : 'credit note';
  throw new AppError(
    'CONFLICT',
    `No free ${what} number: the ${MAX_NUMBER_ATTEMPTS} numbers after ${format(first)} of the pattern "${pattern.slice(0, 80)}" are all taken. Change the ${what} number pattern in Config → Finance → Settings; nothing was saved.`,
  );
}

/**
 * A batch's documents of one table (a bulk change's chunk: its invoices or its credit notes), kept for its end with the
 * ids one INSERT each gives (PendingRows), and the numbers they hold. Nothing reads them before: a chunk writes them
 * before a row of a customer it has seen reads that customer's invoices, and before a refund reconsiders dunning; an
 * invoice that allocate() reads at once (no refund before it) is written directly, after those kept.
 */
export interface PendingDocuments {
  rows: PendingRows;
  numbers: Set<string>;
}

const INVOICE_COLUMNS = ['customer_id', 'number', 'kind', 'date', 'due_date', 'blocking_date', 'deactivation_date', 'charges_service', 'net', 'vat', 'total', 'paid', 'status', 'plan_change_id', 'note'] as const;
const CREDIT_NOTE_COLUMNS = ['customer_id', 'number', 'kind', 'date', 'net', 'vat', 'total', 'plan_change_id', 'cancels_invoice_id', 'reason'] as const;
export const pendingInvoices = (): PendingDocuments => ({ rows: new PendingRows('invoices', INVOICE_COLUMNS), numbers: new Set() });
export const pendingCreditNotes = (): PendingDocuments => ({ rows: new PendingRows('credit_notes', CREDIT_NOTE_COLUMNS), numbers: new Set() });

/** The unique index on the document number refused the INSERT (any other failure is not ours to retry). */
const isTakenNumber = (e: unknown, table: string): boolean =>
  e instanceof Error && (e as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE' && e.message.includes(`${table}.number`);

/** A batch's documents were refused because a number it gave them is taken in the table (see PendingDocuments). */
export const isTakenDocumentNumber = (e: unknown): boolean => isTakenNumber(e, 'invoices') || isTakenNumber(e, 'credit_notes');

function moveBalance(ctx: AppContext, customerId: number, delta: number): void {
  if (delta !== 0) run(ctx.db, 'UPDATE customers SET balance = balance + ? WHERE id = ?', delta, customerId);
}

/**
 * A batch's balance moves by customer (PostInvoiceHints.balances), written in one statement and cleared: the same
 * balances as one UPDATE per movement. Call before anything reads those customers' balances again.
 */
export function writeBalanceMoves(ctx: AppContext, balances: Map<number, number>): void {
  if (balances.size)
    run(
      ctx.db,
      `UPDATE customers SET balance = balance + m.delta
         FROM (SELECT value ->> 0 AS id, value ->> 1 AS delta FROM json_each(?)) AS m WHERE customers.id = m.id`,
      JSON.stringify([...balances]),
    );
  balances.clear();
}

const LEDGER_COLUMNS = ['customer_id', 'date', 'kind', 'amount', 'category', 'invoice_id', 'credit_note_id', 'payment_id', 'description'] as const;

const INVOICE_LINE_COLUMNS = [
  'invoice_id', 'position', 'service_id', 'kind', 'description', 'period_from', 'period_to', 'date_from', 'date_to', 'days', 'divisor',
  'period_price', 'quantity', 'unit_price', 'amount', 'vat_rate_bp', 'vat_included', 'net', 'vat', 'total',
] as const;

const CREDIT_NOTE_LINE_COLUMNS = [
  'credit_note_id', 'position', 'service_id', 'invoice_line_id', 'description', 'date_from', 'date_to', 'days', 'divisor', 'period_price',
  'amount', 'vat_rate_bp', 'vat_included', 'net', 'vat', 'total',
] as const;

const CREDIT_NOTE_LINES = new RowInsert('credit_note_lines', CREDIT_NOTE_LINE_COLUMNS);
const INVOICE_LINES = new RowInsert('invoice_lines', INVOICE_LINE_COLUMNS);
const LEDGER_ROWS = new RowInsert('balance_transactions', LEDGER_COLUMNS);

/** A batch's credit note lines, written together by its flush (see postCreditNote's hints). */
export const creditNoteLineBuffer = (): InsertBuffer => CREDIT_NOTE_LINES.buffer();

/** A batch's invoice lines, written together by its flush (see PostInvoiceHints.lines). */
export const invoiceLineBuffer = (): InsertBuffer => INVOICE_LINES.buffer();

/** A batch's ledger rows, written together by its flush (see PostInvoiceHints.ledger). */
export const ledgerBuffer = (): InsertBuffer => LEDGER_ROWS.buffer();

function postTransaction(
  ctx: AppContext,
  t: { customerId: number; date: string; kind: 'debit' | 'credit'; amount: number; category: string; description: string; invoiceId?: number | null; creditNoteId?: number | null; paymentId?: number | null },
  balances?: Map<number, number>,
  later?: InsertBuffer,
): void {
  if (t.amount === 0) return; // a 0.00 document moves no money
  if (t.amount < 0) throw new Error(`ledger amounts are positive, got ${t.amount}`);
  const values = [t.customerId, t.date, t.kind, t.amount, t.category, t.invoiceId ?? null, t.creditNoteId ?? null, t.paymentId ?? null, t.description];
  LEDGER_ROWS.run(ctx.db, values, later);
  moveOrKeep(ctx, t.customerId, t.kind === 'credit' ? t.amount : -t.amount, balances);
}

/** A balance move: now, or kept in a batch's moves by customer (see PostInvoiceHints.balances). */
function moveOrKeep(ctx: AppContext, customerId: number, delta: number, balances?: Map<number, number>): void {
  if (balances) balances.set(customerId, (balances.get(customerId) ?? 0) + delta);
  else moveBalance(ctx, customerId, delta);
}

/**
 * The ledger's debit rows of the invoices with ids first…last, as completeInvoice posts them one by one (one per
 * invoice, in id order; none for an invoice of 0.00): a batch whose invoices left their debits to it
 * (PostInvoiceHints.debitByCaller) writes them in one statement from the invoices table, after the invoices.
 */
export function writeInvoiceDebits(ctx: AppContext, batch: { first: number; last: number; debits: number }): void {
  const written = run(
    ctx.db,
    `INSERT INTO balance_transactions (${LEDGER_COLUMNS.join(', ')})
     SELECT customer_id, date, 'debit', total, 'service', id, NULL, NULL, 'Invoice ' || number FROM invoices
      WHERE id BETWEEN ? AND ? AND total > 0 ORDER BY id`,
    batch.first,
    batch.last,
  ).changes;
  // The id range holds the batch's invoices only while nothing else inserts invoices inside the day's transaction:
  // a debit more or fewer than the batch counted would be a wrong balance, so the whole day rolls back instead.
  if (written !== batch.debits) throw new Error(`invoice debits: ${written} rows for ${batch.debits} invoices of the batch (ids ${batch.first}–${batch.last})`);
}

function totalsOf(lines: readonly { net: number; vat: number; total: number }[]) {
  return lines.reduce((s, l) => ({ net: s.net + l.net, vat: s.vat + l.vat, total: s.total + l.total }), { net: 0, vat: 0, total: 0 });
}

/** An invoice line for days of a service, as the engine planned them (recurring run or change-plan charge). */
export function serviceDocumentLine(
  kind: 'recurring' | 'charge',
  l: RecurringLine,
  s: { serviceId: number; quantity: number; unitPrice: number; vatRateBp: number; vatIncluded: boolean },
): DocumentLine {
  return {
    serviceId: s.serviceId,
    kind,
    description: l.description,
    periodFrom: l.periodFrom,
    periodTo: l.periodTo,
    dateFrom: l.from,
    dateTo: l.to,
    days: l.days,
    divisor: l.divisor,
    periodPrice: l.periodPrice,
    quantity: s.quantity,
    unitPrice: s.unitPrice,
    amount: l.amount,
    vatRateBp: s.vatRateBp,
    vatIncluded: s.vatIncluded,
    net: l.net,
    vat: l.vat,
    total: l.total,
  };
}

export interface PostedDocument {
  id: number;
  number: string;
  total: number;
}

/**
 * What a batch caller (the billing day) already knows, so one invoice among 100k does not read it again. Both only
 * save reads: the result is the same as without them.
 */
export interface PostInvoiceHints {
  /** the customer's billing row, read in this transaction (only id, partner and billing columns are used) */
  customer?: CustomerBillingRow;
  /**
   * false when the customer had no free credit before this invoice (balance + outstanding ≤ 0). A new invoice
   * adds its total to both the debt and the debit side, so free credit stays ≤ 0 and allocate() would move nothing.
   */
  allocate?: boolean;
  /**
   * The customer owes nothing and holds exactly this much free credit before this invoice (what allocate() returned
   * after the last movement, e.g. the credit note of the same plan change). allocate() would then settle only this
   * invoice, with min(free credit, total): that is done directly, without reading the debts again. ≤ 0: nothing moves.
   */
  freeCredit?: number;
  /** the batch's running invoice count (see NumberSequence): advanced by each invoice posted */
  numbers?: NumberSequence;
  /**
   * The batch's balance moves by customer: the invoice's debit is added here instead of an UPDATE of the customer row
   * per invoice (each one rewrites two balance index entries), and the caller writes them all in one statement before
   * anything reads a balance (the billing day's flushBilling). Used only when nothing here reads the balance either:
   * with `freeCredit` or `allocate: false`.
   */
  balances?: Map<number, number>;
  /**
   * The batch's ledger rows: the invoice's debit row is added here and written with the others by the caller's flush
   * (a bulk change's chunk), before anything reads the ledger. Nothing here reads it: allocate() looks only
   * at debits without an invoice, and an invoice's debit names its invoice.
   */
  ledger?: InsertBuffer;
  /**
   * The batch's invoice lines, written by the caller's flush like `ledger`: nothing here reads lines (allocate() reads
   * invoice totals), and a line refused by the tables' rules (one recurring line per service and day) fails the
   * batch's transaction at the flush as it would have at its own INSERT.
   */
  lines?: InsertBuffer;
  /** a bulk change's chunk: the invoice row is kept for its end (see PendingDocuments) unless allocate() reads it at once */
  pending?: PendingDocuments;
  /**
   * The caller writes the invoice's debit row itself, with those of its other invoices, from the invoices table
   * (writeInvoiceDebits: the billing day's flushBilling), so the batch keeps nothing for it. Nothing here reads it (see
   * `ledger`); the balance moves as with `ledger`.
   */
  debitByCaller?: boolean;
}

type InvoiceInput = { customerId: number; kind: 'recurring' | 'one_time' | 'change_plan' | 'cancellation'; date: string; lines: readonly DocumentLine[]; planChangeId?: number | null; note?: string | null };

/**
 * An invoice as decided before its INSERT. postInvoice drafts, inserts and completes one invoice; the billing day
 * drafts a step of invoices, inserts them one after the other (each INSERT then finds the same index pages it just
 * wrote still in the CPU's caches, instead of after the engine's and the buffers' work for one customer), then
 * completes them. The result is the same: the same INSERTs in the same order.
 */
export interface InvoiceDraft {
  input: InvoiceInput;
  hints: PostInvoiceHints;
  partnerId: number;
  pattern: string;
  /** the invoices row's values after its customer and number (INVOICE_INSERT's order) */
  values: unknown[];
  total: number;
}

const INVOICE_INSERT = `INSERT INTO invoices (${INVOICE_COLUMNS.join(', ')}) VALUES (${INVOICE_COLUMNS.map(() => '?').join(', ')})`;
const CREDIT_NOTE_INSERT = `INSERT INTO credit_notes (${CREDIT_NOTE_COLUMNS.join(', ')}) VALUES (${CREDIT_NOTE_COLUMNS.map(() => '?').join(', ')})`;

export function draftInvoice(ctx: AppContext, input: InvoiceInput, hints: PostInvoiceHints = {}): InvoiceDraft {
  if (!input.lines.length) throw new Error('an invoice needs at least one line');
  const customer = hints.customer ?? customerBillingRow(ctx, input.customerId);
  const settings = resolveSettings(ctx.db, customer.partnerId);
  const terms = termsOf(ctx, customer, settings);
  const totals = totalsOf(input.lines);
  if (totals.total < 0) throw new AppError('VALIDATION', 'An invoice total cannot be negative: issue a credit note instead');
  // With free credit known and nothing else owed, this invoice is all allocate() would settle: it is written already
  // paid as far as the credit goes (the same paid amount and status a settling UPDATE would give, one write fewer).
  const paidNow = hints.freeCredit !== undefined && hints.freeCredit > 0 && totals.total > 0 ? Math.min(hints.freeCredit, totals.total) : 0;
  // Decision 24: due, blocking and deactivation dates from the terms in force today, kept with the invoice.
  const dates = dunningDates({ invoiceDate: input.date, paymentDueDays: terms.paymentDueDays, blockingDays: terms.blockingDays, deactivationDays: terms.deactivationDays });
  // Decision 20: an invoice that charges a service for a period blocks like a recurring one.
  const chargesService = input.lines.some((l) => (l.kind === 'recurring' || l.kind === 'charge') && l.serviceId != null);
  return {
    input,
    hints,
    partnerId: customer.partnerId,
    pattern: settings['billing.invoiceNumberPattern'],
    values: [
      input.kind, input.date, dates.dueDate, dates.blockingDate, dates.deactivationDate, chargesService ? 1 : 0, totals.net, totals.vat,
      totals.total, paidNow, invoicePaymentStatus(totals.total, paidNow), input.planChangeId ?? null, input.note ?? null,
    ],
    total: totals.total,
  };
}

/** The invoices row of a draft, with the first free number (see insertNumbered). */
export function insertInvoice(ctx: AppContext, d: InvoiceDraft): { id: number; number: string } {
  const { input, hints } = d;
  // A batch keeps the invoice unless allocate() reads it at once (see completeInvoice).
  const pending = allocatesNow(hints) ? undefined : hints.pending;
  return insertNumbered(ctx, 'invoices', d.pattern, input.date, d.partnerId, hints.numbers, INVOICE_INSERT, (number) => [input.customerId, number, ...d.values], pending);
}

/** The inserted invoice's lines and ledger debit, and the allocation of free credit. */
export function completeInvoice(ctx: AppContext, d: InvoiceDraft, { id, number }: { id: number; number: string }): PostedDocument {
  const { input, hints } = d;
  input.lines.forEach((l, i) => {
    const values = [
      id, i, l.serviceId ?? null, l.kind, l.description, l.periodFrom ?? null, l.periodTo ?? null, l.dateFrom ?? null, l.dateTo ?? null,
      l.days ?? null, l.divisor ?? null, l.periodPrice ?? null, l.quantity ?? 1, l.unitPrice ?? 0, l.amount, l.vatRateBp ?? 0,
      l.vatIncluded ? 1 : 0, l.net, l.vat, l.total,
    ];
    INVOICE_LINES.run(ctx.db, values, hints.lines);
  });
  const allocates = allocatesNow(hints);
  // The debit row's values here and in writeInvoiceDebits are the same.
  if (hints.debitByCaller) {
    if (d.total > 0) moveOrKeep(ctx, input.customerId, -d.total, allocates ? undefined : hints.balances);
  } else
    postTransaction(
      ctx,
      { customerId: input.customerId, date: input.date, kind: 'debit', amount: d.total, category: 'service', description: `Invoice ${number}`, invoiceId: id },
      allocates ? undefined : hints.balances,
      hints.ledger,
    );
  if (allocates) allocate(ctx, input.customerId);
  return { id, number, total: d.total };
}

/** completeInvoice allocates the customer's free credit, reading the invoice just posted. */
const allocatesNow = (hints: PostInvoiceHints): boolean => hints.freeCredit === undefined && hints.allocate !== false;

export function postInvoice(ctx: AppContext, input: InvoiceInput, hints: PostInvoiceHints = {}): PostedDocument {
  const draft = draftInvoice(ctx, input, hints);
  return completeInvoice(ctx, draft, insertInvoice(ctx, draft));
}

/**
 * A credit note, and the customer's free credit after it was allocated (see allocate()). Decision 23: its amount
 * settles exactly as a payment's would — debits not tied to an invoice, then unpaid invoices oldest first; the rest
 * stays on the balance — because both go through allocate().
 */
export function postCreditNote(
  ctx: AppContext,
  input: { customerId: number; kind: 'refund' | 'cancellation' | 'correction'; date: string; lines: readonly Omit<DocumentLine, 'kind'>[]; reason: string; planChangeId?: number | null; cancelsInvoiceId?: number | null },
  hints: {
    customer?: CustomerBillingRow;
    /** a batch's credit note lines, written by its flush (nothing here or in allocate() reads them) */
    lines?: InsertBuffer;
    /** a batch's ledger rows, written by its flush (allocate() reads only debits without an invoice; this is a credit) */
    ledger?: InsertBuffer;
    /** the batch's running credit note count (see NumberSequence): advanced by each credit note posted */
    numbers?: NumberSequence;
    /** a bulk change's chunk: the credit note row is kept for its end (see PendingDocuments; nothing here reads it) */
    pending?: PendingDocuments;
    /**
     * The batch's deferred money (with `customer`, read in this transaction with every earlier move of the customer
     * written): the credit's balance move and what it settles wait for the batch's write.
     */
    deferred?: DeferredMoney;
  } = {},
): PostedDocument & { freeCredit: number } {
  if (!input.lines.length) throw new Error('a credit note needs at least one line');
  // hints.customer: the billing row read in this transaction (only its partner and status are used: no money moved since)
  const customer = hints.customer ?? customerBillingRow(ctx, input.customerId);
  const settings = resolveSettings(ctx.db, customer.partnerId);
  const totals = totalsOf(input.lines);
  if (totals.total < 0) throw new Error('a credit note total cannot be negative');
  // Decision 23: a credit note moves money or does not exist (callers post none for a zero amount).
  if (totals.total === 0) throw new Error('a credit note of 0.00 is not issued');
  const { id, number } = insertNumbered(
    ctx, 'credit_notes', settings['billing.creditNoteNumberPattern'], input.date, customer.partnerId, hints.numbers, CREDIT_NOTE_INSERT,
    (number) => [input.customerId, number, input.kind, input.date, totals.net, totals.vat, totals.total, input.planChangeId ?? null, input.cancelsInvoiceId ?? null, input.reason],
    hints.pending,
  );
  input.lines.forEach((l, i) => {
    const values = [
      id, i, l.serviceId ?? null, l.invoiceLineId ?? null, l.description, l.dateFrom ?? null, l.dateTo ?? null, l.days ?? null,
      l.divisor ?? null, l.periodPrice ?? null, l.amount, l.vatRateBp ?? 0, l.vatIncluded ? 1 : 0, l.net, l.vat, l.total,
    ];
    CREDIT_NOTE_LINES.run(ctx.db, values, hints.lines);
  });
  const deferred = hints.customer && hints.deferred;
  postTransaction(
    ctx,
    {
      customerId: input.customerId,
      date: input.date,
      kind: 'credit',
      amount: totals.total,
      category: input.kind === 'correction' ? 'correction' : 'refund',
      description: `Credit note ${number}`,
      creditNoteId: id,
    },
    deferred ? deferred.balances : undefined,
    hints.ledger,
  );
  // Decision 11 keeps credit allocated as far as it goes, and every debit is an invoice, so a customer whose balance
  // (read in this transaction, before this credit) was not negative owes nothing: the credit stays free, nothing to read.
  const freeCredit =
    hints.customer && hints.customer.balance >= 0
      ? hints.customer.balance + totals.total
      : allocate(ctx, input.customerId, hints.customer && deferred ? { balance: hints.customer.balance + totals.total, money: deferred } : undefined);
  // A refund can settle what blocked the customer, like a payment does (statuses only: no money moves).
  // Only a blocked or inactive customer can be reactivated (the status read above: a credit note does not change it).
  if (customer.status === 'blocked' || customer.status === 'inactive') {
    // It reads the balance, the unpaid invoices and the services' history, and may write entries of its own.
    if (deferred) writeEverythingDeferred(ctx, deferred);
    reconsiderDunning(ctx, input.customerId, input.date);
  }
  return { id, number, total: totals.total, freeCredit };
}

export function postPayment(
  ctx: AppContext,
  input: { customerId: number; date: string; amount: number; method: string; reference: string; note: string },
): { id: number } {
  customerBillingRow(ctx, input.customerId);
  const id = Number(
    run(
      ctx.db,
      'INSERT INTO payments (customer_id, date, amount, method, reference, note) VALUES (?, ?, ?, ?, ?, ?)',
      input.customerId, input.date, input.amount, input.method, input.reference, input.note,
    ).lastInsertRowid,
  );
  postTransaction(ctx, { customerId: input.customerId, date: input.date, kind: 'credit', amount: input.amount, category: 'payment', description: `Payment${input.reference ? ` ${input.reference}` : ''}`, paymentId: id });
  allocate(ctx, input.customerId);
  reconsiderDunning(ctx, input.customerId, input.date);
  return { id };
}

/**
 * Decision 11: money the customer has with us settles debits not tied to an invoice first, then unpaid invoices
 * oldest first. Idempotent: free credit = balance + everything still owed; when nothing is free, nothing moves.
 * Returns the free credit left afterwards: > 0 means nothing is owed any more and that much stays on the balance.
 */
export function allocate(ctx: AppContext, customerId: number, deferred?: { balance: number; money: DeferredMoney }): number {
  // The balance, the open debits and the unpaid invoices in one statement (k = 0, 1, 2; one statement instead of three
  // saves ≈ 3 µs per movement here). Each part is put in id order below (the partial indexes (customer_id, id) already
  // give them so): allocateCredit orders by date and keeps the given order within a date, so the debts are settled by
  // (date, id) exactly as before.
  const rows = all<{ k: 0 | 1 | 2; id: number; date: string; outstanding: number }>(
    ctx.db,
    `SELECT 0 AS k, id, NULL AS date, balance AS outstanding FROM customers WHERE id = ?
     UNION ALL
     SELECT 1 AS k, id, date, amount - settled AS outstanding FROM balance_transactions
      WHERE customer_id = ? AND kind = 'debit' AND invoice_id IS NULL AND settled < amount
     UNION ALL
     SELECT 2 AS k, id, date, total - paid AS outstanding FROM invoices
      WHERE customer_id = ? AND status IN ('unpaid', 'partiallyPaid')`,
    customerId, customerId, customerId,
  );
  if (rows[0]?.k !== 0) throw new Error(`customer ${customerId} not found`);
  // deferred (a batch's credit note): the balance as it is with the batch's moves, which wait in the batch like what
  // this settles on invoices.
  const balance = deferred ? deferred.balance : rows[0].outstanding;
  const debits: { id: number; date: string; outstanding: number }[] = [];
  const invoices: { id: number; date: string; outstanding: number }[] = [];
  for (let i = 1; i < rows.length; i++) {
    const { k, id, date, outstanding } = rows[i];
    (k === 1 ? debits : invoices).push({ id, date, outstanding });
  }
  const byId = (a: { id: number }, b: { id: number }) => a.id - b.id;
  if (debits.length > 1) debits.sort(byId);
  if (invoices.length > 1) invoices.sort(byId);
  const owed = [...debits, ...invoices].reduce((s, d) => s + d.outstanding, 0);
  const available = balance + owed;
  if (available <= 0 || owed === 0) return available;
  const { allocations, remaining } = allocateCredit({
    available,
    debts: [...debits.map((d) => ({ ...d, kind: 'debit' as const })), ...invoices.map((d) => ({ ...d, kind: 'invoice' as const }))],
  });
  for (const a of allocations) {
    if (a.kind === 'debit') run(ctx.db, 'UPDATE balance_transactions SET settled = settled + ? WHERE id = ?', a.amount, a.id);
    else if (deferred) deferred.money.settled.set(a.id as number, (deferred.money.settled.get(a.id as number) ?? 0) + a.amount);
    else settleInvoice(ctx, a.id as number, a.amount);
  }
  return remaining;
}

function settleInvoice(ctx: AppContext, invoiceId: number, amount: number): void {
  run(
    ctx.db,
    `UPDATE invoices SET paid = paid + ?,
       status = CASE WHEN paid + ? >= total THEN 'paid' WHEN paid + ? = 0 THEN 'unpaid' ELSE 'partiallyPaid' END
     WHERE id = ?`,
    amount, amount, amount, invoiceId,
  );
}

/**
 * Takes back what was allocated to an invoice that is being cancelled, so its money is free again (the mirror
 * credit note gives the total back; what had been paid on it returns to the balance and is re-allocated).
 */
export function cancelInvoice(ctx: AppContext, invoiceId: number): void {
  run(ctx.db, "UPDATE invoices SET status = 'cancelled' WHERE id = ?", invoiceId);
}
