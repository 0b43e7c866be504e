import type { Page } from '../contract/common';
import { AppError, notFound } from '../contract/errors';
import type { ChannelName } from '../contract';
import type { ChangePlanQuoteView, ChangePlanRefusalView } from '../contract/changePlan';
import type {
  ApproveChangeResult,
  PlanChangeRequestCheck,
  PlanChangeRequestView,
  TicketCounts,
  TicketDetail,
  TicketMessage,
  TicketPriority,
  TicketRow,
  TicketStatus,
  TicketType,
} from '../contract/tickets';
import { TICKET_STATUS_LABELS } from '../contract/tickets';
import { audit } from './audit';
import * as changePlan from './changePlan';
import { actorName, type AppContext } from './context';
import type { Handlers } from './handlers';
import { allRows, getRow, run } from './prepared';
import { likeLiteral } from './sql';

// Support tickets (splynx-rules §13) for staff, and the ticket store the portal writes to (main/app/portal.ts).
// The API names statuses and types in camelCase; the database keeps the snake_case of db/enums.ts.

const STATUS_DB: Record<TicketStatus, string> = {
  new: 'new',
  workInProgress: 'work_in_progress',
  resolved: 'resolved',
  waitingOnCustomer: 'waiting_on_customer',
  waitingOnAgent: 'waiting_on_agent',
};
const STATUS_API = Object.fromEntries(Object.entries(STATUS_DB).map(([k, v]) => [v, k])) as Record<string, TicketStatus>;
const TYPE_DB: Record<TicketType, string> = { question: 'question', incident: 'incident', problem: 'problem', featureRequest: 'feature_request', lead: 'lead' };
const TYPE_API = Object.fromEntries(Object.entries(TYPE_DB).map(([k, v]) => [v, k])) as Record<string, TicketType>;

export const ticketStatusToDb = (s: TicketStatus): string => STATUS_DB[s];
export const ticketStatusFromDb = (s: string): TicketStatus => STATUS_API[s] ?? 'new';

/**
 * A ticket's stamps (opened, updated, each message) are the business date with the time of day, "2022-01-11T14:05:09":
 * staff read them beside business dates (created on, requested on), so a training clock's day must not sit next to the
 * calendar's. The time of day is the machine's local time (bound as the first parameter: the business date).
 */
const STAMP_SQL = `(? || strftime('T%H:%M:%S', 'now', 'localtime'))`;

/** The request stored in tickets.plan_change_request (JSON). */
export type StoredPlanChangeRequest = PlanChangeRequestView;

interface TicketDbRow {
  id: number;
  customerId: number;
  customerName: string;
  subject: string;
  status: string;
  priority: TicketPriority;
  type: string;
  source: 'admin' | 'portal';
  assignedTo: string | null;
  createdBy: string;
  createdOn: string;
  createdAt: string;
  updatedAt: string;
  messageCount: number;
  publicMessageCount: number;
  request: string | null;
}

const TICKET_SELECT = `SELECT t.id, t.customer_id AS customerId, c.name AS customerName, t.subject, t.status, t.priority, t.type, t.source,
    t.assigned_to AS assignedTo, t.created_by AS createdBy, t.created_on AS createdOn, t.created_at AS createdAt, t.updated_at AS updatedAt,
    (SELECT COUNT(*) FROM ticket_messages m WHERE m.ticket_id = t.id) AS messageCount,
    (SELECT COUNT(*) FROM ticket_messages m WHERE m.ticket_id = t.id AND m.internal = 0) AS publicMessageCount,
    t.plan_change_request AS request
  FROM tickets t JOIN customers c ON c.id = t.customer_id`;

export function parseRequest(json: string | null): StoredPlanChangeRequest | null {
  return json === null ? null : (JSON.parse(json) as StoredPlanChangeRequest);
}

