import { PORTAL_COLUMNS, PORTAL_PROFILE_FIELDS, displayOf, resolveSettings, type Settings } from '../../db/settings';
import type { Language } from '../../db/enums';
import type { ChannelName, ParsedInputOf } from '../contract';
import type { InvoiceRow } from '../contract/billing';
import type { Page } from '../contract/common';
import type { ChangePlanQuoteView, ChangePlanRefusalView } from '../contract/changePlan';
import { AppError, notFound } from '../contract/errors';
import type {
  PortalColumn,
  PortalDashboard,
  PortalFinance,
  PortalMenu,
  PortalPlanTarget,
  PortalProfile,
  PortalProfileField,
  PortalServiceRow,
  PortalServices,
  PortalSession,
  PortalTicketDetail,
  PortalTicketRow,
  PortalUsageService,
} from '../contract/portal';
import type { TicketPriority, TicketType } from '../contract/tickets';
import { INVOICE_SELECT, customerDocumentCount, invoiceRows } from './billing';
import { audit } from './audit';
import { effectiveBillingDayOf } from './billingDay';
import { listCreditNotes, listInvoices, listPayments } from './finance';
import * as changePlan from './changePlan';
import type { AppContext } from './context';
import { customerBillingRow, termsOf } from './customerTerms';
import { loadCustomer } from './customers';
import type { Handlers } from './handlers';
import { closePortalSession, openPortalSession } from './portalSessions';
import { allRows, getRow, run } from './prepared';
import { PENDING_CHANGE_WHERE } from './rows';
import { usageRows } from './services';
import { addMessage, getTicket, insertTicket, parseRequest, setTicketStatus, ticketMessages, ticketRowsOfCustomer, type StoredPlanChangeRequest } from './tickets';

// The customer portal's application layer (splynx-rules §8, decision 14).
// ISOLATION: every handler here takes the customer from ctx.actor (a portal session) and from nothing else; every
// service / invoice / ticket id in an input is looked up WITH that customer id, and a miss is NOT_FOUND — the same
// answer whether the record belongs to someone else or does not exist, so nothing about other customers leaks.

type Kind = 'internet' | 'voice' | 'custom';

interface PortalCustomer {
  id: number;
  name: string;
  partnerId: number;
  partnerName: string;
  portalLogin: string | null;
  balance: number;
  language: Language;
  openedBy: string;
  settings: Settings;
}

/** The session's customer. Dispatch already refuses non-portal actors on portal channels; this re-checks. */
function sessionCustomer(ctx: AppContext): PortalCustomer {
  if (ctx.actor.kind !== 'portal') throw new AppError('FORBIDDEN', 'This needs a customer-portal session');
  const c = getRow<Omit<PortalCustomer, 'openedBy' | 'settings'>>(
    ctx.db,
    `SELECT c.id, c.name, c.partner_id AS partnerId, p.name AS partnerName, c.portal_login AS portalLogin, c.balance, c.language
       FROM customers c JOIN partners p ON p.id = c.partner_id WHERE c.id = ?`,
    ctx.actor.customerId,
  );
  if (!c) throw new AppError('FORBIDDEN', 'The customer of this portal session no longer exists');
  return { ...c, openedBy: ctx.actor.openedBy, settings: resolveSettings(ctx.db, c.partnerId) };
}

function menuOf(s: Settings): PortalMenu {
  return {
    dashboard: true,
    services: s['portal.menu.services'],
    finance: s['portal.menu.finance'],
    tickets: s['portal.menu.tickets'],
    statistics: s['portal.menu.statistics'],
    profile: s['portal.menu.profile'],
  };
}

function requireMenu(c: PortalCustomer, item: Exclude<keyof PortalMenu, 'dashboard'>): void {
  if (!menuOf(c.settings)[item]) throw new AppError('FORBIDDEN', `The ${item[0].toUpperCase()}${item.slice(1)} page is not enabled in this customer portal`);
}

interface OwnService {
  id: number;
  kind: Kind;
  planId: number;
  planName: string;
  description: string;
  quantity: number;
  unitPrice: number;
  start: string;
  invoicedUntil: string | null;
  status: string;
  login: string | null;
  ipv4: string | null;
}

const OWN_SERVICE_SELECT = `SELECT s.id, s.kind, s.plan_id AS planId, p.name AS planName, s.description, s.quantity, s.unit_price AS unitPrice,
    s.start_date AS start, s.invoiced_until AS invoicedUntil, s.status, s.login, s.ipv4
  FROM services s JOIN plans p ON p.id = s.plan_id`;

