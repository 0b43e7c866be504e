import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type AppDb } from '../db/open';
import { importRadacctFile } from '../main/app/accounting/importer';
import type { AppContext } from '../main/app/context';
import { createRng } from '../main/demo/prng';
import { radacctFileFor } from '../main/radius/radacctPath';
import { STOCK_RADACCT_SQL } from '../test/helpers/stockRadacct';
import type { Section } from './bench';
import { figure, measure, ratio, table, timeMs, type Figure } from './figures';
import { isMain } from '../main/hosts/runMain';

// RADIUS accounting import at ISP scale (issue 17): a day of accounting for N customers — one session each in the
// stock radacct file, as FreeRADIUS leaves it after Start, Interim-Updates and Stop — imported into sessions and
// daily traffic, as a ratio to a raw insert of the same rows (plain prepared INSERTs of the sessions and their daily
// totals in one transaction, on the same file, same indexes), in CPU time. Then what the minute's background import
// costs while every customer is online (each open session read again). It builds its own database (the sessions of
// N customers, not the generated history). Run alone: npx tsx bench/accounting.ts [N]; `npm run bench` runs it as
// its section `accounting`.

const DAY = '2025-07-01';
const local = (h: number, m: number) => Math.floor(new Date(2025, 6, 1, h, m).getTime() / 1000);

interface Session {
  i: number;
  start: number;
  stop: number;
  out: number;
  inp: number;
}

/** The sessions of the day: one per customer, the same for the same n (the baseline inserts them again). */
function sessionsOf(n: number): Session[] {
  const rng = createRng(17);
  return Array.from({ length: n }, (_, k) => {
    const i = k + 1;
    const start = local(0, rng.int(0, 59));
    const stop = local(23, rng.int(0, 59));
    const out = rng.int(1, 40) * 1_000_003 * (1 + (i % 97)); // up to ~4 GB: gigawords folded in
    return { i, start, stop, out, inp: Math.floor(out / 9) };
  });
}

/** The database of N customers and the server's radacct file of their day, ready to import (not measured), closed. */
interface AccountingDay {
  n: number;
  file: string;
  /** removes the files */
  remove(): void;
}

function prepareDay(n: number, log: (s: string) => void): AccountingDay {
  const dir = mkdtempSync(join(tmpdir(), 'isp-bench-acct-'));
  const file = join(dir, 'bench.sqlite');
  const remove = () => rmSync(dir, { recursive: true, force: true });
  try {
    const db = openDatabase(file);
    const rad = new Database(radacctFileFor(file));
    try {
      const sq = db.sqlite;
      log(`accounting: ${n} customers with one Internet service each`);
      // Through the AppDb's transaction: it settles the network answers of the new logins before COMMIT (db/open.ts),
      // which would otherwise fall on the first measured import.
      db.transaction(() => {
        const plan = Number(sq.prepare(`INSERT INTO plans (kind, name, price) VALUES ('internet', 'Fiber_100', 2000)`).run().lastInsertRowid);
        const c = sq.prepare(`INSERT INTO customers (id, name, status, created_on) VALUES (?, ?, 'active', '2025-01-01')`);
        const s = sq.prepare(
          `INSERT INTO services (id, customer_id, kind, plan_id, description, unit_price, start_date, status, login, created_on)
           VALUES (?, ?, 'internet', ?, 'Fiber', 2000, '2025-01-01', 'active', ?, '2025-01-01')`,
        );
        for (let i = 1; i <= n; i++) {
          c.run(i, `Customer ${i}`);
          s.run(i, i, plan, `pppoe${i}`);
        }
      });

      // The day in the server's file: what the stock queries leave once each session has stopped.
      rad.exec(STOCK_RADACCT_SQL);
      rad.exec('CREATE UNIQUE INDEX acctuniqueid ON radacct(acctuniqueid); CREATE INDEX username ON radacct(username); CREATE INDEX acctstoptime ON radacct(acctstoptime);');
      const ins = rad.prepare(
        `INSERT INTO radacct (acctsessionid, acctuniqueid, username, nasipaddress, acctstarttime, acctupdatetime, acctstoptime, acctsessiontime,
           acctinputoctets, acctoutputoctets, acctterminatecause, framedipaddress)
         VALUES (?, ?, ?, '10.0.0.1', ?, ?, ?, ?, ?, ?, 'User-Request', ?)`,
      );
      rad.transaction(() => {
        for (const x of sessionsOf(n)) ins.run(`S${x.i}`, `u${x.i}`, `pppoe${x.i}`, x.start, x.stop - 300, x.stop, x.stop - x.start, x.inp, x.out, `100.64.${x.i >> 8 & 255}.${x.i & 255}`);
      })();
    } finally {
      rad.close();
      db.close();
    }
    return { n, file, remove };
  } catch (err) {
    remove();
    throw err;
  }
}

/**
 * Both files opened again, every page of each read once (the dbstat table walks every b-tree): their connections'
 * caches as when the day was built right before, which is how it was measured while the set-up stayed open (≈ 80 MB
 * of page cache held by the bench process from the generation to this section).
 */
