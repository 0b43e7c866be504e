import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../main/hosts/cli';
import { accountingQueries, STOCK_SQLITE_DIR } from '../../main/radius/config';
import { radacctFileFor } from '../../main/radius/radacctPath';
import { requireFreeRadius, startRadius, type RadiusServer } from '../../main/radius/server';
import { freePortPair, radclientAcct } from '../helpers/radclient';
import { createAppFixture, type AppFixture } from './appFixtures';

// The real FreeRADIUS started through the same code as `npm run radius` (authentication on N, accounting on N + 1,
// FreeRADIUS's stock radacct schema and queries into the file beside the database) records what radclient sends to
// N + 1; `npm run cli -- usage` imports it. A Start, an Interim-Update and a Stop become one session with exact bytes,
// counted once however often read — also when the router repeats its packets and sends an Interim after the Stop.
// Where FreeRADIUS is missing these tests FAIL with one line saying how to install it (as the network tests do).

const SECRET = 'testing123';
const GIB4 = 2 ** 32;
let fx: AppFixture;
let radius: RadiusServer;

beforeAll(() => requireFreeRadius({ radclient: true }));

type Usage = { login: string; sessions: { sessionId: string; start: string; stop: string | null; inputOctets: number; outputOctets: number }[]; inputOctets: number; outputOctets: number };

async function cliUsage(login: string): Promise<Usage> {
  const out: string[] = [];
  const code = await runCli(['usage', '--login', login, '--db', fx.file], { out: (t) => out.push(t), err: (t) => out.push(t) });
  expect(code, out.join('\n')).toBe(0);
  return JSON.parse(out.join('\n')) as Usage;
}

const send = (attributes: Record<string, string | number>) => radclientAcct(radius.port + 1, SECRET, attributes);
const iso = (unix: number) => new Date(unix * 1000).toISOString().replace('.000Z', 'Z');

/** A session's packets as a MikroTik sends them (times relative to now, so the open session is not stale). */
function packets(sessionId: string, now: number) {
  const base = { 'User-Name': 'anna', 'Acct-Session-Id': sessionId, 'NAS-IP-Address': '127.0.0.1', 'NAS-Port': 7, 'Framed-IP-Address': '100.64.0.7' };
  return {
    start: { ...base, 'Acct-Status-Type': 'Start', 'Event-Timestamp': now - 600 },
    interim: {
      ...base,
      'Acct-Status-Type': 'Interim-Update',
      'Event-Timestamp': now - 300,
      'Acct-Session-Time': 300,
      'Acct-Input-Octets': 1_000,
      'Acct-Output-Octets': 500_000,
      'Acct-Output-Gigawords': 1,
    },
    stop: {
      ...base,
      'Acct-Status-Type': 'Stop',
      'Event-Timestamp': now - 60,
      'Acct-Session-Time': 540,
      'Acct-Input-Octets': 123_456,
      'Acct-Input-Gigawords': 0,
      'Acct-Output-Octets': 789,
      'Acct-Output-Gigawords': 2,
      'Acct-Terminate-Cause': 'User-Request',
    },
    /** what usage shows once the Stop is in */
    stopped: (): Usage => ({
      login: 'anna',
      sessions: [{ sessionId, start: iso(now - 600), stop: iso(now - 60), inputOctets: 123_456, outputOctets: 2 * GIB4 + 789 }],
      inputOctets: 123_456,
      outputOctets: 2 * GIB4 + 789,
    }),
  };
}

const dailyTotals = () => fx.db.sqlite.prepare('SELECT sum(rx_bytes) AS rx, sum(tx_bytes) AS tx FROM service_usage').get();

