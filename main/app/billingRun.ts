import { resolveSettings } from '../../db/settings';
import type { DayRunSummary } from '../contract/days';
import { dayOfMonth, effectiveBillingDay, planRecurringLines, type Discount, type StatusChange } from '../engine';
import { audit, auditBuffer, auditLater, JsonText } from './audit';
import type { AppContext } from './context';
import { BILLING_COLUMNS, type CustomerBillingRow } from './customerTerms';
import { completeInvoice, draftInvoice, insertInvoice, invoiceLineBuffer, pendingInvoices, serviceDocumentLine, writeBalanceMoves, writeInvoiceDebits, type DocumentLine, type InvoiceDraft, type NumberSequence, type PendingDocuments } from './ledger';
import type { InsertBuffer } from './prepared';
import type { ServiceBillingColumns } from './rows';
import { forEachStepWithProgress } from './progress';
import { setInvoicedUntil, unbilledHistories } from './serviceWrites';
import { all, run } from './sql';

// The billing day (decisions 2, 9, 17, 19): the customers whose billing day it is, their services' unbilled days
// planned by the engine and posted as one invoice each — read in one go for the whole day, written many rows to a
// statement (the scheduler runs it inside the day's transaction, runEndOfDay).

/** What the billing run reads of a service: its billing columns and its plan's VAT. */
type BillableRow = Omit<ServiceBillingColumns, 'customerId'> & { vatRateBp: number; vatIncluded: number };

/**
 * Services the billing run looks at: those in a billed status, and Stopped ones (their days before the stop may
 * still be unbilled: decision 19 bills by status history, serviceDays.ts). Archived services are never billed.
 */
const BILLING_STATUSES = `('active', 'pending', 'disabled', 'stopped')`;

export function discountOf(s: { discountKind: string; discountValue: number; discountFrom: string | null; discountTo: string | null }): Discount | null {
  if (s.discountKind === 'percent') return { kind: 'percent', percentBp: s.discountValue, from: s.discountFrom, to: s.discountTo };
  if (s.discountKind === 'fixed') return { kind: 'fixed', amount: s.discountValue, from: s.discountFrom, to: s.discountTo };
  return null;
}

const BILLABLE_SELECT = `SELECT s.customer_id AS customerId, s.id, s.description, s.start_date AS start, s.end_date AS end,
            s.invoiced_until AS invoicedUntil, s.status, s.unit_price AS unitPrice, s.quantity, s.pay_period_months AS payPeriodMonths,
            s.discount_kind AS discountKind, s.discount_value AS discountValue, s.discount_from AS discountFrom, s.discount_to AS discountTo,
            p.vat_rate_bp AS vatRateBp, p.vat_included AS vatIncluded
       FROM services s JOIN plans p ON p.id = s.plan_id`;
const WAITING_SELECT = `SELECT customer_id AS customerId, id, service_id AS serviceId, kind, description, period_from AS periodFrom, period_to AS periodTo,
            date_from AS dateFrom, date_to AS dateTo, days, divisor, period_price AS periodPrice, amount, vat_rate_bp AS vatRateBp,
            vat_included AS vatIncluded, net, vat, total
       FROM pending_charges`;

type WaitingRow = DocumentLine & { id: number; customerId: number };

/**
 * What a billing day reads for a step of its customers at once (one statement each instead of several per customer):
 * their billed services, waiting charges, billing rows and whether they hold free credit — read again for each step
 * (readStep), so the rows of one step are young garbage by the next instead of living through the whole day (every
 * object that lives long is copied by each young-generation collection it survives) — and what the day keeps for
 * its flush.
 */
