import { getAppState, setAppState } from '../../db/appState';
import type { BusinessClock } from '../contract/days';
import { AppError } from '../contract/errors';
import { addDays } from '../engine';
import { audit } from './audit';
import type { AppContext } from './context';
import { runDaysUntil, runStartOfDay } from './scheduler';

// The business clock: what day it is for billing, what the scheduler last did, and — in a demo database only —
// the training clock that moves the date forward so trainers can watch a story unfold.

export function businessClock(ctx: AppContext): BusinessClock {
  return {
    businessDate: ctx.clock.today(),
    lastProcessedDay: getAppState(ctx.db, 'scheduler.lastProcessedDay'),
    demo: getAppState(ctx.db, 'demo'),
    lastRun: getAppState(ctx.db, 'scheduler.lastRun'),
  };
}

export function runUntil(ctx: AppContext, until: string | null) {
  const today = ctx.clock.today();
  const last = until ?? addDays(today, -1);
  if (last > today) throw new AppError('VALIDATION', `until: days after today (${today}) cannot be run`, { until: `must not be after ${today}` });
  return runDaysUntil(ctx, last);
}

/** Training clock: finish every day up to the new date, start it, and remember it as the business date. */
export function advance(ctx: AppContext, input: { days: number } | { to: string }) {
  if (!getAppState(ctx.db, 'demo'))
    throw new AppError('FORBIDDEN', 'The training clock exists only in a demo database; a live database follows the calendar');
  const today = ctx.clock.today();
  const to = 'to' in input ? input.to : addDays(today, input.days);
  if (to <= today) throw new AppError('VALIDATION', `to: the training clock only moves forward (today is ${today})`, { to: `must be after ${today}` });
  const run = runDaysUntil(ctx, addDays(to, -1));
  ctx.db.transaction(() => {
    setAppState(ctx.db, 'businessDateOverride', to);
    audit(ctx, { entity: 'business_clock', entityId: null, customerId: null, action: `training clock moved from ${today} to ${to}`, before: { date: today }, after: { date: to } });
  });
  const moved: AppContext = { ...ctx, clock: { today: () => to } };
  runStartOfDay(moved, to);
  return { ...businessClock(moved), run };
}