function toRow(r: TicketDbRow): TicketRow {
  const req = parseRequest(r.request);
  return {
    id: r.id,
    customerId: r.customerId,
    customerName: r.customerName,
    subject: r.subject,
    status: ticketStatusFromDb(r.status),
    priority: r.priority,
    type: TYPE_API[r.type] ?? 'question',
    source: r.source,
    assignedTo: r.assignedTo,
    createdBy: r.createdBy,
    createdOn: r.createdOn,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    messageCount: r.messageCount,
    planChange: req !== null,
    planChangeApplied: req?.outcome?.result === 'applied',
  };
}

function loadTicketDb(ctx: AppContext, id: number): TicketDbRow | undefined {
  return getRow<TicketDbRow>(ctx.db, `${TICKET_SELECT} WHERE t.id = ?`, id);
}

export function ticketMessages(ctx: AppContext, ticketId: number, includeInternal: boolean): TicketMessage[] {
  return allRows<{ id: number; author: string; authorKind: TicketMessage['authorKind']; internal: number; body: string; createdAt: string }>(
    ctx.db,
    `SELECT id, author, author_kind AS authorKind, internal, body, created_at AS createdAt FROM ticket_messages
      WHERE ticket_id = ? AND (? = 1 OR internal = 0) ORDER BY id`,
    ticketId,
    includeInternal ? 1 : 0,
  ).map((m) => ({ ...m, internal: Boolean(m.internal) }));
}

/** Staff view of one ticket (internal notes included). */
export function getTicket(ctx: AppContext, id: number): TicketDetail {
  const r = loadTicketDb(ctx, id);
  if (!r) throw notFound('Ticket', id, 'id');
  return { ...toRow(r), messages: ticketMessages(ctx, id, true), planChangeRequest: parseRequest(r.request) };
}

/** A customer's tickets (for the portal), newest first, with public message counts. */
export function ticketRowsOfCustomer(ctx: AppContext, customerId: number): (TicketRow & { publicMessageCount: number })[] {
  return allRows<TicketDbRow>(ctx.db, `${TICKET_SELECT} WHERE t.customer_id = ? ORDER BY t.id DESC`, customerId).map((r) => ({
    ...toRow(r),
    publicMessageCount: r.publicMessageCount,
  }));
}

export interface TicketListInput {
  status: TicketStatus | 'open' | 'all';
  customerId: number | null;
  type: TicketType | null;
  priority: TicketPriority | null;
  assignee: string | null;
  search: string;
  page: number;
  pageSize: number;
}

export function listTickets(ctx: AppContext, f: TicketListInput): Page<TicketRow> & { counts: TicketCounts } {
  const where: string[] = [];
  const params: unknown[] = [];
  if (f.customerId !== null) {
    where.push('t.customer_id = ?');
    params.push(f.customerId);
  }
  if (f.type !== null) {
    where.push('t.type = ?');
    params.push(TYPE_DB[f.type]);
  }
  if (f.priority !== null) {
    where.push('t.priority = ?');
    params.push(f.priority);
  }
  if (f.assignee !== null) {
    if (f.assignee === '') where.push('t.assigned_to IS NULL');
    else {
      where.push('t.assigned_to = ?');
      params.push(f.assignee);
    }
  }
  const search = f.search.trim();
  if (search) {
    const like = `%${likeLiteral(search)}%`;
    const n = /^#?\d+$/.test(search) ? Number(search.replace('#', '')) : -1;
    where.push(`(t.subject LIKE ? ESCAPE '\\' OR c.name LIKE ? ESCAPE '\\' OR t.id = ?)`);
    params.push(like, like, n);
  }
  const base = where.length ? ` WHERE ${where.join(' AND ')}` : '';
  const countRows = allRows<{ status: string; n: number }>(
    ctx.db,
    `SELECT t.status, COUNT(*) AS n FROM tickets t JOIN customers c ON c.id = t.customer_id${base} GROUP BY t.status`,
    ...params,
  );
  const counts: TicketCounts = { all: 0, open: 0, new: 0, workInProgress: 0, resolved: 0, waitingOnCustomer: 0, waitingOnAgent: 0 };
  for (const c of countRows) {
    const s = ticketStatusFromDb(c.status);
    counts[s] += c.n;
    counts.all += c.n;
    if (s !== 'resolved') counts.open += c.n;
  }
  const statusWhere = [...where];
  const statusParams = [...params];
  if (f.status === 'open') statusWhere.push("t.status <> 'resolved'");
  else if (f.status !== 'all') {
    statusWhere.push('t.status = ?');
    statusParams.push(STATUS_DB[f.status]);
  }
  const clause = statusWhere.length ? ` WHERE ${statusWhere.join(' AND ')}` : '';
  const total = getRow<{ n: number }>(ctx.db, `SELECT COUNT(*) AS n FROM tickets t JOIN customers c ON c.id = t.customer_id${clause}`, ...statusParams)!.n;
  const rows = allRows<TicketDbRow>(ctx.db, `${TICKET_SELECT}${clause} ORDER BY t.id DESC LIMIT ? OFFSET ?`, ...statusParams, f.pageSize, (f.page - 1) * f.pageSize);
  return { rows: rows.map(toRow), total, page: f.page, pageSize: f.pageSize, counts };
}

