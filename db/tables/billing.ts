import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text, uniqueIndex, type AnySQLiteColumn } from 'drizzle-orm/sqlite-core';
import {
  CREDIT_NOTE_KINDS,
  INVOICE_KINDS,
  INVOICE_LINE_KINDS,
  INVOICE_STATUSES,
  PAYMENT_METHODS,
  PENDING_CHARGE_KINDS,
  TRANSACTION_CATEGORIES,
  TRANSACTION_KINDS,
  type InvoiceStatus,
} from '../enums';
import { planChanges } from './changes';
import { customers } from './customers';
import { services } from './services';
import { isInteger, isoDate, nowTimestamp, oneOf } from './sql';

// Finance documents and the ledger. All money is integer cents; every row that carries a VAT split keeps
// net + vat = total (checked), amounts per line are rounded once by the engine (decision 16).

/** Stored status for a paid amount. A 0.00 invoice owes nothing, so it is paid (the CHECK also accepts 'unpaid'). */
export function invoiceStatusFor(paid: number, total: number): Exclude<InvoiceStatus, 'cancelled'> {
  if (paid >= total) return 'paid';
  return paid === 0 ? 'unpaid' : 'partiallyPaid';
}

export const invoices = sqliteTable(
  'invoices',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    customerId: integer('customer_id')
      .notNull()
      .references(() => customers.id),
    number: text('number').notNull().unique(),
    kind: text('kind', { enum: INVOICE_KINDS }).notNull(),
    date: text('date').notNull(),
    dueDate: text('due_date').notNull(),
    /**
     * Decision 24: the blocking and deactivation dates, computed when the invoice is issued from the terms in force
     * that day (NULL = never) and never moved by a later settings change.
     */
    blockingDate: text('blocking_date'),
    deactivationDate: text('deactivation_date'),
    /**
     * Decision 20: the invoice charges a service for a period (a billing day's invoice, a change's invoice holding the
     * new service's charge), so it blocks when unpaid like a recurring one. 0 = one-time items only (fees, one-time
     * invoices, cancellations): these block only with "block on one-time invoices".
     */
    chargesService: integer('charges_service', { mode: 'boolean' }).notNull().default(false),
    net: integer('net').notNull(),
    vat: integer('vat').notNull(),
    total: integer('total').notNull(),
    paid: integer('paid').notNull().default(0),
    status: text('status', { enum: INVOICE_STATUSES }).notNull().default('unpaid'),
    planChangeId: integer('plan_change_id').references((): AnySQLiteColumn => planChanges.id),
    note: text('note'),
    createdAt: text('created_at').notNull().default(nowTimestamp),
  },
  (t) => [
    // A customer's invoices newest first (the Billing tab's first page) and their count and totals from this index
    // alone: what opening a customer reads does not grow with the rows of its history (bench/history.ts). The year of
    // the date comes first (main/app/historyYears.ts: a customer's reads name the years, newest first), so a billing
    // day's new entries lie together in the current year's pages, as in an ISP's first months: keyed by customer
    // first, each customer's entries fill a page of their own after a few years and every billing day wrote one page
    // per customer (issue 21 item 3; bench/pagesWritten.ts counts them).
    index('invoices_year_customer_idx').on(sql`CAST(${t.date} AS INTEGER)`, t.customerId, t.date, t.id, t.total, t.paid),
    index('invoices_date_idx').on(t.date),
    // Finance list: a status filter pages newest first (status, date, id); the totals of a filter read
    // status, due date, total and paid from this narrow index only (no table row per invoice).
    index('invoices_status_date_idx').on(t.status, t.date),
    index('invoices_status_totals_idx').on(t.status, t.dueDate, t.total, t.paid),
    index('invoices_unpaid_idx').on(t.customerId, t.id).where(sql`status IN ('unpaid', 'partiallyPaid')`),
    // Only plan-change invoices have a plan change: no index entry for each recurring invoice.
    index('invoices_plan_change_idx').on(t.planChangeId).where(sql`plan_change_id IS NOT NULL`),
    check('invoices_kind', oneOf(t.kind, INVOICE_KINDS)),
    check('invoices_status', oneOf(t.status, INVOICE_STATUSES)),
    check('invoices_dates', sql`${isoDate(t.date)} AND ${isoDate(t.dueDate)} AND ${t.dueDate} >= ${t.date}`),
    // Never a negative invoice (R-BP9: credit notes do that); paid within [0, total].
    check('invoices_amounts', sql`${t.total} >= 0 AND ${t.net} + ${t.vat} = ${t.total} AND ${isInteger(t.total)} AND ${isInteger(t.net)} AND ${isInteger(t.vat)} AND ${isInteger(t.paid)}`),
    check('invoices_paid', sql`${t.paid} >= 0 AND ${t.paid} <= ${t.total}`),
    // The stored status follows `paid` (invoiceStatusFor); update both in the same statement. Nothing paid
    // may also read 'unpaid' while the total is still 0, so a header can be inserted before its lines.
    check(
      'invoices_status_matches_paid',
      sql`${t.status} = 'cancelled' OR (${t.status} = 'unpaid' AND ${t.paid} = 0) OR (${t.status} = 'partiallyPaid' AND ${t.paid} > 0 AND ${t.paid} < ${t.total}) OR (${t.status} = 'paid' AND ${t.paid} = ${t.total})`,
    ),
  ],
);

