import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text, uniqueIndex, type AnySQLiteColumn } from 'drizzle-orm/sqlite-core';
import { BULK_BATCH_STATUSES, BULK_ITEM_STATUSES, PLAN_CHANGE_SOURCES, PLAN_CHANGE_STATUSES, SERVICE_STATUSES } from '../enums';
import { creditNotes, invoices } from './billing';
import { customers } from './customers';
import { plans } from './plans';
import { services } from './services';
import { isoDate, nowTimestamp, oneOf } from './sql';

/** "Schedule a future change" (decision 12): a dated status change of one service, applied by the start of day. */
export const scheduledStatusChanges = sqliteTable(
  'scheduled_status_changes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    serviceId: integer('service_id')
      .notNull()
      .references(() => services.id, { onDelete: 'cascade' }),
    onDate: text('on_date').notNull(),
    status: text('status', { enum: SERVICE_STATUSES }).notNull(),
    /** Wall-clock time it was applied; NULL while waiting. */
    appliedAt: text('applied_at'),
    /** Business day it was applied on. */
    appliedOn: text('applied_on'),
    cancelledAt: text('cancelled_at'),
    createdBy: text('created_by').notNull(),
    createdAt: text('created_at').notNull().default(nowTimestamp),
  },
  (t) => [
    index('scheduled_status_changes_due_idx').on(t.onDate).where(sql`applied_at IS NULL AND cancelled_at IS NULL`),
    index('scheduled_status_changes_service_idx').on(t.serviceId),
    check('scheduled_status_changes_status', oneOf(t.status, SERVICE_STATUSES)),
    check('scheduled_status_changes_dates', sql`${isoDate(t.onDate)} AND ${isoDate(t.appliedOn)}`),
  ],
);

/**
 * One plan change (admin, portal self-change or one service of a bulk batch): the old and new service, the
 * documents it posted and the quote it was applied from. `fingerprint` is the quote's hash (STALE_QUOTE).
 */
export const planChanges = sqliteTable(
  'plan_changes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    customerId: integer('customer_id')
      .notNull()
      .references(() => customers.id),
    oldServiceId: integer('old_service_id')
      .notNull()
      .references((): AnySQLiteColumn => services.id),
    /** NULL once a cancelled change's new service was deleted. */
    newServiceId: integer('new_service_id').references((): AnySQLiteColumn => services.id, { onDelete: 'set null' }),
    oldPlanId: integer('old_plan_id')
      .notNull()
      .references(() => plans.id),
    newPlanId: integer('new_plan_id')
      .notNull()
      .references(() => plans.id),
    /** Business day the change was made (its documents are dated that day). */
    madeOn: text('made_on').notNull(),
    startDate: text('start_date').notNull(),
    status: text('status', { enum: PLAN_CHANGE_STATUSES }).notNull().default('applied'),
    source: text('source', { enum: PLAN_CHANGE_SOURCES }).notNull(),
    bulkBatchId: integer('bulk_batch_id').references((): AnySQLiteColumn => bulkBatches.id),
    /** The quote as applied, JSON. */
    quote: text('quote').notNull(),
    fingerprint: text('fingerprint').notNull(),
    creditNoteId: integer('credit_note_id').references((): AnySQLiteColumn => creditNotes.id),
    invoiceId: integer('invoice_id').references((): AnySQLiteColumn => invoices.id),
    /** What the cancel restores: the old service's end date, invoiced-until and status before the change. */
    oldEndDate: text('old_end_date'),
    oldInvoicedUntil: text('old_invoiced_until'),
    oldStatus: text('old_status', { enum: SERVICE_STATUSES }),
    cancelledOn: text('cancelled_on'),
    cancelledBy: text('cancelled_by'),
    createdBy: text('created_by').notNull(),
    createdAt: text('created_at').notNull().default(nowTimestamp),
  },
  (t) => [
    index('plan_changes_customer_idx').on(t.customerId, t.id),
    index('plan_changes_old_service_idx').on(t.oldServiceId),
    index('plan_changes_new_service_idx').on(t.newServiceId),
    index('plan_changes_old_plan_idx').on(t.oldPlanId),
    index('plan_changes_new_plan_idx').on(t.newPlanId),
    index('plan_changes_batch_idx').on(t.bulkBatchId),
    index('plan_changes_credit_note_idx').on(t.creditNoteId),
    index('plan_changes_invoice_idx').on(t.invoiceId),
    check('plan_changes_status', oneOf(t.status, PLAN_CHANGE_STATUSES)),
    check('plan_changes_source', oneOf(t.source, PLAN_CHANGE_SOURCES)),
    check('plan_changes_old_status', sql`${t.oldStatus} IS NULL OR ${oneOf(t.oldStatus, SERVICE_STATUSES)}`),
    check(
      'plan_changes_dates',
      sql`${isoDate(t.madeOn)} AND ${isoDate(t.startDate)} AND ${isoDate(t.oldEndDate)} AND ${isoDate(t.oldInvoicedUntil)} AND ${isoDate(t.cancelledOn)}`,
    ),
    check('plan_changes_quote_json', sql`json_valid(${t.quote})`),
  ],
);

