import { rmSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importRadacctFile } from '../../main/app/accounting/importer';
import { radacctFileFor } from '../../main/radius/radacctPath';
import { runCli } from '../../main/hosts/cli';
import { generateIsp } from '../../main/demo/generate';
import { startWebHarness } from '../../main/hosts/web';
import { fixedClock } from '../../main/app/context';
import { createAppFixture, type AppFixture } from './appFixtures';
import { installedRadacctSql, StockRadacct, STOCK_RADACCT_SQL } from '../helpers/stockRadacct';

// RADIUS accounting → sessions and daily traffic (issue 17), on real SQLite files: the app's database, and a radacct
// file written with the stock FreeRADIUS SQLite schema and the stock queries' statements (test/helpers/stockRadacct.ts).

const GIB4 = 2 ** 32;
/** Local wall-clock times, so the expected days do not depend on the machine's time zone. */
const at = (day: number, h: number, m = 0) => Math.floor(new Date(2024, 2, day, h, m).getTime() / 1000);

let fx: AppFixture;
let rad: StockRadacct;
let serviceId: number;
let customerId: number;

function usage() {
  return fx.call('services.usage', { serviceId, from: '2024-03-01', to: '2024-03-31' });
}
const totals = () => usage().reduce((a, p) => ({ rx: a.rx + p.rxBytes, tx: a.tx + p.txBytes }), { rx: 0, tx: 0 });
/** the import as the hosts run it, with the wall clock pinned to `now` */
const importAt = (now: number) => importRadacctFile(fx.ctx, radacctFileFor(fx.file), now);

async function cliUsage(login: string): Promise<unknown> {
  const out: string[] = [];
  const code = await runCli(['usage', '--login', login, '--db', fx.file], { out: (t) => out.push(t), err: (t) => out.push(t) });
  expect(code, out.join('\n')).toBe(0);
  return JSON.parse(out.join('\n'));
}

beforeEach(() => {
  fx = createAppFixture({ today: '2024-03-20' });
  const plan = fx.call('plans.create', { kind: 'internet', name: 'Fiber_100', price: 2000, downloadKbps: 100_000, uploadKbps: 50_000 } as never);
  const customer = fx.call('customers.create', { name: 'Anna Smith', status: 'active' } as never);
  customerId = customer.id;
  serviceId = fx.call('services.add', {
    customerId,
    kind: 'internet',
    planId: plan.id,
    start: '2024-03-01',
    internet: { login: 'anna' },
  } as never).id;
  rad = new StockRadacct(radacctFileFor(fx.file));
});

afterEach(() => {
  rad?.close();
  fx.close();
});