/**
 * Invoice lines. `period_from/period_to` is the service's whole billing period, `date_from/date_to` the days
 * this line covers, `days`/`divisor` the proration (amount = round(period_price × days / divisor)).
 * `amount` is the price as entered (gross when VAT is included, else net); net + vat = total.
 *
 * One recurring invoice line per service and period start day: the unique index on
 * (service_id, date_from, 0 for a recurring line else NULL) makes a second billing run over the same days fail
 * instead of billing twice. It is keyed on the covered start day rather than the period so that a period
 * can still be completed later when an end date is moved (the second line starts after the first one's
 * days). Change-plan charges are kind 'charge' and never collide (NULL): they cover part of a period that
 * the next recurring line completes.
 */
export const invoiceLines = sqliteTable(
  'invoice_lines',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    invoiceId: integer('invoice_id')
      .notNull()
      .references(() => invoices.id, { onDelete: 'cascade' }),
    position: integer('position').notNull().default(0),
    serviceId: integer('service_id').references(() => services.id),
    kind: text('kind', { enum: INVOICE_LINE_KINDS }).notNull(),
    description: text('description').notNull(),
    periodFrom: text('period_from'),
    periodTo: text('period_to'),
    dateFrom: text('date_from'),
    dateTo: text('date_to'),
    days: integer('days'),
    divisor: integer('divisor'),
    /** unit price × quantity × pay period months, cents. */
    periodPrice: integer('period_price'),
    quantity: integer('quantity').notNull().default(1),
    unitPrice: integer('unit_price').notNull().default(0),
    amount: integer('amount').notNull(),
    vatRateBp: integer('vat_rate_bp').notNull().default(0),
    vatIncluded: integer('vat_included', { mode: 'boolean' }).notNull().default(false),
    net: integer('net').notNull(),
    vat: integer('vat').notNull(),
    total: integer('total').notNull(),
  },
  (t) => [
    index('invoice_lines_invoice_idx').on(t.invoiceId, t.position),
    // ONE index for a service's lines by day and for "one recurring line per service and start day": NULL is never equal
    // to NULL in a unique index, so only recurring lines (0) can collide. Two indexes on (service_id, date_from) put two
    // entries per line in pages of their own for each service, which grew the billing day with history (issue 21).
    // The year of date_from first (0 without a date; the same uniqueness: the year follows from date_from), as the
    // customer indexes (invoices_year_customer_idx): a billing day's lines share the current year's pages instead of
    // one page per service once a service's lines fill one. Reads of a service's lines name the years
    // (main/app/historyYears.ts). A service's deletion checks its foreign key by reading the table (no index starts
    // with service_id): rare, and only for a service nothing was invoiced for (services.delete refuses the others).
    uniqueIndex('invoice_lines_service_recurring_unique').on(
      sql`CASE WHEN ${t.dateFrom} IS NULL THEN 0 ELSE CAST(${t.dateFrom} AS INTEGER) END`,
      t.serviceId,
      t.dateFrom,
      sql`(CASE WHEN kind = 'recurring' THEN 0 END)`,
    ),
    check('invoice_lines_kind', oneOf(t.kind, INVOICE_LINE_KINDS)),
    check('invoice_lines_recurring_has_service', sql`${t.kind} <> 'recurring' OR (${t.serviceId} IS NOT NULL AND ${t.dateFrom} IS NOT NULL)`),
    check('invoice_lines_dates', sql`${isoDate(t.periodFrom)} AND ${isoDate(t.periodTo)} AND ${isoDate(t.dateFrom)} AND ${isoDate(t.dateTo)}`),
    check('invoice_lines_ranges', sql`(${t.dateTo} IS NULL OR ${t.dateTo} >= ${t.dateFrom}) AND (${t.periodTo} IS NULL OR ${t.periodTo} >= ${t.periodFrom})`),
    check('invoice_lines_days', sql`(${t.days} IS NULL OR ${t.days} >= 1) AND (${t.divisor} IS NULL OR ${t.divisor} >= 1) AND (${t.days} IS NULL OR ${t.divisor} IS NULL OR ${t.days} <= ${t.divisor})`),
    check('invoice_lines_quantity', sql`${t.quantity} >= 1`),
    check('invoice_lines_vat_rate', sql`${t.vatRateBp} BETWEEN 0 AND 10000`),
    // Negative lines are allowed (corrections); the split must add up.
    check('invoice_lines_amounts', sql`${t.net} + ${t.vat} = ${t.total} AND ${isInteger(t.amount)} AND ${isInteger(t.net)} AND ${isInteger(t.vat)} AND ${isInteger(t.total)}`),
  ],
);

