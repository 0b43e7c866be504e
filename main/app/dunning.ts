import { resolveSettings } from '../../db/settings';
import { customerDunningDecision, deactivationServiceChanges, reactivatedService, servicesStoppedOnDeactivation, type DunningInvoice } from '../engine';
import { audit } from './audit';
import type { AppContext } from './context';
import { customerBillingRow, termsOf } from './customerTerms';
import { copyService, setServiceStatus, updateService } from './serviceWrites';
import { all, run } from './sql';

// Dunning in the application: the engine decides (block / deactivate / reactivate), this posts the decision.

/**
 * The customer's unpaid invoices as dunning sees them: recurring when they charge a service for a period (decision
 * 20), with the blocking and deactivation dates fixed when they were issued (decision 24).
 */
function unpaidInvoices(ctx: AppContext, customerId: number): DunningInvoice[] {
  return all<{ id: number; chargesService: number; date: string; total: number; paid: number; blockingDate: string | null; deactivationDate: string | null }>(
    ctx.db,
    `SELECT id, charges_service AS chargesService, date, total, paid, blocking_date AS blockingDate, deactivation_date AS deactivationDate
       FROM invoices WHERE customer_id = ? AND status IN ('unpaid', 'partiallyPaid') ORDER BY date, id`,
    customerId,
  ).map((i) => ({
    id: i.id,
    kind: i.chargesService ? 'recurring' : 'oneTime',
    date: i.date,
    total: i.total,
    paid: i.paid,
    dates: { blockingDate: i.blockingDate, deactivationDate: i.deactivationDate },
  }));
}

function setCustomerStatus(ctx: AppContext, customerId: number, from: string, to: string, reason: string): void {
  run(ctx.db, 'UPDATE customers SET status = ? WHERE id = ?', to, customerId);
  audit(ctx, { entity: 'customer', entityId: customerId, customerId, action: `status ${from} → ${to}`, before: { status: from }, after: { status: to, reason } });
}

/** After any money movement: Blocked or Inactive → Active when nothing overdue is left (decision 10). */
export function reconsiderDunning(ctx: AppContext, customerId: number, date: string): void {
  const c = customerBillingRow(ctx, customerId);
  if (c.status !== 'blocked' && c.status !== 'inactive') return;
  const terms = termsOf(ctx, c);
  const decision = customerDunningDecision({
    today: date,
    trigger: 'payment',
    status: c.status,
    balance: c.balance,
    invoices: unpaidInvoices(ctx, customerId),
    settings: { ...terms, blockOnOneTimeInvoices: blockOnOneTime(ctx, c.partnerId) },
  });
  if (decision.action !== 'reactivate') return;
  setCustomerStatus(ctx, customerId, c.status, 'active', decision.reason);
  if (c.status === 'inactive') reactivateStopped(ctx, customerId, date);
}

function blockOnOneTime(ctx: AppContext, partnerId: number): boolean {
  return resolveSettings(ctx.db, partnerId)['billing.blockOnOneTimeInvoices'];
}

/**
 * Decisions 10 and 21: the services that going Inactive stopped (the Stopped copies, and the pending services of a
 * change that had not started) restart from max(payment date, their start date): Active from the payment date, or
 * Pending until a later start date (the start of day activates it then, after the service it replaces has ended).
 * Which services deactivation stopped is read from their status history (cause 'deactivation', still in force).
 */
function reactivateStopped(ctx: AppContext, customerId: number, date: string): void {
  // A service whose own end date has already passed stays stopped: there is nothing left of it to resume.
  const stopped = all<{ id: number; startDate: string; invoicedUntil: string | null }>(
    ctx.db,
    `SELECT s.id, s.start_date AS startDate, s.invoiced_until AS invoicedUntil FROM services s
      WHERE s.customer_id = ? AND s.status = 'stopped' AND (s.end_date IS NULL OR s.end_date >= ?)
        AND (SELECT h.cause FROM service_status_history h WHERE h.service_id = s.id ORDER BY h.from_date DESC LIMIT 1) = 'deactivation'
      ORDER BY s.id`,
    customerId,
    date,
  );
  for (const s of stopped) {
    const r = reactivatedService({ paymentDate: date, start: s.startDate, invoicedUntil: s.invoicedUntil });
    updateService(ctx, s.id, { status: r.status, start_date: r.start }, { on: date, cause: 'payment' });
    audit(ctx, {
      entity: 'service',
      entityId: s.id,
      customerId,
      action: 'reactivated after payment',
      before: { status: 'stopped', start: s.startDate },
      after: { status: r.status, start: r.start, billedFrom: r.billedFrom },
    });
  }
}

export interface DunningRunCounts {
  blocked: number;
  deactivated: number;
}

