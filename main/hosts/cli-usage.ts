import { sessionsOfLogin } from '../app/accounting/queries';
import { importAccounting } from '../app/sessions';
import { registerCommand, UsageError } from './cli-commands';

// `npm run cli -- usage --login LOGIN --db FILE`: imports what the RADIUS server of `npm run radius -- --db FILE`
// recorded (its radacct file beside FILE), then prints the login's sessions and totals as JSON. The import is
// idempotent, so running it again prints the same (unless the server recorded more in between).

registerCommand({
  name: 'usage',
  usage: 'usage --login LOGIN --db FILE         import RADIUS accounting, print the sessions and byte totals of a login as JSON',
  options: { login: { type: 'string' } },
  run(c) {
    const login = c.values.login;
    if (typeof login !== 'string' || login.trim() === '') throw new UsageError('usage needs --login LOGIN');
    const db = c.openDb();
    try {
      const ctx = c.context(db);
      importAccounting(ctx);
      const sessions = sessionsOfLogin(ctx, login).map((s) => ({
        sessionId: s.sessionId,
        start: s.start,
        stop: s.stop,
        inputOctets: s.inputOctets,
        outputOctets: s.outputOctets,
      }));
      const sum = (k: 'inputOctets' | 'outputOctets') => sessions.reduce((a, s) => a + s[k], 0);
      c.io.out(JSON.stringify({ login, sessions, inputOctets: sum('inputOctets'), outputOctets: sum('outputOctets') }, null, 2));
      return 0;
    } finally {
      db.close();
    }
  },
});