describe('radacct written by the stock queries → one session per unique id', () => {
  it('Start, Interim-Update, Stop: one session with exact bytes, the same however often read', async () => {
    rad.start({ user: 'anna', session: 'S1', at: at(15, 10), framedIp: '10.0.0.7' });
    importAt(at(15, 10, 1));
    rad.interim({ user: 'anna', session: 'S1', at: at(15, 10, 5), sessionTime: 300, inOctets: 1_000, outOctets: 50_000, framedIp: '10.0.0.7' });
    importAt(at(15, 10, 6));
    rad.stop({ user: 'anna', session: 'S1', at: at(15, 11), sessionTime: 3600, inOctets: 7_000, outOctets: 900_000 });
    const first = await cliUsage('anna');
    expect(first).toEqual({
      login: 'anna',
      sessions: [{ sessionId: 'S1', start: new Date(at(15, 10) * 1000).toISOString().replace('.000Z', 'Z'), stop: new Date(at(15, 11) * 1000).toISOString().replace('.000Z', 'Z'), inputOctets: 7_000, outputOctets: 900_000 }],
      inputOctets: 7_000,
      outputOctets: 900_000,
    });
    expect(await cliUsage('anna')).toEqual(first);
    importAt(at(15, 12));
    expect(usage()).toEqual([{ day: '2024-03-15', rxBytes: 900_000, txBytes: 7_000 }]);
    // the customer's portal Statistics read the same imported days
    const portal = fx.as({ kind: 'portal', customerId, openedBy: 'tester' });
    expect(fx.call('portal.usage', { serviceId, from: '2024-03-01', to: '2024-03-31' }, portal)).toEqual(usage());
    const view = fx.call('sessions.forService', { serviceId });
    expect(view.online).toBeNull();
    expect(view.sessions).toHaveLength(1);
    expect(view.sessions[0]).toMatchObject({ closedAs: 'stop', durationSeconds: 3600, nasIp: '127.0.0.1', framedIp: '10.0.0.7', terminateCause: 'User-Request' });
  });

  it('gigawords: a 10 GB session counts 10 000 000 000 bytes, not its remainder modulo 4 GiB', async () => {
    const tenGb = 10_000_000_000;
    rad.start({ user: 'anna', session: 'BIG', at: at(16, 8) });
    rad.interim({ user: 'anna', session: 'BIG', at: at(16, 9), sessionTime: 3600, inGigawords: 1, inOctets: 5, outGigawords: 1, outOctets: 7 });
    importAt(at(16, 9, 1));
    expect(totals()).toEqual({ rx: GIB4 + 7, tx: GIB4 + 5 });
    rad.stop({ user: 'anna', session: 'BIG', at: at(16, 10), sessionTime: 7200, inGigawords: Math.floor(tenGb / GIB4), inOctets: tenGb % GIB4, outGigawords: 2, outOctets: 3 });
    importAt(at(16, 10, 1));
    expect(totals()).toEqual({ rx: 2 * GIB4 + 3, tx: tenGb });
    const out = (await cliUsage('anna')) as { inputOctets: number };
    expect(out.inputOctets).toBe(tenGb);
  });

  it('replays and duplicates of every packet change nothing', () => {
    const start = { user: 'anna', session: 'R1', at: at(15, 10) };
    const interim = { user: 'anna', session: 'R1', at: at(15, 10, 5), sessionTime: 300, inOctets: 100, outOctets: 2_000 };
    const stop = { user: 'anna', session: 'R1', at: at(15, 10, 30), sessionTime: 1800, inOctets: 400, outOctets: 9_000 };
    for (const step of [() => rad.start(start), () => rad.interim(interim), () => rad.stop(stop)]) {
      step();
      importAt(at(15, 10, 40));
      step(); // the router sends it again (no answer reached it)
      importAt(at(15, 10, 41));
    }
    rad.start(start);
    rad.interim(interim);
    importAt(at(15, 10, 42));
    importAt(at(15, 10, 43));
    expect(totals()).toEqual({ rx: 9_000, tx: 400 });
    expect(fx.call('sessions.forService', { serviceId }).sessions).toHaveLength(1);
  });

  it('an Interim-Update after its Stop lowers radacct counters, but not the session or the day', () => {
    rad.start({ user: 'anna', session: 'L1', at: at(15, 10) });
    rad.stop({ user: 'anna', session: 'L1', at: at(15, 11), sessionTime: 3600, inOctets: 500, outOctets: 80_000 });
    importAt(at(15, 11, 1));
    rad.interim({ user: 'anna', session: 'L1', at: at(15, 10, 55), sessionTime: 3300, inOctets: 450, outOctets: 70_000 });
    const row = rad.db.prepare('SELECT acctoutputoctets, acctstoptime FROM radacct').get() as { acctoutputoctets: number; acctstoptime: number };
    expect(row).toEqual({ acctoutputoctets: 70_000, acctstoptime: at(15, 11) }); // the stock query really does lower them
    importAt(at(15, 11, 2));
    importAt(at(15, 11, 3));
    expect(totals()).toEqual({ rx: 80_000, tx: 500 });
    const s = fx.call('sessions.forService', { serviceId }).sessions[0];
    expect(s).toMatchObject({ closedAs: 'stop', inputOctets: 500, outputOctets: 80_000 });
  });

  it('out of order: an older Interim after a newer one, and a Stop before its Start', () => {
    rad.interim({ user: 'anna', session: 'O1', at: at(15, 10, 10), sessionTime: 600, inOctets: 300, outOctets: 6_000 });
    importAt(at(15, 10, 11));
    rad.interim({ user: 'anna', session: 'O1', at: at(15, 10, 5), sessionTime: 300, inOctets: 100, outOctets: 2_000 });
    importAt(at(15, 10, 12));
    expect(totals()).toEqual({ rx: 6_000, tx: 300 });
    rad.start({ user: 'anna', session: 'O1', at: at(15, 10) });
    importAt(at(15, 10, 13));
    expect(totals()).toEqual({ rx: 6_000, tx: 300 });

    rad.stop({ user: 'anna', session: 'O2', at: at(15, 14), sessionTime: 3600, inOctets: 10, outOctets: 1_000 });
    importAt(at(15, 14, 1));
    rad.start({ user: 'anna', session: 'O2', at: at(15, 13) });
    importAt(at(15, 14, 2));
    expect(totals()).toEqual({ rx: 7_000, tx: 310 });
    const sessions = fx.call('sessions.forService', { serviceId }).sessions;
    expect(sessions.map((s) => [s.sessionId, s.closedAs])).toEqual([
      ['O2', 'stop'],
      ['O1', 'stale'], // no interim since 10:10, imported at 14:02
    ]);
  });

  it('traffic is spread over the days it flowed on, and the parts add up exactly', () => {
    rad.start({ user: 'anna', session: 'N1', at: at(15, 23) });
    rad.interim({ user: 'anna', session: 'N1', at: at(16, 1), sessionTime: 7200, inOctets: 1_001, outOctets: 2_000_001 });
    importAt(at(16, 1, 1));
    const days = usage();
    expect(days.map((d) => d.day)).toEqual(['2024-03-15', '2024-03-16']);
    expect(days[0].rxBytes + days[1].rxBytes).toBe(2_000_001);
    expect(days[0].txBytes + days[1].txBytes).toBe(1_001);
    expect(days[0].rxBytes).toBe(1_000_001); // half of the two hours was before midnight (half up)
  });
});

