import type { AppDb } from '../../db/open';
import { applyChunk, preview } from '../../main/app/bulk';
import { fixedClock, type AppContext } from '../../main/app/context';
import { runDaysUntil, runEndOfDay, runStartOfDay } from '../../main/app/scheduler';
import { getAppState } from '../../db/appState';
import { generateIsp } from '../../main/demo/generate';
import { addDays } from '../../main/engine';

// The work the crash-safety test interrupts (test/integration/crash-safety.test.ts, run in a child process by
// test/helpers/run-billing-child.ts): a bulk tariff change applied chunk by chunk, then the end-of-day runs of
// several days including billing days, on a generated ISP of a few thousand customers. Everything is decided by
// the database's state, so running it again after a crash carries on where the committed work ends.

export const CRASH_TODAY = '2025-05-20';
/** the last day the work runs: 60 days, so every customer's billing day comes twice and dunning blocks the non-payers */
export const CRASH_UNTIL = addDays(CRASH_TODAY, 59);
export const CRASH_CUSTOMERS = 2000;
export const BULK_CHUNK = 10;

export const crashContext = (db: AppDb): AppContext => ({ db, clock: fixedClock(CRASH_TODAY), actor: { kind: 'system', name: 'crash-test' } });

/** The prepared database: a generated ISP whose history ends yesterday, today started, and a bulk change previewed. */
export function prepareCrashDatabase(db: AppDb, customers = CRASH_CUSTOMERS): { batchId: number } {
  generateIsp(db, { customers, seed: 7, today: CRASH_TODAY, months: 2, usageDays: 1 });
  const ctx = crashContext(db);
  runStartOfDay(ctx, CRASH_TODAY);
  const plan = (name: string) => (db.sqlite.prepare('SELECT id FROM plans WHERE name = ?').get(name) as { id: number } | undefined)?.id;
  const from = plan('Wireless_20');
  const to = plan('Fiber_100');
  if (!from || !to) throw new Error('the generated catalogue changed: Wireless_20 / Fiber_100 missing');
  const { batchId } = preview(ctx, { fromPlanId: from, toPlanId: to, start: addDays(CRASH_TODAY, 2), ignoreBalance: true, description: null, unitPrice: null });
  return { batchId };
}

/** Runs (or resumes) the work to the end; `onStep` is told after each committed step. */
export function runCrashWork(db: AppDb, batchId: number, onStep?: (step: string) => void): void {
  const ctx = crashContext(db);
  for (;;) {
    const p = applyChunk(ctx, { batchId, limit: BULK_CHUNK });
    onStep?.(`bulk ${p.processed}/${p.total}`);
    if (p.done) break;
  }
  for (;;) {
    const last = getAppState(db, 'scheduler.lastProcessedDay');
    if (last !== null && last >= CRASH_UNTIL) break;
    const day = last === null ? CRASH_TODAY : addDays(last, 1);
    runEndOfDay(ctx, day);
    onStep?.(`day ${day}`);
  }
  runDaysUntil(ctx, CRASH_UNTIL); // records the run summary; does nothing twice
}
