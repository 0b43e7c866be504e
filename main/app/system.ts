import { getAppState } from '../../db/appState';
import { SCHEMA_VERSION } from '../../db/open';
import type { Handler } from './handlers';
import { progressOf } from './progress';

// system.info: what the shell shows in its header (business date, demo badge, last processed day).

const info: Handler<'system.info'> = (ctx) => ({
  businessDate: ctx.clock.today(),
  schemaVersion: SCHEMA_VERSION,
  demo: getAppState(ctx.db, 'demo'),
  lastProcessedDay: getAppState(ctx.db, 'scheduler.lastProcessedDay'),
  readOnly: Boolean(ctx.db.readOnly),
});

const progress: Handler<'system.progress'> = (ctx) => ({ work: progressOf(ctx.db) });

export const systemHandlers = { 'system.info': info, 'system.progress': progress };