describe('who is online', () => {
  it('an open session with recent interims is online; after the missed interims it is closed as stale; a late interim reopens it', () => {
    fx.call('settings.update', { partnerId: 1, values: { 'network.interimIntervalMinutes': 5, 'network.staleAfterMissedInterims': 3 } } as never);
    rad.start({ user: 'anna', session: 'ON', at: at(15, 10), framedIp: '10.0.0.9' });
    rad.interim({ user: 'anna', session: 'ON', at: at(15, 10, 5), sessionTime: 300, inOctets: 1, outOctets: 2, framedIp: '10.0.0.9' });
    importAt(at(15, 10, 6));
    const online = () => fx.call('customers.list', {}).rows.find((r) => r.id === customerId)!.online;
    expect(online()).toBe(true);
    expect(fx.call('sessions.onlineForCustomer', { customerId })).toMatchObject([{ serviceId, framedIp: '10.0.0.9' }]);
    importAt(at(15, 10, 19)); // 14 minutes since the last interim: two missed, still online
    expect(online()).toBe(true);
    const summary = importAt(at(15, 10, 21)); // 16 minutes: three missed
    expect(summary.closedStale).toBe(1);
    expect(online()).toBe(false);
    const stale = fx.call('sessions.forService', { serviceId }).sessions[0];
    expect(stale).toMatchObject({ closedAs: 'stale', stop: stale.lastUpdate });

    rad.interim({ user: 'anna', session: 'ON', at: at(15, 10, 25), sessionTime: 1500, inOctets: 5, outOctets: 9, framedIp: '10.0.0.9' });
    importAt(at(15, 10, 26));
    expect(online()).toBe(true);
    rad.stop({ user: 'anna', session: 'ON', at: at(15, 10, 30), sessionTime: 1800, inOctets: 6, outOctets: 10 });
    importAt(at(15, 10, 31));
    expect(online()).toBe(false);
    expect(fx.call('sessions.forService', { serviceId }).sessions[0]).toMatchObject({ closedAs: 'stop', inputOctets: 6, outputOctets: 10 });
    expect(totals()).toEqual({ rx: 10, tx: 6 });
  });
});

