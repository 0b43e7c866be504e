import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { writeRadiusConfig } from '../radius/config';
import { radacctFileFor } from '../radius/radacctPath';
import { registerCommand, UsageError } from './cli-commands';

// `cli radius-config --db FILE --out DIR [--port 1812]`: the FreeRADIUS configuration `npm run radius` runs, for
// the ISP's own FreeRADIUS 3 (README "Pointing a MikroTik at it"): listens on every address, clients = routers.

registerCommand({
  name: 'radius-config',
  usage: 'radius-config --db FILE --out DIR [--port 1812]   write a FreeRADIUS 3 configuration answering from FILE (accounting on port + 1)',
  options: { out: { type: 'string' }, port: { type: 'string' } },
  run(c) {
    if (typeof c.values.out !== 'string' || !c.values.out) throw new UsageError('radius-config needs --out DIR');
    const port = c.values.port === undefined ? 1812 : Number(c.values.port);
    if (!Number.isInteger(port) || port < 1 || port > 65534) throw new UsageError('--port must be 1–65534 (accounting uses port + 1)');
    const db = c.openDb();
    try {
      const dir = resolve(c.values.out);
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      writeRadiusConfig(db.sqlite, { dbFile: resolve(db.file), port, listen: '*' }, dir);
      c.io.out(`FreeRADIUS configuration written to ${dir} (authentication on port ${port}, accounting on ${port + 1}; accounting into ${radacctFileFor(resolve(db.file))}).`);
      c.io.out(`Check it with: freeradius -XC -d ${dir}    run it with: freeradius -f -d ${dir}`);
      return 0;
    } finally {
      db.close();
    }
  },
});
