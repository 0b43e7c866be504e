import { existsSync } from 'node:fs';
import { runDaysUntil } from '../app/scheduler';
import { sendDue } from '../radius/outbox';
import { importAccounting } from '../app/sessions';
import { runScenarios } from '../scenario/runner';
import { parseBusinessDate } from './boundary';
import { registerCommand, UsageError } from './cli-commands';

// Commands that run business days: the scheduler for cron, and scenario files (each on its own fresh database).

registerCommand({
  name: 'run-days',
  usage: 'run-days --db FILE --until YYYY-MM-DD   run start/end of day for every day not yet processed up to that date',
  options: { until: { type: 'string' } },
  async run(c) {
    if (typeof c.values.until !== 'string') throw new UsageError('run-days needs --until YYYY-MM-DD');
    let until: string;
    try {
      until = parseBusinessDate(c.values.until);
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
    const db = c.openDb();
    try {
      importAccounting(c.context(db)); // the RADIUS server's traffic up to now, before the days close
      const summary = runDaysUntil(c.context(db), until);
      c.io.out(JSON.stringify(summary, null, 2));
      // The blockings and reactivations of these days reach the routers now (one attempt each; the app and the
      // next run retry what got no answer).
      const sent = await sendDue(db);
      if (sent.acked + sent.nakked + sent.unanswered > 0)
        c.io.out(`Disconnect-Requests: ${sent.acked} acknowledged, ${sent.nakked} refused by the router, ${sent.unanswered} without answer (retried later)`);
      return 0;
    } finally {
      db.sqlite.close();
    }
  },
});

registerCommand({
  name: 'scenario',
  usage:
    'scenario FILE... [--keep-db OUT]     run scenario files (../shared/scenarios/FORMAT.md); exit 0 only if all pass; --keep-db keeps the (one) story\'s database',
  options: { 'keep-db': { type: 'string' } },
  run(c) {
    if (!c.args.length) throw new UsageError('scenario needs at least one FILE');
    const keepDb = c.values['keep-db'];
    if (typeof keepDb === 'string') {
      if (c.args.length !== 1) throw new UsageError('--keep-db keeps the database of one scenario file: give exactly one FILE');
      if (existsSync(keepDb)) throw new UsageError(`--keep-db ${keepDb} already exists; give a new file name`);
    }
    const { failed } = runScenarios(c.args, (line) => c.io.out(line), typeof keepDb === 'string' ? { keepDb } : {});
    if (typeof keepDb === 'string') c.io.out(`Database kept: ${keepDb} (serve it with: npm run radius -- --db ${keepDb} --port N --secret S)`);
    return failed === 0 ? 0 : 1;
  },
});