export const creditNotes = sqliteTable(
  'credit_notes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    customerId: integer('customer_id')
      .notNull()
      .references(() => customers.id),
    number: text('number').notNull().unique(),
    kind: text('kind', { enum: CREDIT_NOTE_KINDS }).notNull(),
    date: text('date').notNull(),
    net: integer('net').notNull(),
    vat: integer('vat').notNull(),
    total: integer('total').notNull(),
    planChangeId: integer('plan_change_id').references((): AnySQLiteColumn => planChanges.id),
    /** The invoice a cancellation credit note mirrors. */
    cancelsInvoiceId: integer('cancels_invoice_id').references(() => invoices.id),
    reason: text('reason'),
    createdAt: text('created_at').notNull().default(nowTimestamp),
  },
  (t) => [
    // the customer's list newest first, its count and total from the index alone (see invoices_year_customer_idx)
    index('credit_notes_customer_date_idx').on(t.customerId, t.date, t.id, t.total),
    index('credit_notes_plan_change_idx').on(t.planChangeId).where(sql`plan_change_id IS NOT NULL`),
    index('credit_notes_cancels_invoice_idx').on(t.cancelsInvoiceId).where(sql`cancels_invoice_id IS NOT NULL`),
    check('credit_notes_kind', oneOf(t.kind, CREDIT_NOTE_KINDS)),
    check('credit_notes_date', isoDate(t.date)),
    check('credit_notes_amounts', sql`${t.total} >= 0 AND ${t.net} + ${t.vat} = ${t.total} AND ${isInteger(t.total)} AND ${isInteger(t.net)} AND ${isInteger(t.vat)}`),
  ],
);

