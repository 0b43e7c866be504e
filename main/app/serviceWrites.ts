import type { ServiceStatus } from '../../db/enums';
import type { AppDb } from '../../db/open';
import type { AppContext } from './context';
import type { ServiceDbRow } from './rows';
import { PendingRows } from './prepared';
import { all, run } from './sql';

// The one write path of the services table. Every change of a service's status, dates, plan or price goes through
// here, so the status history (decision 19: which days were billable) is written in the same statement group as the
// row itself and can never disagree with it. Reads stay where they are; writes do not.

/** What a caller may change on a service: every column but its identity. Keys are the table's column names. */
export type ServicePatch = Partial<Omit<ServiceDbRow, 'id' | 'customer_id' | 'kind' | 'created_on'>>;
/** A new service: every column but the id (defaults are the caller's business: one place decides them, add/copy). */
export type NewServiceRow = Omit<ServiceDbRow, 'id'>;

/** When and why a status changed: `on` is the business day from which the new status holds. */
export interface StatusCause {
  on: string;
  /** 'deactivation' marks the services that reactivation on payment restarts (decisions 10, 21). */
  cause?: string | null;
}

/** The columns a patch may name (checked at compile time against ServicePatch: a typo or a new column fails typecheck). */
const WRITABLE = [
  'plan_id', 'description', 'quantity', 'unit', 'unit_price', 'pay_period_months', 'start_date', 'end_date', 'invoiced_until',
  'discount_kind', 'discount_value', 'discount_from', 'discount_to', 'discount_message', 'status', 'router_id', 'login', 'password',
  'ipv4_method', 'ipv4', 'additional_network', 'ipv4_pool_id', 'macs', 'port_id', 'latitude', 'longitude', 'geo_address',
  'replaces_service_id', 'plan_change_id', 'copied_from_service_id',
] as const satisfies readonly (keyof ServicePatch)[];
// …and every writable column is in the list.
type Missing = Exclude<keyof ServicePatch, (typeof WRITABLE)[number]>;
const _allWritable: [Missing] extends [never] ? true : Missing = true;
void _allWritable;
const WRITABLE_SET: ReadonlySet<string> = new Set(WRITABLE);

/** "From `on`, the service is `status`": one row per day (a second change the same day replaces the first). */
function recordStatus(ctx: AppContext, serviceId: number, status: ServiceStatus, at: StatusCause): void {
  PendingRows.writeFirst(ctx.db, 'service_status_history'); // a batch's first statuses made before this one keep their places
  run(
    ctx.db,
    `INSERT INTO service_status_history (service_id, from_date, status, cause) VALUES (?, ?, ?, ?)
     ON CONFLICT (service_id, from_date) DO UPDATE SET status = excluded.status, cause = excluded.cause`,
    serviceId,
    at.on,
    status,
    at.cause ?? null,
  );
}

/** Inserts a service and its first status (from the earlier of its start date and the day it is created). */
export function insertService(ctx: AppContext, row: NewServiceRow, at: Omit<StatusCause, 'on'> = {}): number {
  PendingRows.writeFirst(ctx.db, 'services'); // a batch's copies made before this one keep their ids
  const cols = Object.keys(row) as (keyof NewServiceRow)[];
  const id = Number(
    run(ctx.db, `INSERT INTO services (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`, ...cols.map((c) => row[c])).lastInsertRowid,
  );
  recordStatus(ctx, id, row.status, { on: row.start_date < row.created_on ? row.start_date : row.created_on, cause: at.cause });
  return id;
}

/**
 * A new service made from an existing one (a plan change's new service, a deactivation's Stopped copy): the source
 * row's columns with `overrides` on top, in one INSERT … SELECT, and its first status recorded.
 */
export function copyService(
  ctx: AppContext,
  sourceId: number,
  overrides: ServicePatch & Pick<ServiceDbRow, 'status' | 'start_date' | 'created_on'>,
  at: Omit<StatusCause, 'on'> = {},
  /**
   * A bulk change's chunk: the copy and its first status are kept for its end (PendingRows: a new service has no row
   * to replace, and the chunk reads neither before; the copy's source, one of the chunk's old services, keeps every
   * column a copy takes until then — the chunk changes only its status, end and invoiced-until dates).
   */
  pending?: PendingCopies,
): number {
  const keys = Object.keys(overrides) as (keyof typeof overrides)[];
  const shape = copyShape(keys);
  const values = keys.map((k) => overrides[k]);
  let id: number;
  if (pending) id = pending.services.add(ctx.db, [shape, sourceId, ...values]);
  else {
    PendingRows.writeFirst(ctx.db, 'services'); // a batch's copies made before this one keep their ids
    id = Number(run(ctx.db, shape.one, ...values, sourceId).lastInsertRowid);
  }
  const first = { on: overrides.start_date < overrides.created_on ? overrides.start_date : overrides.created_on, cause: at.cause ?? null };
  if (pending) pending.statuses.add(ctx.db, [id, first.on, overrides.status, first.cause]);
  else recordStatus(ctx, id, overrides.status, first);
  return id;
}

