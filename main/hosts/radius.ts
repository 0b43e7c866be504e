import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { radacctFileFor } from '../radius/radacctPath';
import { startRadius } from '../radius/server';
import { isMain } from './runMain';

// `npm run radius -- --db FILE --port N --secret S`: FreeRADIUS answering from the ISP's database on 127.0.0.1
// (authentication on N, accounting on N + 1), until SIGINT or SIGTERM.

const USAGE = 'Usage: npm run radius -- --db FILE --port N --secret S';

export async function main(argv: string[]): Promise<number> {
  let values: { db?: string; port?: string; secret?: string };
  try {
    values = parseArgs({ args: argv, options: { db: { type: 'string' }, port: { type: 'string' }, secret: { type: 'string' } }, strict: true }).values;
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  const port = Number(values.port);
  if (!values.db || !values.secret || !Number.isInteger(port) || port < 1 || port > 65534) {
    console.error(`--db, --port (1–65534; accounting uses port + 1) and --secret are required\n${USAGE}`);
    return 2;
  }
  let server;
  try {
    server = await startRadius({ dbFile: values.db, port, secret: values.secret });
  } catch (err) {
    console.error((err as Error).message);
    return 1;
  }
  console.log(
    `FreeRADIUS ready on 127.0.0.1:${port} (accounting on ${port + 1}), answering from ${resolve(values.db)}; accounting in ${radacctFileFor(resolve(values.db))}. Ctrl+C stops it.`,
  );
  const stopped = new Promise<number>((done) => {
    let stopping = false;
    const stop = () => {
      stopping = true;
      void server.stop().then(() => done(0));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    server.process.once('exit', (code) => {
      if (stopping) return;
      console.error(`FreeRADIUS stopped by itself (exit ${code}):\n${server.output().trim().split('\n').slice(-10).join('\n')}`);
      done(1);
    });
  });
  return stopped;
}

if (isMain(import.meta.url)) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
