import type { ServiceStatus } from '../../db/enums';
import { resolveSettings, settingOrigins, withSettingsCache, type BillingTerms, type Settings } from '../../db/settings';
import type { ChangePlanOptions, ChangePlanQuoteView, ChangePlanRefusalView, PlanChangeRow, QuoteLine } from '../contract/changePlan';
import { AppError, notFound } from '../contract/errors';
import { addDays, fingerprintOf, quoteChangePlan, type ChangePlanInput, type ChangePlanQuote } from '../engine';
import { audit, auditPending, pendingAudits, type AuditEvent } from './audit';
import { actorName, type AppContext } from './context';
import { customerBillingRow, customerBillingRows, termsOf, type CustomerBillingRow } from './customerTerms';
import { effectiveBillingDayOf } from './billingDay';
import { creditNoteLineBuffer, invoiceLineBuffer, ledgerBuffer, postCreditNote, postInvoice, serviceDocumentLine, deferredMoney, pendingCreditNotes, pendingInvoices, writeDeferredMoney, writeEverythingDeferred, type DeferredMoney, type DocumentLine, type NumberSequence, type PendingDocuments } from './ledger';
import { InsertBuffer, nextIdOf, PendingRows } from './prepared';
import { PENDING_CHANGE_WHERE, type ServiceBillingColumns, type ServiceDbRow } from './rows';
import { discountOf } from './billingRun';
import { inHistoryYears } from './historyYears';
import { copyService, pendingCopies, setServiceEnds, updateService, type PendingCopies, type ServiceEnds } from './serviceWrites';
import { all, one, run } from './sql';

// Change plan (decisions 3–8): the quote staff see is computed by the pure engine from what the database holds;
// apply recomputes it, refuses when its fingerprint moved, and posts exactly that quote in one transaction.

export interface ChangeRequest {
  serviceId: number;
  planId: number;
  start: string;
  description: string | null;
  unitPrice: number | null;
  ignoreBalance?: boolean;
}

/** The service a change starts from: its billing columns, kind, plan and the change that created it. */
export interface OldServiceRow extends ServiceBillingColumns {
  kind: ServiceDbRow['kind'];
  planId: ServiceDbRow['plan_id'];
  planName: string;
  /** the change that created this service (a pending one is that change's new service) */
  planChangeId: ServiceDbRow['plan_change_id'];
}

export interface PlanRow {
  id: number;
  kind: string;
  name: string;
  description: string | null;
  price: number;
  vatRateBp: number;
  vatIncluded: number;
  enabled: number;
}

// The plan's name as a subquery, not a JOIN: the same row (plan_id is a NOT NULL foreign key), and on this SQLite a
// one-row lookup with a JOIN costs several times the subquery (≈ 20 µs vs 2.5 µs; bulk apply runs it per service).
const SERVICE_COLUMNS = `s.id, s.customer_id AS customerId, s.kind, s.plan_id AS planId, (SELECT p.name FROM plans p WHERE p.id = s.plan_id) AS planName,
            s.description, s.quantity, s.unit_price AS unitPrice, s.pay_period_months AS payPeriodMonths, s.start_date AS start,
            s.end_date AS end, s.invoiced_until AS invoicedUntil, s.status, s.discount_kind AS discountKind, s.discount_value AS discountValue,
            s.discount_from AS discountFrom, s.discount_to AS discountTo, s.plan_change_id AS planChangeId`;

/** A service's columns and the applied change that replaces it and has not started yet, if any. */
type ServiceWithPending = OldServiceRow & { pendingChangeId: number | null };
const SERVICE_WITH_PENDING = `SELECT ${SERVICE_COLUMNS},
            (SELECT pc.id FROM plan_changes pc
              WHERE pc.old_service_id = s.id AND ${PENDING_CHANGE_WHERE} ORDER BY pc.id DESC LIMIT 1) AS pendingChangeId
       FROM services s`;

/** loadService and pendingChangeOf in one statement (a quote needs both; bulk runs it for every service). */
function loadServiceWithPending(ctx: AppContext, serviceId: number): ServiceWithPending {
  const s = one<ServiceWithPending>(ctx.db, `${SERVICE_WITH_PENDING} WHERE s.id = ?`, serviceId);
  if (!s) throw notFound('Service', serviceId, 'serviceId');
  return s;
}

function loadService(ctx: AppContext, serviceId: number): OldServiceRow {
  const s = one<OldServiceRow>(ctx.db, `SELECT ${SERVICE_COLUMNS} FROM services s WHERE s.id = ?`, serviceId);
  if (!s) throw notFound('Service', serviceId, 'serviceId');
  return s;
}

function loadPlan(ctx: AppContext, planId: number): PlanRow {
  const p = one<PlanRow>(
    ctx.db,
    `SELECT id, kind, name, description, price, vat_rate_bp AS vatRateBp, vat_included AS vatIncluded, enabled FROM plans WHERE id = ?`,
    planId,
  );
  if (!p) throw notFound('Plan', planId, 'planId');
  return p;
}

function planAvailableTo(ctx: AppContext, planId: number, partnerId: number): boolean {
  const limited = one<{ n: number }>(ctx.db, 'SELECT COUNT(*) AS n FROM plan_partners WHERE plan_id = ?', planId)!.n;
  return limited === 0 || Boolean(one(ctx.db, 'SELECT 1 FROM plan_partners WHERE plan_id = ? AND partner_id = ?', planId, partnerId));
}

/** The applied change that replaces this service and has not started yet, if any. */
function pendingChangeOf(ctx: AppContext, serviceId: number): number | null {
  const row = one<{ id: number }>(
    ctx.db,
    `SELECT pc.id FROM plan_changes pc WHERE pc.old_service_id = ? AND ${PENDING_CHANGE_WHERE} ORDER BY pc.id DESC LIMIT 1`,
    serviceId,
  );
  return row?.id ?? null;
}

type InvoicedLineDbRow = { periodFrom: string; periodTo: string; from: string; to: string; amount: number; periodPrice: number; divisor: number; vatRateBp: number; vatIncluded: number };

const invoicedLineOf = (l: InvoicedLineDbRow, discount: ReturnType<typeof discountOf>) => ({ ...l, vatIncluded: Boolean(l.vatIncluded), discount });

/** What the old service was invoiced for: its lines on invoices that still stand. */
function invoicedLinesOf(ctx: AppContext, serviceId: number, discount: ReturnType<typeof discountOf>) {
  return all<InvoicedLineDbRow>(
    ctx.db,
    `SELECT l.period_from AS periodFrom, l.period_to AS periodTo, l.date_from AS "from", l.date_to AS "to", l.amount,
            l.period_price AS periodPrice, l.divisor, l.vat_rate_bp AS vatRateBp, l.vat_included AS vatIncluded
       FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id
      WHERE ${inHistoryYears('invoice_lines', 'l')} AND l.service_id = ? AND l.kind IN ('recurring', 'charge') AND i.status <> 'cancelled'
        AND l.period_from IS NOT NULL AND l.divisor IS NOT NULL
      ORDER BY l.date_from, l.id`,
    serviceId,
  ).map((l) => invoicedLineOf(l, discount));
}

