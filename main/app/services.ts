import type { z } from 'zod';
import type { ServiceStatus } from '../../db/enums';
import type { internetSettingsInput, serviceFields, UsagePoint } from '../contract/services';
import { AppError, fieldError, notFound } from '../contract/errors';
import { addDays, daysInclusive } from '../engine';
import { audit } from './audit';
import { networks, usedAddresses } from './config';
import { actorName, type AppContext } from './context';
import { loadCustomer } from './customers';
import { inHistoryYears } from './historyYears';
import type { Handler } from './handlers';
import { contains, hostRange, ipToInt, normaliseMacs, parseCidr } from './ipv4';
import { loadPlan, planAvailableTo } from './plans';
import { allRows, getRow, NOW_SQL, run } from './prepared';
import { discountOf, internetOf, loadServiceRow, serviceRow, serviceRowsForCustomer, type ServiceDbRow } from './rows';
import { deleteService, insertService, setServiceStatus, updateService, type NewServiceRow, type ServicePatch } from './serviceWrites';

// Services of a customer (§1.3, §3, §10): add / edit with the plan and network validations, delete while
// nothing was invoiced, dated status changes (decision 12), traffic and geolocation.

type Internet = z.output<typeof internetSettingsInput>;
type Fields = z.output<typeof serviceFields>;

/** Everything a service is validated on, after merging an update with the stored row. */
interface Draft extends Omit<Fields, 'status' | 'unitPrice'> {
  status: ServiceStatus;
  unitPrice: number;
}

export function loadService(ctx: AppContext, id: number, field = 'id'): ServiceDbRow {
  const row = getRow<ServiceDbRow>(ctx.db, `SELECT * FROM services WHERE id = ?`, id);
  if (!row) throw notFound('Service', id, field);
  return row;
}

const NO_INTERNET: Internet = {
  routerId: null,
  login: '',
  password: '',
  ipv4Method: 'none',
  ipv4: '',
  additionalNetwork: '',
  ipv4PoolId: null,
  macs: '',
  portId: '',
};


// ---------------------------------------------------------------------------------------------------------
// validation shared by add and update

/**
 * The login is unique among ACTIVE services (the database enforces that much). Beyond it, a login held by an
 * active or pending service of ANOTHER customer is refused too, so two customers never end up fighting over
 * one PPPoE account. The same customer may share it between an active and a pending service (a plan change
 * works that way).
 */
function checkLogin(ctx: AppContext, d: Draft, selfId: number | null): void {
  const login = d.internet?.login ?? '';
  if (!login) return;
  const other = getRow<{ id: number; customer_id: number; status: ServiceStatus }>(
    ctx.db,
    `SELECT id, customer_id, status FROM services
     WHERE login = ? COLLATE NOCASE AND id IS NOT ? AND status IN ('active', 'pending')
       AND (customer_id <> ? OR (status = 'active' AND ? = 'active'))
     ORDER BY status = 'active' DESC, id LIMIT 1`,
    login,
    selfId,
    d.customerId,
    d.status,
  );
  if (other) {
    const msg = `is already used by ${other.status} service #${other.id}${other.customer_id !== d.customerId ? ` of customer #${other.customer_id}` : ''}`;
    throw new AppError('CONFLICT', `Service login "${login}" ${msg}`, { 'internet.login': msg });
  }
}