export interface NewTicket {
  customerId: number;
  subject: string;
  message: string;
  priority: TicketPriority;
  type: TicketType;
  source: 'admin' | 'portal';
  assignee: string | null;
  createdBy: string;
  author: string;
  authorKind: TicketMessage['authorKind'];
  planChangeRequest?: StoredPlanChangeRequest | null;
}

/** Inserts a ticket and its first message, audited. The caller runs it inside its transaction. */
export function insertTicket(ctx: AppContext, t: NewTicket): number {
  const id = Number(
    run(
      ctx.db,
      `INSERT INTO tickets (customer_id, subject, status, priority, type, source, assigned_to, created_by, created_on, plan_change_request, created_at, updated_at)
       VALUES (?, ?, 'new', ?, ?, ?, ?, ?, ?, ?, ${STAMP_SQL}, ${STAMP_SQL})`,
      t.customerId,
      t.subject,
      t.priority,
      TYPE_DB[t.type],
      t.source,
      t.assignee || null,
      t.createdBy,
      ctx.clock.today(),
      t.planChangeRequest ? JSON.stringify(t.planChangeRequest) : null,
      ctx.clock.today(),
      ctx.clock.today(),
    ).lastInsertRowid,
  );
  addMessage(ctx, id, { author: t.author, authorKind: t.authorKind, internal: false, body: t.message });
  audit(ctx, {
    entity: 'ticket',
    entityId: id,
    customerId: t.customerId,
    action: `ticket #${id} opened: ${t.subject}`,
    after: { subject: t.subject, priority: t.priority, type: t.type, source: t.source, assignedTo: t.assignee || null, planChange: Boolean(t.planChangeRequest) },
  });
  return id;
}

export function addMessage(ctx: AppContext, ticketId: number, m: { author: string; authorKind: TicketMessage['authorKind']; internal: boolean; body: string }): void {
  const today = ctx.clock.today();
  run(
    ctx.db,
    `INSERT INTO ticket_messages (ticket_id, author, author_kind, internal, body, created_at) VALUES (?, ?, ?, ?, ?, ${STAMP_SQL})`,
    ticketId,
    m.author,
    m.authorKind,
    m.internal ? 1 : 0,
    m.body,
    today,
  );
  run(ctx.db, `UPDATE tickets SET updated_at = ${STAMP_SQL} WHERE id = ?`, today, ticketId);
}