export interface BillingPrefetch {
  services: Map<number, BillableRow[]>;
  waiting: Map<number, WaitingRow[]>;
  /** the billing rows of the day's customers (as customersBilledOn read them) and what each owes */
  customers: Map<number, { row: CustomerBillingRow; owed: number }>;
  /** decision 19: the status history of the services that were ever Stopped or Archived (the others need none) */
  histories: Map<number, StatusChange[]>;
  /** the day's running invoice count (only the billing run posts invoices while it runs) */
  numbers: NumberSequence;
  /**
   * Invoiced-until moves, by new date: written in one statement per date by flushBilling (before anything reads
   * them again — dunning's deactivation copies them) instead of one UPDATE per service.
   */
  invoicedUntil: Map<string, number[]>;
  /** Balance moves by customer, written by flushBilling in one statement (see PostInvoiceHints.balances). */
  balances: Map<number, number>;
  /**
   * The invoices' lines, written by flushBilling many to a statement (nothing in the run reads them before; nothing
   * else inserts into the table meanwhile, so they get the ids and order row-by-row INSERTs gave).
   */
  lines: InsertBuffer;
  audits: InsertBuffer;
  /**
   * The ids of the day's first and last invoice (nothing else inserts invoices while the day bills) and how many of
   * them need a debit row: flushBilling writes their ledger debits from the invoices, in one statement — the same
   * rows, ids and order as one INSERT per invoice, with nothing kept for them until the flush.
   */
  invoiceIds: { first: number; last: number; debits: number } | null;
  /**
   * The invoice rows, with the ids and numbers one INSERT each would give (PendingDocuments), written first by
   * flushBilling; an invoice that allocate() reads at once is written directly, after those kept before it. Absent:
   * every invoice is written at once (the day run again after a number it gave was taken: runEndOfDay).
   */
  invoices?: PendingDocuments;
  /** Waiting charges and the invoice that takes them: [charge id, invoice id], written after the invoices. */
  charged: [number, number][];
}

function groupBy<T extends { customerId: number }>(rows: T[]): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const r of rows) {
    const list = out.get(r.customerId);
    if (list) list.push(r);
    else out.set(r.customerId, [r]);
  }
  return out;
}

/** What the billing day keeps for its flush; readStep reads each step's customers into it. */
function prefetchBilling(keepInvoices: boolean): BillingPrefetch {
  return {
    services: new Map(),
    waiting: new Map(),
    customers: new Map(),
    histories: new Map(),
    numbers: {},
    invoicedUntil: new Map(),
    balances: new Map(),
    lines: invoiceLineBuffer(),
    audits: auditBuffer(),
    invoiceIds: null,
    invoices: keepInvoices ? pendingInvoices() : undefined,
    charged: [],
  };
}

/**
 * Reads what a step of the billing day's customers need into `pre` (replacing the previous step's). `due`: the
 * step's customers with their billing rows, as customersBilledOn read them (not read again here). Each customer is
 * billed once, and nothing the day did before its step touched its rows, so what is read is still what billCustomer
 * would read at its turn.
 */
function readStep(ctx: AppContext, pre: BillingPrefetch, due: readonly DueCustomer[]): void {
  const ids = JSON.stringify(due.map((d) => d.customer.id));
  const services = all<BillableRow & { customerId: number }>(
    ctx.db,
    `${BILLABLE_SELECT} WHERE s.customer_id IN (SELECT value FROM json_each(?)) AND s.status IN ${BILLING_STATUSES}
      ORDER BY s.customer_id, s.id`,
    ids,
  );
  const waiting = all<WaitingRow>(ctx.db, `${WAITING_SELECT} WHERE customer_id IN (SELECT value FROM json_each(?)) AND invoice_id IS NULL ORDER BY customer_id, id`, ids);
  // owed: what allocate() counts as outstanding (unsettled debits without an invoice + unpaid parts of invoices), in
  // the order of `due` (json_each keeps the array's order).
  const owed = all<{ owed: number }>(
    ctx.db,
    `SELECT (SELECT COALESCE(SUM(total - paid), 0) FROM invoices WHERE customer_id = j.value AND status IN ('unpaid', 'partiallyPaid'))
            + (SELECT COALESCE(SUM(amount - settled), 0) FROM balance_transactions
                WHERE customer_id = j.value AND kind = 'debit' AND invoice_id IS NULL AND settled < amount) AS owed
       FROM json_each(?) j`,
    ids,
  );
  const customers = new Map<number, { row: CustomerBillingRow; owed: number }>();
  due.forEach((d, i) => customers.set(d.customer.id, { row: d.customer, owed: owed[i].owed }));
  pre.services = groupBy(services);
  pre.waiting = groupBy(waiting);
  pre.customers = customers;
  pre.histories = unbilledHistories(ctx, due.map((d) => d.customer.id));
}

