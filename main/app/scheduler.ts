import { getAppState, setAppState } from '../../db/appState';
import { withSettingsCache } from '../../db/settings';
import type { DayRunSummary } from '../contract/days';
import type { ServiceStatus } from '../../db/enums';
import { addDays, daysInclusive } from '../engine';
import { audit } from './audit';
import { billCustomersOfDay, phaseEnds } from './billingRun';
import { isTakenDocumentNumber } from './ledger';
import { fixedClock, type AppContext } from './context';
import { demoCustomersPay } from './demoPayments';
import { runDunning } from './dunning';
import { setServiceStatus } from './serviceWrites';
import { all, run } from './sql';

// Decision 15: every day-based effect runs once for each day, from the day after the last one processed up to
// the day asked for, each day in its own transaction together with the record that it ran — so a crash leaves
// a day either done or not done, and a workstation that was off for a week catches up with nothing done twice.

export const emptySummary = (): DayRunSummary => ({
  from: null,
  to: null,
  days: 0,
  activated: 0,
  ended: 0,
  statusChanges: 0,
  invoices: 0,
  invoicedTotal: 0,
  blocked: 0,
  deactivated: 0,
});

function add(into: DayRunSummary, day: string, part: DayRunSummary): void {
  into.from ??= day;
  into.to = day;
  for (const k of ['activated', 'ended', 'statusChanges', 'invoices', 'invoicedTotal', 'blocked', 'deactivated'] as const) into[k] += part[k];
}

/**
 * The day run works as of the day it processes: a catch-up after days closed records each audit entry (blocking,
 * activation, …) on the business date it belongs to, not on the day the app was opened again.
 */
const onDay = (ctx: AppContext, day: string): AppContext => (ctx.clock.today() === day ? ctx : { ...ctx, clock: fixedClock(day) });

/** Start of day D: services whose end has passed stop, pending services that start today activate, scheduled status changes apply. */
export function runStartOfDay(runCtx: AppContext, day: string): DayRunSummary {
  const ctx = onDay(runCtx, day);
  const summary = emptySummary();
  const started = getAppState(ctx.db, 'scheduler.lastStartedDay');
  if (started !== null && started >= day) return summary;
  ctx.db.transaction(() => {
    // Ended services leave 'active' first: their replacement shares the login that is unique among active services.
    const ended = all<{ id: number; customerId: number; status: string; end: string }>(
      ctx.db,
      `SELECT id, customer_id AS customerId, status, end_date AS end FROM services
        WHERE status IN ('active', 'pending') AND end_date IS NOT NULL AND end_date < ?`,
      day,
    );
    for (const s of ended) {
      setServiceStatus(ctx, s.id, 'disabled', { on: day });
      audit(ctx, { entity: 'service', entityId: s.id, customerId: s.customerId, action: `ended on ${s.end}: disabled`, before: { status: s.status }, after: { status: 'disabled' } });
    }
    summary.ended = ended.length;

    const starting = all<{ id: number; customerId: number }>(
      ctx.db,
      "SELECT id, customer_id AS customerId FROM services WHERE status = 'pending' AND start_date <= ? AND (end_date IS NULL OR end_date >= ?)",
      day,
      day,
    );
    for (const s of starting) {
      setServiceStatus(ctx, s.id, 'active', { on: day });
      audit(ctx, { entity: 'service', entityId: s.id, customerId: s.customerId, action: 'start date reached: active', before: { status: 'pending' }, after: { status: 'active' } });
    }
    summary.activated = starting.length;

    const due = all<{ id: number; serviceId: number; status: string; customerId: number; current: string }>(
      ctx.db,
      `SELECT ssc.id, ssc.service_id AS serviceId, ssc.status, s.customer_id AS customerId, s.status AS current
         FROM scheduled_status_changes ssc JOIN services s ON s.id = ssc.service_id
        WHERE ssc.on_date <= ? AND ssc.applied_at IS NULL AND ssc.cancelled_at IS NULL ORDER BY ssc.on_date, ssc.id`,
      day,
    );
    for (const c of due) {
      ctx.db.transaction(() => {
        setServiceStatus(ctx, c.serviceId, c.status as ServiceStatus, { on: day });
        run(ctx.db, "UPDATE scheduled_status_changes SET applied_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), applied_on = ? WHERE id = ?", day, c.id);
        audit(ctx, { entity: 'service', entityId: c.serviceId, customerId: c.customerId, action: `scheduled status change applied: ${c.current} → ${c.status}`, before: { status: c.current }, after: { status: c.status } });
      });
      summary.statusChanges++;
    }
    setAppState(ctx.db, 'scheduler.lastStartedDay', day);
  });
  return summary;
}