/** Sets the status, audited; no-op when unchanged. */
export function setTicketStatus(ctx: AppContext, ticketId: number, status: TicketStatus): void {
  const r = loadTicketDb(ctx, ticketId);
  if (!r) throw notFound('Ticket', ticketId, 'ticketId');
  const before = ticketStatusFromDb(r.status);
  if (before === status) return;
  run(ctx.db, `UPDATE tickets SET status = ?, updated_at = ${STAMP_SQL} WHERE id = ?`, STATUS_DB[status], ctx.clock.today(), ticketId);
  audit(ctx, {
    entity: 'ticket',
    entityId: ticketId,
    customerId: r.customerId,
    action: `ticket #${ticketId} status ${TICKET_STATUS_LABELS[before]} → ${TICKET_STATUS_LABELS[status]}`,
    before: { status: before },
    after: { status },
  });
}

function requireTicket(ctx: AppContext, ticketId: number): TicketDbRow {
  const r = loadTicketDb(ctx, ticketId);
  if (!r) throw notFound('Ticket', ticketId, 'ticketId');
  return r;
}

const staffName = (ctx: AppContext): string => actorName(ctx.actor);

function assignees(ctx: AppContext): string[] {
  const names = new Set<string>();
  for (const r of allRows<{ name: string }>(ctx.db, 'SELECT name FROM staff_users ORDER BY name')) names.add(r.name);
  for (const r of allRows<{ name: string }>(ctx.db, 'SELECT DISTINCT assigned_to AS name FROM tickets WHERE assigned_to IS NOT NULL ORDER BY 1')) names.add(r.name);
  if (ctx.actor.kind === 'staff') names.add(ctx.actor.name);
  return [...names].sort((a, b) => a.localeCompare(b));
}

function approveChange(ctx: AppContext, input: { ticketId: number; fingerprint: string | null; start: string | null }): ApproveChangeResult {
  return ctx.db.transaction(() => {
    const t = requireTicket(ctx, input.ticketId);
    const req = parseRequest(t.request);
    if (!req) throw new AppError('CONFLICT', `Ticket #${t.id} is not a plan-change request`, { ticketId: 'not a plan-change request' });
    if (req.outcome?.result === 'applied')
      throw new AppError('CONFLICT', `The plan change of ticket #${t.id} was already applied (plan change #${req.outcome.planChangeId})`, { ticketId: 'already applied' });
    if (req.outcome) throw new AppError('CONFLICT', `The plan change request of ticket #${t.id} was declined on ${req.outcome.on}`, { ticketId: 'already declined' });
    const changeReq = { serviceId: req.serviceId, planId: req.planId, start: input.start ?? req.start, description: null, unitPrice: null };
    const fresh = changePlan.quote(ctx, changeReq);
    if (!fresh.ok) return { applied: false, reason: input.fingerprint === null ? 'confirm' : 'stale', quote: fresh };
    if (input.fingerprint === null) return { applied: false, reason: 'confirm', quote: fresh };
    if (input.fingerprint !== fresh.fingerprint) return { applied: false, reason: 'stale', quote: fresh };
    const change = changePlan.apply(ctx, { ...changeReq, fingerprint: fresh.fingerprint, source: 'portal' });
    const by = staffName(ctx);
    const message = `Plan change applied by ${by}: ${req.currentPlanName} → ${change.newPlanName} from ${change.start} (plan change #${change.id}; refund ${money(change.refundTotal)}, invoice ${money(change.invoiceTotal)}, fee ${money(change.feeTotal)}).`;
    const outcome: StoredPlanChangeRequest['outcome'] = {
      result: 'applied',
      on: ctx.clock.today(),
      by,
      planChangeId: change.id,
      newServiceId: change.newServiceId,
      start: change.start,
      planName: change.newPlanName,
      refundTotal: change.refundTotal,
      invoiceTotal: change.invoiceTotal,
      feeTotal: change.feeTotal,
      message,
    };
    run(ctx.db, 'UPDATE tickets SET plan_change_request = ? WHERE id = ?', JSON.stringify({ ...req, outcome }), t.id);
    addMessage(ctx, t.id, { author: 'System', authorKind: 'system', internal: false, body: message });
    audit(ctx, { entity: 'ticket', entityId: t.id, customerId: t.customerId, action: `ticket #${t.id}: plan change request approved and applied`, after: outcome });
    setTicketStatus(ctx, t.id, 'resolved');
    return { applied: true, planChange: change, ticket: getTicket(ctx, t.id) };
  });
}

