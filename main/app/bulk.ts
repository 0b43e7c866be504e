import type { BulkApplyProgress, BulkBatchView, BulkCounts, BulkItemFilter, BulkItemRow, BulkTotals, BulkUndoResult } from '../contract/bulk';
import type { ChangePlanQuoteView } from '../contract/changePlan';
import type { Page } from '../contract/common';
import { AppError, notFound } from '../contract/errors';
import { withSettingsCache } from '../../db/settings';
import { formatMoney } from '../engine/money';
import { audit } from './audit';
import * as changePlan from './changePlan';
import { actorName, type AppContext } from './context';
import type { Handlers } from './handlers';
import { isTakenDocumentNumber } from './ledger';
import { InsertBuffer, NOW_SQL, totalChanges } from './prepared';
import { mapWithProgress } from './progress';
import { all, likeLiteral, one, run } from './sql';

// Bulk tariff change (decision 13). The preview quotes every service of the plan with the same code as a single
// change (changePlan.loadFacts → prepareFromFacts → quotePrepared); apply posts each row through changePlan.apply,
// each service in its own transaction together with its row's result, so an interrupted apply leaves every
// service either fully changed or untouched and the next applyChunk carries on with the rows still pending.

interface BatchDbRow {
  id: number;
  fromPlanId: number;
  toPlanId: number;
  fromName: string;
  toName: string;
  fromKind: string;
  toKind: string;
  start: string;
  ignoreBalance: number;
  description: string | null;
  price: number | null;
  toDescription: string | null;
  toPrice: number;
  status: BulkBatchView['status'];
  createdOn: string;
  createdBy: string;
  appliedAt: string | null;
  undoneOn: string | null;
  undoneBy: string | null;
}

const BATCH_SELECT = `
  SELECT b.id, b.from_plan_id AS fromPlanId, b.to_plan_id AS toPlanId, fp.name AS fromName, tp.name AS toName, fp.kind AS fromKind, tp.kind AS toKind,
         b.start_date AS start, b.ignore_balance AS ignoreBalance, b.description, b.price, tp.description AS toDescription, tp.price AS toPrice,
         b.status, b.created_on AS createdOn, b.created_by AS createdBy, b.applied_at AS appliedAt, b.undone_on AS undoneOn, b.undone_by AS undoneBy
    FROM bulk_batches b JOIN plans fp ON fp.id = b.from_plan_id JOIN plans tp ON tp.id = b.to_plan_id`;

/** Services listed by a bulk change: everything on the plan except history (archived, or disabled and ended). */
const LISTED_SERVICES = `
  SELECT s.id, s.customer_id AS customerId FROM services s
   WHERE s.plan_id = ? AND s.status <> 'archived' AND NOT (s.status = 'disabled' AND s.end_date IS NOT NULL AND s.end_date < ?)
   ORDER BY s.id`;

function loadBatch(ctx: AppContext, batchId: number): BatchDbRow {
  const b = one<BatchDbRow>(ctx.db, `${BATCH_SELECT} WHERE b.id = ?`, batchId);
  if (!b) throw notFound('Bulk change', batchId, 'batchId');
  return b;
}

/** A batch's rows by status, with the sums of their figures (null: no row of that status has the figure). */
type StatusTally = { status: string; n: number } & Record<Exclude<keyof BulkTotals, 'services'>, number | null>;

function tallyOf(ctx: AppContext, batchId: number): StatusTally[] {
  return all<StatusTally>(
    ctx.db,
    `SELECT status, COUNT(*) AS n, SUM(old_price) AS oldMonthly, SUM(new_price) AS newMonthly, SUM(refund) AS refund, SUM(fee) AS fee,
            SUM(charge) AS charge, SUM(balance_effect) AS balanceEffect
       FROM bulk_batch_items WHERE batch_id = ? GROUP BY status`,
    batchId,
  );
}

function countsFrom(rows: readonly StatusTally[]): BulkCounts {
  const n = (s: string) => rows.find((r) => r.status === s)?.n ?? 0;
  return {
    total: rows.reduce((a, r) => a + r.n, 0),
    pending: n('pending'),
    excluded: n('excluded'),
    skipped: n('skipped'),
    succeeded: n('success'),
    failed: n('failed'),
    undone: n('undone'),
    changedByHand: n('changedByHand'),
    undoFailed: n('undoFailed'),
  };
}

const countsOf = (ctx: AppContext, batchId: number): BulkCounts => countsFrom(tallyOf(ctx, batchId));

/**
 * The totals of the rows that change (not excluded or skipped), from the same statement as the counts (one pass over
 * the batch's rows after every chunk instead of two): the sums of SUM per status, as one SUM over those rows gives.
 */
