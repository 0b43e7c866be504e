import { sql } from 'drizzle-orm';
import { check, index, integer, real, sqliteTable, text, uniqueIndex, type AnySQLiteColumn } from 'drizzle-orm/sqlite-core';
import { DISCOUNT_KINDS, IPV4_METHODS, PAY_PERIODS, SERVICE_KINDS, SERVICE_STATUSES } from '../enums';
import { customers } from './customers';
import { planChanges } from './changes';
import { ipv4Pools, routers } from './network';
import { plans } from './plans';
import { isInteger, isoDate, oneOf } from './sql';

/**
 * A customer's service on a plan. Billing fields: quantity × unit price (cents) per month, billed every
 * `pay_period_months` months from `start_date` to `end_date` (inclusive; NULL = open-ended);
 * `invoiced_until` is the last day already invoiced (NULL = never invoiced).
 *
 * Uniqueness of the service login and the permanent IPv4 is enforced among ACTIVE services only: a plan
 * change keeps the old service Active until its end date while the Pending replacement already carries the
 * same login and address, and a Disabled original shares them with its Stopped copy. Consequence for the
 * application: before making a service Active, the service it replaces must already have left 'active'
 * (the start of day disables the old one first; a change starting today must disable/archive the old
 * service before activating the new one).
 */
export const services = sqliteTable(
  'services',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    customerId: integer('customer_id')
      .notNull()
      .references(() => customers.id),
    kind: text('kind', { enum: SERVICE_KINDS }).notNull(),
    planId: integer('plan_id')
      .notNull()
      .references(() => plans.id),
    description: text('description').notNull(),
    quantity: integer('quantity').notNull().default(1),
    unit: text('unit'),
    /** Cents per month per unit (may differ from the plan's price: custom price). */
    unitPrice: integer('unit_price').notNull(),
    payPeriodMonths: integer('pay_period_months').notNull().default(1),
    startDate: text('start_date').notNull(),
    endDate: text('end_date'),
    invoicedUntil: text('invoiced_until'),
    discountKind: text('discount_kind', { enum: DISCOUNT_KINDS }).notNull().default('none'),
    /** Percent in basis points (1000 = 10 %) or fixed cents per month, per discount_kind. */
    discountValue: integer('discount_value').notNull().default(0),
    discountFrom: text('discount_from'),
    discountTo: text('discount_to'),
    discountMessage: text('discount_message'),
    status: text('status', { enum: SERVICE_STATUSES }).notNull(),
    // Internet plan settings (§10).
    routerId: integer('router_id').references(() => routers.id),
    login: text('login'),
    password: text('password'),
    ipv4Method: text('ipv4_method', { enum: IPV4_METHODS }).notNull().default('none'),
    ipv4: text('ipv4'),
    additionalNetwork: text('additional_network'),
    /** Dynamic IP pool; NULL = "Any". */
    ipv4PoolId: integer('ipv4_pool_id').references(() => ipv4Pools.id),
    /** Comma-separated MAC list. */
    macs: text('macs'),
    /** Free text "Port ID". */
    portId: text('port_id'),
    latitude: real('latitude'),
    longitude: real('longitude'),
    geoAddress: text('geo_address'),
    // Lineage: the service this one replaced in a plan change, the change that created it, and the original
    // a Stopped copy was made from when the customer went Inactive.
    replacesServiceId: integer('replaces_service_id').references((): AnySQLiteColumn => services.id),
    planChangeId: integer('plan_change_id').references((): AnySQLiteColumn => planChanges.id),
    copiedFromServiceId: integer('copied_from_service_id').references((): AnySQLiteColumn => services.id),
    createdOn: text('created_on').notNull(),
  },
  (t) => [
    index('services_customer_idx').on(t.customerId, t.id),
    index('services_plan_idx').on(t.planId, t.status),
    index('services_status_start_idx').on(t.status, t.startDate),
    index('services_status_end_idx').on(t.status, t.endDate),
    index('services_router_idx').on(t.routerId),
    index('services_pool_idx').on(t.ipv4PoolId),
    index('services_login_idx').on(sql`${t.login} COLLATE NOCASE`),
    index('services_replaces_idx').on(t.replacesServiceId),
    index('services_plan_change_idx').on(t.planChangeId),
    index('services_copied_from_idx').on(t.copiedFromServiceId),
    uniqueIndex('services_active_login_unique')
      .on(t.login)
      .where(sql`status = 'active' AND login IS NOT NULL AND login <> ''`),
    // Search by IP (customers list): a prefix range over every service's address, not only the active ones.
    index('services_ipv4_idx')
      .on(t.ipv4)
      .where(sql`ipv4 IS NOT NULL AND ipv4 <> ''`),
    uniqueIndex('services_active_ipv4_unique')
      .on(t.ipv4)
      .where(sql`status = 'active' AND ipv4 IS NOT NULL AND ipv4 <> ''`),
    check('services_kind', oneOf(t.kind, SERVICE_KINDS)),
    check('services_status', oneOf(t.status, SERVICE_STATUSES)),
    check('services_quantity', sql`${t.quantity} >= 1 AND ${isInteger(t.quantity)}`),
    check('services_unit_price', sql`${t.unitPrice} >= 0 AND ${isInteger(t.unitPrice)}`),
    check('services_pay_period', sql`${t.payPeriodMonths} IN (${sql.raw(PAY_PERIODS.join(', '))})`),
    check('services_dates', sql`${isoDate(t.startDate)} AND ${isoDate(t.endDate)} AND ${isoDate(t.invoicedUntil)} AND ${isoDate(t.createdOn)}`),
    // A same-day plan change archives the old service with end = start, so end = start is allowed.
    check('services_end_after_start', sql`${t.endDate} IS NULL OR ${t.endDate} >= ${t.startDate}`),
    check('services_discount_kind', oneOf(t.discountKind, DISCOUNT_KINDS)),
    check(
      'services_discount_value',
      sql`${t.discountValue} >= 0 AND ${isInteger(t.discountValue)} AND (${t.discountKind} <> 'percent' OR ${t.discountValue} <= 10000)`,
    ),
    check('services_discount_dates', sql`${isoDate(t.discountFrom)} AND ${isoDate(t.discountTo)} AND (${t.discountFrom} IS NULL OR ${t.discountTo} IS NULL OR ${t.discountTo} >= ${t.discountFrom})`),
    check('services_ipv4_method', oneOf(t.ipv4Method, IPV4_METHODS)),
  ],
);

