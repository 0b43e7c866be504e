import { NEVER_DAYS } from '../../db/enums';
import { resolveSettings } from '../../db/settings';
import { customerDunningDecision, deactivationServiceChanges, type DunningInvoice } from '../engine';
import { audit } from './audit';
import type { AppContext } from './context';
import { customerBillingRow, termsOf } from './customerTerms';
import { all, run } from './sql';

// Dunning in the application: the engine decides (block / deactivate / reactivate), this posts the decision.

function unpaidInvoices(ctx: AppContext, customerId: number): DunningInvoice[] {
  return all<{ id: number; kind: string; date: string; total: number; paid: number }>(
    ctx.db,
    `SELECT id, kind, date, total, paid FROM invoices
      WHERE customer_id = ? AND status IN ('unpaid', 'partiallyPaid') ORDER BY date, id`,
    customerId,
  ).map((i) => ({ id: i.id, kind: i.kind === 'recurring' ? 'recurring' : 'oneTime', date: i.date, total: i.total, paid: i.paid }));
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
  if (c.status === 'inactive') reactivateStoppedCopies(ctx, customerId, date);
}

function blockOnOneTime(ctx: AppContext, partnerId: number): boolean {
  return resolveSettings(ctx.db, partnerId)['billing.blockOnOneTimeInvoices'];
}

/** The Stopped copies made when the customer went Inactive become Active from the payment date. */
function reactivateStoppedCopies(ctx: AppContext, customerId: number, date: string): void {
  // A copy whose own end date has already passed stays stopped: there is nothing left of it to resume.
  const copies = all<{ id: number; startDate: string }>(
    ctx.db,
    `SELECT id, start_date AS startDate FROM services
      WHERE customer_id = ? AND status = 'stopped' AND copied_from_service_id IS NOT NULL
        AND (end_date IS NULL OR end_date >= ?) ORDER BY id`,
    customerId,
    date,
  );
  for (const s of copies) {
    const start = s.startDate > date ? s.startDate : date;
    run(ctx.db, "UPDATE services SET status = 'active', start_date = ? WHERE id = ?", start, s.id);
    audit(ctx, { entity: 'service', entityId: s.id, customerId, action: 'reactivated after payment', before: { status: 'stopped', start: s.startDate }, after: { status: 'active', start } });
  }
}

export interface DunningRunCounts {
  blocked: number;
  deactivated: number;
}

/**
 * The customers the end of day must look at: Active or Blocked, below their minimum balance, with an unpaid
 * blocking-type invoice whose blocking date (invoice date + payment due + blocking days, with the customer's own
 * terms else its partner's) has come. Blocking and deactivation both need such an invoice (the deactivation date
 * comes after the blocking date), so this is exactly a necessary condition of customerDunningDecision: the engine
 * still decides for each candidate. Filtering in SQL keeps a day run from loading every customer who merely has an
 * invoice not yet due — after a billing day, that is nearly all of them.
 */
function dunningCandidates(ctx: AppContext, day: string): number[] {
  const ids: number[] = [];
  for (const { id: partnerId } of all<{ id: number }>(ctx.db, 'SELECT id FROM partners ORDER BY id')) {
    const s = resolveSettings(ctx.db, partnerId);
    const blocking = s['billing.blockingDays'] === 'never' ? NEVER_DAYS : s['billing.blockingDays'];
    for (const { id } of all<{ id: number }>(
      ctx.db,
      `SELECT DISTINCT c.id FROM customers c JOIN invoices i ON i.customer_id = c.id
        WHERE c.partner_id = ? AND c.status IN ('active', 'blocked') AND i.status IN ('unpaid', 'partiallyPaid')
          AND (i.kind = 'recurring' OR ?)
          AND c.balance < COALESCE(c.minimum_balance, ?)
          AND COALESCE(c.blocking_days, ?) <> ${NEVER_DAYS}
          AND i.date <= date(?, '-' || (COALESCE(c.payment_due_days, ?) + COALESCE(c.blocking_days, ?)) || ' days')
        ORDER BY c.id`,
      partnerId,
      s['billing.blockOnOneTimeInvoices'] ? 1 : 0,
      s['billing.minimumBalance'],
      blocking,
      day,
      s['billing.paymentDueDays'],
      blocking,
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

/** Going Inactive on day X: each billed service Disabled with end X − 1, and a Stopped copy from X. */
export function deactivate(ctx: AppContext, customerId: number, x: string, reason: string): void {
  const c = customerBillingRow(ctx, customerId);
  setCustomerStatus(ctx, customerId, c.status, 'inactive', reason);
  const services = all<ServiceRowFull>(
    ctx.db,
    `SELECT id, status, start_date AS start, end_date AS end, invoiced_until AS invoicedUntil FROM services
      WHERE customer_id = ? AND status IN ('active', 'pending', 'disabled') ORDER BY id`,
    customerId,
  );
  for (const change of deactivationServiceChanges({ deactivationDate: x, services })) {
    const original = services.find((s) => s.id === change.serviceId)!;
    if (original.start >= x) {
      // Nothing of it was used before X: it simply stops (no Disabled original with an end before its start).
      run(ctx.db, "UPDATE services SET status = 'stopped' WHERE id = ?", original.id);
      audit(ctx, { entity: 'service', entityId: original.id, customerId, action: 'stopped (customer inactive)', before: { status: original.status }, after: { status: 'stopped' } });
      continue;
    }
    run(ctx.db, "UPDATE services SET status = 'disabled', end_date = ? WHERE id = ?", change.disable.end, original.id);
    const copyId = Number(
      run(
        ctx.db,
        `INSERT INTO services (customer_id, kind, plan_id, description, quantity, unit, unit_price, pay_period_months, start_date, end_date,
           invoiced_until, discount_kind, discount_value, discount_from, discount_to, discount_message, status, router_id, login, password,
           ipv4_method, ipv4, additional_network, ipv4_pool_id, macs, port_id, latitude, longitude, geo_address, copied_from_service_id, created_on)
         SELECT customer_id, kind, plan_id, description, quantity, unit, unit_price, pay_period_months, ?, ?,
           ?, discount_kind, discount_value, discount_from, discount_to, discount_message, 'stopped', router_id, login, password,
           ipv4_method, ipv4, additional_network, ipv4_pool_id, macs, port_id, latitude, longitude, geo_address, id, ?
           FROM services WHERE id = ?`,
        change.stoppedCopy.start,
        change.stoppedCopy.end,
        change.stoppedCopy.invoicedUntil,
        x,
        original.id,
      ).lastInsertRowid,
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