/** A bulk change's chunk's new services and their first statuses, written at its end (see copyService and PendingRows). */
export interface PendingCopies {
  services: PendingRows;
  statuses: PendingRows;
}

export const pendingCopies = (): PendingCopies => ({
  services: new PendingRows('services', ['id'], writeCopies),
  statuses: new PendingRows('service_status_history', ['service_id', 'from_date', 'status', 'cause']),
});

/** How a copy setting `keys` is written: one at a time, or many to a statement (see writeCopies). */
interface CopyShape {
  keys: readonly string[];
  /** INSERT … SELECT of one copy: the values of `keys`, then the source's id */
  one: string;
  /** the columns a copy takes from its source */
  kept: readonly string[];
}

/** Built once per set of keys (a bulk change copies thousands alike). */
const copyShapes = new Map<string, CopyShape>();
function copyShape(keys: readonly string[]): CopyShape {
  const name = keys.join(',');
  let shape = copyShapes.get(name);
  if (shape) return shape;
  for (const k of keys) if (k !== 'created_on' && !WRITABLE_SET.has(k)) throw new Error(`services.${k} is not a column a copy may set`);
  // The copy starts with everything of the source but its id (and the lineage/plan-change columns it sets itself).
  const kept = COPIED.filter((c) => !keys.includes(c));
  const one = `INSERT INTO services (customer_id, kind, ${[...kept, ...keys].join(', ')})
       SELECT customer_id, kind, ${[...kept, ...keys.map(() => '?')].join(', ')} FROM services WHERE id = ?`;
  shape = { keys, one, kept };
  copyShapes.set(name, shape);
  return shape;
}

/** Copies per statement at most (each binds 2 + keys values: well under SQLite's 32 766 parameters). */
const COPIES_PER_INSERT = 100;

/**
 * A chunk's kept copies ([shape, source id, …values of the shape's keys], in id order from `firstId`), many to an
 * INSERT … SELECT per shape with the ids they were given: the same rows as one copyService INSERT each (rows keyed by
 * their ids are the same whatever order they are written in), without a statement per service.
 */
function writeCopies(db: Pick<AppDb, 'sqlite'>, rows: unknown[][], firstId: number): void {
  const byShape = new Map<CopyShape, unknown[][]>();
  rows.forEach(([shape, ...rest], i) => {
    let list = byShape.get(shape as CopyShape);
    if (!list) byShape.set(shape as CopyShape, (list = []));
    list.push([firstId + i, ...rest]);
  });
  for (const [shape, list] of byShape) {
    let i = 0;
    // 100 at a time, then 64, 32, … 1: a few statement texts per shape, not one per count of rows.
    for (const size of [COPIES_PER_INSERT, 64, 32, 16, 8, 4, 2, 1])
      for (; i + size <= list.length; i += size) run(db, copyManyText(shape, size), ...list.slice(i, i + size).flat());
  }
}

function copyManyText(shape: CopyShape, n: number): string {
  const one = `(${Array.from({ length: shape.keys.length + 2 }, () => '?').join(', ')})`;
  // VALUES columns: column1 the new id, column2 the source's id, then the keys' values. CROSS JOIN keeps the VALUES
  // outermost: each copy looks its source up by id.
  return `INSERT INTO services (id, customer_id, kind, ${[...shape.kept, ...shape.keys].join(', ')})
       SELECT v.column1, s.customer_id, s.kind, ${[...shape.kept.map((c) => `s.${c}`), ...shape.keys.map((_, i) => `v.column${i + 3}`)].join(', ')}
         FROM (VALUES ${Array.from({ length: n }, () => one).join(', ')}) AS v CROSS JOIN services s ON s.id = v.column2`;
}
/** What a copy takes from its source unless told otherwise (never the billing state or the lineage). */
const COPIED = [
  'plan_id', 'description', 'quantity', 'unit', 'unit_price', 'pay_period_months', 'end_date', 'discount_kind', 'discount_value',
  'discount_from', 'discount_to', 'discount_message', 'router_id', 'login', 'password', 'ipv4_method', 'ipv4', 'additional_network',
  'ipv4_pool_id', 'macs', 'port_id', 'latitude', 'longitude', 'geo_address',
] as const satisfies readonly (keyof ServicePatch)[];