function totalsFrom(rows: readonly StatusTally[]): BulkTotals {
  const included = rows.filter((r) => r.status !== 'excluded' && r.status !== 'skipped');
  const sum = (k: Exclude<keyof BulkTotals, 'services'>) => included.reduce((a, r) => a + (r[k] ?? 0), 0);
  return {
    services: included.reduce((a, r) => a + r.n, 0),
    oldMonthly: sum('oldMonthly'),
    newMonthly: sum('newMonthly'),
    refund: sum('refund'),
    fee: sum('fee'),
    charge: sum('charge'),
    balanceEffect: sum('balanceEffect'),
  };
}

/** The plan's services a preview does not list, each with the reason (see LISTED_SERVICES). */
function leftOutOf(ctx: AppContext, b: BatchDbRow): BulkBatchView['leftOut'] {
  if (b.status !== 'preview') return { total: 0, rows: [] };
  const rows = all<{ serviceId: number; customerId: number; customerName: string; status: string; end: string | null }>(
    ctx.db,
    `SELECT s.id AS serviceId, s.customer_id AS customerId, c.name AS customerName, s.status, s.end_date AS "end"
       FROM services s JOIN customers c ON c.id = s.customer_id
      WHERE s.plan_id = ? AND s.status <> 'archived'
        AND NOT EXISTS (SELECT 1 FROM bulk_batch_items i WHERE i.service_id = s.id AND i.batch_id = ?)
      ORDER BY s.id`,
    b.fromPlanId,
    b.id,
  );
  return {
    total: rows.length,
    rows: rows.slice(0, 50).map((r) => ({
      serviceId: r.serviceId,
      customerId: r.customerId,
      customerName: r.customerName,
      reason:
        r.status === 'disabled' && r.end
          ? `disabled, ended on ${r.end}: an ended service keeps its plan as history`
          : `${r.status}: added to the plan after this preview was made`,
    })),
  };
}

function toView(ctx: AppContext, b: BatchDbRow): BulkBatchView {
  const tally = tallyOf(ctx, b.id);
  const counts = countsFrom(tally);
  const today = ctx.clock.today();
  let undoBlockedReason: string | null = null;
  if (b.status === 'undone') undoBlockedReason = `Already undone on ${b.undoneOn}`;
  else if (b.status === 'preview') undoBlockedReason = 'Not applied yet';
  else if (b.status === 'applying') undoBlockedReason = 'The apply was interrupted: resume it first';
  else if (b.start <= today) undoBlockedReason = `The new plan started on ${b.start}: a batch can be undone only before its start date`;
  else if (counts.succeeded === 0) undoBlockedReason = 'No service was changed';
  return {
    id: b.id,
    fromPlan: { id: b.fromPlanId, name: b.fromName, kind: b.fromKind },
    toPlan: { id: b.toPlanId, name: b.toName, kind: b.toKind },
    start: b.start,
    ignoreBalance: Boolean(b.ignoreBalance),
    description: b.description?.trim() || b.toDescription?.trim() || b.toName,
    unitPrice: b.price ?? b.toPrice,
    status: b.status,
    createdOn: b.createdOn,
    createdBy: b.createdBy,
    appliedAt: b.appliedAt,
    undoneOn: b.undoneOn,
    undoneBy: b.undoneBy,
    counts,
    totals: totalsFrom(tally),
    canUndo: undoBlockedReason === null,
    undoBlockedReason,
    leftOut: leftOutOf(ctx, b),
  };
}

export function getBatch(ctx: AppContext, batchId: number): BulkBatchView {
  return toView(ctx, loadBatch(ctx, batchId));
}

function requestOf(b: BatchDbRow, serviceId: number): changePlan.ChangeRequest {
  return { serviceId, planId: b.toPlanId, start: b.start, description: b.description, unitPrice: b.price, ignoreBalance: Boolean(b.ignoreBalance) };
}

// ---------------------------------------------------------------------------------------------------------------
// Preview

const ITEM_COLUMNS = ['batch_id', 'service_id', 'customer_id', 'status', 'message', 'quote', 'fingerprint', 'old_price', 'new_price', 'refund', 'fee', 'charge', 'balance_effect'] as const;
/** Services whose facts the preview reads at once: a few statements per chunk, the rows of one chunk in memory. */
const PREVIEW_READ_CHUNK = 2000;

/** A service's row of the preview (ITEM_COLUMNS): its quote's figures, or why it cannot change. */
function previewRow(today: string, b: BatchDbRow, s: { id: number; customerId: number }, facts: changePlan.ChangeFacts | undefined): unknown[] {
  if (!facts) throw notFound('Service', s.id, 'serviceId');
  const req = requestOf(b, s.id);
  const r = changePlan.quotePrepared(changePlan.prepareFromFacts(today, req, facts));
  const oldMonthly = facts.old.unitPrice * facts.old.quantity;
  if (!r.ok) return [b.id, s.id, s.customerId, 'skipped', r.message, null, null, oldMonthly, null, null, null, null, null];
  const { q } = r;
  const deferred = q.deferredToNextInvoice?.total ?? 0;
  return [
    b.id, s.id, s.customerId, 'pending', null,
    JSON.stringify({ deferred, documents: q.documents, newInvoicedUntil: q.newService.invoicedUntil, oldEnd: q.oldService.end }),
    r.fingerprint, oldMonthly, r.p.unitPrice * facts.old.quantity, q.refundTotal, q.fee.amount, q.newCharge?.total ?? 0, q.net,
  ];
}