describe('accounting recorded by the real FreeRADIUS of npm run radius', () => {
  beforeEach(async () => {
    fx = createAppFixture({ today: '2024-03-20' });
    const plan = fx.call('plans.create', { kind: 'internet', name: 'Fiber_100', price: 2000 } as never);
    const customer = fx.call('customers.create', { name: 'Anna Smith', status: 'active' } as never);
    fx.call('services.add', { customerId: customer.id, kind: 'internet', planId: plan.id, start: '2024-03-01', internet: { login: 'anna', password: 'pw' } } as never);
    radius = await startRadius({ dbFile: fx.file, port: await freePortPair(), secret: SECRET });
  }, 60_000);

  afterEach(async () => {
    await radius?.stop();
    fx.close();
  });

  it('Start, Interim-Update and Stop by radclient: one session with exact bytes (gigawords included), counted once however often read', async () => {
    const p = packets('81A00001', Math.floor(Date.now() / 1000));
    send(p.start);
    send(p.interim);
    const during = await cliUsage('anna');
    expect(during.sessions).toHaveLength(1);
    expect(during).toMatchObject({ inputOctets: 1_000, outputOctets: GIB4 + 500_000 });
    expect(during.sessions[0].stop).toBeNull(); // online: its last interim is recent

    send(p.stop);
    expect(await cliUsage('anna')).toEqual(p.stopped());
    expect(await cliUsage('anna')).toEqual(p.stopped());

    // The router repeats itself: the Start, the Interim (now after the Stop) and the Stop again.
    send(p.start);
    send(p.interim);
    send(p.stop);
    send(p.interim);
    expect(await cliUsage('anna')).toEqual(p.stopped());

    // The service's daily totals hold the session's bytes once.
    expect(dailyTotals()).toEqual({ rx: 2 * GIB4 + 789, tx: 123_456 });
  });

  it("a late Interim-Update after the Stop, both before the next import, leaves the Stop's counters: no byte lost", async () => {
    const p = packets('81A00002', Math.floor(Date.now() / 1000));
    send(p.start);
    expect((await cliUsage('anna')).sessions).toHaveLength(1);
    // Between two imports the router's Stop and then its delayed Interim arrive (UDP reorders; routers retry).
    send(p.stop);
    send(p.interim);
    const row = new Database(radacctFileFor(fx.file), { readonly: true });
    try {
      // With the stock interim query this row would hold the Interim's lower counters and no one could tell.
      expect(row.prepare('SELECT count(*) AS n, max(acctinputoctets) AS inp, max(acctoutputoctets) AS outp, max(acctstoptime IS NOT NULL) AS stopped FROM radacct').get()).toEqual({
        n: 1,
        inp: 123_456,
        outp: 2 * GIB4 + 789,
        stopped: 1,
      });
    } finally {
      row.close();
    }
    expect(await cliUsage('anna')).toEqual(p.stopped());
    expect(await cliUsage('anna')).toEqual(p.stopped());
    expect(dailyTotals()).toEqual({ rx: 2 * GIB4 + 789, tx: 123_456 });
  });

  it('an Interim-Update without a Start (lost on the way) still opens the session', async () => {
    const p = packets('81A00003', Math.floor(Date.now() / 1000));
    send(p.interim);
    const u = await cliUsage('anna');
    expect(u).toMatchObject({ inputOctets: 1_000, outputOctets: GIB4 + 500_000 });
    expect(u.sessions).toHaveLength(1);
  });
});

describe('the generated accounting queries', () => {
  it('differ from the stock file only by the stopped-session guard of the interim update', () => {
    const stock = readFileSync(join(STOCK_SQLITE_DIR, 'queries.conf'), 'utf8');
    const ours = accountingQueries(stock);
    const guard = /WHERE AcctUniqueId = '%\{Acct-Unique-Session-Id\}' \\\n\t+AND acctstoptime IS NULL"/g;
    expect(ours.match(guard)).toHaveLength(1);
    // The guard sits in the interim-update section, before the stop section.
    const at = ours.search(guard);
    expect(at).toBeGreaterThan(ours.indexOf('interim-update {'));
    expect(at).toBeLessThan(ours.indexOf('stop {', ours.indexOf('interim-update {')));
    expect(ours.replace(guard, `WHERE AcctUniqueId = '%{Acct-Unique-Session-Id}'"`)).toBe(stock);
  });

  it('refuses a queries file without the expected interim query', () => {
    expect(() => accountingQueries('accounting {\n\ttype {\n\t\tinterim-update {\n\t\t\tquery = "UPDATE radacct"\n\t\t}\n\t\tstop {\n\t\t}\n\t}\n}\n')).toThrow(/not supported/);
  });
});