/** A service of the session's customer, or NOT_FOUND (also for another customer's service). */
function ownService(ctx: AppContext, c: PortalCustomer, serviceId: number): OwnService {
  const s = getRow<OwnService>(ctx.db, `${OWN_SERVICE_SELECT} WHERE s.id = ? AND s.customer_id = ? AND s.status <> 'archived'`, serviceId, c.id);
  if (!s) throw notFound('Service', serviceId, 'serviceId');
  return s;
}

function modesOf(c: PortalCustomer, kind: Kind): { request: boolean; self: boolean } {
  return { request: c.settings[`portal.${kind}.requestChange`], self: c.settings[`portal.${kind}.selfChange`] };
}

/** "Tariff plans available in customer portal" of the current plan: enabled, same kind, available to the partner. */
function targetsOf(ctx: AppContext, c: PortalCustomer, s: OwnService): PortalPlanTarget[] {
  return allRows<{ id: number; name: string; description: string | null; price: number }>(
    ctx.db,
    `SELECT p.id, p.name, p.description, p.price FROM plan_portal_targets t JOIN plans p ON p.id = t.target_plan_id
      WHERE t.plan_id = ? AND p.kind = ? AND p.enabled = 1 AND p.id <> ?
        AND (NOT EXISTS (SELECT 1 FROM plan_partners pp WHERE pp.plan_id = p.id)
             OR EXISTS (SELECT 1 FROM plan_partners pp WHERE pp.plan_id = p.id AND pp.partner_id = ?))
      ORDER BY p.price, p.name`,
    s.planId,
    s.kind,
    s.planId,
    c.partnerId,
  ).map((p) => ({ ...p, description: p.description || p.name }));
}

function pendingChangeOf(ctx: AppContext, serviceId: number): { start: string; newPlanName: string } | null {
  return (
    getRow<{ start: string; newPlanName: string }>(
      ctx.db,
      `SELECT pc.start_date AS start, np.name AS newPlanName FROM plan_changes pc JOIN plans np ON np.id = pc.new_plan_id
        WHERE pc.old_service_id = ? AND ${PENDING_CHANGE_WHERE} ORDER BY pc.id DESC LIMIT 1`,
      serviceId,
    ) ?? null
  );
}

const refusal = (field: string, message: string, extra: Partial<ChangePlanRefusalView> = {}): ChangePlanRefusalView => ({ ok: false, code: 'REFUSED', field, message, ...extra });

type ChangeInput = { serviceId: number; planId: number; start: string };
type Mode = 'quote' | 'request' | 'self';

const MODE_OFF: Record<Exclude<Mode, 'quote'>, (kind: Kind) => string> = {
  request: (kind) => `Requesting a tariff plan change is not enabled in the customer portal for ${kind} services`,
  self: (kind) => `Self-change of tariff plans is not enabled in the customer portal for ${kind} services`,
};

/**
 * The portal rules in front of the change-plan engine: the service is the customer's (else NOT_FOUND), the mode is
 * on for its kind (else FORBIDDEN), and — as an answer, not an error — an active service, a target plan from the
 * portal list and a start date today or later. The engine then quotes (and refuses a second pending change).
 */
function portalQuote(ctx: AppContext, c: PortalCustomer, i: ChangeInput, mode: Mode): { service: OwnService; quote: ChangePlanQuoteView | ChangePlanRefusalView } {
  requireMenu(c, 'services');
  const service = ownService(ctx, c, i.serviceId);
  const modes = modesOf(c, service.kind);
  if (mode === 'quote' ? !modes.request && !modes.self : !modes[mode === 'request' ? 'request' : 'self'])
    throw new AppError('FORBIDDEN', mode === 'quote' ? `Tariff plan changes are not enabled in the customer portal for ${service.kind} services` : MODE_OFF[mode](service.kind));
  const today = ctx.clock.today();
  if (service.status !== 'active') return { service, quote: refusal('serviceId', `Only an active service can change its tariff plan (this one is ${service.status})`) };
  if (!targetsOf(ctx, c, service).some((t) => t.id === i.planId))
    return { service, quote: refusal('planId', `This plan is not offered in the customer portal for ${service.description}`) };
  if (i.start < today) return { service, quote: refusal('start', `The new plan start date must be today (${today}) or later`, { earliestStart: today }) };
  return { service, quote: changePlan.quote(ctx, { ...i, description: null, unitPrice: null }) };
}

