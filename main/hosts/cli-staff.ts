import { recoverStaff } from '../app/auth';
import { toErrorData } from '../app/dispatch';
import { registerCommand, UsageError } from './cli-commands';

// `npm run cli -- staff unlock NAME --db FILE` and `staff reset-password NAME --db FILE [--administrator]`: an
// administrator can always get back in with the database file in hand, whatever happened to sign-in (waits after
// someone's failed guesses, a lock, a forgotten password, no administrator left).

registerCommand({
  name: 'staff',
  usage: 'staff unlock|reset-password NAME --db FILE [--administrator]   lift sign-in waits; or set a new generated password (--administrator: with that role, created if missing)',
  options: { administrator: { type: 'boolean' } },
  run(c) {
    const [action, name, ...rest] = c.args;
    if ((action !== 'unlock' && action !== 'reset-password') || !name || rest.length) throw new UsageError('staff needs unlock|reset-password and a NAME');
    if (action === 'unlock' && c.values.administrator) throw new UsageError('--administrator goes with reset-password');
    const db = c.openDb();
    try {
      const done = recoverStaff(c.context(db), { name, action, administrator: c.values.administrator === true });
      if (action === 'unlock') c.io.out(`${done.name} may sign in again from everywhere.`);
      else {
        c.io.out(`${done.created ? 'Created administrator' : 'New password for'} ${done.name} (${done.role}): ${done.password}`);
        c.io.out('Sign in with it and choose a password of your own in Config → Staff. Every session of this name has ended.');
      }
      return 0;
    } catch (err) {
      c.io.out(JSON.stringify({ ok: false, error: toErrorData(err) }, null, 2));
      return 1;
    } finally {
      db.close();
    }
  },
});