function checkNetwork(ctx: AppContext, net: Internet, selfId: number | null, ipChanged: boolean): void {
  if (net.routerId !== null && !getRow(ctx.db, `SELECT 1 FROM routers WHERE id = ?`, net.routerId))
    throw notFound('Router', net.routerId, 'internet.routerId');
  if (net.ipv4Method !== 'permanent') {
    if (net.ipv4) throw fieldError('internet.ipv4', 'an IPv4 address goes with the Permanent IP method only');
    if (net.additionalNetwork) throw fieldError('internet.additionalNetwork', 'an additional network goes with the Permanent IP method only');
  }
  if (net.ipv4Method !== 'dynamic' && net.ipv4PoolId !== null) throw fieldError('internet.ipv4PoolId', 'a pool goes with the Dynamic IP method only');
  if (net.ipv4Method === 'dynamic' && net.ipv4PoolId !== null) {
    const pool = getRow<{ kind: string }>(
      ctx.db,
      `SELECT n.kind FROM ipv4_pools p JOIN ipv4_networks n ON n.id = p.network_id WHERE p.id = ?`,
      net.ipv4PoolId,
    );
    if (!pool) throw notFound('IPv4 pool', net.ipv4PoolId, 'internet.ipv4PoolId');
    if (pool.kind !== 'dynamic') throw fieldError('internet.ipv4PoolId', 'is not a pool of a dynamic network');
  }
  if (net.ipv4Method === 'permanent') {
    if (!net.ipv4) throw fieldError('internet.ipv4', 'is required with a Permanent IP');
    if (net.additionalNetwork && !parseCidr(net.additionalNetwork)) throw fieldError('internet.additionalNetwork', 'must be a network like 192.168.5.0/29');
    if (!ipChanged) return; // an address kept as it was (e.g. shared with a Stopped copy) is not re-checked
    const ip = ipToInt(net.ipv4)!;
    const home = networks(ctx).find((n) => n.kind === 'permanent' && contains(n.cidr, ip));
    if (!home) throw fieldError('internet.ipv4', 'is not inside any permanent network of the IP manager');
    const hosts = hostRange(home.cidr);
    if (ip < hosts.from || ip > hosts.to) throw fieldError('internet.ipv4', `is the network or broadcast address of ${home.network}`);
    if (usedAddresses(ctx, selfId).has(ip)) {
      const user = getRow<{ id: number; customer_id: number }>(
        ctx.db,
        `SELECT id, customer_id FROM services WHERE ipv4 = ? AND status <> 'archived' AND id IS NOT ? ORDER BY id LIMIT 1`,
        net.ipv4,
        selfId,
      )!;
      const msg = `is already used by service #${user.id} of customer #${user.customer_id}`;
      throw new AppError('CONFLICT', `IPv4 ${net.ipv4} ${msg}`, { 'internet.ipv4': msg });
    }
  }
}

function checkPlan(ctx: AppContext, d: Draft, partnerId: number): string {
  const plan = loadPlan(ctx, d.planId, 'planId');
  if (plan.kind !== d.kind) throw fieldError('planId', `"${plan.name}" is a ${plan.kind} plan; this is a ${d.kind} service`);
  if (plan.enabled !== 1) throw fieldError('planId', `"${plan.name}" is disabled and takes no new services`);
  if (!planAvailableTo(ctx, plan.id, partnerId)) throw fieldError('planId', `"${plan.name}" is not offered to this customer's partner`);
  return plan.name;
}

function checkDates(d: Draft): void {
  if (d.end !== null && d.end < d.start) throw fieldError('end', `must not be before the start date ${d.start}`);
}

function normaliseInternet(d: Draft): void {
  if (d.kind !== 'internet') {
    if (d.internet) throw fieldError('internet', `only Internet services have network settings; this is a ${d.kind} service`);
    return;
  }
  const net = d.internet ?? NO_INTERNET;
  d.internet = { ...net, macs: normaliseMacs(net.macs) };
  const macs = d.internet.macs ? d.internet.macs.split(',') : [];
  const dup = macs.find((m, i) => macs.indexOf(m) !== i);
  if (dup) throw fieldError('internet.macs', `${dup} is listed twice`);
}

/** The columns a draft sets, by name (SERVICE_COLUMNS order). */
function serviceColumns(d: Draft): Required<Pick<ServicePatch, (typeof SERVICE_COLUMNS)[number]>> {
  const values = columnValues(d);
  return Object.fromEntries(SERVICE_COLUMNS.map((c, i) => [c, values[i]])) as Required<Pick<ServicePatch, (typeof SERVICE_COLUMNS)[number]>>;
}

/** Parameters in the column order of SERVICE_COLUMNS. */
function columnValues(d: Draft): unknown[] {
  const net = d.internet ?? NO_INTERNET;
  const disc = d.discount;
  return [
    d.planId,
    d.description,
    d.quantity,
    d.unit,
    d.unitPrice,
    d.payPeriodMonths,
    d.start,
    d.end,
    disc?.kind ?? 'none',
    disc?.value ?? 0,
    disc?.from ?? null,
    disc?.to ?? null,
    disc?.message ?? null,
    d.status,
    net.routerId,
    net.login || null,
    // empty = the customer's portal password is used (§10); kept empty, never copied from the portal hash
    net.password || null,
    net.ipv4Method,
    net.ipv4 || null,
    net.additionalNetwork || null,
    net.ipv4PoolId,
    net.macs || null,
    net.portId || null,
  ];
}
const SERVICE_COLUMNS = [
  'plan_id',
  'description',
  'quantity',
  'unit',
  'unit_price',
  'pay_period_months',
  'start_date',
  'end_date',
  'discount_kind',
  'discount_value',
  'discount_from',
  'discount_to',
  'discount_message',
  'status',
  'router_id',
  'login',
  'password',
  'ipv4_method',
  'ipv4',
  'additional_network',
  'ipv4_pool_id',
  'macs',
  'port_id',
] as const satisfies readonly (keyof ServicePatch)[];