/**
 * Changes columns of one service. A patch that sets `status` records it in the history from `at.on` (default: the
 * business day), whether or not it differs — callers pass a status only when they mean to set it.
 */
export function updateService(ctx: AppContext, id: number, patch: ServicePatch, at?: Partial<StatusCause>): void {
  const keys = (Object.keys(patch) as (keyof ServicePatch)[]).filter((k) => patch[k] !== undefined);
  if (!keys.length) return;
  PendingRows.writeFirst(ctx.db, 'services'); // the service may be a copy a batch keeps
  for (const k of keys) if (!WRITABLE_SET.has(k)) throw new Error(`services.${k} is not writable`);
  run(ctx.db, `UPDATE services SET ${keys.map((k) => `${k} = ?`).join(', ')} WHERE id = ?`, ...keys.map((k) => patch[k]), id);
  if (patch.status !== undefined) recordStatus(ctx, id, patch.status, { on: at?.on ?? ctx.clock.today(), cause: at?.cause });
}

/** The status of a service, with its history, from `at.on`. */
export function setServiceStatus(ctx: AppContext, id: number, status: ServiceStatus, at: StatusCause): void {
  updateService(ctx, id, { status }, at);
}

/** The billing run's bulk write: the services of `ids` are invoiced up to `until` (no status involved). */
export function setInvoicedUntil(ctx: AppContext, ids: readonly number[], until: string): void {
  if (ids.length === 1) run(ctx.db, 'UPDATE services SET invoiced_until = ? WHERE id = ?', until, ids[0]);
  else if (ids.length) run(ctx.db, 'UPDATE services SET invoiced_until = ? WHERE id IN (SELECT value FROM json_each(?))', until, JSON.stringify(ids));
}

/** Services' end and invoiced-until dates: [id, end_date, invoiced_until] each (no status involved). */
export type ServiceEnds = [id: number, end: string | null, invoicedUntil: string | null][];

/** A batch's write of ServiceEnds in one statement: the same rows as updateService with those two columns for each. */
export function setServiceEnds(ctx: AppContext, rows: ServiceEnds): void {
  if (rows.length)
    run(
      ctx.db,
      `UPDATE services SET end_date = v.value ->> 1, invoiced_until = v.value ->> 2 FROM json_each(?) v WHERE services.id = v.value ->> 0`,
      JSON.stringify(rows),
    );
}

/** Every service is deleted through here too (only while nothing refers to it: services.delete checks). */
export function deleteService(ctx: AppContext, id: number): void {
  run(ctx.db, 'DELETE FROM service_status_history WHERE service_id = ?', id);
  run(ctx.db, 'DELETE FROM services WHERE id = ?', id);
}

/** The status history of services, oldest first, for those of `ids` that were ever Stopped or Archived (decision 19). */
export function unbilledHistories(ctx: AppContext, customerIds: readonly number[]): Map<number, { from: string; status: ServiceStatus }[]> {
  const out = new Map<number, { from: string; status: ServiceStatus }[]>();
  const rows = all<{ serviceId: number; from: string; status: ServiceStatus }>(
    ctx.db,
    `SELECT h.service_id AS serviceId, h.from_date AS "from", h.status FROM service_status_history h
      WHERE h.service_id IN (SELECT u.service_id FROM service_status_history u JOIN services s ON s.id = u.service_id
                              WHERE u.status IN ('stopped', 'archived') AND s.customer_id IN (SELECT value FROM json_each(?)))
      ORDER BY h.service_id, h.from_date`,
    JSON.stringify(customerIds),
  );
  for (const { serviceId, ...h } of rows) {
    const list = out.get(serviceId);
    if (list) list.push(h);
    else out.set(serviceId, [h]);
  }
  return out;
}

/** One service's status history, oldest first. */
export function statusHistory(ctx: AppContext, serviceId: number): { from: string; status: ServiceStatus; cause: string | null }[] {
  return all(ctx.db, 'SELECT from_date AS "from", status, cause FROM service_status_history WHERE service_id = ? ORDER BY from_date', serviceId);
}