/** The parts of a billing day, in the order they run (bench/billingDay.ts reports the CPU time of each per invoice). */
export const BILLING_PHASES = ['reads', 'engine', 'invoices', 'documents', 'lines', 'ledger', 'audit', 'services', 'balances', 'dunning', 'commit'] as const;
export type BillingPhase = (typeof BILLING_PHASES)[number];

/**
 * A benchmark's look inside the billing day: `end(phase)` is called when a part of the work ends (everything since
 * the previous call belongs to it; the engine and the invoices alternate, once per progress step). Null in the app.
 */
export const billingProbe: { end: ((phase: BillingPhase) => void) | null } = { end: null };
export const phaseEnds = (phase: BillingPhase): void => billingProbe.end?.(phase);

/** Writes the invoiced-until dates and balances billCustomer left in the prefetch (call before anything reads them again). */
export function flushBilling(ctx: AppContext, pre: BillingPrefetch): void {
  pre.invoices?.rows.flush(ctx.db); // before the rows that refer to them
  if (pre.charged.length)
    run(ctx.db, 'UPDATE pending_charges SET invoice_id = v.value ->> 1 FROM json_each(?) v WHERE pending_charges.id = v.value ->> 0', JSON.stringify(pre.charged));
  pre.charged = [];
  phaseEnds('invoices');
  pre.lines.flush(ctx.db);
  phaseEnds('lines');
  if (pre.invoiceIds) writeInvoiceDebits(ctx, pre.invoiceIds);
  pre.invoiceIds = null;
  phaseEnds('ledger');
  pre.audits.flush(ctx.db);
  phaseEnds('audit');
  for (const [until, ids] of pre.invoicedUntil) setInvoicedUntil(ctx, ids, until);
  pre.invoicedUntil.clear();
  phaseEnds('services');
  writeBalanceMoves(ctx, pre.balances);
  phaseEnds('balances');
}

/** What one customer's recurring invoice will hold, planned by the engine before anything is written. */
interface PlannedInvoice {
  customerId: number;
  lines: DocumentLine[];
  /** the services whose invoiced-until moves, in the order they were planned */
  invoicedUntil: Map<number, string>;
  waiting: WaitingRow[];
}

/** Every service's due periods plus waiting charges (pure once the rows are read); null when there is nothing to bill. */
function planInvoice(ctx: AppContext, customerId: number, day: string, billingDay: number, pre?: BillingPrefetch): PlannedInvoice | null {
  const services =
    pre?.services.get(customerId) ??
    (pre ? [] : all<BillableRow>(ctx.db, `${BILLABLE_SELECT} WHERE s.customer_id = ? AND s.status IN ${BILLING_STATUSES} ORDER BY s.id`, customerId));
  const histories = pre?.histories ?? (services.length ? unbilledHistories(ctx, [customerId]) : new Map<number, StatusChange[]>());
  const lines: DocumentLine[] = [];
  const invoicedUntil = new Map<number, string>();
  for (const s of services) {
    const plan = planRecurringLines({
      invoiceDate: day,
      billingDay,
      // what the engine reads of the row, named (a copy of the whole row costs more: 100k times a run)
      service: {
        id: s.id,
        description: s.description,
        start: s.start,
        end: s.end,
        invoicedUntil: s.invoicedUntil,
        status: s.status,
        unitPrice: s.unitPrice,
        quantity: s.quantity,
        payPeriodMonths: s.payPeriodMonths,
        vatRateBp: s.vatRateBp,
        vatIncluded: Boolean(s.vatIncluded),
        discount: discountOf(s),
        history: histories.get(s.id),
      },
      explain: false, // the invoice line keeps the description; the sentence is not stored
    });
    if (!plan.lines.length) continue;
    invoicedUntil.set(s.id, plan.invoicedUntil!);
    for (const l of plan.lines)
      lines.push(serviceDocumentLine('recurring', l, { serviceId: s.id, quantity: s.quantity, unitPrice: s.unitPrice, vatRateBp: s.vatRateBp, vatIncluded: Boolean(s.vatIncluded) }));
  }
  const waiting = pre?.waiting.get(customerId) ?? (pre ? [] : all<WaitingRow>(ctx.db, `${WAITING_SELECT} WHERE customer_id = ? AND invoice_id IS NULL ORDER BY id`, customerId));
  for (const w of waiting) {
    const { customerId: _c, ...line } = w;
    lines.push({ ...line, kind: w.kind === 'fee' ? 'fee' : w.kind === 'one_time' ? 'one_time' : 'charge', vatIncluded: Boolean(w.vatIncluded) });
  }
  return lines.length ? { customerId, lines, invoicedUntil, waiting } : null;
}