/**
 * Bulk apply: the invoiced lines of every service of a chunk in one statement, kept in the memo for loadFacts. The
 * same rows in the same order as invoicedLinesOf gives for each service (both order ties by l.id, as the index on
 * (service_id, date_from) did before migration 0014 put the recurring mark between date_from and the rowid). They stay
 * what invoicedLinesOf would read when each service's turn comes: applying a change adds lines for its NEW service only
 * and never cancels an invoice. Balances are never prefetched.
 */
export function prefetchInvoicedLines(ctx: AppContext, memo: FactsMemo, serviceIds: readonly number[]): void {
  const byService = new Map<number, Omit<InvoicedLineRow, 'discount'>[]>();
  for (const id of serviceIds) byService.set(id, []);
  const rows = all<InvoicedLineDbRow & { serviceId: number }>(
    ctx.db,
    `SELECT l.service_id AS serviceId, l.period_from AS periodFrom, l.period_to AS periodTo, l.date_from AS "from", l.date_to AS "to", l.amount,
            l.period_price AS periodPrice, l.divisor, l.vat_rate_bp AS vatRateBp, l.vat_included AS vatIncluded
       FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id
      WHERE ${inHistoryYears('invoice_lines', 'l')} AND l.service_id IN (SELECT value FROM json_each(?)) AND l.kind IN ('recurring', 'charge') AND i.status <> 'cancelled'
        AND l.period_from IS NOT NULL AND l.divisor IS NOT NULL
      ORDER BY l.service_id, l.date_from, l.id`,
    JSON.stringify(serviceIds),
  );
  for (const { serviceId, ...l } of rows) byService.get(serviceId)?.push(invoicedLineOf(l, null));
  memo.invoicedLines = byService;
}

export interface Prepared {
  input: ChangePlanInput;
  old: OldServiceRow;
  plan: PlanRow;
  partnerId: number;
  /** the customer's billing row as read for this quote (the ledger reuses it within the same transaction) */
  customer: CustomerBillingRow;
  description: string;
  unitPrice: number;
  vat: { rateBp: number; included: boolean };
}

export type InvoicedLineRow = ReturnType<typeof invoicedLinesOf>[number];

/**
 * Everything from the database that decides a quote. `prepare` loads it for one service; the bulk preview loads
 * it for thousands at once (main/app/bulk.ts) and both turn it into the engine input with `prepareFromFacts`, so a
 * bulk row and a single change always give the same numbers.
 */
export interface ChangeFacts {
  old: OldServiceRow;
  plan: PlanRow;
  customer: CustomerBillingRow;
  settings: Settings;
  terms: BillingTerms;
  planAvailable: boolean;
  pendingChangeId: number | null;
  /** the old service's invoiced lines (discount not applied yet) */
  invoicedLines: Omit<InvoicedLineRow, 'discount'>[];
}

/** What stays the same across the services of one bulk batch: looked up once instead of once per service. */
export interface FactsMemo {
  plans: Map<number, PlanRow>;
  settings: Map<number, Settings>;
  available: Map<string, boolean>;
  partnerNames: Map<number, string>;
  /** bulk apply: the old services' invoiced lines, read for the whole chunk (prefetchInvoicedLines) */
  invoicedLines?: Map<number, Omit<InvoicedLineRow, 'discount'>[]>;
  /**
   * bulk apply: the chunk's services and their customers' billing rows as they were before its first row
   * (prefetchChunk). Each is taken once: a customer's later rows in the chunk read its row again (the earlier ones
   * moved its balance), and a row tried again (a stale quote) reads afresh.
   */
  services?: Map<number, ServiceWithPending>;
  customers?: Map<number, CustomerBillingRow>;
}

export const newFactsMemo = (): FactsMemo => ({ plans: new Map(), settings: new Map(), available: new Map(), partnerNames: new Map() });

function memoized<K, V>(map: Map<K, V> | undefined, key: K, load: () => V): V {
  if (!map) return load();
  if (!map.has(key)) map.set(key, load());
  return map.get(key)!;
}

function take<K, V>(map: Map<K, V> | undefined, key: K): V | undefined {
  const v = map?.get(key);
  if (v !== undefined) map!.delete(key);
  return v;
}

export function loadFacts(ctx: AppContext, req: ChangeRequest, memo?: FactsMemo): ChangeFacts {
  const service = take(memo?.services, req.serviceId) ?? loadServiceWithPending(ctx, req.serviceId);
  const customer = take(memo?.customers, service.customerId) ?? customerBillingRow(ctx, service.customerId);
  return factsOf(ctx, req.planId, service, customer, memo);
}

/**
 * Bulk apply, at the start of a chunk: its services (with their pending changes), their customers' billing rows and
 * the services' invoiced lines, one statement each (see FactsMemo). A customer's first row in the chunk finds them as
 * they are then: the chunk's earlier rows wrote only their own customers' rows and their own services.
 */
export function prefetchChunk(ctx: AppContext, memo: FactsMemo, items: readonly { serviceId: number; customerId: number }[]): void {
  const serviceIds = items.map((i) => i.serviceId);
  memo.services = new Map(all<ServiceWithPending>(ctx.db, `${SERVICE_WITH_PENDING} WHERE s.id IN (SELECT value FROM json_each(?))`, JSON.stringify(serviceIds)).map((s) => [s.id, s]));
  memo.customers = new Map(customerBillingRows(ctx, [...new Set(items.map((i) => i.customerId))]).map((c) => [c.id, c]));
  prefetchInvoicedLines(ctx, memo, serviceIds);
}

/** The facts of one service from its rows as read (one at a time by loadFacts, a chunk at a time by loadFactsOfMany). */
function factsOf(ctx: AppContext, planId: number, service: ServiceWithPending, customer: CustomerBillingRow, memo?: FactsMemo): ChangeFacts {
  const { pendingChangeId, ...old } = service;
  const plan = memoized(memo?.plans, planId, () => loadPlan(ctx, planId));
  const settings = memoized(memo?.settings, customer.partnerId, () => resolveSettings(ctx.db, customer.partnerId));
  return {
    old,
    plan,
    customer,
    settings,
    terms: termsOf(ctx, customer, settings),
    planAvailable: memoized(memo?.available, `${plan.id}:${customer.partnerId}`, () => planAvailableTo(ctx, plan.id, customer.partnerId)),
    pendingChangeId,
    invoicedLines: memo?.invoicedLines?.get(old.id) ?? invoicedLinesOf(ctx, old.id, null),
  };
}