function refusalError(r: ChangePlanRefusalView): AppError {
  return new AppError(r.code === 'VALIDATION' ? 'VALIDATION' : 'REFUSED', r.message, { [r.field]: r.message }, r.earliestStart ? { earliestStart: r.earliestStart } : undefined);
}

function columnValue(col: PortalColumn, s: OwnService): string | number | null {
  switch (col) {
    case 'id':
      return s.id;
    case 'description':
      return s.description;
    case 'plan':
      return s.planName;
    case 'price':
      return s.unitPrice;
    case 'startDate':
      return s.start;
    case 'invoicedUntil':
      return s.invoicedUntil;
    case 'login':
    case 'phone':
      return s.login;
    case 'ipv4':
      return s.ipv4;
    case 'status':
      return s.status;
  }
}

function services(ctx: AppContext): PortalServices {
  const c = sessionCustomer(ctx);
  requireMenu(c, 'services');
  const statuses = c.settings['portal.showAllServices'] ? "s.status <> 'archived'" : "s.status IN ('active', 'pending')";
  const rows = allRows<OwnService>(ctx.db, `${OWN_SERVICE_SELECT} WHERE s.customer_id = ? AND ${statuses} ORDER BY s.id`, c.id).map((s): PortalServiceRow => {
    const allowed = new Set<string>(c.settings[`portal.${s.kind}.columns`]);
    const columns = (PORTAL_COLUMNS[s.kind] as readonly PortalColumn[]).filter((col) => allowed.has(col));
    const modes = modesOf(c, s.kind);
    const pendingChange = pendingChangeOf(ctx, s.id);
    const changeable = s.status === 'active' && pendingChange === null;
    const targets = (modes.request || modes.self) && s.status === 'active' ? targetsOf(ctx, c, s) : [];
    const earliest = changeable && targets.length ? changePlan.options(ctx, s.id).earliestStart : ctx.clock.today();
    return {
      id: s.id,
      kind: s.kind,
      columns,
      values: Object.fromEntries(columns.map((col) => [col, columnValue(col, s)])),
      canRequestChange: modes.request && changeable && targets.length > 0,
      canSelfChange: modes.self && changeable && targets.length > 0,
      targets,
      earliestStart: earliest,
      pendingChange,
      monthlyPrice: s.unitPrice * s.quantity,
    };
  });
  const active = new Set(allRows<{ id: number }>(ctx.db, "SELECT id FROM services WHERE customer_id = ? AND status = 'active'", c.id).map((r) => r.id));
  return { rows, totalMonthlyPrice: rows.filter((r) => active.has(r.id)).reduce((sum, r) => sum + r.monthlyPrice, 0) };
}

function portalTicketRow(r: ReturnType<typeof ticketRowsOfCustomer>[number]): PortalTicketRow {
  return { id: r.id, subject: r.subject, status: r.status, priority: r.priority, type: r.type, createdOn: r.createdOn, updatedAt: r.updatedAt, messageCount: r.publicMessageCount };
}

/** A ticket of the session's customer (public messages only), or NOT_FOUND. */
function ownTicket(ctx: AppContext, c: PortalCustomer, ticketId: number, field = 'id'): PortalTicketDetail {
  const owner = getRow<{ customerId: number; request: string | null }>(ctx.db, 'SELECT customer_id AS customerId, plan_change_request AS request FROM tickets WHERE id = ?', ticketId);
  if (!owner || owner.customerId !== c.id) throw notFound('Ticket', ticketId, field);
  const t = getTicket(ctx, ticketId);
  const messages = ticketMessages(ctx, ticketId, false);
  return {
    id: t.id,
    subject: t.subject,
    status: t.status,
    priority: t.priority,
    type: t.type,
    createdOn: t.createdOn,
    updatedAt: t.updatedAt,
    messageCount: messages.length,
    messages,
    planChangeRequest: parseRequest(owner.request),
  };
}

const customerAuthor = (c: PortalCustomer): string => c.name;
const customerCreatedBy = (c: PortalCustomer): string => `Customer ${c.portalLogin || c.name}`;