/** A change of the request's service made after the request (the customer's self-change, or staff's), if any. */
function laterChange(ctx: AppContext, req: StoredPlanChangeRequest): PlanChangeRequestCheck['supersededBy'] {
  return (
    getRow<NonNullable<PlanChangeRequestCheck['supersededBy']>>(
      ctx.db,
      `SELECT pc.id AS planChangeId, pc.made_on AS madeOn, pc.start_date AS start, p.name AS newPlanName, pc.source
         FROM plan_changes pc JOIN plans p ON p.id = pc.new_plan_id
        WHERE pc.old_service_id = ? AND pc.status = 'applied' AND pc.made_on >= ? ORDER BY pc.id DESC LIMIT 1`,
      req.serviceId,
      req.requestedOn,
    ) ?? null
  );
}

const SOURCE_WORDS: Record<string, string> = { portal: 'the customer changed', staff: 'staff changed', bulk: 'a bulk change moved', admin: 'staff changed' };

/**
 * The request as of today, for the ticket to say what staff can do: the fresh quote at the requested start; when that
 * is refused, the reason in a sentence and the earliest start that would be accepted (found by re-quoting at the
 * date each refusal names, so a "Refund is None" limit after "not in the past" is found too).
 */
export function checkRequest(ctx: AppContext, req: StoredPlanChangeRequest): PlanChangeRequestCheck {
  const at = (start: string) => changePlan.quote(ctx, { serviceId: req.serviceId, planId: req.planId, start, description: null, unitPrice: null });
  const fresh = at(req.start);
  if (fresh.ok) return { state: fresh.fingerprint === req.quote.fingerprint ? 'current' : 'changed', reason: null, earliestStart: null, quote: fresh, supersededBy: null };
  const later = laterChange(ctx, req);
  if (later) {
    const who = SOURCE_WORDS[later.source] ?? 'someone changed';
    return {
      state: 'refused',
      reason: `Since this request, ${who} the service: ${req.currentPlanName} → ${later.newPlanName} from ${later.start} (plan change #${later.planChangeId}, made on ${later.madeOn}). This request is for the old service and cannot be applied any more; decline it with a message to the customer.`,
      earliestStart: null,
      quote: fresh,
      supersededBy: later,
    };
  }
  let earliest: string | null = null;
  let refusal: ChangePlanQuoteView | ChangePlanRefusalView = fresh;
  for (let i = 0; i < 3 && !refusal.ok && refusal.earliestStart && refusal.earliestStart !== earliest; i++) {
    earliest = refusal.earliestStart;
    refusal = at(earliest);
  }
  const today = ctx.clock.today();
  const usable = refusal.ok ? earliest : null;
  const why =
    req.start < today
      ? `The requested start date ${req.start} has passed (today is ${today}).`
      : `It cannot be applied as requested: ${fresh.message}.`;
  return {
    state: 'refused',
    reason: usable ? `${why} It can start on ${usable} at the earliest.` : `${why} ${refusal.ok ? '' : refusal.message}`.trim(),
    earliestStart: usable,
    quote: fresh,
    supersededBy: null,
  };
}