/**
 * Bulk preview: the facts of many services for a change to `planId`, read with one statement per table (services,
 * customers, invoiced lines) instead of three per service. The same rows loadFacts reads for each: the caller writes
 * nothing those tables hold between this read and its quotes. A service that does not exist is left out.
 */
export function loadFactsOfMany(ctx: AppContext, planId: number, serviceIds: readonly number[], memo: FactsMemo): Map<number, ChangeFacts> {
  const ids = JSON.stringify(serviceIds);
  const services = all<ServiceWithPending>(ctx.db, `${SERVICE_WITH_PENDING} WHERE s.id IN (SELECT value FROM json_each(?))`, ids);
  const customers = new Map(
    customerBillingRows(ctx, [...new Set(services.map((s) => s.customerId))]).map((c) => [c.id, c] as const),
  );
  prefetchInvoicedLines(ctx, memo, serviceIds);
  const facts = new Map<number, ChangeFacts>();
  for (const s of services) facts.set(s.id, factsOf(ctx, planId, s, customers.get(s.customerId)!, memo));
  return facts;
}

function prepare(ctx: AppContext, req: ChangeRequest, opts: { allowPending?: boolean; memo?: FactsMemo } = {}): Prepared | ChangePlanRefusalView {
  return prepareFromFacts(ctx.clock.today(), req, loadFacts(ctx, req, opts.memo), opts);
}

/** The refusals of the application layer, then the engine input — pure, from facts loaded one way or another. */
export function prepareFromFacts(today: string, req: ChangeRequest, f: ChangeFacts, opts: { allowPending?: boolean } = {}): Prepared | ChangePlanRefusalView {
  const { old, plan, customer, settings, terms } = f;
  const refuse = (field: string, message: string, extra: Partial<ChangePlanRefusalView> = {}): ChangePlanRefusalView => ({ ok: false, code: 'REFUSED', field, message, ...extra });
  if (plan.kind !== old.kind) return refuse('planId', `${plan.name} is a ${plan.kind} plan; this is a ${old.kind} service`);
  if (plan.id === old.planId) return refuse('planId', `The service is already on ${plan.name}`);
  if (!plan.enabled) return refuse('planId', `${plan.name} is disabled: no new services can use it`);
  if (!f.planAvailable) return refuse('planId', `${plan.name} is not available to this customer's partner`);
  // Decision 22: a service waiting for its change to start is that change's new service; staff cancel the change first.
  if (old.status === 'pending' && old.planChangeId !== null)
    return refuse('serviceId', `This service is the new service of plan change #${old.planChangeId}, which has not started yet: cancel the pending change first, then change the plan`, { pendingPlanChangeId: old.planChangeId });
  const pending = f.pendingChangeId;
  if (pending !== null && !opts.allowPending)
    return refuse('serviceId', `This service already has a pending plan change (#${pending}); cancel it first`, { pendingPlanChangeId: pending });
  const description = req.description?.trim() || plan.description?.trim() || plan.name;
  const unitPrice = req.unitPrice ?? plan.price;
  const discount = discountOf(old);
  // Decision 22: a discount whose window has not ended by the new start carries over (for the rest of its window).
  const carriedDiscount = discount && (!discount.to || discount.to >= req.start) ? discount : null;
  const input: ChangePlanInput = {
    today,
    newStart: req.start,
    billingDay: effectiveBillingDayOf(customer, terms),
    settings: {
      refund: settings['changePlan.refund'],
      feeMoreExpensive: settings['changePlan.feeMoreExpensive'],
      feeLessExpensive: settings['changePlan.feeLessExpensive'],
      invoice: settings['changePlan.invoice'],
      minimumInvoice: settings['changePlan.minimumInvoice'],
    },
    old: {
      status: old.status,
      planName: old.planName,
      description: old.description,
      start: old.start,
      end: old.end,
      invoicedUntil: old.invoicedUntil,
      unitPrice: old.unitPrice,
      quantity: old.quantity,
      payPeriodMonths: old.payPeriodMonths,
      discount,
      invoicedLines: f.invoicedLines.map((l) => ({ ...l, discount })),
    },
    next: {
      planName: plan.name,
      description,
      unitPrice,
      quantity: old.quantity,
      payPeriodMonths: old.payPeriodMonths,
      vatRateBp: plan.vatRateBp,
      vatIncluded: Boolean(plan.vatIncluded),
      discount: carriedDiscount,
    },
    balanceBefore: customer.balance,
    ignoreBalance: req.ignoreBalance === true,
  };
  return { input, old, plan, partnerId: customer.partnerId, customer, description, unitPrice, vat: { rateBp: plan.vatRateBp, included: Boolean(plan.vatIncluded) } };
}

/** The engine's answer for prepared facts: the quote and its fingerprint, or the refusal as the dialog shows it. */
export function quotePrepared(p: Prepared | ChangePlanRefusalView): { ok: true; p: Prepared; q: ChangePlanQuote; fingerprint: string } | ChangePlanRefusalView {
  if (!('input' in p)) return p;
  const q = quoteChangePlan(p.input);
  if (!q.ok) {
    const earliest = q.details?.earliestStart;
    return { ok: false, code: q.code, field: q.field, message: q.message, ...(typeof earliest === 'string' ? { earliestStart: earliest } : {}) };
  }
  return { ok: true, p, q, fingerprint: fingerprintOf(p.input) };
}

const line = (l: Omit<QuoteLine, 'net' | 'vat'> & Partial<Pick<QuoteLine, 'net' | 'vat'>>): QuoteLine => ({ net: l.amount, vat: 0, ...l });

const SETTING_KEYS_SHOWN = ['changePlan.refund', 'changePlan.feeMoreExpensive', 'changePlan.feeLessExpensive', 'changePlan.invoice', 'changePlan.minimumInvoice'] as const;

function settingsShown(ctx: AppContext, partnerId: number, memo?: FactsMemo): ChangePlanQuoteView['settings'] {
  const partnerName = memoized(memo?.partnerNames, partnerId, () => one<{ name: string }>(ctx.db, 'SELECT name FROM partners WHERE id = ?', partnerId)?.name ?? '');
  const origins = settingOrigins(ctx.db, partnerId);
  const settings = resolveSettings(ctx.db, partnerId);
  return {
    partnerId,
    partnerName,
    values: Object.fromEntries(SETTING_KEYS_SHOWN.map((k) => [k, settings[k]])),
    origins: Object.fromEntries(SETTING_KEYS_SHOWN.map((k) => [k, origins[k].origin])),
  };
}

/**
 * The breakdown as the dialog shows it. `explain: false` (bulk rows, see compactView) leaves out the settings block,
 * which is the same for every row of a batch: no per-row lookups for it.
 */