function requestChange(
  ctx: AppContext,
  i: ChangeInput & { subject: string | null; message: string; priority: TicketPriority; type: TicketType },
): PortalTicketDetail {
  return ctx.db.transaction(() => {
    const c = sessionCustomer(ctx);
    const { service, quote } = portalQuote(ctx, c, i, 'request');
    if (!quote.ok) throw refusalError(quote);
    const request: StoredPlanChangeRequest = {
      serviceId: service.id,
      serviceDescription: service.description,
      currentPlanName: service.planName,
      planId: quote.newPlan.id,
      planName: quote.newPlan.name,
      start: i.start,
      requestedOn: ctx.clock.today(),
      quote,
      outcome: null,
    };
    const body = [
      'Please change my current plan.',
      `Current service: ${service.description}`,
      `New plan start date: ${i.start}`,
      `New plan: ${quote.newPlan.name}`,
      ...(i.message.trim() ? ['', i.message.trim()] : []),
    ].join('\n');
    const id = insertTicket(ctx, {
      customerId: c.id,
      subject: i.subject?.trim() || `Request tariff change for service: ${service.description}`,
      message: body,
      priority: i.priority,
      type: i.type,
      source: 'portal',
      assignee: null,
      createdBy: customerCreatedBy(c),
      author: customerAuthor(c),
      authorKind: 'customer',
      planChangeRequest: request,
    });
    return ownTicket(ctx, c, id);
  });
}

function selfChange(ctx: AppContext, i: ChangeInput & { fingerprint: string }) {
  return ctx.db.transaction(() => {
    const c = sessionCustomer(ctx);
    const { quote } = portalQuote(ctx, c, i, 'self');
    if (!quote.ok) throw refusalError(quote);
    // Posted exactly like an admin change (same engine, same documents), recorded with source 'portal'.
    const change = changePlan.apply(ctx, { ...i, description: null, unitPrice: null, fingerprint: i.fingerprint, source: 'portal' });
    return {
      planChangeId: change.id,
      newServiceId: change.newServiceId,
      start: change.start,
      newPlanName: change.newPlanName,
      refundTotal: change.refundTotal,
      invoiceTotal: change.invoiceTotal,
      feeTotal: change.feeTotal,
    };
  });
}

/** Statistics: the traffic of one of the customer's Internet services; any other service id is NOT_FOUND. */
function usage(ctx: AppContext, i: { serviceId: number; from: string; to: string }) {
  const c = sessionCustomer(ctx);
  requireMenu(c, 'statistics');
  const service = ownService(ctx, c, i.serviceId);
  if (service.kind !== 'internet') throw notFound('Internet service', i.serviceId, 'serviceId');
  return usageRows(ctx, i);
}

/** The services the Statistics page offers (the same ones `usage` accepts). */
function usageServices(ctx: AppContext, c: PortalCustomer): PortalUsageService[] {
  if (!menuOf(c.settings).statistics) return [];
  return allRows<OwnService>(ctx.db, `${OWN_SERVICE_SELECT} WHERE s.customer_id = ? AND s.kind = 'internet' AND s.status <> 'archived' ORDER BY s.id`, c.id).map((s) => ({
    id: s.id,
    label: s.description || s.planName,
    status: s.status as PortalUsageService['status'],
  }));
}

/** The profile fields this customer's partner lets them change (else Default's), in form order. */
function editableFieldsOf(c: PortalCustomer): PortalProfileField[] {
  const allowed = new Set<string>(c.settings['portal.profile.editableFields']);
  return PORTAL_PROFILE_FIELDS.filter((f) => allowed.has(f));
}

/** Profile: the customer's own details; billing terms resolved like billing does (own, else partner, else Default). */
function profileOf(ctx: AppContext, c: PortalCustomer): PortalProfile {
  const row = getRow<Omit<PortalProfile, 'partnerName' | 'billing' | 'portalLogin' | 'editableFields'>>(
    ctx.db,
    `SELECT name, category, coalesce(email, '') AS email, coalesce(phone, '') AS phone, coalesce(address, '') AS address, status, created_on AS customerSince
       FROM customers WHERE id = ?`,
    c.id,
  )!;
  const billingRow = customerBillingRow(ctx, c.id);
  const terms = termsOf(ctx, billingRow, c.settings);
  return {
    ...row,
    portalLogin: c.portalLogin ?? '',
    partnerName: c.partnerName,
    billing: { billingDay: effectiveBillingDayOf(billingRow, terms), useCreationDate: terms.useCreationDate, paymentDueDays: terms.paymentDueDays },
    editableFields: editableFieldsOf(c),
  };
}

