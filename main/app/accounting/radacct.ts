import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';

// Reading what FreeRADIUS recorded: the stock SQLite `radacct` table (mods-config/sql/main/sqlite/schema.sql) that
// the server of `npm run radius` writes with the stock queries (queries.conf) into its own file
// (main/radius/radacctPath.ts). The file is opened read-only: the server keeps writing while we read.
//
// What the stock queries leave in a row, and what that means here:
// - one row per Acct-Unique-Session-Id (unique index): Start inserts it, Interim-Update and Stop update it (each
//   inserts it when it came first), so a row holds the LAST packet's counters, not a history;
// - times are Unix seconds (event_timestamp = Event-Timestamp, else the time the packet arrived);
// - acctinputoctets = Acct-Input-Gigawords << 32 | Acct-Input-Octets: gigawords are already folded in, the
//   column is the full 64-bit counter (a 10 GB session reads 10 000 000 000, never 10 GB mod 4 GiB);
// - an Interim-Update arriving after its Stop still updates the row with the stock query (no
//   `acctstoptime IS NULL`; our generated configuration adds it, main/radius/config.ts): it can lower the counters
//   again — the import keeps the highest counters it saw, whoever wrote the file;
// - a replayed Start only rewrites the start time; a duplicate packet rewrites the same values.

/** One reading of a session, as the import consumes it (from a radacct row, or made up by the demo generator). */
export interface SessionReading {
  /** Acct-Unique-Session-Id: the key of the session */
  uniqueId: string;
  /** Acct-Session-Id */
  sessionId: string;
  login: string;
  nasIp: string;
  framedIp: string;
  callingStationId: string;
  /** Unix seconds */
  startedAt: number;
  /** when the counters below were read (the Start, the Interim-Update or the Stop) */
  readAt: number;
  stoppedAt: number | null;
  durationSeconds: number;
  /** full counters, from the customer's side: input = upload, output = download */
  inputOctets: number;
  outputOctets: number;
  terminateCause: string;
  /** the row's id in the radacct file (absent for readings that come from elsewhere) */
  radacctId?: number;
  /** the service, when the source knows it (the demo generator); else found by the login */
  serviceId?: number;
}

interface RadacctRow {
  radacctid: number;
  acctuniqueid: string;
  acctsessionid: string;
  username: string;
  nasipaddress: string;
  framedipaddress: string | null;
  callingstationid: string | null;
  acctstarttime: number | string | null;
  acctupdatetime: number | string | null;
  acctstoptime: number | string | null;
  acctsessiontime: number | string | null;
  acctinputoctets: number | string | null;
  acctoutputoctets: number | string | null;
  acctterminatecause: string | null;
}

const COLUMNS = `radacctid, acctuniqueid, acctsessionid, username, nasipaddress, framedipaddress, callingstationid, acctstarttime,
  acctupdatetime, acctstoptime, acctsessiontime, acctinputoctets, acctoutputoctets, acctterminatecause`;

/** Unix seconds from what a radacct time column may hold: the stock integer, or a 'YYYY-MM-DD HH:MM:SS' local time. */
export function toEpoch(v: number | string | null | undefined): number | null {
  if (v === null || v === undefined || v === '') return null;
  if (typeof v === 'number') return Number.isFinite(v) ? Math.trunc(v) : null;
  if (/^\d+$/.test(v)) return Number(v);
  const ms = Date.parse(v.includes('T') ? v : v.replace(' ', 'T'));
  return Number.isNaN(ms) ? null : Math.floor(ms / 1000);
}

const counter = (v: number | string | null): number => {
  const n = typeof v === 'string' ? Number(v) : (v ?? 0);
  return Number.isFinite(n) && n > 0 ? Math.trunc(n) : 0;
};

export function readingOf(r: RadacctRow): SessionReading | null {
  const startedAt = toEpoch(r.acctstarttime);
  const updatedAt = toEpoch(r.acctupdatetime);
  const stoppedAt = toEpoch(r.acctstoptime);
  const readAt = stoppedAt ?? updatedAt ?? startedAt;
  if (readAt === null || !r.username) return null;
  // Without the acct_unique policy the server leaves acctuniqueid empty: the router's own ids then identify it.
  const uniqueId = r.acctuniqueid || `${r.nasipaddress}/${r.acctsessionid}/${r.username}`;
  return {
    uniqueId,
    sessionId: r.acctsessionid,
    login: r.username,
    nasIp: r.nasipaddress ?? '',
    framedIp: r.framedipaddress ?? '',
    callingStationId: r.callingstationid ?? '',
    startedAt: startedAt ?? readAt,
    readAt,
    stoppedAt,
    durationSeconds: counter(r.acctsessiontime),
    inputOctets: counter(r.acctinputoctets),
    outputOctets: counter(r.acctoutputoctets),
    terminateCause: r.acctterminatecause ?? '',
    radacctId: r.radacctid,
  };
}

/** An open radacct file, or null when the server has recorded nothing yet (no file, or no radacct table). */
export interface RadacctSource {
  maxId(): number;
  /** rows with radacctid > afterId, in id order, at most `limit`; lastId: the id of the last row read (null: none) */
  after(afterId: number, limit: number): { readings: SessionReading[]; lastId: number | null };
  /** the rows with these ids (those still there) */
  byIds(ids: number[]): SessionReading[];
  close(): void;
}

export function openRadacct(file: string): RadacctSource | null {
  if (!existsSync(file)) return null;
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    if (!db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'radacct'`).get()) {
      db.close();
      return null;
    }
  } catch (err) {
    db.close();
    throw err;
  }
  const after = db.prepare(`SELECT ${COLUMNS} FROM radacct WHERE radacctid > ? ORDER BY radacctid LIMIT ?`);
  const max = db.prepare(`SELECT COALESCE(max(radacctid), 0) AS m FROM radacct`);
  const CHUNK = 500;
  const inChunk = db.prepare(`SELECT ${COLUMNS} FROM radacct WHERE radacctid IN (SELECT value FROM json_each(?))`);
  const readings = (rows: RadacctRow[]) => rows.map(readingOf).filter((r): r is SessionReading => r !== null);
  return {
    maxId: () => (max.get() as { m: number }).m,
    after(afterId, limit) {
      const rows = after.all(afterId, limit) as RadacctRow[];
      return { readings: readings(rows), lastId: rows.at(-1)?.radacctid ?? null };
    },
    byIds(ids) {
      const out: SessionReading[] = [];
      for (let i = 0; i < ids.length; i += CHUNK) out.push(...readings(inChunk.all(JSON.stringify(ids.slice(i, i + CHUNK))) as RadacctRow[]));
      return out;
    },
    close: () => db.close(),
  };
}