function view(ctx: AppContext, p: Prepared, q: ChangePlanQuote, memo: FactsMemo | undefined, fingerprint: string, opts: { explain?: boolean } = {}): ChangePlanQuoteView {
  return {
    ok: true,
    fingerprint,
    today: q.today,
    service: { id: p.old.id, planName: p.old.planName, description: p.old.description, unitPrice: p.old.unitPrice, start: p.old.start, invoicedUntil: p.old.invoicedUntil },
    newPlan: { id: p.plan.id, name: p.plan.name, description: p.description, unitPrice: p.unitPrice },
    start: q.newStart,
    sameDay: q.sameDay,
    usedDays: q.usedDays,
    unusedDays: q.unusedDays,
    divisor: q.divisor,
    refundLines: q.refundLines.map((r) =>
      line({ kind: 'refund', description: q.refundDescription, from: r.from, to: r.to, days: r.days, divisor: r.divisor, basePrice: r.periodPrice, amount: r.total, net: r.net, vat: r.vat, sentence: r.sentence }),
    ),
    fee: q.fee.amount > 0 ? line({ kind: 'fee', description: q.fee.description, from: null, to: null, days: null, divisor: null, basePrice: null, amount: q.fee.amount, sentence: q.fee.sentence }) : null,
    charge: q.newCharge
      ? line({
          kind: 'charge',
          description: q.newCharge.description,
          from: q.newCharge.from,
          to: q.newCharge.to,
          days: q.newCharge.days,
          divisor: q.newCharge.divisor,
          basePrice: q.newCharge.lines[0]?.periodPrice ?? null,
          amount: q.newCharge.total,
          net: q.newCharge.net,
          vat: q.newCharge.vat,
          sentence: q.newCharge.sentence,
        })
      : null,
    refundTotal: q.refundTotal,
    invoiceTotal: q.invoice?.total ?? 0,
    deferred: q.deferredToNextInvoice
      ? [
          ...q.deferredToNextInvoice.caughtUpByNextInvoice.map((l) =>
            line({ kind: 'charge', description: l.description, from: l.from, to: l.to, days: l.days, divisor: l.divisor, basePrice: l.periodPrice, amount: l.total, net: l.net, vat: l.vat, sentence: `${l.sentence} — on the next recurring invoice` }),
          ),
          ...q.deferredToNextInvoice.pendingCharges.map((c) =>
            line({ kind: 'fee', description: c.description, from: null, to: null, days: null, divisor: null, basePrice: null, amount: c.amount, sentence: `${q.fee.sentence} — on the next recurring invoice` }),
          ),
        ]
      : [],
    documents: q.documents,
    balanceBefore: q.balanceBefore,
    balanceAfter: q.balanceAfter,
    oldService: { end: q.oldService.end, statusFromStart: q.oldService.statusFromStart },
    newService: q.newService,
    settings: opts.explain === false ? { partnerId: p.partnerId, partnerName: '', values: {}, origins: {} } : settingsShown(ctx, p.partnerId, memo),
    notes: q.deferredToNextInvoice ? [...q.why, q.deferredToNextInvoice.sentence] : q.why,
  };
}

/** What a bulk row stores of its quote: every figure of the view, without the sentences, notes and settings block. */
export type CompactQuote = Omit<ChangePlanQuoteView, 'refundLines' | 'fee' | 'charge' | 'deferred' | 'settings' | 'notes'> & {
  compact: true;
  refundLines: Omit<QuoteLine, 'sentence'>[];
  fee: Omit<QuoteLine, 'sentence'> | null;
  charge: Omit<QuoteLine, 'sentence'> | null;
  deferred: Omit<QuoteLine, 'sentence'>[];
  settings: { partnerId: number };
};

function compactView(v: ChangePlanQuoteView): CompactQuote {
  const bare = ({ sentence: _s, ...l }: QuoteLine): Omit<QuoteLine, 'sentence'> => l;
  const { settings, notes: _n, refundLines, fee, charge, deferred, ...rest } = v;
  return {
    ...rest,
    compact: true,
    refundLines: refundLines.map(bare),
    fee: fee && bare(fee),
    charge: charge && bare(charge),
    deferred: deferred.map(bare),
    settings: { partnerId: settings.partnerId },
  };
}

/** The live breakdown. A refusal is an answer here, so the dialog can show it in place with the way out. */
export function quote(ctx: AppContext, req: ChangeRequest): ChangePlanQuoteView | ChangePlanRefusalView {
  // One read of the partner's settings for the whole quote (facts, origins, values), not one per use.
  return withSettingsCache(ctx.db, () => {
    const r = quotePrepared(prepare(ctx, req));
    return r.ok ? view(ctx, r.p, r.q, undefined, r.fingerprint) : r;
  });
}

function refusalError(r: ChangePlanRefusalView): AppError {
  return new AppError(r.code === 'VALIDATION' ? 'VALIDATION' : 'REFUSED', r.message, { [r.field]: r.message }, {
    ...(r.earliestStart ? { earliestStart: r.earliestStart } : {}),
    ...(r.pendingPlanChangeId ? { pendingPlanChangeId: r.pendingPlanChangeId } : {}),
  });
}

/** A service as a change left it: what bulk undo compares with later to see whether staff changed it by hand. */
export interface ServiceLeft {
  id: number;
  status: string;
  planId: number;
  start: string;
  end: string | null;
  invoicedUntil: string | null;
  unitPrice: number;
  quantity: number;
}

export interface ServicesLeft {
  /** the audit entry of the change (the last one it wrote) */
  auditId: number;
  old: ServiceLeft;
  new: ServiceLeft;
}

/**
 * Rows of a batch of changes (a bulk chunk) that nothing reads before the batch ends: its documents' lines and ledger
 * rows, written many to a statement by the batch's flush in the same transaction, with the ids one INSERT each gives.
 */
export interface LaterWrites {
  creditNoteLines: InsertBuffer;
  invoiceLines: InsertBuffer;
  ledger: InsertBuffer;
  /**
   * The balance moves of the batch's credit notes and of the invoices settled from their change's own refund, and what
   * the credit notes settled on invoices: written by flushLaterWrites, and by the batch before it applies another row
   * of a customer in here (writeCustomerMoney), since that row reads the balance and the invoices.
   */
  money: DeferredMoney;
  /** the batch's running invoice and credit note counts (only the batch numbers documents meanwhile) */
  invoiceNumbers: NumberSequence;
  creditNoteNumbers: NumberSequence;
  /**
   * The batch's plan changes, whole, with their ids (nothing reads them before the batch ends: a row looks only for
   * changes of its own service), and the id of the next one (read at its first; only the batch inserts plan changes).
   */
  planChanges: InsertBuffer;
  nextChangeId?: number;
  /** old services' new end and invoiced-until dates (status unchanged), written by flushLaterWrites */
  serviceEnds: ServiceEnds;
  /** the changes' audit entries (see PendingRows) */
  audits: PendingRows;
  /** the changes' new services and their first statuses (see copyService) */
  copies: PendingCopies;
  /** the changes' invoices and credit notes (see PendingDocuments) */
  invoices: PendingDocuments;
  creditNotes: PendingDocuments;
}