/** The invoice of a plan, drafted with what the billing day already knows (see PostInvoiceHints). */
function draftPlanned(ctx: AppContext, planned: PlannedInvoice, day: string, pre?: BillingPrefetch): InvoiceDraft {
  const known = pre?.customers.get(planned.customerId);
  return draftInvoice(
    ctx,
    { customerId: planned.customerId, kind: 'recurring', date: day, lines: planned.lines },
    known
      ? {
          customer: known.row,
          numbers: pre!.numbers,
          balances: pre!.balances,
          debitByCaller: true,
          lines: pre!.lines,
          pending: pre!.invoices,
          // nothing owed: free credit is the balance and this invoice is all there is to settle
          ...(known.owed === 0 ? { freeCredit: known.row.balance } : { allocate: known.row.balance + known.owed > 0 }),
        }
      : {},
  );
}

/** Completes an inserted invoice: lines, ledger, services invoiced until, waiting charges, audit (with `pre`: into the day's buffers). */
function completePlanned(ctx: AppContext, planned: PlannedInvoice, draft: InvoiceDraft, inserted: { id: number; number: string }, pre?: BillingPrefetch): { total: number } {
  const { customerId, lines, invoicedUntil, waiting } = planned;
  const invoice = completeInvoice(ctx, draft, inserted);
  if (pre)
    for (const [serviceId, until] of invoicedUntil) {
      const ids = pre.invoicedUntil.get(until);
      if (ids) ids.push(serviceId);
      else pre.invoicedUntil.set(until, [serviceId]);
    }
  else for (const [serviceId, until] of invoicedUntil) setInvoicedUntil(ctx, [serviceId], until);
  if (pre) for (const w of waiting) pre.charged.push([w.id, invoice.id]);
  else for (const w of waiting) run(ctx.db, 'UPDATE pending_charges SET invoice_id = ? WHERE id = ?', invoice.id, w.id);
  if (pre) {
    // its debit is written by flushBilling (writeInvoiceDebits)
    const debit = invoice.total > 0 ? 1 : 0;
    if (pre.invoiceIds) (pre.invoiceIds.last = invoice.id), (pre.invoiceIds.debits += debit);
    else pre.invoiceIds = { first: invoice.id, last: invoice.id, debits: debit };
  }
  const entry = {
    entity: 'invoice',
    entityId: invoice.id,
    customerId,
    action: `recurring invoice ${invoice.number} issued`,
    after: recurringEntryAfter(invoice.number, invoice.total, lines.length, invoicedUntil),
  };
  if (pre) auditLater(pre.audits, ctx, entry);
  else audit(ctx, entry);
  return { total: invoice.total };
}

/** Whole ids an object lists ascending, before its other keys (array indexes). */
const MAX_INDEX_KEY = 2 ** 32 - 2;

/**
 * The `after` of a recurring invoice's audit entry: the text JSON.stringify gives of { number, total, lines,
 * invoicedUntil: { [service id]: date } }, written directly — JSON.stringify of an object keyed by ids takes ≈ 3 µs,
 * this ≈ 0.7 µs, and a billing day writes one per invoice. An object lists whole-number keys ascending, so the ids are
 * (ids past the array-index range would keep their order: that rare case goes through JSON.stringify).
 */
export function recurringEntryAfter(number: string, total: number, lines: number, invoicedUntil: ReadonlyMap<number, string>): JsonText {
  const ids = [...invoicedUntil.keys()];
  if (ids.some((id) => !Number.isInteger(id) || id < 0 || id > MAX_INDEX_KEY))
    return new JsonText(JSON.stringify({ number, total, lines, invoicedUntil: Object.fromEntries(invoicedUntil) }));
  ids.sort((a, b) => a - b);
  let until = '';
  for (const id of ids) until += `${until ? ',' : ''}"${id}":${JSON.stringify(invoicedUntil.get(id))}`;
  return new JsonText(`{"number":${JSON.stringify(number)},"total":${JSON.stringify(total)},"lines":${JSON.stringify(lines)},"invoicedUntil":{${until}}}`);
}

