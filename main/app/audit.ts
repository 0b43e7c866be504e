import { actorName, type AppContext } from './context';
import { run } from './prepared';
import { pagedRows } from './sql';
import type { AuditEntry } from '../contract/customers';
import type { Page } from '../contract/common';

// The audit trail (ARCHITECTURE "Audit"): every mutation calls audit() inside the same ctx.db.transaction as
// the change itself, so a rolled-back refusal leaves no entry and a committed change always has one.

export interface AuditEvent {
  /** what was changed, in the ISP's words: 'customer', 'service', 'plan', 'partner', 'settings', … */
  entity: string;
  entityId: number | null;
  /** the customer the change concerns (drives the customer's "Logs" tab); null for configuration */
  customerId: number | null;
  action: string;
  before?: unknown;
  after?: unknown;
}

const json = (v: unknown): string | null => (v === undefined ? null : JSON.stringify(v));

/** Writes the entry and returns its id (a bulk row remembers the last entry its change wrote). */
export function audit(ctx: AppContext, e: AuditEvent): number {
  const res = run(
    ctx.db,
    `INSERT INTO audit_log (business_date, actor, entity, entity_id, customer_id, action, before, after)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ctx.clock.today(),
    actorName(ctx.actor),
    e.entity,
    e.entityId,
    e.customerId,
    e.action,
    json(e.before),
    json(e.after),
  );
  return Number(res.lastInsertRowid);
}

interface AuditDbRow {
  id: number;
  at: string;
  business_date: string;
  actor: string;
  entity: string;
  entity_id: number | null;
  action: string;
  before: string | null;
  after: string | null;
}

const parse = (s: string | null): unknown => (s === null ? null : JSON.parse(s));

/** A customer's audit trail, newest first, one page. */
export function customerAuditPage(ctx: AppContext, customerId: number, page: number, pageSize: number): Page<AuditEntry> {
  const { rows, total } = pagedRows<AuditDbRow>(ctx.db, {
    select: 'id, at, business_date, actor, entity, entity_id, action, before, after',
    from: 'FROM audit_log WHERE customer_id = ?',
    orderBy: 'id DESC',
    params: [customerId],
    page,
    pageSize,
  });
  return {
    rows: rows.map((r) => ({
      id: r.id,
      at: r.at,
      businessDate: r.business_date,
      actor: r.actor,
      entity: r.entity,
      entityId: r.entity_id,
      action: r.action,
      before: parse(r.before),
      after: parse(r.after),
    })),
    total,
    page,
    pageSize,
  };
}