/** Daily traffic of a service, for the graphs. */
export const serviceUsage = sqliteTable(
  'service_usage',
  {
    serviceId: integer('service_id')
      .notNull()
      .references(() => services.id, { onDelete: 'cascade' }),
    day: text('day').notNull(),
    rxBytes: integer('rx_bytes').notNull().default(0),
    txBytes: integer('tx_bytes').notNull().default(0),
  },
  (t) => [
    uniqueIndex('service_usage_service_day_unique').on(t.serviceId, t.day),
    check('service_usage_day', isoDate(t.day)),
    check('service_usage_bytes', sql`${t.rxBytes} >= 0 AND ${t.txBytes} >= 0`),
  ],
);

/**
 * Decision 19: the status history of a service — "from this day on, its status is …", one row per day it changed
 * (a later change on the same day replaces the row). Written only by main/app/serviceWrites.ts, together with the
 * services row. `cause` says who changed it ('deactivation' marks what reactivation on payment must restart).
 */
export const serviceStatusHistory = sqliteTable(
  'service_status_history',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    serviceId: integer('service_id')
      .notNull()
      .references(() => services.id, { onDelete: 'cascade' }),
    fromDate: text('from_date').notNull(),
    status: text('status', { enum: SERVICE_STATUSES }).notNull(),
    cause: text('cause'),
  },
  (t) => [
    uniqueIndex('service_status_history_service_day_unique').on(t.serviceId, t.fromDate),
    // The billing day reads the history only of services that were ever not billed (Stopped, Archived): few.
    index('service_status_history_unbilled_idx')
      .on(t.serviceId)
      .where(sql`status IN ('stopped', 'archived')`),
    check('service_status_history_status', oneOf(t.status, SERVICE_STATUSES)),
    check('service_status_history_from', isoDate(t.fromDate)),
  ],
);