// ---------------------------------------------------------------------------------------------------------
// add / update / delete

const add: Handler<'services.add'> = (ctx, input) => {
  const today = ctx.clock.today();
  const id = ctx.db.transaction(() => {
    const customer = loadCustomer(ctx, input.customerId, 'customerId');
    if (customer.status === 'inactive')
      throw new AppError('REFUSED', 'Inactive customers cannot get new services — reactivate the customer first', {
        customerId: 'Inactive customers cannot get new services — reactivate the customer first',
      });
    const plan = loadPlan(ctx, input.planId, 'planId');
    const d: Draft = {
      ...input,
      description: input.description || plan.description || plan.name,
      unitPrice: input.unitPrice ?? plan.price,
      status: input.status ?? (input.start > today ? 'pending' : 'active'),
    };
    checkPlan(ctx, d, customer.partner_id);
    checkDates(d);
    normaliseInternet(d);
    if (d.internet) {
      checkNetwork(ctx, d.internet, null, true);
      checkLogin(ctx, d, null);
    }
    const newId = insertService(ctx, { ...serviceColumns(d), customer_id: d.customerId, kind: d.kind, created_on: today } as NewServiceRow);
    audit(ctx, { entity: 'service', entityId: newId, customerId: d.customerId, action: 'create', after: loadService(ctx, newId) });
    return newId;
  });
  return loadServiceRow(ctx, id);
};

const update: Handler<'services.update'> = (ctx, input) => {
  ctx.db.transaction(() => {
    const before = loadService(ctx, input.id);
    const customer = loadCustomer(ctx, before.customer_id);
    const pick = <K extends keyof typeof input>(k: K, stored: unknown) => (input[k] === undefined ? stored : input[k]);
    const d = {
      customerId: before.customer_id,
      kind: before.kind,
      planId: pick('planId', before.plan_id),
      description: pick('description', before.description),
      quantity: pick('quantity', before.quantity),
      unit: pick('unit', before.unit ?? ''),
      unitPrice: pick('unitPrice', before.unit_price) ?? before.unit_price,
      payPeriodMonths: pick('payPeriodMonths', before.pay_period_months),
      start: pick('start', before.start_date),
      end: pick('end', before.end_date),
      discount: pick('discount', discountOf(before)),
      status: pick('status', before.status) ?? before.status,
      internet: pick('internet', internetOf(before)),
    } as Draft;
    // Once invoiced, the billed days are fixed (§3 "This service is accounted to …"): the plan moves with
    // Change plan, and dates that would re-price billed days need the invoice corrected first.
    const iu = before.invoiced_until;
    if (iu !== null) {
      const accounted = `Service #${before.id} is accounted to ${iu}`;
      if (d.planId !== before.plan_id)
        throw new AppError('REFUSED', `${accounted}; use Change plan to move it to another plan`, { planId: 'use Change plan' });
      if (d.start !== before.start_date)
        throw new AppError('REFUSED', `${accounted}; to move its start date correct the invoice first`, {
          start: `is invoiced; correct the invoice first`,
        });
      if (d.end !== null && d.end < iu && d.end !== before.end_date)
        throw new AppError(
          'REFUSED',
          `${accounted}; to end it before ${addDays(iu, 1)} correct the invoice first (earliest end date ${iu})`,
          { end: `must not be before ${iu} (invoiced until)` },
          { earliestEnd: iu },
        );
    }
    if (d.planId !== before.plan_id) checkPlan(ctx, d, customer.partner_id);
    const plan = loadPlan(ctx, d.planId, 'planId');
    // null / empty mean the plan's values, as when adding
    if (input.unitPrice === null) d.unitPrice = plan.price;
    if (input.description === '') d.description = plan.description || plan.name;
    checkDates(d);
    normaliseInternet(d);
    if (d.internet) {
      const was = internetOf(before);
      checkNetwork(ctx, d.internet, before.id, d.internet.ipv4 !== was?.ipv4 || d.internet.ipv4Method !== was?.ipv4Method);
      if (d.internet.login.toLowerCase() !== (was?.login ?? '').toLowerCase() || d.status !== before.status) checkLogin(ctx, d, before.id);
    }
    const { status, ...rest } = serviceColumns(d);
    // The status is recorded (history, decision 19) only when it changes: an edit of other fields is no status change.
    updateService(ctx, before.id, status === before.status ? rest : { ...rest, status });
    audit(ctx, { entity: 'service', entityId: before.id, customerId: before.customer_id, action: 'update', before, after: loadService(ctx, before.id) });
  });
  return loadServiceRow(ctx, input.id);
};