/**
 * The recurring invoice of one customer on its billing day: every service's due periods plus waiting charges.
 * `pre` (the billing day's prefetch) only saves reads; without it the same rows are read here.
 */
export function billCustomer(ctx: AppContext, customerId: number, day: string, billingDay: number, pre?: BillingPrefetch): { total: number } | null {
  const planned = planInvoice(ctx, customerId, day, billingDay, pre);
  if (!planned) return null;
  const draft = draftPlanned(ctx, planned, day, pre);
  return completePlanned(ctx, planned, draft, insertInvoice(ctx, draft), pre);
}

/** A customer billed today: its billing row and its effective billing day. */
interface DueCustomer {
  customer: CustomerBillingRow;
  billingDay: number;
}

/** Customers whose billing day is `day`: their own day, else the partner's; "use creation date" clamps to 28. */
function customersBilledOn(ctx: AppContext, day: string): DueCustomer[] {
  const d = dayOfMonth(day);
  const due: DueCustomer[] = [];
  for (const { id: partnerId } of all<{ id: number }>(ctx.db, 'SELECT id FROM partners ORDER BY id')) {
    const s = resolveSettings(ctx.db, partnerId);
    // The whole billing row: the billing day's prefetch and its invoices use it (no second read of these customers).
    const rows = all<CustomerBillingRow>(
      ctx.db,
      `SELECT ${BILLING_COLUMNS} FROM customers
        WHERE partner_id = ? AND status IN ('active', 'blocked') AND billing_enabled = 1 AND created_on <= ? ORDER BY id`,
      partnerId,
      day,
    );
    for (const c of rows) {
      const effective = effectiveBillingDay({
        billingDay: c.billingDay ?? s['billing.day'],
        useCreationDate: c.useCreationDate === null ? s['billing.useCreationDate'] : Boolean(c.useCreationDate),
        createdOn: c.createdOn,
      });
      if (effective === d) due.push({ customer: c, billingDay: effective });
    }
  }
  return due;
}

/** Customers billed between two progress records of a billing day (a fraction of a second of work each). */
export const BILLING_PROGRESS_EVERY = 250;

/**
 * The billing-day invoices of `day`, inside the day's transaction (runEndOfDay): every customer whose billing day it
 * is, planned and posted in steps of BILLING_PROGRESS_EVERY, counted into `summary`.
 */
export function billCustomersOfDay(ctx: AppContext, day: string, summary: DayRunSummary, keepInvoices = true): void {
  const due = customersBilledOn(ctx, day);
  const pre = due.length ? prefetchBilling(keepInvoices) : undefined;
  phaseEnds('reads');
  // One transaction cannot yield: the records reach a host that answers system.progress from another thread.
  // Each step plans its customers' invoices (the engine, pure), then posts them in the same order.
  const billing = { kind: 'billingDay' as const, title: `Billing day ${day}`, step: day, every: BILLING_PROGRESS_EVERY };
  try {
    forEachStepWithProgress(ctx.db, billing, due, (step) => {
      readStep(ctx, pre!, step);
      phaseEnds('reads');
      const planned = step.flatMap(({ customer, billingDay }) => planInvoice(ctx, customer.id, day, billingDay, pre) ?? []);
      const drafts = planned.map((p) => draftPlanned(ctx, p, day, pre));
      phaseEnds('engine');
      const inserted = drafts.map((d) => insertInvoice(ctx, d));
      phaseEnds('invoices');
      planned.forEach((p, i) => {
        const invoice = completePlanned(ctx, p, drafts[i], inserted[i], pre);
        summary.invoices++;
        summary.invoicedTotal += invoice.total;
      });
      phaseEnds('documents');
    });
    if (pre) flushBilling(ctx, pre);
  } finally {
    pre?.invoices?.rows.discard(ctx.db); // after a rollback its rows must never be written
  }
}