/**
 * The customers the end of day must look at: Active or Blocked, below their minimum balance, with an unpaid
 * blocking-type invoice whose blocking date — stored on the invoice when it was issued (decision 24) — has come. Blocking and deactivation both need such an invoice (the deactivation date
 * comes after the blocking date), so this is exactly a necessary condition of customerDunningDecision: the engine
 * still decides for each candidate. Filtering in SQL keeps a day run from loading every customer who merely has an
 * invoice not yet due — after a billing day, that is nearly all of them.
 */
function dunningCandidates(ctx: AppContext, day: string): number[] {
  const ids: number[] = [];
  for (const { id: partnerId } of all<{ id: number }>(ctx.db, 'SELECT id FROM partners ORDER BY id')) {
    const s = resolveSettings(ctx.db, partnerId);
    for (const { id } of all<{ id: number }>(
      ctx.db,
      `SELECT DISTINCT c.id FROM customers c JOIN invoices i ON i.customer_id = c.id
        WHERE c.partner_id = ? AND c.status IN ('active', 'blocked') AND i.status IN ('unpaid', 'partiallyPaid')
          AND (i.charges_service = 1 OR ?)
          AND c.balance < COALESCE(c.minimum_balance, ?)
          AND i.blocking_date <= ?
        ORDER BY c.id`,
      partnerId,
      s['billing.blockOnOneTimeInvoices'] ? 1 : 0,
      s['billing.minimumBalance'],
      day,
    ))
      ids.push(id);
  }
  return ids.sort((a, b) => a - b);
}

/** End of day: block and deactivate the customers whose dates have come (decision 10). */
export function runDunning(ctx: AppContext, day: string, counts: DunningRunCounts): void {
  for (const id of dunningCandidates(ctx, day)) {
    const c = customerBillingRow(ctx, id);
    const terms = termsOf(ctx, c);
    const decision = customerDunningDecision({
      today: day,
      trigger: 'endOfDay',
      status: c.status as 'active' | 'blocked',
      balance: c.balance,
      invoices: unpaidInvoices(ctx, id),
      settings: { ...terms, blockOnOneTimeInvoices: blockOnOneTime(ctx, c.partnerId) },
    });
    if (decision.action === 'block') {
      setCustomerStatus(ctx, id, c.status, 'blocked', decision.reason);
      counts.blocked++;
    } else if (decision.action === 'deactivate') {
      deactivate(ctx, id, decision.effectiveDate ?? day, decision.reason);
      counts.deactivated++;
    }
  }
}

interface ServiceRowFull {
  id: number;
  status: 'active' | 'disabled' | 'stopped' | 'pending' | 'archived';
  start: string;
  end: string | null;
  invoicedUntil: string | null;
}

/**
 * Going Inactive on day X: each billed service Disabled with end X − 1 and a Stopped copy from X; services that had
 * not started by X (a pending change's new service: decision 21) Stopped. Everything stopped here is recorded with
 * the cause 'deactivation' in its status history, which is how a payment later finds what to restart.
 */
export function deactivate(ctx: AppContext, customerId: number, x: string, reason: string): void {
  const c = customerBillingRow(ctx, customerId);
  setCustomerStatus(ctx, customerId, c.status, 'inactive', reason);
  const services = all<ServiceRowFull>(
    ctx.db,
    `SELECT id, status, start_date AS start, end_date AS end, invoiced_until AS invoicedUntil FROM services
      WHERE customer_id = ? AND status IN ('active', 'pending', 'disabled') ORDER BY id`,
    customerId,
  );
  const stops = new Set(servicesStoppedOnDeactivation({ deactivationDate: x, services }));
  for (const s of services.filter((s) => stops.has(s.id))) {
    setServiceStatus(ctx, s.id, 'stopped', { on: x, cause: 'deactivation' });
    audit(ctx, { entity: 'service', entityId: s.id, customerId, action: 'stopped (customer inactive)', before: { status: s.status }, after: { status: 'stopped' } });
  }
  for (const change of deactivationServiceChanges({ deactivationDate: x, services })) {
    if (stops.has(change.serviceId)) continue;
    const original = services.find((s) => s.id === change.serviceId)!;
    updateService(ctx, original.id, { status: 'disabled', end_date: change.disable.end }, { on: x, cause: 'deactivation' });
    const copyId = copyService(
      ctx,
      original.id,
      {
        status: 'stopped',
        start_date: change.stoppedCopy.start,
        end_date: change.stoppedCopy.end,
        invoiced_until: change.stoppedCopy.invoicedUntil,
        copied_from_service_id: original.id,
        created_on: x,
      },
      { cause: 'deactivation' },
    );
    audit(ctx, {
      entity: 'service',
      entityId: original.id,
      customerId,
      action: 'disabled (customer inactive), stopped copy created',
      before: { status: original.status, end: original.end },
      after: { status: 'disabled', end: change.disable.end, stoppedCopyId: copyId, copyStart: x },
    });
  }
}