/** Why a service may not be deleted, or null. Invoiced days and plan-change lineage must keep their service. */
function deleteBlocker(ctx: AppContext, s: ServiceDbRow): string | null {
  const id = s.id;
  if (s.invoiced_until !== null)
    return `Service #${id} is invoiced until ${s.invoiced_until}; it cannot be deleted — set an end date or archive it instead`;
  const docs = getRow<{ n: number }>(
    ctx.db,
    `SELECT (SELECT count(*) FROM invoice_lines WHERE ${inHistoryYears('invoice_lines')} AND service_id = @id) + (SELECT count(*) FROM credit_note_lines WHERE service_id = @id)
          + (SELECT count(*) FROM pending_charges WHERE service_id = @id) AS n`,
    { id },
  )!.n;
  if (docs > 0) return `Service #${id} appears on invoices, credit notes or pending charges; it cannot be deleted — set an end date or archive it instead`;
  const change = getRow<{ id: number }>(
    ctx.db,
    `SELECT id FROM plan_changes WHERE old_service_id = @id OR new_service_id = @id ORDER BY id LIMIT 1`,
    { id },
  );
  if (change || s.plan_change_id !== null)
    return `Service #${id} is part of plan change #${change?.id ?? s.plan_change_id}; cancel the plan change instead of deleting the service`;
  const linked = getRow<{ id: number }>(
    ctx.db,
    `SELECT id FROM services WHERE replaces_service_id = @id OR copied_from_service_id = @id ORDER BY id LIMIT 1`,
    { id },
  );
  if (linked) return `Service #${id} is the original of service #${linked.id}; archive it instead of deleting it`;
  if (getRow(ctx.db, `SELECT 1 FROM bulk_batch_items WHERE service_id = ?`, id))
    return `Service #${id} is part of a bulk tariff change; archive it instead of deleting it`;
  return null;
}

const remove: Handler<'services.delete'> = (ctx, input) =>
  ctx.db.transaction(() => {
    const before = loadService(ctx, input.id);
    const blocker = deleteBlocker(ctx, before);
    if (blocker) throw new AppError('REFUSED', blocker, { id: blocker });
    run(ctx.db, `DELETE FROM service_usage WHERE service_id = ?`, before.id);
    run(ctx.db, `DELETE FROM scheduled_status_changes WHERE service_id = ?`, before.id);
    deleteService(ctx, before.id);
    audit(ctx, { entity: 'service', entityId: before.id, customerId: before.customer_id, action: 'delete', before });
    return { deleted: true as const };
  });

// ---------------------------------------------------------------------------------------------------------
// scheduled status changes (decision 12), usage, geolocation

const scheduleStatus: Handler<'services.scheduleStatus'> = (ctx, input) => {
  const today = ctx.clock.today();
  ctx.db.transaction(() => {
    const s = loadService(ctx, input.serviceId, 'serviceId');
    if (input.status === 'pending') throw fieldError('status', 'Pending follows from the start date; choose Active, Disabled, Stopped or Archived');
    if (input.on < today) throw fieldError('on', `must be today (${today}) or later`);
    const open = getRow<{ id: number; status: string; on_date: string }>(
      ctx.db,
      `SELECT id, status, on_date FROM scheduled_status_changes WHERE service_id = ? AND applied_at IS NULL AND cancelled_at IS NULL`,
      s.id,
    );
    if (open)
      throw new AppError('CONFLICT', `Service #${s.id} already has a change to ${open.status} on ${open.on_date}; cancel it first`, {
        on: `a change to ${open.status} on ${open.on_date} is already scheduled`,
      });
    const appliesNow = input.on === today;
    if (appliesNow && input.status === s.status) throw fieldError('status', `the service is already ${s.status}`);
    if (appliesNow && input.status === 'active' && s.kind === 'internet') {
      // Becoming active today: the login must be free among active services now.
      const d = { customerId: s.customer_id, status: 'active', internet: internetOf(s) } as Draft;
      checkLogin(ctx, d, s.id);
    }
    const row = Number(
      run(
        ctx.db,
        `INSERT INTO scheduled_status_changes (service_id, on_date, status, created_by, applied_at, applied_on)
         VALUES (?, ?, ?, ?, ${appliesNow ? NOW_SQL : 'NULL'}, ?)`,
        s.id,
        input.on,
        input.status,
        actorName(ctx.actor),
        appliesNow ? today : null,
      ).lastInsertRowid,
    );
    if (appliesNow) setServiceStatus(ctx, s.id, input.status, { on: today });
    audit(ctx, {
      entity: 'service',
      entityId: s.id,
      customerId: s.customer_id,
      action: appliesNow ? `status ${s.status} → ${input.status} (scheduled for today, applied)` : `schedule status ${input.status} on ${input.on}`,
      before: { status: s.status },
      after: { scheduledStatusChangeId: row, status: input.status, on: input.on, applied: appliesNow },
    });
  });
  return loadServiceRow(ctx, input.serviceId);
};

