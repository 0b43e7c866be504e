import { openDatabase } from '../../db/open';
import { call } from '../../main/app/dispatch';

// Commits one change of a login's answer through dispatch, then dies by SIGKILL before any sender could run:
// the Disconnect-Request must still go out, once, from the next host (test/integration/network-disconnect.test.ts).
const [file, serviceId, password] = process.argv.slice(2);
const db = openDatabase(file);
const ctx = { db, clock: { today: () => '2022-01-01' }, actor: { kind: 'staff' as const, name: 'killed host' } };
const s = call(ctx, 'services.get', { id: Number(serviceId) });
const { ipv4PoolName: _p, routerName: _r, ...internet } = s.internet!;
call(ctx, 'services.update', { id: s.id, internet: { ...internet, password } });
process.stdout.write('committed\n');
process.kill(process.pid, 'SIGKILL');