/**
 * A batch's later writes, in its transaction. The batch also defers that transaction's foreign key checks to its
 * commit: a change's own row is then written whole at the batch's end (see post), with the id it would have had
 * first — one write of the row instead of an INSERT and an UPDATE of four indexed columns, many rows to a statement.
 * A broken reference still fails the batch, at its commit, and rolls it back whole.
 */
export function laterWrites(ctx: AppContext): LaterWrites {
  ctx.db.sqlite.pragma('defer_foreign_keys = ON'); // for this transaction only: SQLite turns it off at its end
  return { planChanges: planChangeBuffer(), creditNoteLines: creditNoteLineBuffer(), invoiceLines: invoiceLineBuffer(), ledger: ledgerBuffer(), money: deferredMoney(), invoiceNumbers: {}, creditNoteNumbers: {}, serviceEnds: [], audits: pendingAudits(), copies: pendingCopies(), invoices: pendingInvoices(), creditNotes: pendingCreditNotes() };
}

/** Writes a batch's rows (credit note and invoice lines, then the ledger rows naming those documents, and the balances). */
export function flushLaterWrites(ctx: AppContext, later: LaterWrites): void {
  later.copies.services.flush(ctx.db); // first: each copy reads its source before the old services' new dates below
  later.planChanges.flush(ctx.db);
  later.creditNotes.rows.flush(ctx.db);
  later.invoices.rows.flush(ctx.db);
  later.creditNoteLines.flush(ctx.db);
  later.invoiceLines.flush(ctx.db);
  later.ledger.flush(ctx.db);
  writeDeferredMoney(ctx, later.money);
  setServiceEnds(ctx, later.serviceEnds);
  later.serviceEnds = [];
  later.audits.flush(ctx.db);
  later.copies.statuses.flush(ctx.db);
}

/** A batch that ends without its flush (rolled back): its kept rows are forgotten. */
export function discardLaterWrites(ctx: AppContext, later: LaterWrites): void {
  later.audits.discard(ctx.db);
  later.copies.services.discard(ctx.db);
  later.copies.statuses.discard(ctx.db);
  later.invoices.rows.discard(ctx.db);
  later.creditNotes.rows.discard(ctx.db);
}

/**
 * How many rows a batch keeps for its end now: a row of the batch that failed with this count moved (or with rows
 * written) left part of its change behind, and the batch must be rolled back (see bulk.ts, RowIsolation).
 */
export function keptRows(later: LaterWrites): number {
  return (
    later.copies.services.size + later.copies.statuses.size + later.serviceEnds.length + later.planChanges.size + later.audits.size +
    later.invoices.rows.size + later.creditNotes.rows.size + later.invoiceLines.size + later.creditNoteLines.size + later.ledger.size
  );
}

/**
 * Before a batch applies a row of this customer: the money and the documents waiting for the customer are written
 * (with all the rest): the row reads the customer's balance and invoices.
 */
export function writeCustomerMoney(ctx: AppContext, later: LaterWrites, customerId: number): void {
  // Every row that keeps something for the batch's end moves its customer's balance (its credit note or its invoice's debit).
  if (!later.money.balances.has(customerId)) return;
  writeEverythingDeferred(ctx, later.money);
}

/** A change's columns as apply knows them before posting anything (then its documents, new service and quote). */
const PLAN_CHANGE_COLUMNS_FIRST = [
  'customer_id', 'old_service_id', 'old_plan_id', 'new_plan_id', 'made_on', 'start_date', 'status', 'source', 'bulk_batch_id',
  'fingerprint', 'old_end_date', 'old_invoiced_until', 'old_status', 'created_by',
] as const;
const PLAN_CHANGE_INSERT = `INSERT INTO plan_changes (${PLAN_CHANGE_COLUMNS_FIRST.join(', ')}, quote) VALUES (${PLAN_CHANGE_COLUMNS_FIRST.map(() => '?').join(', ')}, '{}')`;
/** A batch's plan changes, each whole with the id it would have had (see laterWrites). */
const planChangeBuffer = (): InsertBuffer => new InsertBuffer('plan_changes', ['id', ...PLAN_CHANGE_COLUMNS_FIRST, 'new_service_id', 'credit_note_id', 'invoice_id', 'quote']);

export type ApplyRequest = ChangeRequest & { fingerprint: string | null; source?: 'admin' | 'portal' | 'bulk'; bulkBatchId?: number | null; memo?: FactsMemo; later?: LaterWrites };
/** Runs inside a change's transaction once it is posted (a bulk row records its outcome with the change itself). */
export type Posted = (changeId: number, left: ServicesLeft) => void;

/** Posts a change exactly as quoted (decision 6 order), in one transaction. `fingerprint` null = bulk, already previewed by the caller. */
export function apply(ctx: AppContext, req: ApplyRequest, posted?: Posted): PlanChangeRow {
  return ctx.db.transaction(() => {
    const { changeId, quote } = post(ctx, req, posted);
    return appliedRow(ctx, changeId, quote);
  });
}

/** apply for a row of a batch, which needs only the change's id (its row is not read back); returns that id. */
export function applyInBatch(ctx: AppContext, req: ApplyRequest, posted: Posted): number {
  return ctx.db.transaction(() => post(ctx, req, posted).changeId);
}