export interface PreviewInput {
  fromPlanId: number;
  toPlanId: number;
  start: string;
  ignoreBalance: boolean;
  description: string | null;
  unitPrice: number | null;
}

export function preview(ctx: AppContext, input: PreviewInput) {
  const today = ctx.clock.today();
  const plan = (id: number, field: string) => {
    const p = one<{ id: number; kind: string; name: string; enabled: number; description: string | null; price: number }>(
      ctx.db,
      'SELECT id, kind, name, enabled, description, price FROM plans WHERE id = ?',
      id,
    );
    if (!p) throw notFound('Plan', id, field);
    return p;
  };
  const from = plan(input.fromPlanId, 'fromPlanId');
  const to = plan(input.toPlanId, 'toPlanId');
  if (from.id === to.id) throw new AppError('VALIDATION', 'The new plan must differ from the current one', { toPlanId: 'must differ from the current plan' });
  if (from.kind !== to.kind)
    throw new AppError('VALIDATION', `${to.name} is a ${to.kind} plan; the services on ${from.name} are ${from.kind} services`, { toPlanId: `must be a ${from.kind} plan` });
  if (!to.enabled) throw new AppError('VALIDATION', `${to.name} is disabled: no new services can use it`, { toPlanId: 'is disabled' });
  if (input.start < today)
    throw new AppError('VALIDATION', `The new plan cannot start in the past: the earliest start date is ${today}`, { start: `must be ${today} or later` }, { earliestStart: today });

  return withSettingsCache(ctx.db, () => ctx.db.transaction(() => {
    const batchId = Number(
      run(
        ctx.db,
        `INSERT INTO bulk_batches (from_plan_id, to_plan_id, start_date, ignore_balance, description, price, status, created_on, created_by)
         VALUES (?, ?, ?, ?, ?, ?, 'preview', ?, ?)`,
        // Frozen here: the new services get exactly what the preview showed, even if the plan is edited meanwhile.
        from.id, to.id, input.start, input.ignoreBalance ? 1 : 0, input.description?.trim() || to.description?.trim() || to.name, input.unitPrice ?? to.price,
        today, actorName(ctx.actor),
      ).lastInsertRowid,
    );
    const b = loadBatch(ctx, batchId);
    // The rows are written many to a statement at the end: nothing reads them before, and nothing else inserts
    // into the table meanwhile, so they get the ids one INSERT per row would have given.
    const rows = new InsertBuffer('bulk_batch_items', ITEM_COLUMNS);
    const listed = all<{ id: number; customerId: number }>(ctx.db, LISTED_SERVICES, from.id, today);
    const memo = changePlan.newFactsMemo();
    for (let i = 0; i < listed.length; i += PREVIEW_READ_CHUNK) {
      const chunk = listed.slice(i, i + PREVIEW_READ_CHUNK);
      // The facts of a chunk of services, one statement per table (writing the rows changes none of them).
      const facts = changePlan.loadFactsOfMany(ctx, b.toPlanId, chunk.map((s) => s.id), memo);
      for (const s of chunk) rows.add(previewRow(today, b, s, facts.get(s.id)));
    }
    rows.flush(ctx.db);
    const view = toView(ctx, b);
    return { batchId, totals: view.totals, counts: view.counts, batch: view };
  }));
}

// ---------------------------------------------------------------------------------------------------------------
// Rows

const FILTERS: Record<BulkItemFilter, string> = {
  all: '1',
  included: "i.status NOT IN ('excluded', 'skipped')",
  excluded: "i.status = 'excluded'",
  skipped: "i.status = 'skipped'",
  succeeded: "i.status = 'success'",
  failed: "i.status = 'failed'",
  undone: "i.status = 'undone'",
  problems: "i.status IN ('skipped', 'failed', 'changedByHand', 'undoFailed')",
};

