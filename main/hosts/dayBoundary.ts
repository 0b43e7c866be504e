import type { AppDb } from '../../db/open';
import { fixedClock, type Actor } from '../app/context';
import { betweenSteps, clearProgress, reportProgress } from '../app/progress';
import { catchUp, catchUpStepwise } from '../app/scheduler';
import { importAccounting } from '../app/sessions';
import type { DayRunSummary } from '../contract/days';
import { announceChange } from '../app/changes';
import { DAY_RUN_AREAS } from '../contract/changes';

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
  /** catches up now when the business date differs from the last one handled (or `force`), in one go */
  check(force?: boolean): DayRunSummary | null;
  /** the same, one day per turn of the event loop with "day k of n" in system.progress (start-up and the timer) */
  checkStepwise(force?: boolean): Promise<DayRunSummary | null>;
  /** settles when the start-up catch-up has finished (the host does not wait for it: its window shows progress) */
  ready: Promise<DayRunSummary | null>;
  stop(): void;
}

export function startDayBoundary(opts: DayBoundaryOptions): DayBoundary {
  const actor = opts.actor ?? SCHEDULER_ACTOR;
  let handled: string | null = null;
  let stopped = false;

  let running: Promise<DayRunSummary | null> | null = null;
  let runToken: object | null = null;

  const report = (err: unknown) => (opts.onError ?? ((e) => console.error('day boundary:', e)))(err);

  /** The business date to handle now, with the day's traffic imported first; null when nothing is to be done. */
  const begin = (force: boolean) => {
    if (stopped || !opts.db.sqlite.open) return null;
    const today = opts.today();
    if (!force && today === handled) return null;
    const ctx = { db: opts.db, clock: fixedClock(today), actor };
    // The day's traffic first: what the RADIUS server recorded up to now belongs to the days being closed.
    try {
      importAccounting(ctx);
    } catch (err) {
      (opts.onError ?? ((e) => console.error('accounting import:', e)))(err);
    }
    return { today, ctx };
  };

  const check = (force = false): DayRunSummary | null => {
    if (running) return null; // a stepwise catch-up is under way: it finishes the days
    try {
      const b = begin(force);
      if (!b) return null;
      const summary = catchUp(b.ctx);
      handled = b.today;
      announceChange(opts.db, { areas: [...DAY_RUN_AREAS] });
      opts.onRun?.(summary, b.today);
      return summary;
    } catch (err) {
      // Never take the host down: the next tick (or restart) tries again, and nothing half-done is recorded.
      report(err);
      return null;
    }
  };

  const checkStepwise = (force = false): Promise<DayRunSummary | null> => {
    if (running) return running;
    const token = {};
    const work = (async () => {
      const { db } = opts;
      await null; // `running` is set before anything below runs (and cleared by this very run only)
      try {
        const b = begin(force);
        if (!b) return null;
        const title = 'Processing the days since the app last ran';
        const summary = await catchUpStepwise(
          b.ctx,
          (p) => reportProgress(db, { kind: 'catchUp', title, done: p.done, total: p.total, step: p.day }),
          // Stop between two days when the host closes (each day already committed is kept; the next start goes on).
          async () => {
            await betweenSteps(db, 'catchUp');
            if (stopped || !db.sqlite.open) throw new Error('day boundary stopped');
          },
        );
        handled = b.today;
        announceChange(db, { areas: [...DAY_RUN_AREAS] });
        opts.onRun?.(summary, b.today);
        return summary;
      } catch (err) {
        if (!stopped) report(err);
        return null;
      } finally {
        clearProgress(db, 'catchUp');
        if (runToken === token) (running = null), (runToken = null);
      }
    })();
    running = work;
    runToken = token;
    return work;
  };

  const ready = checkStepwise(true);
  const timer = setInterval(() => void checkStepwise(), opts.intervalMs ?? 60_000);
  timer.unref?.();
  return {
    check,
    checkStepwise,
    ready,
    stop() {
      stopped = true;
      clearInterval(timer);
    },
  };
}
