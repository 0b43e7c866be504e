import type { AppDb } from '../../db/open';
import { fixedClock, type Actor } from '../app/context';
import { catchUp } from '../app/scheduler';
import { importAccounting } from '../app/sessions';
import type { DayRunSummary } from '../contract/days';

// The day boundary, shared by the Electron host and the web harness (decision 15): at start-up finish every past
// day and start today; then, once a minute, notice when the business date has moved (midnight, or a demo
// database's training clock) and catch up again. Each day runs exactly once whatever calls it (runDaysUntil keeps
// the record), so a timer firing twice or a host restarted mid-day does nothing twice.

export const SCHEDULER_ACTOR: Actor = { kind: 'system', name: 'scheduler' };

export interface DayBoundaryOptions {
  db: AppDb;
  /** the business date now (the host's own rule: wall clock, or a demo database's override) */
  today: () => string;
  intervalMs?: number;
  actor?: Actor;
  onRun?: (summary: DayRunSummary, today: string) => void;
  onError?: (err: unknown) => void;
}

export interface DayBoundary {
  /** catches up now when the business date differs from the last one handled (or `force`) */
  check(force?: boolean): DayRunSummary | null;
  stop(): void;
}

export function startDayBoundary(opts: DayBoundaryOptions): DayBoundary {
  const actor = opts.actor ?? SCHEDULER_ACTOR;
  let handled: string | null = null;
  let stopped = false;

  const check = (force = false): DayRunSummary | null => {
    if (stopped || !opts.db.sqlite.open) return null;
    try {
      const today = opts.today();
      if (!force && today === handled) return null;
      const ctx = { db: opts.db, clock: fixedClock(today), actor };
      // The day's traffic first: what the RADIUS server recorded up to now belongs to the days being closed.
      try {
        importAccounting(ctx);
      } catch (err) {
        (opts.onError ?? ((e) => console.error('accounting import:', e)))(err);
      }
      const summary = catchUp(ctx);
      handled = today;
      opts.onRun?.(summary, today);
      return summary;
    } catch (err) {
      // Never take the host down: the next tick (or restart) tries again, and nothing half-done is recorded.
      (opts.onError ?? ((e) => console.error('day boundary:', e)))(err);
      return null;
    }
  };

  check(true);
  const timer = setInterval(() => check(), opts.intervalMs ?? 60_000);
  timer.unref?.();
  return {
    check,
    stop() {
      stopped = true;
      clearInterval(timer);
    },
  };
}