export function items(ctx: AppContext, input: { batchId: number; page: number; pageSize: number; filter: BulkItemFilter; search: string }): Page<BulkItemRow> {
  loadBatch(ctx, input.batchId);
  const where = [`i.batch_id = ?`, FILTERS[input.filter]];
  const params: unknown[] = [input.batchId];
  const search = input.search.trim();
  if (search) {
    where.push(`(c.name LIKE ? ESCAPE '\\' OR s.description LIKE ? ESCAPE '\\' OR CAST(s.id AS TEXT) = ? OR CAST(c.id AS TEXT) = ?)`);
    const like = `%${likeLiteral(search)}%`;
    params.push(like, like, search, search);
  }
  const from = `FROM bulk_batch_items i JOIN services s ON s.id = i.service_id JOIN customers c ON c.id = i.customer_id WHERE ${where.join(' AND ')}`;
  const total = one<{ n: number }>(ctx.db, `SELECT COUNT(*) AS n ${from}`, ...params)!.n;
  const rows = all<Omit<BulkItemRow, 'deferred'> & { quote: string | null }>(
    ctx.db,
    `SELECT i.id, i.service_id AS serviceId, s.description AS serviceDescription, s.status AS serviceStatus, i.customer_id AS customerId, c.name AS customerName,
            i.status, i.old_price AS oldPrice, i.new_price AS newPrice, i.refund, i.fee, i.charge, i.balance_effect AS balanceEffect, i.message,
            i.undo_message AS undoMessage, i.plan_change_id AS planChangeId, pc.new_service_id AS newServiceId, i.quote
       FROM bulk_batch_items i JOIN services s ON s.id = i.service_id JOIN customers c ON c.id = i.customer_id
       LEFT JOIN plan_changes pc ON pc.id = i.plan_change_id
      WHERE ${where.join(' AND ')} ORDER BY i.id LIMIT ? OFFSET ?`,
    ...params, input.pageSize, (input.page - 1) * input.pageSize,
  );
  return {
    rows: rows.map(({ quote, ...r }) => ({ ...r, deferred: quote ? ((JSON.parse(quote) as { deferred?: number }).deferred ?? 0) : null })),
    total,
    page: input.page,
    pageSize: input.pageSize,
  };
}

export function exclude(ctx: AppContext, input: { batchId: number; itemIds: number[]; excluded: boolean }): BulkBatchView {
  return ctx.db.transaction(() => {
    const b = loadBatch(ctx, input.batchId);
    if (b.status !== 'preview') throw new AppError('CONFLICT', `Bulk change #${b.id} is ${b.status}: rows can be excluded only in the preview`, { batchId: `is ${b.status}` });
    const [fromStatus, toStatus] = input.excluded ? ['pending', 'excluded'] : ['excluded', 'pending'];
    let changed = 0;
    for (const itemId of input.itemIds) changed += run(ctx.db, 'UPDATE bulk_batch_items SET status = ? WHERE id = ? AND batch_id = ? AND status = ?', toStatus, itemId, b.id, fromStatus).changes;
    if (changed > 0)
      audit(ctx, {
        entity: 'bulk_batch',
        entityId: b.id,
        customerId: null,
        action: `bulk change #${b.id}: ${changed} row(s) ${input.excluded ? 'excluded' : 'included again'}`,
        after: { itemIds: input.itemIds, excluded: input.excluded },
      });
    return toView(ctx, b);
  });
}

