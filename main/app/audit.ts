import { actorName, type AppContext } from './context';
import { InsertBuffer, PendingRows, run } from './prepared';
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

/** A value already written as JSON text — JSON.stringify's text of it — stored as it is (see recurringEntryAfter). */
export class JsonText {
  constructor(readonly text: string) {}
}

const json = (v: unknown): string | null => (v === undefined ? null : v instanceof JsonText ? v.text : JSON.stringify(v));

const AUDIT_COLUMNS = ['business_date', 'actor', 'entity', 'entity_id', 'customer_id', 'action', 'before', 'after'] as const;

/** The entry's column values, in AUDIT_COLUMNS order. */
const auditValues = (ctx: AppContext, e: AuditEvent): unknown[] => [
  ctx.clock.today(),
  actorName(ctx.actor),
  e.entity,
  e.entityId,
  e.customerId,
  e.action,
  json(e.before),
  json(e.after),
];

/** Writes the entry and returns its id (a bulk row remembers the last entry its change wrote). */
export function audit(ctx: AppContext, e: AuditEvent): number {
  PendingRows.writeFirst(ctx.db, 'audit_log'); // a batch's entries made before this one keep their places
  const res = run(ctx.db, `INSERT INTO audit_log (${AUDIT_COLUMNS.join(', ')}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, ...auditValues(ctx, e));
  return Number(res.lastInsertRowid);
}

/** A bulk change's chunk's entries, written at its end (see PendingRows). */
export const pendingAudits = (): PendingRows => new PendingRows('audit_log', AUDIT_COLUMNS);

/** The same entry as audit() writes, kept in the chunk's PendingRows; returns the id it will have. */
export function auditPending(rows: PendingRows, ctx: AppContext, e: AuditEvent): number {
  return rows.add(ctx.db, auditValues(ctx, e));
}

/** A batch's entries, written together by its flush (the billing day: one entry per invoice, none read before the flush). */
export const auditBuffer = (): InsertBuffer => new InsertBuffer('audit_log', AUDIT_COLUMNS);

/** The same entry as audit() writes, kept in a batch's buffer until the batch flushes it (in the same transaction). */
export function auditLater(buffer: InsertBuffer, ctx: AppContext, e: AuditEvent): void {
  buffer.add(auditValues(ctx, e));
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