/** End of day D: billing-day invoices, then blocking and deactivation due today. */
export function runEndOfDay(runCtx: AppContext, day: string): DayRunSummary {
  try {
    return endOfDay(runCtx, day, true);
  } catch (err) {
    // A number the billing day gave an invoice is taken in the table (edited by hand; its unique index refused the
    // day's invoices at their write): the day's transaction rolled back, and the day runs again with each invoice
    // written at once, taking the next free number.
    if (isTakenDocumentNumber(err)) return endOfDay(runCtx, day, false);
    throw err;
  }
}

function endOfDay(runCtx: AppContext, day: string, keepInvoices: boolean): DayRunSummary {
  const ctx = onDay(runCtx, day);
  const summary = emptySummary();
  const done = getAppState(ctx.db, 'scheduler.lastProcessedDay');
  if (done !== null && done >= day) return summary;
  // Settings are read once per partner for the whole day (nothing in the day run writes them).
  withSettingsCache(ctx.db, () =>
    ctx.db.transaction(() => {
      if ((getAppState(ctx.db, 'scheduler.lastStartedDay') ?? '') < day) add(summary, day, runStartOfDay(ctx, day));
      // A demo database's customers pay during the day, before its invoices and dunning (issue 18 item 9).
      demoCustomersPay(ctx, day);
      billCustomersOfDay(ctx, day, summary, keepInvoices);
      runDunning(ctx, day, summary);
      setAppState(ctx.db, 'scheduler.lastProcessedDay', day);
      phaseEnds('dunning');
    }),
  );
  phaseEnds('commit');
  summary.from = day;
  summary.to = day;
  summary.days = 1;
  return summary;
}

/**
 * The days not yet processed up to `until` (inclusive), one at a time: each `next()` yields the day about to run with
 * "k done of n", and the following `next()` runs it whole (its own transactions, recorded); when all ran, the summary is recorded. A database
 * that never ran starts at `until` itself: there is no history to catch up. The synchronous run and the host's
 * stepwise catch-up (which yields to the event loop between days and shows progress) both go through here.
 */
export function* dayRun(ctx: AppContext, until: string): Generator<{ day: string; done: number; total: number }, DayRunSummary> {
  const total = emptySummary();
  const last = getAppState(ctx.db, 'scheduler.lastProcessedDay');
  const first = last === null ? until : addDays(last, 1);
  const count = first > until ? 0 : daysInclusive(first, until);
  for (let day = first; day <= until; day = addDays(day, 1)) {
    yield { day, done: total.days, total: count };
    const part = runEndOfDay(ctx, day);
    add(total, day, part);
    total.days++;
  }
  if (total.days) ctx.db.transaction(() => setAppState(ctx.db, 'scheduler.lastRun', total));
  return total;
}

/** Runs every day not yet processed up to `until` (inclusive), then records the summary. */
export function runDaysUntil(ctx: AppContext, until: string): DayRunSummary {
  const run = dayRun(ctx, until);
  for (;;) {
    const r = run.next();
    if (r.done) return r.value;
  }
}

/** What the app does at start-up and at each day boundary: finish every past day, then start today. */
export function catchUp(ctx: AppContext): DayRunSummary {
  const today = ctx.clock.today();
  const summary = runDaysUntil(ctx, addDays(today, -1));
  add(summary, today, runStartOfDay(ctx, today));
  return summary;
}

/**
 * The same catch-up in steps for a host (issue 18 item 12): one day per step, the event loop free between days (so
 * a window can ask `system.progress`), "day k of n" published while it runs.
 */
export async function catchUpStepwise(ctx: AppContext, onDay: (p: { day: string; done: number; total: number }) => void, pause: () => Promise<void>): Promise<DayRunSummary> {
  const today = ctx.clock.today();
  const run = dayRun(ctx, addDays(today, -1));
  let summary: DayRunSummary;
  for (;;) {
    const r = run.next();
    if (r.done) {
      summary = r.value;
      break;
    }
    onDay(r.value);
    await pause();
  }
  add(summary, today, runStartOfDay(ctx, today));
  return summary;
}
