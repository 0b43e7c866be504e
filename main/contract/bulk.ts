import { z } from 'zod';
import { channel } from './channel';
import { id, isoDate, nonNegativeCents, pageInput, shortText, type Page } from './common';

// Bulk tariff change (decision 13; splynx-rules §7): every service on a plan moved to another plan on a date.
// preview → (exclude rows) → applyChunk … until done (each service through changePlan.apply, resumable) → undo.

export const bulkPreviewInput = z.object({
  fromPlanId: id,
  toPlanId: id,
  start: isoDate,
  /** decision 13: no refund, no fee, no invoice now; the new service counts as invoiced as far as the old one was */
  ignoreBalance: z.boolean().default(false),
  /** null ⇒ the new plan's description (or its name) */
  description: shortText(200).nullable().default(null),
  /** null ⇒ the new plan's price */
  unitPrice: nonNegativeCents.nullable().default(null),
});

export type BulkBatchStatus = 'preview' | 'applying' | 'applied' | 'failed' | 'undone';
/**
 * pending: will change · excluded: left out by staff · skipped: cannot change (reason in `message`) ·
 * success / failed: apply result · undone / changedByHand / undoFailed: undo result (reason in `undoMessage`).
 */
export type BulkItemStatus = 'pending' | 'excluded' | 'skipped' | 'success' | 'failed' | 'undone' | 'changedByHand' | 'undoFailed';

export interface BulkCounts {
  /** every service listed */
  total: number;
  /** to change (preview) or still to apply (interrupted apply) */
  pending: number;
  excluded: number;
  /** cannot change: refused by the change-plan rules */
  skipped: number;
  succeeded: number;
  failed: number;
  undone: number;
  changedByHand: number;
  undoFailed: number;
}

/** Sums over the rows that are (or were) to change: every row neither excluded nor unable to change. */
export interface BulkTotals {
  services: number;
  /** monthly amounts, price × quantity */
  oldMonthly: number;
  newMonthly: number;
  refund: number;
  fee: number;
  /** new services' charges invoiced now */
  charge: number;
  /** refund − what is invoiced now (fee + charge); positive = customers' balances go up */
  balanceEffect: number;
}

export interface BulkBatchView {
  id: number;
  fromPlan: { id: number; name: string; kind: string };
  toPlan: { id: number; name: string; kind: string };
  start: string;
  ignoreBalance: boolean;
  /** what the new services get */
  description: string;
  unitPrice: number;
  status: BulkBatchStatus;
  createdOn: string;
  createdBy: string;
  appliedAt: string | null;
  undoneOn: string | null;
  undoneBy: string | null;
  counts: BulkCounts;
  totals: BulkTotals;
  /** undo is possible (applied, before the start date); else `undoBlockedReason` says why not */
  canUndo: boolean;
  undoBlockedReason: string | null;
  /**
   * Services on the plan that the batch does not list (history: disabled with an end date already passed), so the
   * plan's service count = counts.total + leftOut.total. In the preview only (empty afterwards); the first 50 named.
   */
  leftOut: { total: number; rows: { serviceId: number; customerId: number; customerName: string; reason: string }[] };
}

export interface BulkItemRow {
  id: number;
  serviceId: number;
  serviceDescription: string;
  serviceStatus: string;
  customerId: number;
  customerName: string;
  status: BulkItemStatus;
  /** monthly amounts (price × quantity) before and after */
  oldPrice: number | null;
  newPrice: number | null;
  refund: number | null;
  fee: number | null;
  charge: number | null;
  balanceEffect: number | null;
  /** charges below the minimum invoice amount, left for the next recurring invoice */
  deferred: number | null;
  /** why it cannot change, or why the apply failed */
  message: string | null;
  undoMessage: string | null;
  planChangeId: number | null;
  newServiceId: number | null;
}

export const bulkItemFilter = z.enum(['all', 'included', 'excluded', 'skipped', 'succeeded', 'failed', 'undone', 'problems']);
export type BulkItemFilter = z.infer<typeof bulkItemFilter>;

export interface BulkApplyProgress {
  batch: BulkBatchView;
  /** true when no row is left to apply */
  done: boolean;
  /** rows to apply in all (pending + already tried) */
  total: number;
  /** rows tried so far (succeeded + failed) */
  processed: number;
  succeeded: number;
  failed: number;
}

export interface BulkUndoResult {
  batch: BulkBatchView;
  undone: number;
  changedByHand: number;
  undoFailed: number;
}

const batchRef = z.object({ batchId: id });

/**
 * Rows per `bulk.applyChunk` call as the wizard drives it (and the benchmark measures it): each call is one
 * transaction and one step of the progress bar. ≈ 0.25 s of work at 100k customers; smaller chunks cost a commit and
 * a batch recount each (10k services: 2.55 s in chunks of 1 000, 2.9 s in chunks of 200).
 */
export const BULK_APPLY_CHUNK = 1000;

export const bulkChannels = {
  /** quotes every service on the plan (one row each, refusals included) into a new batch in 'preview'; nothing changes yet */
  'bulk.preview': channel<{ batchId: number; totals: BulkTotals; counts: BulkCounts; batch: BulkBatchView }>()(bulkPreviewInput),
  /** one page of a batch's rows */
  'bulk.items': channel<Page<BulkItemRow>>()(
    pageInput.extend({ batchId: id, filter: bulkItemFilter.default('all'), search: shortText(100).default('') }),
    { readOnly: true },
  ),
  /** leaves rows out of (or back into) a batch still in preview */
  'bulk.exclude': channel<BulkBatchView>()(z.object({ batchId: id, itemIds: z.array(id).min(1).max(10_000), excluded: z.boolean() })),
  /** applies up to `limit` pending rows in one transaction (each service fully changed or untouched); call again until done (also resumes an interrupted apply) */
  'bulk.applyChunk': channel<BulkApplyProgress>()(z.object({ batchId: id, limit: z.number().int().min(1).max(5000).default(BULK_APPLY_CHUNK) })),
  /** puts the failed rows of an applied batch back to pending, so applyChunk tries them again */
  'bulk.retryFailed': channel<BulkBatchView>()(batchRef),
  /** before the start date: cancels every change of the batch (each atomically); rows changed since are reported, not touched */
  'bulk.undo': channel<BulkUndoResult>()(batchRef),
  /** throws away a batch still in preview (e.g. "Back to first step") */
  'bulk.discard': channel<{ batchId: number }>()(batchRef),
  'bulk.get': channel<BulkBatchView>()(batchRef, { readOnly: true }),
  'bulk.list': channel<Page<BulkBatchView>>()(
    pageInput.extend({ planId: id.nullable().default(null), status: z.enum(['all', 'preview', 'applying', 'applied', 'undone']).default('all') }),
    { readOnly: true },
  ),
};