/** A bulk tariff change ("Change plan" on a tariff, decision 13): previewed, then applied service by service. */
export const bulkBatches = sqliteTable(
  'bulk_batches',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    fromPlanId: integer('from_plan_id')
      .notNull()
      .references(() => plans.id),
    toPlanId: integer('to_plan_id')
      .notNull()
      .references(() => plans.id),
    startDate: text('start_date').notNull(),
    ignoreBalance: integer('ignore_balance', { mode: 'boolean' }).notNull().default(false),
    /** Description and price the new services get (from the new plan unless edited). */
    description: text('description'),
    price: integer('price'),
    status: text('status', { enum: BULK_BATCH_STATUSES }).notNull().default('preview'),
    createdOn: text('created_on').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: text('created_at').notNull().default(nowTimestamp),
    appliedAt: text('applied_at'),
    /** Business day and actor of the undo (status 'undone'). */
    undoneOn: text('undone_on'),
    undoneBy: text('undone_by'),
  },
  (t) => [
    index('bulk_batches_from_plan_idx').on(t.fromPlanId),
    index('bulk_batches_to_plan_idx').on(t.toPlanId),
    check('bulk_batches_status', oneOf(t.status, BULK_BATCH_STATUSES)),
    check('bulk_batches_dates', sql`${isoDate(t.startDate)} AND ${isoDate(t.createdOn)} AND ${isoDate(t.undoneOn)}`),
    check('bulk_batches_price', sql`${t.price} IS NULL OR ${t.price} >= 0`),
    check('bulk_batches_plans_differ', sql`${t.fromPlanId} <> ${t.toPlanId}`),
  ],
);

/** One service of a bulk batch: its preview row and then its result. */
export const bulkBatchItems = sqliteTable(
  'bulk_batch_items',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    batchId: integer('batch_id')
      .notNull()
      .references(() => bulkBatches.id, { onDelete: 'cascade' }),
    serviceId: integer('service_id')
      .notNull()
      .references(() => services.id),
    customerId: integer('customer_id')
      .notNull()
      .references(() => customers.id),
    status: text('status', { enum: BULK_ITEM_STATUSES }).notNull().default('pending'),
    message: text('message'),
    /** The preview's quote, JSON. */
    quote: text('quote'),
    planChangeId: integer('plan_change_id').references(() => planChanges.id),
    /** The preview: the quote's fingerprint and amounts (cents), so the preview pages and totals without re-quoting. */
    fingerprint: text('fingerprint'),
    oldPrice: integer('old_price'),
    newPrice: integer('new_price'),
    refund: integer('refund'),
    fee: integer('fee'),
    charge: integer('charge'),
    /** What the change moves on the balance now (refund − invoiced now); deferred charges are not in it. */
    balanceEffect: integer('balance_effect'),
    /** JSON: the old and new service as the change left them (undo reports rows changed since instead of clobbering them). */
    appliedState: text('applied_state'),
    /** The last audit_log id when the change was posted: later entries about its services mean "changed by hand". */
    appliedAuditId: integer('applied_audit_id'),
    /** Why the undo did not cancel this row. */
    undoMessage: text('undo_message'),
  },
  (t) => [
    uniqueIndex('bulk_batch_items_batch_service_unique').on(t.batchId, t.serviceId),
    index('bulk_batch_items_service_idx').on(t.serviceId),
    index('bulk_batch_items_customer_idx').on(t.customerId),
    index('bulk_batch_items_plan_change_idx').on(t.planChangeId),
    index('bulk_batch_items_batch_status_idx').on(t.batchId, t.status),
    check('bulk_batch_items_status', oneOf(t.status, BULK_ITEM_STATUSES)),
    check('bulk_batch_items_applied_state_json', sql`${t.appliedState} IS NULL OR json_valid(${t.appliedState})`),
  ],
);