/** Credit note lines; `invoice_line_id` is the invoiced line a refund gives back (part of). */
export const creditNoteLines = sqliteTable(
  'credit_note_lines',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    creditNoteId: integer('credit_note_id')
      .notNull()
      .references(() => creditNotes.id, { onDelete: 'cascade' }),
    position: integer('position').notNull().default(0),
    serviceId: integer('service_id').references(() => services.id),
    invoiceLineId: integer('invoice_line_id').references(() => invoiceLines.id),
    description: text('description').notNull(),
    dateFrom: text('date_from'),
    dateTo: text('date_to'),
    days: integer('days'),
    divisor: integer('divisor'),
    periodPrice: integer('period_price'),
    amount: integer('amount').notNull(),
    vatRateBp: integer('vat_rate_bp').notNull().default(0),
    vatIncluded: integer('vat_included', { mode: 'boolean' }).notNull().default(false),
    net: integer('net').notNull(),
    vat: integer('vat').notNull(),
    total: integer('total').notNull(),
  },
  (t) => [
    index('credit_note_lines_note_idx').on(t.creditNoteId, t.position),
    index('credit_note_lines_service_idx').on(t.serviceId),
    index('credit_note_lines_invoice_line_idx').on(t.invoiceLineId),
    check('credit_note_lines_dates', sql`${isoDate(t.dateFrom)} AND ${isoDate(t.dateTo)} AND (${t.dateTo} IS NULL OR ${t.dateTo} >= ${t.dateFrom})`),
    check('credit_note_lines_vat_rate', sql`${t.vatRateBp} BETWEEN 0 AND 10000`),
    check('credit_note_lines_amounts', sql`${t.net} + ${t.vat} = ${t.total} AND ${isInteger(t.amount)} AND ${isInteger(t.total)}`),
  ],
);

export const payments = sqliteTable(
  'payments',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    customerId: integer('customer_id')
      .notNull()
      .references(() => customers.id),
    date: text('date').notNull(),
    amount: integer('amount').notNull(),
    method: text('method', { enum: PAYMENT_METHODS }).notNull().default('cash'),
    reference: text('reference'),
    note: text('note'),
    createdAt: text('created_at').notNull().default(nowTimestamp),
  },
  (t) => [
    // the customer's list newest first, its count and total from the index alone (see invoices_year_customer_idx)
    index('payments_customer_date_idx').on(t.customerId, t.date, t.id, t.amount),
    check('payments_amount', sql`${t.amount} > 0 AND ${isInteger(t.amount)}`),
    check('payments_method', oneOf(t.method, PAYMENT_METHODS)),
    check('payments_date', isoDate(t.date)),
  ],
);

/**
 * The ledger. Balance = Σ credits − Σ debits (customers.balance caches it). Amounts are positive; the kind
 * gives the direction, so a zero amount is refused (post nothing instead). `settled` is how much of a debit
 * NOT tied to an invoice has been paid (payments settle those first, decision 11).
 */