const cancelScheduledStatus: Handler<'services.cancelScheduledStatus'> = (ctx, input) => {
  const serviceId = ctx.db.transaction(() => {
    const row = getRow<{ id: number; service_id: number; status: string; on_date: string; applied_on: string | null; cancelled_at: string | null }>(
      ctx.db,
      `SELECT id, service_id, status, on_date, applied_on, cancelled_at FROM scheduled_status_changes WHERE id = ?`,
      input.id,
    );
    if (!row) throw notFound('Scheduled status change', input.id, 'id');
    if (row.applied_on !== null) throw new AppError('REFUSED', `The change to ${row.status} was already applied on ${row.applied_on}`, { id: 'already applied' });
    if (row.cancelled_at !== null) throw new AppError('REFUSED', `The change to ${row.status} on ${row.on_date} was already cancelled`, { id: 'already cancelled' });
    run(ctx.db, `UPDATE scheduled_status_changes SET cancelled_at = ${NOW_SQL} WHERE id = ?`, row.id);
    const s = loadService(ctx, row.service_id);
    audit(ctx, {
      entity: 'service',
      entityId: s.id,
      customerId: s.customer_id,
      action: `cancel scheduled status ${row.status} on ${row.on_date}`,
      before: { scheduledStatusChangeId: row.id, status: row.status, on: row.on_date },
    });
    return s.id;
  });
  return loadServiceRow(ctx, serviceId);
};

/**
 * The daily traffic of a service over `from`..`to` (at most 366 days, `to` not before `from`). The caller has
 * already found the service (staff: any service; portal: one of the session customer's Internet services).
 */
export function usageRows(ctx: AppContext, input: { serviceId: number; from: string; to: string }): UsagePoint[] {
  if (input.to < input.from) throw fieldError('to', `must not be before ${input.from}`);
  if (daysInclusive(input.from, input.to) > 366) throw fieldError('to', 'the range may cover at most 366 days');
  return allRows<{ day: string; rx_bytes: number; tx_bytes: number }>(
    ctx.db,
    `SELECT day, rx_bytes, tx_bytes FROM service_usage WHERE service_id = ? AND day BETWEEN ? AND ? ORDER BY day`,
    input.serviceId,
    input.from,
    input.to,
  ).map((r) => ({ day: r.day, rxBytes: r.rx_bytes, txBytes: r.tx_bytes }));
}

const usage: Handler<'services.usage'> = (ctx, input) => {
  loadService(ctx, input.serviceId, 'serviceId');
  return usageRows(ctx, input);
};

const geolocate: Handler<'services.geolocate'> = (ctx, input) => {
  ctx.db.transaction(() => {
    const s = loadService(ctx, input.serviceId, 'serviceId');
    updateService(ctx, s.id, { geo_address: input.address, latitude: input.latitude, longitude: input.longitude });
    audit(ctx, {
      entity: 'service',
      entityId: s.id,
      customerId: s.customer_id,
      action: 'geolocate',
      before: { address: s.geo_address, latitude: s.latitude, longitude: s.longitude },
      after: { address: input.address, latitude: input.latitude, longitude: input.longitude },
    });
  });
  return loadServiceRow(ctx, input.serviceId);
};

export const serviceHandlers = {
  'services.listForCustomer': (ctx, input) => {
    loadCustomer(ctx, input.customerId, 'customerId');
    return serviceRowsForCustomer(ctx, input.customerId, { includeCancelledChanges: input.includeCancelledChanges });
  },
  'services.get': (ctx, input) => serviceRow(ctx, loadService(ctx, input.id)),
  'services.add': add,
  'services.update': update,
  'services.delete': remove,
  'services.scheduleStatus': scheduleStatus,
  'services.cancelScheduledStatus': cancelScheduledStatus,
  'services.usage': usage,
  'services.geolocate': geolocate,
} satisfies {
  [K in
    | 'services.listForCustomer'
    | 'services.get'
    | 'services.add'
    | 'services.update'
    | 'services.delete'
    | 'services.scheduleStatus'
    | 'services.cancelScheduledStatus'
    | 'services.usage'
    | 'services.geolocate']: Handler<K>;
};