function profile(ctx: AppContext): PortalProfile {
  const c = sessionCustomer(ctx);
  requireMenu(c, 'profile');
  return profileOf(ctx, c);
}

/**
 * Profile → Edit. The values were validated at the boundary with the staff customer rules (the contract reuses
 * customerFields); here the partner decides which fields the customer may change: any other field given is
 * VALIDATION on that field, nothing written. Only values that differ are written, with one audit entry on the
 * customer (the portal actor) holding their before/after.
 */
function updateProfile(ctx: AppContext, i: ParsedInputOf<'portal.updateProfile'>): PortalProfile {
  return ctx.db.transaction(() => {
    const c = sessionCustomer(ctx);
    requireMenu(c, 'profile');
    const editable = new Set(editableFieldsOf(c));
    const refused = PORTAL_PROFILE_FIELDS.filter((f) => i[f] !== undefined && !editable.has(f));
    if (refused.length)
      throw new AppError('VALIDATION', `${refused.join(', ')}: cannot be changed in this portal`, Object.fromEntries(refused.map((f) => [f, 'cannot be changed in this portal'])));
    const stored = loadCustomer(ctx, c.id);
    const changed = PORTAL_PROFILE_FIELDS.filter((f) => i[f] !== undefined && i[f] !== (stored[f] ?? ''));
    if (changed.length) {
      // column names = field names (PORTAL_PROFILE_FIELDS is a fixed list)
      run(ctx.db, `UPDATE customers SET ${changed.map((f) => `${f} = ?`).join(', ')} WHERE id = ?`, ...changed.map((f) => i[f]), c.id);
      audit(ctx, {
        entity: 'customer',
        entityId: c.id,
        customerId: c.id,
        action: `${customerCreatedBy(c)} changed their profile in the portal (${changed.join(', ')})`,
        before: Object.fromEntries(changed.map((f) => [f, stored[f] ?? ''])),
        after: Object.fromEntries(changed.map((f) => [f, i[f]])),
      });
    }
    return profileOf(ctx, c);
  });
}

type InvoiceDb = Parameters<typeof invoiceRows>[1][number];

function finance(ctx: AppContext): PortalFinance {
  const c = sessionCustomer(ctx);
  requireMenu(c, 'finance');
  // a customer's invoices are counted on their year-first index, as the Billing tab counts them (./billing.ts)
  const count = (table: string) => customerDocumentCount(ctx, table, c.id);
  return { balance: c.balance, counts: { invoices: count('invoices'), creditNotes: count('credit_notes'), payments: count('payments') } };
}

/** One page of the session's customer's documents, through the staff lists' queries (filtered to that customer). */
function ownDocuments(ctx: AppContext, page: { page: number; pageSize: number }) {
  const c = sessionCustomer(ctx);
  requireMenu(c, 'finance');
  return { customerId: c.id, from: null, to: null, search: '', ...page };
}
const pageOf = <T>({ rows, total, page, pageSize }: Page<T>): Page<T> => ({ rows, total, page, pageSize });

function ownInvoice(ctx: AppContext, id: number): InvoiceRow {
  const c = sessionCustomer(ctx);
  requireMenu(c, 'finance');
  const row = getRow<InvoiceDb>(ctx.db, `${INVOICE_SELECT} WHERE i.id = ? AND i.customer_id = ?`, id, c.id);
  if (!row) throw notFound('Invoice', id, 'id');
  return invoiceRows(ctx, [row])[0];
}

function dashboard(ctx: AppContext): PortalDashboard {
  const c = sessionCustomer(ctx);
  const unpaid = invoiceRows(
    ctx,
    allRows<InvoiceDb>(ctx.db, `${INVOICE_SELECT} WHERE i.customer_id = ? AND i.status IN ('unpaid', 'partiallyPaid') ORDER BY i.date, i.id`, c.id),
  );
  const open = ticketRowsOfCustomer(ctx, c.id).filter((t) => t.status !== 'resolved').map(portalTicketRow);
  const activeServices = getRow<{ n: number }>(ctx.db, "SELECT COUNT(*) AS n FROM services WHERE customer_id = ? AND status = 'active'", c.id)!.n;
  const pendingChanges = allRows<{ serviceId: number; start: string; newPlanName: string }>(
    ctx.db,
    `SELECT pc.old_service_id AS serviceId, pc.start_date AS start, np.name AS newPlanName FROM plan_changes pc
       JOIN plans np ON np.id = pc.new_plan_id
      WHERE pc.customer_id = ? AND ${PENDING_CHANGE_WHERE} ORDER BY pc.start_date, pc.id`,
    c.id,
  );
  return {
    balance: c.balance,
    unpaidInvoices: { count: unpaid.length, total: unpaid.reduce((s, i) => s + i.total - i.paid, 0), rows: unpaid },
    openTickets: { count: open.length, rows: open },
    activeServices,
    pendingChanges,
  };
}