export const balanceTransactions = sqliteTable(
  'balance_transactions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    customerId: integer('customer_id')
      .notNull()
      .references(() => customers.id),
    date: text('date').notNull(),
    kind: text('kind', { enum: TRANSACTION_KINDS }).notNull(),
    amount: integer('amount').notNull(),
    category: text('category', { enum: TRANSACTION_CATEGORIES }).notNull(),
    invoiceId: integer('invoice_id').references(() => invoices.id),
    creditNoteId: integer('credit_note_id').references(() => creditNotes.id),
    paymentId: integer('payment_id').references(() => payments.id),
    settled: integer('settled').notNull().default(0),
    description: text('description').notNull().default(''),
    createdAt: text('created_at').notNull().default(nowTimestamp),
  },
  // Each row names one document (invoice, credit note or payment): the indexes on the other two columns hold only the
  // rows that name one, not an entry per NULL that every ledger row of a billing day would otherwise write.
  (t) => [
    // The customer's ledger in ledger order (id: the Billing tab's first page newest first, each row's running
    // balance) with the signed amounts and dates in the index itself: a page, a count, the statement's opening balance
    // and its date window read index entries, not a table row for each movement of the customer's history. Year of
    // the date first, as invoices_year_customer_idx (why there); ledger order is id order, which a backdated movement
    // may take across years, so a page sorts the customer's entries (index entries only, as its count reads them).
    index('balance_transactions_year_customer_idx').on(sql`CAST(${t.date} AS INTEGER)`, t.customerId, t.id, t.date, t.kind, t.amount),
    index('balance_transactions_invoice_idx').on(t.invoiceId).where(sql`invoice_id IS NOT NULL`),
    index('balance_transactions_credit_note_idx').on(t.creditNoteId).where(sql`credit_note_id IS NOT NULL`),
    index('balance_transactions_payment_idx').on(t.paymentId).where(sql`payment_id IS NOT NULL`),
    index('balance_transactions_unsettled_idx')
      .on(t.customerId, t.id)
      .where(sql`kind = 'debit' AND invoice_id IS NULL AND settled < amount`),
    check('balance_transactions_kind', oneOf(t.kind, TRANSACTION_KINDS)),
    check('balance_transactions_category', oneOf(t.category, TRANSACTION_CATEGORIES)),
    check('balance_transactions_amount', sql`${t.amount} > 0 AND ${isInteger(t.amount)}`),
    check('balance_transactions_settled', sql`${t.settled} >= 0 AND ${t.settled} <= ${t.amount} AND (${t.settled} = 0 OR ${t.kind} = 'debit')`),
    check('balance_transactions_date', isoDate(t.date)),
  ],
);

/**
 * Future items: charges waiting for the customer's next recurring invoice (e.g. a change-plan charge and
 * fee below the minimum invoice amount). `invoice_id` is set when an invoice picks them up. The line
 * columns mirror invoice_lines so the charge can be copied onto the invoice as it was quoted.
 */
export const pendingCharges = sqliteTable(
  'pending_charges',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    customerId: integer('customer_id')
      .notNull()
      .references(() => customers.id),
    serviceId: integer('service_id').references(() => services.id),
    planChangeId: integer('plan_change_id').references((): AnySQLiteColumn => planChanges.id),
    kind: text('kind', { enum: PENDING_CHARGE_KINDS }).notNull(),
    description: text('description').notNull(),
    periodFrom: text('period_from'),
    periodTo: text('period_to'),
    dateFrom: text('date_from'),
    dateTo: text('date_to'),
    days: integer('days'),
    divisor: integer('divisor'),
    periodPrice: integer('period_price'),
    amount: integer('amount').notNull(),
    vatRateBp: integer('vat_rate_bp').notNull().default(0),
    vatIncluded: integer('vat_included', { mode: 'boolean' }).notNull().default(false),
    net: integer('net').notNull(),
    vat: integer('vat').notNull(),
    total: integer('total').notNull(),
    createdOn: text('created_on').notNull(),
    invoiceId: integer('invoice_id').references(() => invoices.id),
  },
  (t) => [
    index('pending_charges_open_idx').on(t.customerId, t.id).where(sql`invoice_id IS NULL`),
    index('pending_charges_customer_idx').on(t.customerId),
    index('pending_charges_service_idx').on(t.serviceId),
    index('pending_charges_plan_change_idx').on(t.planChangeId),
    index('pending_charges_invoice_idx').on(t.invoiceId),
    check('pending_charges_kind', oneOf(t.kind, PENDING_CHARGE_KINDS)),
    check('pending_charges_dates', sql`${isoDate(t.createdOn)} AND ${isoDate(t.dateFrom)} AND ${isoDate(t.dateTo)} AND ${isoDate(t.periodFrom)} AND ${isoDate(t.periodTo)}`),
    check('pending_charges_vat_rate', sql`${t.vatRateBp} BETWEEN 0 AND 10000`),
    check('pending_charges_amounts', sql`${t.net} + ${t.vat} = ${t.total} AND ${isInteger(t.amount)} AND ${isInteger(t.total)}`),
  ],
);