function openDay(day: AccountingDay): { db: AppDb; rad: Database.Database } {
  const db = openDatabase(day.file);
  const rad = new Database(radacctFileFor(day.file));
  for (const c of [db.sqlite, rad]) c.prepare('SELECT count(*) FROM dbstat').get();
  return { db, rad };
}

/** The import of the prepared day against its baseline, then the minute's background import; removes the day. */
function measureDay(prepared: AccountingDay): Figure[] {
  const { n, file } = prepared;
  const figures: Figure[] = [];
  let opened: { db: AppDb; rad: Database.Database } | null = null;
  try {
    opened = openDay(prepared);
    const { db, rad } = opened;
    const sessions = sessionsOf(n);
    const sq = db.sqlite;
    // Baseline: the same session and daily-total rows with plain INSERTs, on the same tables (then removed).
    const raw = measure(() =>
      sq.transaction(() => {
        const s = sq.prepare(
          `INSERT INTO service_sessions (unique_id, session_id, login, service_id, nas_ip, framed_ip, started_at, updated_at, stopped_at, closed_as,
             duration_seconds, input_octets, output_octets, counted_input, counted_output, counted_at, radacct_id, radius_stopped)
           VALUES (?, ?, ?, ?, '10.0.0.1', ?, ?, ?, ?, 'stop', ?, ?, ?, ?, ?, ?, ?, 1)`,
        );
        const u = sq.prepare(`INSERT INTO service_usage (service_id, day, rx_bytes, tx_bytes) VALUES (?, ?, ?, ?)`);
        for (const x of sessions) {
          s.run(`u${x.i}`, `S${x.i}`, `pppoe${x.i}`, x.i, `100.64.${x.i >> 8 & 255}.${x.i & 255}`, x.start, x.stop, x.stop, x.stop - x.start, x.inp, x.out, x.inp, x.out, x.stop, x.i);
          u.run(x.i, DAY, x.out, x.inp);
        }
      })(),
    );
    sq.exec('DELETE FROM service_sessions; DELETE FROM service_usage');

    const ctx: AppContext = { db, clock: { today: () => DAY }, actor: { kind: 'system', name: 'bench' } };
    const now = local(23, 59) + 120;
    const day = measure(() => importRadacctFile(ctx, radacctFileFor(file), now));
    if (day.value.newSessions !== n) throw new Error(`imported ${day.value.newSessions} sessions, expected ${n}`);
    figures.push(figure(`accounting import: a day of ${n} customers' sessions`, day.ms / 1000, 's', null, `${day.value.read} radacct rows`));
    // Budget 4 ×: the billing day's 3 × plus the lookup of each new session (its row, then its service by login).
    figures.push(ratio('accounting import ÷ raw insert of the same rows', day, raw, 4));
    const again = timeMs(() => importRadacctFile(ctx, radacctFileFor(file), now));
    if (again.value.bytesAdded !== 0) throw new Error('reading the same day again added bytes');
    figures.push(figure('accounting import of the same file again (nothing new)', again.ms, 'ms', null));

    // Everyone online: the minute's import reads every open session again; a fifth sent an interim since.
    rad.exec(`UPDATE radacct SET acctstoptime = NULL, acctterminatecause = ''`);
    sq.exec(`DELETE FROM service_sessions; DELETE FROM service_usage; DELETE FROM app_state WHERE key = 'accounting.lastRadacctId'`);
    importRadacctFile(ctx, radacctFileFor(file), now);
    rad.exec(`UPDATE radacct SET acctupdatetime = acctupdatetime + 60, acctoutputoctets = acctoutputoctets + 1000 WHERE radacctid % 5 = 0`);
    const minute = timeMs(() => importRadacctFile(ctx, radacctFileFor(file), now + 60));
    figures.push(figure(`background import, one minute with ${n} customers online`, minute.ms, 'ms', null, `${minute.value.read} sessions read again, ${minute.value.bytesAdded} bytes added`));
  } finally {
    opened?.rad.close();
    opened?.db.close();
    prepared.remove();
  }
  return figures;
}

export const accountingFigures = (n: number, log: (s: string) => void = () => {}): Figure[] => measureDay(prepareDay(n, log));

const DAY_STATE = 'accounting.day';

export const accounting: Section = {
  name: 'accounting',
  // Its own database and radacct file, built beside the generation, then closed until measured (see openDay).
  prepare(p) {
    const day = prepareDay(p.n, p.log);
    p.atEnd(day.remove);
    p.state.set(DAY_STATE, day);
  },
  run(b) {
    const day = (b.state.get(DAY_STATE) as AccountingDay | undefined) ?? prepareDay(b.n, b.log);
    for (const f of measureDay(day)) b.add(f);
  },
};

if (isMain(import.meta.url)) {
  const n = Number(process.argv[2] ?? 100_000);
  const figures = accountingFigures(n, (s) => process.stderr.write(`${s}\n`));
  console.log(table(figures));
}