function session(ctx: AppContext): PortalSession {
  const c = sessionCustomer(ctx);
  return {
    customerId: c.id,
    customerName: c.name,
    customerLogin: c.portalLogin ?? '',
    partnerName: c.partnerName,
    openedBy: c.openedBy,
    menu: menuOf(c.settings),
    usageServices: usageServices(ctx, c),
    businessDate: ctx.clock.today(),
    display: displayOf(c.settings),
    language: c.language,
  };
}

type PortalChannels = Extract<ChannelName, `portal.${string}`>;

export const portalHandlers: Handlers<PortalChannels> = {
  'portal.open': (ctx, i) => openPortalSession(ctx, i.customerId),
  'portal.session': (ctx) => session(ctx),
  'portal.signOut': (ctx) => {
    sessionCustomer(ctx); // a portal session of an existing customer, like every portal channel
    const token = ctx.actor.kind === 'portal' ? ctx.actor.session : undefined;
    if (token === undefined) return { ended: false }; // an actor made without a session (scenario runner)
    closePortalSession(ctx.db, token);
    return { ended: true };
  },
  'portal.dashboard': (ctx) => dashboard(ctx),
  'portal.services': (ctx) => services(ctx),
  'portal.changeQuote': (ctx, i) => portalQuote(ctx, sessionCustomer(ctx), i, 'quote').quote,
  'portal.requestChange': (ctx, i) => requestChange(ctx, i),
  'portal.selfChange': (ctx, i) => selfChange(ctx, i),
  'portal.usage': (ctx, i) => usage(ctx, i),
  'portal.profile': (ctx) => profile(ctx),
  'portal.updateProfile': (ctx, i) => updateProfile(ctx, i),
  'portal.finance': (ctx) => finance(ctx),
  'portal.invoices': (ctx, i) => pageOf(listInvoices(ctx, { ...ownDocuments(ctx, i), status: null })),
  'portal.creditNotes': (ctx, i) => pageOf(listCreditNotes(ctx, ownDocuments(ctx, i))),
  'portal.payments': (ctx, i) => {
    const p = listPayments(ctx, ownDocuments(ctx, i));
    // what the customer sees of a payment: not staff's note or who entered it
    return { ...pageOf(p), rows: p.rows.map((r) => ({ id: r.id, date: r.date, amount: r.amount, method: r.method, reference: r.reference })) };
  },
  'portal.invoice': (ctx, i) => ownInvoice(ctx, i.id),
  'portal.tickets': (ctx) => {
    const c = sessionCustomer(ctx);
    requireMenu(c, 'tickets');
    return ticketRowsOfCustomer(ctx, c.id).map(portalTicketRow);
  },
  'portal.ticket': (ctx, i) => {
    const c = sessionCustomer(ctx);
    requireMenu(c, 'tickets');
    return ownTicket(ctx, c, i.id);
  },
  'portal.createTicket': (ctx, i) =>
    ctx.db.transaction(() => {
      const c = sessionCustomer(ctx);
      requireMenu(c, 'tickets');
      const id = insertTicket(ctx, { ...i, customerId: c.id, source: 'portal', assignee: null, createdBy: customerCreatedBy(c), author: customerAuthor(c), authorKind: 'customer' });
      return ownTicket(ctx, c, id);
    }),
  'portal.replyTicket': (ctx, i) =>
    ctx.db.transaction(() => {
      const c = sessionCustomer(ctx);
      requireMenu(c, 'tickets');
      const t = ownTicket(ctx, c, i.ticketId, 'ticketId');
      addMessage(ctx, t.id, { author: customerAuthor(c), authorKind: 'customer', internal: false, body: i.body });
      audit(ctx, { entity: 'ticket', entityId: t.id, customerId: c.id, action: `ticket #${t.id}: customer replied in the portal` });
      if (t.status !== 'new') setTicketStatus(ctx, t.id, 'waitingOnAgent');
      return ownTicket(ctx, c, t.id);
    }),
};