function post(ctx: AppContext, req: ApplyRequest, posted?: Posted): { changeId: number; quote: ChangePlanQuoteView | CompactQuote } {
  const p = prepare(ctx, req, { memo: req.memo });
  if (!('input' in p)) throw refusalError(p);
  const q = quoteChangePlan(p.input);
  if (!q.ok) throw refusalError({ ok: false, code: q.code, field: q.field, message: q.message, earliestStart: q.details?.earliestStart as string | undefined });
  const fingerprint = fingerprintOf(p.input);
  if (req.fingerprint !== null && req.fingerprint !== fingerprint)
    throw new AppError('STALE_QUOTE', 'The figures changed since this quote was made (a payment, a setting or another window). Check the new figures and apply again.', undefined, {
      quote: view(ctx, p, q, req.memo, fingerprint),
    });
  // A bulk row stores the quote without its explanations (sentences, settings, notes): the batch's preview showed
  // them, and the stored quote is read only for its figures (the totals of the plan-change row). A single change keeps them all.
  const current = req.source === 'bulk' ? compactView(view(ctx, p, q, req.memo, fingerprint, { explain: false })) : view(ctx, p, q, req.memo, fingerprint);
  const today = ctx.clock.today();
  const { old } = p;

  const changeValues = [
    old.customerId, old.id, old.planId, p.plan.id, today, req.start, 'applied', req.source ?? 'admin', req.bulkBatchId ?? null,
    fingerprint, old.end, old.invoicedUntil, old.status, actorLabel(ctx),
  ];
  // The quote (the largest column by far) is written once, by the closing UPDATE below: inserted here it would be
  // written twice, as SQLite rewrites the whole row when the change's documents are filled in. A batch (req.later)
  // writes the whole row at its end instead, with this id (see laterWrites).
  const changeId = req.later
    ? (req.later.nextChangeId ??= nextIdOf(ctx.db, 'plan_changes'))
    : Number(run(ctx.db, PLAN_CHANGE_INSERT, ...changeValues).lastInsertRowid);

  // The old service leaves 'active' before the new one may enter it (login and IPv4 are unique among active services).
  const oldStatusNow = q.oldService.statusNow;
  // Status only when it changes: setting it touches the status indexes even to the same value.
  const oldLeft = { end_date: q.oldService.end, invoiced_until: q.oldService.invoicedUntil };
  if (oldStatusNow !== old.status) updateService(ctx, old.id, { ...oldLeft, status: oldStatusNow }, { on: today });
  // A batch writes its old services' new dates in one statement at its end: nothing reads them before (the copy below
  // takes neither column from its source), and without a status the update concerns no network answer either.
  else if (req.later) req.later.serviceEnds.push([old.id, oldLeft.end_date, oldLeft.invoiced_until]);
  else updateService(ctx, old.id, oldLeft);

  // Decision 22: the new service keeps the old one's quantity, pay period and unit, and a discount whose window has
  // not ended (for the rest of that window); plan, description and price are the new ones.
  const carried = p.input.next.discount;
  const newServiceId = copyService(ctx, old.id, {
    plan_id: p.plan.id,
    description: p.description,
    unit_price: p.unitPrice,
    start_date: req.start,
    end_date: null,
    invoiced_until: q.newService.invoicedUntil,
    status: q.newService.status,
    ...(carried ? {} : { discount_kind: 'none', discount_value: 0, discount_from: null, discount_to: null, discount_message: null }),
    replaces_service_id: old.id,
    plan_change_id: changeId,
    created_on: today,
  }, {}, req.later?.copies);

  let creditNoteId: number | null = null;
  // After the credit note, allocate() says what free credit is left: the invoice below then needs no second look at the debts.
  let freeCredit: number | undefined;
  if (q.refundTotal > 0) {
    const creditNote = postCreditNote(ctx, {
      customerId: old.customerId,
      kind: 'refund',
      date: today,
      reason: `Plan change #${changeId}: ${old.planName} → ${p.plan.name} from ${req.start}`,
      planChangeId: changeId,
      lines: q.refundLines.map((r) => {
        const invoiced = p.input.old.invoicedLines.find((l) => l.from === r.lineFrom && l.to === r.lineTo);
        return {
          serviceId: old.id,
          description: q.refundDescription,
          dateFrom: r.from,
          dateTo: r.to,
          days: r.days,
          divisor: r.divisor,
          periodPrice: r.periodPrice,
          amount: r.amount,
          vatRateBp: invoiced?.vatRateBp ?? 0,
          vatIncluded: invoiced?.vatIncluded ?? true,
          net: r.net,
          vat: r.vat,
          total: r.total,
        };
      }),
    }, req.later ? { customer: p.customer, lines: req.later.creditNoteLines, ledger: req.later.ledger, numbers: req.later.creditNoteNumbers, deferred: req.later.money, pending: req.later.creditNotes } : { customer: p.customer });
    creditNoteId = creditNote.id;
    freeCredit = creditNote.freeCredit;
  }

  let invoiceId: number | null = null;
  if (q.invoice) {
    const lines: DocumentLine[] = q.invoice.lines.map((l) =>
      l.kind === 'fee'
        ? { kind: 'fee', description: l.description, amount: l.amount, net: l.net, vat: l.vat, total: l.total }
        : serviceDocumentLine('charge', l, { serviceId: newServiceId, quantity: old.quantity, unitPrice: p.unitPrice, vatRateBp: p.vat.rateBp, vatIncluded: p.vat.included }),
    );
    // With freeCredit nothing reads the balance while posting the invoice: a batch writes its debit with the others.
    const batched = req.later ? { lines: req.later.invoiceLines, ledger: req.later.ledger, numbers: req.later.invoiceNumbers, balances: req.later.money.balances, pending: req.later.invoices } : {};
    invoiceId = postInvoice(ctx, { customerId: old.customerId, kind: 'change_plan', date: today, lines, planChangeId: changeId }, freeCredit === undefined ? { customer: p.customer, ...batched } : { customer: p.customer, freeCredit, ...batched }).id;
  }
  for (const c of q.deferredToNextInvoice?.pendingCharges ?? [])
    run(
      ctx.db,
      `INSERT INTO pending_charges (customer_id, service_id, plan_change_id, kind, description, amount, net, vat, total, created_on)
       VALUES (?, ?, ?, 'fee', ?, ?, ?, 0, ?, ?)`,
      old.customerId, newServiceId, changeId, c.description, c.amount, c.amount, c.amount, today,
    );

  if (req.later) {
    req.later.planChanges.add([changeId, ...changeValues, newServiceId, creditNoteId, invoiceId, JSON.stringify(current)]);
    req.later.nextChangeId = changeId + 1;
  } else run(ctx.db, 'UPDATE plan_changes SET new_service_id = ?, credit_note_id = ?, invoice_id = ?, quote = ? WHERE id = ?', newServiceId, creditNoteId, invoiceId, JSON.stringify(current), changeId);
  const entry: AuditEvent = {
    entity: 'plan_change',
    entityId: changeId,
    customerId: old.customerId,
    action: `plan change ${old.planName} → ${p.plan.name} from ${req.start}`,
    before: { service: { id: old.id, end: old.end, invoicedUntil: old.invoicedUntil, status: old.status }, balance: q.balanceBefore },
    after: {
      service: { id: old.id, end: q.oldService.end, invoicedUntil: q.oldService.invoicedUntil, status: oldStatusNow },
      newService: { id: newServiceId, status: q.newService.status, start: req.start },
      refund: q.refundTotal,
      invoice: q.invoice?.total ?? 0,
      balance: q.balanceAfter,
      creditNoteId,
      invoiceId,
    },
  };
  const auditId = req.later ? auditPending(req.later.audits, ctx, entry) : audit(ctx, entry);
  posted?.(changeId, {
    auditId,
    old: { id: old.id, status: oldStatusNow, planId: old.planId, start: old.start, end: q.oldService.end, invoicedUntil: q.oldService.invoicedUntil, unitPrice: old.unitPrice, quantity: old.quantity },
    new: { id: newServiceId, status: q.newService.status, planId: p.plan.id, start: req.start, end: null, invoicedUntil: q.newService.invoicedUntil, unitPrice: p.unitPrice, quantity: old.quantity },
  });
  return { changeId, quote: current };
}