export function discard(ctx: AppContext, batchId: number): { batchId: number } {
  return ctx.db.transaction(() => {
    const b = loadBatch(ctx, batchId);
    if (b.status !== 'preview') throw new AppError('CONFLICT', `Bulk change #${b.id} is ${b.status}: only a preview can be discarded`, { batchId: `is ${b.status}` });
    run(ctx.db, 'DELETE FROM bulk_batch_items WHERE batch_id = ?', b.id);
    run(ctx.db, 'DELETE FROM bulk_batches WHERE id = ?', b.id);
    return { batchId };
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Apply

interface ItemDbRow {
  id: number;
  serviceId: number;
  customerId: number;
  fingerprint: string;
  newPrice: number;
  refund: number;
  fee: number;
  charge: number;
  balanceEffect: number;
  quote: string | null;
}

/** What the change left: undo compares it with the services now to find rows changed by hand since. */
interface AppliedState {
  old: ServiceState;
  new: ServiceState;
}
type ServiceState = changePlan.ServiceLeft;

function serviceState(ctx: AppContext, serviceId: number): ServiceState | null {
  return (
    one<ServiceState>(
      ctx.db,
      `SELECT id, status, plan_id AS planId, start_date AS start, end_date AS "end", invoiced_until AS invoicedUntil, unit_price AS unitPrice, quantity
         FROM services WHERE id = ?`,
      serviceId,
    ) ?? null
  );
}

/** The preview's amounts still hold (only the balance, the day or a sibling row's postings moved the fingerprint). */
function sameAmounts(item: ItemDbRow, q: ChangePlanQuoteView): boolean {
  const deferred = item.quote ? ((JSON.parse(item.quote) as { deferred?: number }).deferred ?? 0) : 0;
  const qDeferred = q.deferred.reduce((a, l) => a + l.amount, 0);
  return (
    q.refundTotal === item.refund &&
    (q.fee?.amount ?? 0) === item.fee &&
    (q.charge?.amount ?? 0) === item.charge &&
    q.refundTotal - q.invoiceTotal === item.balanceEffect &&
    qDeferred === deferred
  );
}

export interface ApplyHooks {
  /** tests: runs inside a row's transaction after its change was posted (throw or kill the process to simulate a crash) */
  beforeCommit?: (itemId: number, index: number) => void;
  /** tests: every row in a savepoint of its own, its rows written one at a time (what the batched chunk must equal) */
  rowByRow?: boolean;
  /**
   * tests: a chunk was rolled back and applied again row by row (a row failed half-way). The result is the same, only
   * slower, so a batched path that always fails would go unseen without it.
   */
  onChunkRetried?: (reason: string) => void;
}

/**
 * How a chunk's rows are isolated from each other. 'savepoint': each row in a savepoint of its own, so a failing row
 * rolls back alone. 'chunk': no savepoints (each costs a copy of every page the row touches, ≈ 15 % of an apply);
 * a row that fails before writing anything is recorded as failed like before, and one that fails after writing
 * throws PartialRow, which rolls the whole chunk back to be applied again row by row with savepoints.
 */
type RowIsolation = 'savepoint' | 'chunk';

/** A row failed half-way in a chunk applied without savepoints: the chunk's transaction must be rolled back. */
class PartialRow extends Error {}

/** A chunk applied without savepoints (see RowIsolation): what its rows write at its end, in its transaction. */
interface ChunkWrites {
  later: changePlan.LaterWrites;
  /** the rows that succeeded: [item id, plan change id, applied state, audit id] */
  succeeded: [number, number, string, number][];
}

function applyItem(ctx: AppContext, b: BatchDbRow, item: ItemDbRow, index: number, hooks: ApplyHooks, memo: changePlan.FactsMemo, isolation: RowIsolation, chunk?: ChunkWrites): boolean {
  // The row's outcome is written inside the change's own transaction: the row says 'success' exactly when its
  // change is posted, and a failure rolls both back together (in a chunk without savepoints, at the chunk's end:
  // the chunk is then all or nothing).
  const recordSuccess = (changeId: number, left: changePlan.ServicesLeft) => {
    const state = JSON.stringify({ old: left.old, new: left.new } satisfies AppliedState);
    if (chunk) chunk.succeeded.push([item.id, changeId, state, left.auditId]);
    else
      run(
        ctx.db,
        "UPDATE bulk_batch_items SET status = 'success', message = NULL, plan_change_id = ?, applied_state = ?, applied_audit_id = ? WHERE id = ?",
        changeId, state, left.auditId, item.id,
      );
    hooks.beforeCommit?.(item.id, index);
  };
  // This row reads its customer's balance and invoices: what the chunk's earlier rows moved on them is written first.
  if (chunk) changePlan.writeCustomerMoney(ctx, chunk.later, item.customerId);
  // Without a savepoint, a failure is harmless only if the row wrote nothing and kept nothing for the chunk's end (a
  // refusal, a stale quote: apply checks everything before its first write; a failed statement undoes itself and
  // counts no change).
  const changesBefore = isolation === 'chunk' ? totalChanges(ctx.db) : 0;
  const keptBefore = chunk ? changePlan.keptRows(chunk.later) : 0;
  const unlessPartial = (err: unknown) => {
    if (err instanceof PartialRow) throw err;
    if (isolation === 'chunk' && (totalChanges(ctx.db) !== changesBefore || (chunk && changePlan.keptRows(chunk.later) !== keptBefore)))
      throw new PartialRow(err instanceof Error ? err.message : String(err));
  };
  const req = { ...requestOf(b, item.serviceId), source: 'bulk' as const, bulkBatchId: b.id, memo, later: chunk?.later };
  try {
    try {
      changePlan.applyInBatch(ctx, { ...req, fingerprint: item.fingerprint }, recordSuccess);
    } catch (err) {
      unlessPartial(err);
      // A sibling row of the same customer (or a payment since) moved the balance, or the day changed: the
      // fingerprint moved but the figures staff approved may not have. Same figures → post them; else refuse.
      const current = err instanceof AppError && err.code === 'STALE_QUOTE' ? (err.details?.quote as ChangePlanQuoteView | undefined) : undefined;
      if (!current || !sameAmounts(item, current)) {
        if (current)
          throw new AppError(
            'STALE_QUOTE',
            `The figures changed since the preview (refund ${formatMoney(item.refund)} → ${formatMoney(current.refundTotal)}, invoice now ${formatMoney(item.fee + item.charge)} → ${formatMoney(current.invoiceTotal)}): preview again`,
          );
        throw err;
      }
      changePlan.applyInBatch(ctx, { ...req, fingerprint: current.fingerprint }, recordSuccess);
    }
    return true;
  } catch (err) {
    unlessPartial(err);
    // Nothing of the row's change is left (rolled back, or never written): its service is untouched. Record why.
    const message = err instanceof Error ? err.message : String(err);
    ctx.db.transaction(() => run(ctx.db, "UPDATE bulk_batch_items SET status = 'failed', message = ? WHERE id = ? AND status = 'pending'", message, item.id));
    return false;
  }
}

/**
 * One write transaction per chunk: a crash rolls back the chunk's uncommitted rows, which stay 'pending' with their
 * services untouched. Committing per chunk rather than per row keeps 10k rows within seconds (each commit rewrites
 * the touched pages to the WAL).
 */
function applyPending(ctx: AppContext, b: BatchDbRow, pending: ItemDbRow[], hooks: ApplyHooks, isolation: RowIsolation): void {
  const memo = changePlan.newFactsMemo();
  withSettingsCache(ctx.db, () =>
    ctx.db.transaction(() => {
      // Inside the chunk's transaction, so the rows read are those its rows are applied on.
      changePlan.prefetchChunk(ctx, memo, pending);
      const work = { kind: 'bulkApply' as const, title: `Bulk change #${b.id}: ${b.fromName} → ${b.toName}`, step: 'Changing the services', every: 200 };
      if (isolation === 'savepoint') mapWithProgress(ctx.db, work, pending, (item, i) => applyItem(ctx, b, item, i, hooks, memo, isolation));
      else {
        // Without savepoints a row either wrote nothing or rolls the whole chunk back (PartialRow), so the rows of
        // the chunk's documents can wait for its end: its lines and ledger rows are written many to a statement.
        const chunk: ChunkWrites = { later: changePlan.laterWrites(ctx), succeeded: [] };
        try {
          ctx.db.withoutSavepoints(() => mapWithProgress(ctx.db, work, pending, (item, i) => applyItem(ctx, b, item, i, hooks, memo, isolation, chunk)));
          changePlan.flushLaterWrites(ctx, chunk.later);
        } catch (err) {
          // A number the chunk gave a document is taken in its table (edited by hand): the chunk is applied again row by
          // row, where each document takes the next free number.
          if (isTakenDocumentNumber(err)) throw new PartialRow((err as Error).message);
          throw err;
        } finally {
          changePlan.discardLaterWrites(ctx, chunk.later);
        }
        // The rows' outcomes in one statement (the values the per-row UPDATE writes).
        run(
          ctx.db,
          `UPDATE bulk_batch_items SET status = 'success', message = NULL, plan_change_id = v.value ->> 1, applied_state = v.value ->> 2, applied_audit_id = v.value ->> 3
             FROM json_each(?) v WHERE bulk_batch_items.id = v.value ->> 0`,
          JSON.stringify(chunk.succeeded),
        );
      }
    }),
  );
}

export function applyChunk(ctx: AppContext, input: { batchId: number; limit: number }, hooks: ApplyHooks = {}): BulkApplyProgress {
  let b = loadBatch(ctx, input.batchId);
  if (b.status === 'undone') throw new AppError('CONFLICT', `Bulk change #${b.id} was undone on ${b.undoneOn}`, { batchId: 'undone' });
  if (b.status === 'preview') {
    ctx.db.transaction(() => {
      const claimed = run(ctx.db, "UPDATE bulk_batches SET status = 'applying' WHERE id = ? AND status = 'preview'", b.id).changes;
      if (claimed === 0) return;
      const counts = countsOf(ctx, b.id);
      audit(ctx, {
        entity: 'bulk_batch',
        entityId: b.id,
        customerId: null,
        action: `bulk change #${b.id} started: ${b.fromName} → ${b.toName} from ${b.start}, ${counts.pending} service(s)${b.ignoreBalance ? ', ignore balance' : ''}`,
        after: { counts },
      });
    });
    b = loadBatch(ctx, b.id);
  }
  if (b.status === 'applying') {
    const pending = all<ItemDbRow>(
      ctx.db,
      `SELECT id, service_id AS serviceId, customer_id AS customerId, fingerprint, new_price AS newPrice, refund, fee, charge, balance_effect AS balanceEffect, quote
         FROM bulk_batch_items WHERE batch_id = ? AND status = 'pending' ORDER BY id LIMIT ?`,
      b.id, input.limit,
    );
    try {
      applyPending(ctx, b, pending, hooks, hooks.rowByRow ? 'savepoint' : 'chunk');
    } catch (err) {
      if (!(err instanceof PartialRow)) throw err;
      hooks.onChunkRetried?.(err.message);
      // Rolled back whole: applied again with a savepoint per row, so the failing row rolls back alone.
      applyPending(ctx, b, pending, hooks, 'savepoint');
    }
    const left = one<{ n: number }>(ctx.db, "SELECT COUNT(*) AS n FROM bulk_batch_items WHERE batch_id = ? AND status = 'pending'", b.id)!.n;
    if (left === 0)
      ctx.db.transaction(() => {
        if (run(ctx.db, `UPDATE bulk_batches SET status = 'applied', applied_at = ${NOW_SQL} WHERE id = ? AND status = 'applying'`, b.id).changes === 0) return;
        const counts = countsOf(ctx, b.id);
        audit(ctx, {
          entity: 'bulk_batch',
          entityId: b.id,
          customerId: null,
          action: `bulk change #${b.id} applied: ${counts.succeeded} changed, ${counts.failed} failed`,
          after: { counts },
        });
      });
  }
  const view = getBatch(ctx, b.id);
  const c = view.counts;
  return {
    batch: view,
    done: c.pending === 0,
    total: c.pending + c.succeeded + c.failed + c.undone + c.changedByHand + c.undoFailed,
    processed: c.succeeded + c.failed + c.undone + c.changedByHand + c.undoFailed,
    succeeded: c.succeeded,
    failed: c.failed,
  };
}

export function retryFailed(ctx: AppContext, batchId: number): BulkBatchView {
  return ctx.db.transaction(() => {
    const b = loadBatch(ctx, batchId);
    if (b.status !== 'applied' && b.status !== 'applying')
      throw new AppError('CONFLICT', `Bulk change #${b.id} is ${b.status}: only an applied batch's failed rows can be tried again`, { batchId: `is ${b.status}` });
    const n = run(ctx.db, "UPDATE bulk_batch_items SET status = 'pending' WHERE batch_id = ? AND status = 'failed'", b.id).changes;
    if (n > 0) {
      run(ctx.db, "UPDATE bulk_batches SET status = 'applying' WHERE id = ?", b.id);
      audit(ctx, { entity: 'bulk_batch', entityId: b.id, customerId: null, action: `bulk change #${b.id}: ${n} failed row(s) to try again` });
    }
    return getBatch(ctx, b.id);
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Undo

const STATE_FIELDS: { key: keyof ServiceState; label: string }[] = [
  { key: 'status', label: 'status' },
  { key: 'planId', label: 'plan' },
  { key: 'start', label: 'start date' },
  { key: 'end', label: 'end date' },
  { key: 'invoicedUntil', label: 'invoiced until' },
  { key: 'unitPrice', label: 'price' },
  { key: 'quantity', label: 'quantity' },
];

/** Why a row must not be undone automatically: it was changed (by staff, or by billing) after the bulk change. */
function changedSince(ctx: AppContext, item: { planChangeId: number; appliedState: string; appliedAuditId: number }): string | null {
  const pc = one<{ status: string; oldServiceId: number; newServiceId: number | null; cancelledOn: string | null; cancelledBy: string | null }>(
    ctx.db,
    'SELECT status, old_service_id AS oldServiceId, new_service_id AS newServiceId, cancelled_on AS cancelledOn, cancelled_by AS cancelledBy FROM plan_changes WHERE id = ?',
    item.planChangeId,
  );
  if (!pc) return `Plan change #${item.planChangeId} no longer exists`;
  if (pc.status !== 'applied') return `Plan change #${item.planChangeId} was already cancelled on ${pc.cancelledOn} by ${pc.cancelledBy}`;
  const then = JSON.parse(item.appliedState) as AppliedState;
  const diffs: string[] = [];
  for (const [which, was] of [['old', then.old], ['new', then.new]] as const) {
    const now = serviceState(ctx, was.id);
    if (!now) {
      diffs.push(`the ${which} service #${was.id} was deleted`);
      continue;
    }
    for (const f of STATE_FIELDS)
      if (now[f.key] !== was[f.key]) diffs.push(`${which} service #${was.id} ${f.label} ${String(was[f.key] ?? '—')} → ${String(now[f.key] ?? '—')}`);
  }
  const edits = all<{ actor: string; businessDate: string; action: string; entity: string; entityId: number }>(
    ctx.db,
    `SELECT actor, business_date AS businessDate, action, entity, entity_id AS entityId FROM audit_log
      WHERE id > ? AND ((entity = 'service' AND entity_id IN (?, ?)) OR (entity = 'plan_change' AND entity_id = ?))
      ORDER BY id LIMIT 3`,
    item.appliedAuditId, then.old.id, then.new.id, item.planChangeId,
  );
  for (const e of edits) diffs.push(`${e.entity === 'service' ? `service #${e.entityId}` : `plan change #${e.entityId}`}: ${e.action} by ${e.actor} on ${e.businessDate}`);
  return diffs.length ? `Changed since the bulk change: ${[...new Set(diffs)].join('; ')}` : null;
}

export function undo(ctx: AppContext, batchId: number): BulkUndoResult {
  const b = loadBatch(ctx, batchId);
  const view = toView(ctx, b);
  if (!view.canUndo) throw new AppError(view.status === 'undone' ? 'CONFLICT' : 'REFUSED', `Bulk change #${b.id} cannot be undone: ${view.undoBlockedReason}`, { batchId: view.undoBlockedReason ?? '' });
  const rows = all<{ id: number; planChangeId: number; appliedState: string; appliedAuditId: number }>(
    ctx.db,
    `SELECT id, plan_change_id AS planChangeId, applied_state AS appliedState, applied_audit_id AS appliedAuditId
       FROM bulk_batch_items WHERE batch_id = ? AND status = 'success' ORDER BY id`,
    b.id,
  );
  let undone = 0;
  let byHand = 0;
  let failed = 0;
  // One write transaction for the whole undo (a crash leaves the batch applied, to undo again); inside it each row
  // is a savepoint of its own, so a row that cannot be cancelled rolls back alone and is reported.
  withSettingsCache(ctx.db, () =>
    ctx.db.transaction(() => {
      rows.forEach((item) => undoItem(item));
      markUndone();
    }),
  );
  return { batch: getBatch(ctx, b.id), undone, changedByHand: byHand, undoFailed: failed };

  function undoItem(item: (typeof rows)[number]) {
    // Each row on its own: its change is cancelled atomically (changePlan.cancel), together with the row's status.
    try {
      ctx.db.transaction(() => {
        const why = changedSince(ctx, item);
        if (why) {
          run(ctx.db, "UPDATE bulk_batch_items SET status = 'changedByHand', undo_message = ? WHERE id = ?", why, item.id);
          byHand++;
          return;
        }
        changePlan.cancel(ctx, item.planChangeId);
        run(ctx.db, "UPDATE bulk_batch_items SET status = 'undone', undo_message = NULL WHERE id = ?", item.id);
        undone++;
      });
    } catch (err) {
      ctx.db.transaction(() =>
        run(ctx.db, "UPDATE bulk_batch_items SET status = 'undoFailed', undo_message = ? WHERE id = ?", err instanceof Error ? err.message : String(err), item.id),
      );
      failed++;
    }
  }
  function markUndone() {
    run(ctx.db, "UPDATE bulk_batches SET status = 'undone', undone_on = ?, undone_by = ? WHERE id = ?", ctx.clock.today(), actorName(ctx.actor), b.id);
    audit(ctx, {
      entity: 'bulk_batch',
      entityId: b.id,
      customerId: null,
      action: `bulk change #${b.id} undone: ${undone} cancelled, ${byHand} changed by hand since (left as they are), ${failed} could not be cancelled`,
      after: { undone, changedByHand: byHand, undoFailed: failed },
    });
  }
}

// ---------------------------------------------------------------------------------------------------------------

export function listBatches(ctx: AppContext, input: { planId: number | null; status: string; page: number; pageSize: number }): Page<BulkBatchView> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (input.planId !== null) {
    where.push('(b.from_plan_id = ? OR b.to_plan_id = ?)');
    params.push(input.planId, input.planId);
  }
  if (input.status !== 'all') {
    where.push('b.status = ?');
    params.push(input.status);
  }
  const clause = where.length ? ` WHERE ${where.join(' AND ')}` : '';
  const total = one<{ n: number }>(ctx.db, `SELECT COUNT(*) AS n FROM bulk_batches b${clause}`, ...params)!.n;
  const rows = all<BatchDbRow>(ctx.db, `${BATCH_SELECT}${clause} ORDER BY b.id DESC LIMIT ? OFFSET ?`, ...params, input.pageSize, (input.page - 1) * input.pageSize);
  return { rows: rows.map((r) => toView(ctx, r)), total, page: input.page, pageSize: input.pageSize };
}

export const bulkHandlers: Handlers<
  'bulk.preview' | 'bulk.items' | 'bulk.exclude' | 'bulk.applyChunk' | 'bulk.retryFailed' | 'bulk.undo' | 'bulk.discard' | 'bulk.get' | 'bulk.list'
> = {
  'bulk.preview': (ctx, i) => preview(ctx, i),
  'bulk.items': (ctx, i) => items(ctx, i),
  'bulk.exclude': (ctx, i) => exclude(ctx, i),
  'bulk.applyChunk': (ctx, i) => applyChunk(ctx, i),
  'bulk.retryFailed': (ctx, i) => retryFailed(ctx, i.batchId),
  'bulk.undo': (ctx, i) => undo(ctx, i.batchId),
  'bulk.discard': (ctx, i) => discard(ctx, i.batchId),
  'bulk.get': (ctx, i) => getBatch(ctx, i.batchId),
  'bulk.list': (ctx, i) => listBatches(ctx, i),
};
