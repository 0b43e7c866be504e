import type { ServiceStatus } from '../../db/enums';
import type { services } from '../../db/tables/services';
import type { ServiceRow } from '../contract/services';
import type { AppContext } from './context';
import { allRows, getRow } from './prepared';

// Row mappers shared by the areas that show services (services, change plan, portal): the services table as
// SQLite returns it, and the ServiceRow of the contract with plan, router and pool names, the pending plan
// change and the next scheduled status change.

/**
 * THE row of the services table, as SQLite returns it (`SELECT * FROM services`): derived from the drizzle table
 * (db/tables/services.ts), so a column added there is a field here, with its type and nullability. Every read of a
 * whole service uses it and every write goes through main/app/serviceWrites.ts with (parts of) it.
 */
type ServiceColumns = (typeof services)['_']['columns'];
export type ServiceDbRow = {
  [K in keyof ServiceColumns as ServiceColumns[K]['_']['name']]: ServiceColumns[K]['_']['notNull'] extends true
    ? ServiceColumns[K]['_']['data']
    : ServiceColumns[K]['_']['data'] | null;
} & { pay_period_months: 1 | 3 | 6 | 12 };

/**
 * The billing columns of a service under the camelCase aliases its billing reads use (the billing run's prefetch,
 * the change-plan facts): a projection of ServiceDbRow, not a second definition of the service.
 */
export interface ServiceBillingColumns {
  id: ServiceDbRow['id'];
  customerId: ServiceDbRow['customer_id'];
  description: ServiceDbRow['description'];
  start: ServiceDbRow['start_date'];
  end: ServiceDbRow['end_date'];
  invoicedUntil: ServiceDbRow['invoiced_until'];
  status: ServiceDbRow['status'];
  unitPrice: ServiceDbRow['unit_price'];
  quantity: ServiceDbRow['quantity'];
  payPeriodMonths: ServiceDbRow['pay_period_months'];
  discountKind: ServiceDbRow['discount_kind'];
  discountValue: ServiceDbRow['discount_value'];
  discountFrom: ServiceDbRow['discount_from'];
  discountTo: ServiceDbRow['discount_to'];
}

type Joined = ServiceDbRow & { plan_name: string; router_name: string | null; pool_name: string | null };

const SELECT_JOINED = `SELECT s.*, p.name AS plan_name, r.name AS router_name, pl.name AS pool_name
  FROM services s JOIN plans p ON p.id = s.plan_id
  LEFT JOIN routers r ON r.id = s.router_id LEFT JOIN ipv4_pools pl ON pl.id = s.ipv4_pool_id`;

/**
 * The plan change still pending for its old service (`pc.old_service_id`): applied, and its new service has not
 * started. The one definition, for the service row, the change-plan quote and the portal.
 */
export const PENDING_CHANGE_WHERE = `pc.status = 'applied' AND (SELECT n.status FROM services n WHERE n.id = pc.new_service_id) = 'pending'`;

function toServiceRow(ctx: AppContext, s: Joined): ServiceRow {
  // A plan change whose new service has not started yet: the old service shows "changes to … on …".
  const change = getRow<{ id: number; new_service_id: number; start_date: string; new_plan_name: string }>(
    ctx.db,
    `SELECT pc.id, pc.new_service_id, pc.start_date, np.name AS new_plan_name
     FROM plan_changes pc JOIN plans np ON np.id = pc.new_plan_id
     WHERE pc.old_service_id = ? AND ${PENDING_CHANGE_WHERE}
     ORDER BY pc.id DESC LIMIT 1`,
    s.id,
  );
  const scheduled = getRow<{ id: number; status: ServiceStatus; on_date: string }>(
    ctx.db,
    `SELECT id, status, on_date FROM scheduled_status_changes
     WHERE service_id = ? AND applied_at IS NULL AND cancelled_at IS NULL ORDER BY on_date, id LIMIT 1`,
    s.id,
  );
  const hasGeo = s.geo_address !== null || s.latitude !== null || s.longitude !== null;
  return {
    id: s.id,
    customerId: s.customer_id,
    kind: s.kind,
    planId: s.plan_id,
    planName: s.plan_name,
    description: s.description,
    quantity: s.quantity,
    unit: s.unit ?? '',
    unitPrice: s.unit_price,
    payPeriodMonths: s.pay_period_months,
    start: s.start_date,
    end: s.end_date,
    invoicedUntil: s.invoiced_until,
    status: s.status,
    discount: discountOf(s),
    internet: s.kind === 'internet' ? { ...internetOf(s)!, routerName: s.router_name, ipv4PoolName: s.pool_name } : null,
    replacesServiceId: s.replaces_service_id,
    planChangeId: s.plan_change_id,
    pendingChange: change
      ? { planChangeId: change.id, newServiceId: change.new_service_id, start: change.start_date, newPlanName: change.new_plan_name }
      : null,
    scheduledStatus: scheduled ? { id: scheduled.id, status: scheduled.status, on: scheduled.on_date } : null,
    geo: hasGeo ? { address: s.geo_address ?? '', latitude: s.latitude, longitude: s.longitude } : null,
    createdOn: s.created_on,
  };
}

/** The contract's ServiceRow for a service id; throws if it does not exist (callers check first). */
export function loadServiceRow(ctx: AppContext, id: number): ServiceRow {
  const s = getRow<Joined>(ctx.db, `${SELECT_JOINED} WHERE s.id = ?`, id);
  if (!s) throw new Error(`service ${id} vanished`);
  return toServiceRow(ctx, s);
}

export const serviceRow = (ctx: AppContext, s: ServiceDbRow): ServiceRow => loadServiceRow(ctx, s.id);

/**
 * The services of a customer, oldest first (archived ones too: the UI filters). Decision 22: the new service of a
 * cancelled plan change (Archived, never billed) is left out unless `includeCancelledChanges`.
 */
export function serviceRowsForCustomer(ctx: AppContext, customerId: number, opts: { includeCancelledChanges?: boolean } = {}): ServiceRow[] {
  const where = opts.includeCancelledChanges
    ? ''
    : ` AND NOT (s.status = 'archived' AND s.plan_change_id IS NOT NULL
               AND (SELECT pc.status FROM plan_changes pc WHERE pc.id = s.plan_change_id) = 'cancelled')`;
  return allRows<Joined>(ctx.db, `${SELECT_JOINED} WHERE s.customer_id = ?${where} ORDER BY s.id`, customerId).map((s) => toServiceRow(ctx, s));
}

/** The Internet plan settings of a stored service, as the contract spells them (null for other kinds). */
export function internetOf(s: ServiceDbRow): Omit<NonNullable<ServiceRow['internet']>, 'routerName' | 'ipv4PoolName'> | null {
  if (s.kind !== 'internet') return null;
  return {
    routerId: s.router_id,
    login: s.login ?? '',
    password: s.password ?? '',
    ipv4Method: s.ipv4_method,
    ipv4: s.ipv4 ?? '',
    additionalNetwork: s.additional_network ?? '',
    ipv4PoolId: s.ipv4_pool_id,
    macs: s.macs ?? '',
    portId: s.port_id ?? '',
  };
}

export function discountOf(s: ServiceDbRow): ServiceRow['discount'] {
  if (s.discount_kind === 'none') return null;
  return { kind: s.discount_kind, value: s.discount_value, from: s.discount_from, to: s.discount_to, message: s.discount_message ?? '' };
}