/** getPlanChange of the change just applied, its totals taken from the quote in hand instead of parsed back out of the stored JSON. */
function appliedRow(ctx: AppContext, id: number, quote: Pick<ChangePlanQuoteView, 'refundTotal' | 'invoiceTotal'> & { fee: { amount: number } | null }): PlanChangeRow {
  const r = one<Omit<PlanChangeDbRow, 'refundTotal' | 'invoiceTotal' | 'feeTotal'>>(ctx.db, `${PLAN_CHANGE_COLUMNS} WHERE pc.id = ?`, id)!;
  // what COALESCE(json_extract(quote, …), 0) reads from JSON.stringify(quote)
  const num = (v: number | null | undefined): number => (typeof v === 'number' && Number.isFinite(v) ? v + 0 : 0);
  return toRow({ ...r, refundTotal: num(quote.refundTotal), invoiceTotal: num(quote.invoiceTotal), feeTotal: num(quote.fee?.amount) });
}

const actorLabel = (ctx: AppContext): string => actorName(ctx.actor);

/** Decision 8: before its start date a change is reversed with mirror documents and the old service restored. */
export function cancel(ctx: AppContext, planChangeId: number): PlanChangeRow {
  return ctx.db.transaction(() => {
    const pc = one<{
      id: number; customerId: number; oldServiceId: number; newServiceId: number | null; start: string; status: string;
      creditNoteId: number | null; invoiceId: number | null; oldEnd: string | null; oldInvoicedUntil: string | null; oldStatus: string | null;
    }>(
      ctx.db,
      `SELECT id, customer_id AS customerId, old_service_id AS oldServiceId, new_service_id AS newServiceId, start_date AS start, status,
              credit_note_id AS creditNoteId, invoice_id AS invoiceId, old_end_date AS oldEnd, old_invoiced_until AS oldInvoicedUntil, old_status AS oldStatus
         FROM plan_changes WHERE id = ?`,
      planChangeId,
    );
    if (!pc) throw notFound('Plan change', planChangeId, 'planChangeId');
    const today = ctx.clock.today();
    if (pc.status === 'cancelled') throw new AppError('CONFLICT', `Plan change #${pc.id} is already cancelled`, { planChangeId: 'already cancelled' });
    if (pc.start <= today)
      throw new AppError('REFUSED', `Plan change #${pc.id} started on ${pc.start}: only a change that has not started yet can be cancelled`, { planChangeId: 'already started' });
    const before = loadService(ctx, pc.oldServiceId);
    // The old service must still be as the change left it (ending the day before the new start). Going Inactive
    // (decision 21) ends it earlier and stops the new service; restoring it then would put two services with one
    // login back to work when the customer pays. Staff reactivate the customer first, or edit by hand.
    if (before.end !== addDays(pc.start, -1))
      throw new AppError(
        'REFUSED',
        `Plan change #${pc.id} cannot be cancelled: service #${before.id} was changed since (it ${before.end ? `ends on ${before.end}` : 'has no end date'}, the change left it ending on ${addDays(pc.start, -1)})`,
        { planChangeId: 'the old service was changed since' },
      );

    // Everything the change billed — its own invoice, and what billing days have put on invoices since (the
    // new service's periods, a deferred fee) — is given back on one cancellation credit note.
    const giveBack: { description: string; serviceId: number | null; dateFrom: string | null; dateTo: string | null; amount: number; net: number; vat: number; total: number }[] = [];
    if (pc.invoiceId !== null) {
      const inv = one<{ number: string; total: number; net: number; vat: number }>(ctx.db, 'SELECT number, total, net, vat FROM invoices WHERE id = ?', pc.invoiceId)!;
      run(ctx.db, "UPDATE invoices SET status = 'cancelled' WHERE id = ?", pc.invoiceId);
      if (inv.total > 0) giveBack.push({ description: `Cancellation of invoice ${inv.number}`, serviceId: null, dateFrom: null, dateTo: null, amount: inv.total, net: inv.net, vat: inv.vat, total: inv.total });
    }
    if (pc.newServiceId !== null)
      giveBack.push(
        ...all<(typeof giveBack)[number] & { number: string }>(
          ctx.db,
          `SELECT 'Cancellation: ' || l.description || ' (invoice ' || i.number || ')' AS description, l.service_id AS serviceId, l.date_from AS dateFrom,
                  l.date_to AS dateTo, l.total AS amount, l.net, l.vat, l.total, i.number
             FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id
            WHERE ${inHistoryYears('invoice_lines', 'l')} AND l.service_id = ? AND l.kind = 'recurring' AND i.status <> 'cancelled' AND i.id IS NOT ? ORDER BY l.id`,
          pc.newServiceId,
          pc.invoiceId,
        ).map(({ number: _n, ...l }) => l),
      );
    giveBack.push(
      ...all<(typeof giveBack)[number]>(
        ctx.db,
        `SELECT 'Cancellation: ' || description AS description, service_id AS serviceId, date_from AS dateFrom, date_to AS dateTo, total AS amount, net, vat, total
           FROM pending_charges WHERE plan_change_id = ? AND invoice_id IS NOT NULL ORDER BY id`,
        pc.id,
      ),
    );
    // Decision 23: no document for a zero amount.
    if (giveBack.reduce((t, l) => t + l.total, 0) > 0)
      postCreditNote(ctx, {
        customerId: pc.customerId,
        kind: 'cancellation',
        date: today,
        reason: `Cancellation of plan change #${pc.id}`,
        planChangeId: pc.id,
        cancelsInvoiceId: pc.invoiceId,
        lines: giveBack,
      });
    if (pc.creditNoteId !== null) {
      const cn = one<{ number: string; total: number; net: number; vat: number }>(ctx.db, 'SELECT number, total, net, vat FROM credit_notes WHERE id = ?', pc.creditNoteId)!;
      postInvoice(ctx, {
        customerId: pc.customerId,
        kind: 'cancellation',
        date: today,
        planChangeId: pc.id,
        lines: [{ kind: 'cancellation', description: `Cancellation of credit note ${cn.number}`, amount: cn.total, net: cn.net, vat: cn.vat, total: cn.total }],
      });
    }
    run(ctx.db, 'DELETE FROM pending_charges WHERE plan_change_id = ? AND invoice_id IS NULL', pc.id);
    if (pc.newServiceId !== null) {
      // Kept (archived) rather than deleted: the change's documents still name it. Archived, it is never billed and
      // the default services list leaves it out (decision 22).
      const start = one<{ start: string }>(ctx.db, 'SELECT start_date AS start FROM services WHERE id = ?', pc.newServiceId)!.start;
      updateService(ctx, pc.newServiceId, { status: 'archived', end_date: start }, { on: today });
      run(ctx.db, "UPDATE scheduled_status_changes SET cancelled_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE service_id = ? AND applied_at IS NULL AND cancelled_at IS NULL", pc.newServiceId);
    }
    // Days billed on the old service since the change stay billed: never move invoiced-until backwards.
    const invoicedUntil = [pc.oldInvoicedUntil, before.invoicedUntil].filter((d): d is string => d !== null).sort().pop() ?? null;
    const restored = (pc.oldStatus ?? 'active') as ServiceStatus;
    updateService(ctx, pc.oldServiceId, restored === before.status ? { end_date: pc.oldEnd, invoiced_until: invoicedUntil } : { end_date: pc.oldEnd, invoiced_until: invoicedUntil, status: restored }, { on: today });
    run(ctx.db, "UPDATE plan_changes SET status = 'cancelled', cancelled_on = ?, cancelled_by = ? WHERE id = ?", today, actorLabel(ctx), pc.id);
    audit(ctx, {
      entity: 'plan_change',
      entityId: pc.id,
      customerId: pc.customerId,
      action: `plan change #${pc.id} cancelled`,
      before: { service: { id: before.id, end: before.end, invoicedUntil: before.invoicedUntil, status: before.status }, newServiceId: pc.newServiceId },
      after: { service: { id: before.id, end: pc.oldEnd, invoicedUntil, status: pc.oldStatus }, newService: 'archived', givenBack: giveBack.reduce((t, l) => t + l.total, 0) },
    });
    return getPlanChange(ctx, pc.id);
  });
}