describe('the radacct file itself', () => {
  it('our copy of the stock radacct table is the installed FreeRADIUS one', () => {
    const installed = installedRadacctSql();
    if (installed === null) {
      console.warn('FreeRADIUS is not installed here: the stock schema copy is not compared');
      return;
    }
    expect(installed.replace(/\s+/g, ' ')).toBe(STOCK_RADACCT_SQL.replace(/\s+/g, ' '));
  });

  it('a database whose server recorded nothing imports nothing; a radacct file started afresh is read again without double counting', () => {
    rad.close();
    rmSync(radacctFileFor(fx.file));
    expect(importAt(at(15, 9)).read).toBe(0);
    rad = new StockRadacct(radacctFileFor(fx.file));
    for (let i = 1; i <= 3; i++) rad.stop({ user: 'anna', session: `F${i}`, at: at(15, 10 + i), sessionTime: 60, inOctets: i, outOctets: 100 * i });
    importAt(at(15, 14));
    expect(totals()).toEqual({ rx: 600, tx: 6 });
    // The server's file is replaced by a new one holding only the last session again, plus a new one.
    rad.close();
    rmSync(radacctFileFor(fx.file));
    rad = new StockRadacct(radacctFileFor(fx.file));
    rad.stop({ user: 'anna', session: 'F3', at: at(15, 13), sessionTime: 60, inOctets: 3, outOctets: 300 });
    rad.stop({ user: 'anna', session: 'F4', at: at(15, 15), sessionTime: 60, inOctets: 4, outOctets: 400 });
    importAt(at(15, 16));
    expect(totals()).toEqual({ rx: 1_000, tx: 10 });
  });
});

describe('the demo generator', () => {
  it('writes its traffic through the accounting import: daily totals are the sessions’ bytes, today’s sessions are online', () => {
    const demo = createAppFixture({ today: '2024-03-20' });
    try {
      generateIsp(demo.db, { customers: 40, seed: 3, today: '2024-03-20', months: 2, usageDays: 5 });
      const q = <T>(sql: string) => demo.db.sqlite.prepare(sql).get() as T;
      const usage = q<{ rx: number; tx: number; days: number }>('SELECT sum(rx_bytes) AS rx, sum(tx_bytes) AS tx, count(*) AS days FROM service_usage');
      const sessions = q<{ rx: number; tx: number; closed: number }>(
        `SELECT sum(output_octets) AS rx, sum(input_octets) AS tx, count(stopped_at) AS closed FROM service_sessions`,
      );
      expect(usage.days).toBeGreaterThan(20);
      expect(sessions).toEqual({ rx: usage.rx, tx: usage.tx, closed: usage.days });
      const online = q<{ n: number }>('SELECT count(*) AS n FROM service_sessions WHERE stopped_at IS NULL').n;
      const active = q<{ n: number }>(`SELECT count(*) AS n FROM services WHERE kind = 'internet' AND status = 'active' AND login IS NOT NULL AND start_date <= '2024-03-20'`).n;
      expect(online).toBe(active);
      expect(demo.call('customers.list', { pageSize: 500 }).rows.filter((r) => r.online).length).toBeGreaterThan(0);
    } finally {
      demo.close();
    }
  });
});

describe('the hosts', () => {
  it('the web harness imports at start-up, with the timer the app runs every minute', async () => {
    rad.start({ user: 'anna', session: 'H1', at: at(15, 10) });
    rad.stop({ user: 'anna', session: 'H1', at: at(15, 10, 30), sessionTime: 1800, inOctets: 11, outOctets: 22 });
    const harness = await startWebHarness({ dbFile: fx.file, port: 0, clock: fixedClock('2024-03-20'), accountingImport: true });
    try {
      expect(totals()).toEqual({ rx: 22, tx: 11 });
    } finally {
      await harness.close();
    }
  });
});
