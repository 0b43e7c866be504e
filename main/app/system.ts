import { getAppState } from '../../db/appState';
import { SCHEMA_VERSION } from '../../db/open';
import type { Handler } from './handlers';
import { progressOf } from './progress';
import { diagnostics, diagnosticsText } from './diagnostics';

// system.info: what the shell shows in its header (business date, demo badge, last processed day).

const info: Handler<'system.info'> = (ctx) => ({
  businessDate: ctx.clock.today(),
  schemaVersion: SCHEMA_VERSION,
  demo: getAppState(ctx.db, 'demo'),
  lastProcessedDay: getAppState(ctx.db, 'scheduler.lastProcessedDay'),
  readOnly: Boolean(ctx.db.readOnly),
});

// Public (the catch-up runs before anyone signs in), so a restore's outcome details go to staff only.
const progress: Handler<'system.progress'> = (ctx) => ({
  work: progressOf(ctx.db).map((w) =>
    ctx.actor.kind === 'staff' || ctx.actor.kind === 'system' || !w.finished?.ok ? w : { ...w, finished: { ok: true as const } },
  ),
});

const diagnosticsHandler: Handler<'system.diagnostics'> = (ctx) => {
  const d = diagnostics(ctx);
  return { ...d, text: diagnosticsText(d) };
};

export const systemHandlers = { 'system.info': info, 'system.progress': progress, 'system.diagnostics': diagnosticsHandler };