const PLAN_CHANGE_FIELDS = `pc.id, pc.customer_id AS customerId, c.name AS customerName, pc.old_service_id AS oldServiceId, pc.new_service_id AS newServiceId,
         op.name AS oldPlanName, np.name AS newPlanName, pc.made_on AS madeOn, pc.start_date AS start, pc.status, pc.source,
         pc.credit_note_id AS creditNoteId, pc.invoice_id AS invoiceId`;
const PLAN_CHANGE_FROM = `
    FROM plan_changes pc JOIN customers c ON c.id = pc.customer_id
    JOIN plans op ON op.id = pc.old_plan_id JOIN plans np ON np.id = pc.new_plan_id`;
const PLAN_CHANGE_SELECT = `
  SELECT ${PLAN_CHANGE_FIELDS},
         -- the three totals only: parsing the whole stored quote per row cost more than the rest of the query
         COALESCE(json_extract(pc.quote, '$.refundTotal'), 0) AS refundTotal, COALESCE(json_extract(pc.quote, '$.invoiceTotal'), 0) AS invoiceTotal,
         COALESCE(json_extract(pc.quote, '$.fee.amount'), 0) AS feeTotal${PLAN_CHANGE_FROM}`;
/** The same row of one change without the totals (added from the quote in hand); names by subquery, cheaper than JOINs for one row. */
const PLAN_CHANGE_COLUMNS = `
  SELECT pc.id, pc.customer_id AS customerId, (SELECT c.name FROM customers c WHERE c.id = pc.customer_id) AS customerName,
         pc.old_service_id AS oldServiceId, pc.new_service_id AS newServiceId,
         (SELECT op.name FROM plans op WHERE op.id = pc.old_plan_id) AS oldPlanName, (SELECT np.name FROM plans np WHERE np.id = pc.new_plan_id) AS newPlanName,
         pc.made_on AS madeOn, pc.start_date AS start, pc.status, pc.source, pc.credit_note_id AS creditNoteId, pc.invoice_id AS invoiceId
    FROM plan_changes pc`;

type PlanChangeDbRow = PlanChangeRow & { newServiceId: number };

function toRow(r: PlanChangeDbRow): PlanChangeRow {
  return r;
}

export function getPlanChange(ctx: AppContext, id: number): PlanChangeRow {
  const r = one<PlanChangeDbRow>(ctx.db, `${PLAN_CHANGE_SELECT} WHERE pc.id = ?`, id);
  if (!r) throw notFound('Plan change', id, 'id');
  return toRow(r);
}

export function listPlanChanges(
  ctx: AppContext,
  input: { status: 'pending' | 'applied' | 'cancelled' | 'all'; customerId: number | null; page: number; pageSize: number },
) {
  const today = ctx.clock.today();
  const where: string[] = [];
  const params: unknown[] = [];
  if (input.status === 'pending') {
    where.push("pc.status = 'applied' AND pc.start_date > ?");
    params.push(today);
  } else if (input.status !== 'all') {
    where.push('pc.status = ?');
    params.push(input.status);
  }
  if (input.customerId !== null) {
    where.push('pc.customer_id = ?');
    params.push(input.customerId);
  }
  const clause = where.length ? ` WHERE ${where.join(' AND ')}` : '';
  const total = one<{ n: number }>(ctx.db, `SELECT COUNT(*) AS n FROM plan_changes pc${clause}`, ...params)!.n;
  const rows = all<PlanChangeDbRow>(ctx.db, `${PLAN_CHANGE_SELECT}${clause} ORDER BY pc.start_date, pc.id LIMIT ? OFFSET ?`, ...params, input.pageSize, (input.page - 1) * input.pageSize);
  return { rows: rows.map(toRow), total, page: input.page, pageSize: input.pageSize };
}

export function options(ctx: AppContext, serviceId: number): ChangePlanOptions {
  const old = loadService(ctx, serviceId);
  const customer = customerBillingRow(ctx, old.customerId);
  const settings = resolveSettings(ctx.db, customer.partnerId);
  const plans = all<{ id: number; name: string; price: number; description: string | null }>(
    ctx.db,
    `SELECT id, name, price, description FROM plans
      WHERE kind = ? AND enabled = 1 AND id <> ?
        AND (NOT EXISTS (SELECT 1 FROM plan_partners pp WHERE pp.plan_id = plans.id)
             OR EXISTS (SELECT 1 FROM plan_partners pp WHERE pp.plan_id = plans.id AND pp.partner_id = ?))
      ORDER BY name`,
    old.kind, old.planId, customer.partnerId,
  );
  const current = loadPlan(ctx, old.planId);
  const pending = pendingChangeOf(ctx, serviceId);
  const today = ctx.clock.today();
  const earliest =
    settings['changePlan.refund'] === 'none' && old.invoicedUntil && addDays(old.invoicedUntil, 1) > today ? addDays(old.invoicedUntil, 1) : today;
  return {
    serviceId,
    currentPlan: { id: current.id, name: current.name, price: old.unitPrice },
    plans: plans.map((p) => ({ ...p, description: p.description || p.name })),
    pendingChange: pending === null ? null : getPlanChange(ctx, pending),
    earliestStart: earliest,
  };
}