function declineChange(ctx: AppContext, input: { ticketId: number; message: string }): TicketDetail {
  return ctx.db.transaction(() => {
    const t = requireTicket(ctx, input.ticketId);
    const req = parseRequest(t.request);
    if (!req) throw new AppError('CONFLICT', `Ticket #${t.id} is not a plan-change request`, { ticketId: 'not a plan-change request' });
    if (req.outcome) throw new AppError('CONFLICT', `The plan change request of ticket #${t.id} was already ${req.outcome.result}`, { ticketId: `already ${req.outcome.result}` });
    const by = staffName(ctx);
    const outcome: StoredPlanChangeRequest['outcome'] = { result: 'declined', on: ctx.clock.today(), by, message: input.message };
    run(ctx.db, 'UPDATE tickets SET plan_change_request = ? WHERE id = ?', JSON.stringify({ ...req, outcome }), t.id);
    addMessage(ctx, t.id, { author: by, authorKind: 'staff', internal: false, body: input.message });
    audit(ctx, { entity: 'ticket', entityId: t.id, customerId: t.customerId, action: `ticket #${t.id}: plan change request declined`, after: outcome });
    setTicketStatus(ctx, t.id, 'resolved');
    return getTicket(ctx, t.id);
  });
}

const money = (cents: number): string => {
  const sign = cents < 0 ? '-' : '';
  const a = Math.abs(cents);
  return `${sign}${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')}`;
};

type TicketChannels = Extract<ChannelName, `tickets.${string}`>;

export const ticketHandlers: Handlers<TicketChannels> = {
  'tickets.list': (ctx, i) => listTickets(ctx, i),
  'tickets.get': (ctx, i) => getTicket(ctx, i.id),
  'tickets.assignees': (ctx) => assignees(ctx),
  'tickets.create': (ctx, i) =>
    ctx.db.transaction(() => {
      if (!getRow(ctx.db, 'SELECT 1 FROM customers WHERE id = ?', i.customerId)) throw notFound('Customer', i.customerId, 'customerId');
      const name = staffName(ctx);
      const id = insertTicket(ctx, { ...i, source: 'admin', createdBy: name, author: name, authorKind: 'staff' });
      return getTicket(ctx, id);
    }),
  'tickets.reply': (ctx, i) =>
    ctx.db.transaction(() => {
      const t = requireTicket(ctx, i.ticketId);
      addMessage(ctx, t.id, { author: staffName(ctx), authorKind: 'staff', internal: i.internal, body: i.body });
      audit(ctx, { entity: 'ticket', entityId: t.id, customerId: t.customerId, action: i.internal ? `ticket #${t.id}: internal note added` : `ticket #${t.id}: reply sent` });
      if (i.status !== null) setTicketStatus(ctx, t.id, i.status);
      return getTicket(ctx, t.id);
    }),
  'tickets.assign': (ctx, i) =>
    ctx.db.transaction(() => {
      const t = requireTicket(ctx, i.ticketId);
      const assignee = i.assignee?.trim() || null;
      if (assignee !== t.assignedTo) {
        run(ctx.db, `UPDATE tickets SET assigned_to = ?, updated_at = ${STAMP_SQL} WHERE id = ?`, assignee, ctx.clock.today(), t.id);
        audit(ctx, {
          entity: 'ticket',
          entityId: t.id,
          customerId: t.customerId,
          action: assignee ? `ticket #${t.id} assigned to ${assignee}` : `ticket #${t.id} unassigned`,
          before: { assignedTo: t.assignedTo },
          after: { assignedTo: assignee },
        });
      }
      return getTicket(ctx, t.id);
    }),
  'tickets.setStatus': (ctx, i) =>
    ctx.db.transaction(() => {
      setTicketStatus(ctx, i.ticketId, i.status);
      return getTicket(ctx, i.ticketId);
    }),
  'tickets.approveChange': (ctx, i) => approveChange(ctx, i),
  'tickets.checkChange': (ctx, i) => {
    const req = parseRequest(requireTicket(ctx, i.ticketId).request);
    if (!req) throw new AppError('CONFLICT', `Ticket #${i.ticketId} is not a plan-change request`, { ticketId: 'not a plan-change request' });
    return checkRequest(ctx, req);
  },
  'tickets.declineChange': (ctx, i) => declineChange(ctx, i),
};
