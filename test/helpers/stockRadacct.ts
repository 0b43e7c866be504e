import Database from 'better-sqlite3';
import { existsSync, readFileSync } from 'node:fs';

// A radacct file written exactly as FreeRADIUS 3.2's stock SQLite configuration writes it: the table of
// mods-config/sql/main/sqlite/schema.sql and, for each Acct-Status-Type, the stock queries of queries.conf in their
// order (the server runs the next query when an UPDATE matched no row, or when an INSERT hit the unique key), with
// event_timestamp as Unix seconds and gigawords folded in by SQLite's own `G << 32 | O`. Tests that need the real
// server use `npm run radius`; these feed the import the same rows without it.

export const STOCK_SCHEMA_FILE = '/etc/freeradius/3.0/mods-config/sql/main/sqlite/schema.sql';

/** The radacct part of the stock schema.sql (FreeRADIUS 3.2.1), verbatim. */
export const STOCK_RADACCT_SQL = `CREATE TABLE IF NOT EXISTS radacct (
	radacctid INTEGER PRIMARY KEY AUTOINCREMENT,
	acctsessionid varchar(64) NOT NULL default '',
	acctuniqueid varchar(32) NOT NULL default '',
	username varchar(64) NOT NULL default '',
	realm varchar(64) default '',
	nasipaddress varchar(15) NOT NULL default '',
	nasportid varchar(32) default NULL,
	nasporttype varchar(32) default NULL,
	acctstarttime datetime NULL default NULL,
	acctupdatetime datetime NULL default NULL,
	acctstoptime datetime NULL default NULL,
	acctinterval int(12) default NULL,
	acctsessiontime int(12) default NULL,
	acctauthentic varchar(32) default NULL,
	connectinfo_start varchar(128) default NULL,
	connectinfo_stop varchar(128) default NULL,
	acctinputoctets bigint(20) default NULL,
	acctoutputoctets bigint(20) default NULL,
	calledstationid varchar(50) NOT NULL default '',
	callingstationid varchar(50) NOT NULL default '',
	acctterminatecause varchar(32) NOT NULL default '',
	servicetype varchar(32) default NULL,
	framedprotocol varchar(32) default NULL,
	framedipaddress varchar(15) NOT NULL default '',
	framedipv6address varchar(45) NOT NULL default '',
	framedipv6prefix varchar(45) NOT NULL default '',
	framedinterfaceid varchar(44) NOT NULL default '',
	delegatedipv6prefix varchar(45) NOT NULL default '',
	class varchar(64) default NULL
);`;

const STOCK_INDEXES = `CREATE UNIQUE INDEX acctuniqueid ON radacct(acctuniqueid);
CREATE INDEX username ON radacct(username);
CREATE INDEX acctsessionid ON radacct(acctsessionid);
CREATE INDEX acctstarttime ON radacct(acctstarttime);
CREATE INDEX acctstoptime ON radacct(acctstoptime);
CREATE INDEX nasipaddress ON radacct(nasipaddress);`;

/** The radacct table of the installed FreeRADIUS, when it is installed (to check STOCK_RADACCT_SQL against). */
export function installedRadacctSql(): string | null {
  if (!existsSync(STOCK_SCHEMA_FILE)) return null;
  const m = /CREATE TABLE IF NOT EXISTS radacct \([\s\S]*?\n\);/.exec(readFileSync(STOCK_SCHEMA_FILE, 'utf8'));
  return m ? m[0] : null;
}

export interface AcctPacket {
  user: string;
  /** Acct-Session-Id */
  session: string;
  /** Acct-Unique-Session-Id (the acct_unique policy's hash in the real server) */
  unique?: string;
  nas?: string;
  framedIp?: string;
  /** Event-Timestamp, Unix seconds */
  at: number;
  sessionTime?: number;
  inOctets?: number;
  inGigawords?: number;
  outOctets?: number;
  outGigawords?: number;
  cause?: string;
}

const COLUMN_LIST = `acctsessionid, acctuniqueid, username, realm, nasipaddress, nasportid, nasporttype, acctstarttime, acctupdatetime,
  acctstoptime, acctsessiontime, acctauthentic, connectinfo_start, connectinfo_stop, acctinputoctets, acctoutputoctets, calledstationid,
  callingstationid, acctterminatecause, servicetype, framedprotocol, framedipaddress, framedipv6address, framedipv6prefix, framedinterfaceid,
  delegatedipv6prefix`;

/** SQL string literal, as the server's escaping leaves our plain test values. */
const q = (s: string) => `'${s.replace(/'/g, "''")}'`;

export class StockRadacct {
  readonly db: Database.Database;
  constructor(readonly file: string) {
    this.db = new Database(file);
    this.db.exec(STOCK_RADACCT_SQL);
    if (!this.db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = 'acctuniqueid'`).get()) this.db.exec(STOCK_INDEXES);
  }

  private unique(p: AcctPacket) {
    return p.unique ?? `${p.nas ?? '127.0.0.1'}-${p.session}-${p.user}`;
  }

  private insert(p: AcctPacket, kind: 'start' | 'interim' | 'stop'): void {
    const t = p.at;
    const st = p.sessionTime === undefined ? 'NULL' : String(p.sessionTime);
    const inOct = `${p.inGigawords ?? 0} << 32 | ${p.inOctets ?? 0}`;
    const outOct = `${p.outGigawords ?? 0} << 32 | ${p.outOctets ?? 0}`;
    const values =
      kind === 'start'
        ? `${t}, ${t}, NULL, '0', '', '', '', '0', '0'`
        : kind === 'interim'
          ? `(${t} - ${p.sessionTime ?? 0}), ${t}, NULL, ${st}, '', '', '', ${inOct}, ${outOct}`
          : `(${t} - ${p.sessionTime ?? 0}), ${t}, ${t}, ${st}, '', '', '', ${inOct}, ${outOct}`;
    this.db.exec(
      `INSERT INTO radacct (${COLUMN_LIST}) VALUES (${q(p.session)}, ${q(this.unique(p))}, ${q(p.user)}, '', ${q(p.nas ?? '127.0.0.1')}, '0', '',
        ${values}, '', '', ${q(kind === 'stop' ? (p.cause ?? 'User-Request') : '')}, '', '', ${q(p.framedIp ?? '')}, '', '', '', '')`,
    );
  }

  /** Acct-Status-Type = Start: INSERT; on the unique key, the alternate UPDATE of the start time. */
  start(p: AcctPacket): void {
    try {
      this.insert(p, 'start');
    } catch (err) {
      if (!String(err).includes('UNIQUE')) throw err;
      this.db.exec(`UPDATE radacct SET acctstarttime = ${p.at}, acctupdatetime = ${p.at}, connectinfo_start = '' WHERE AcctUniqueId = ${q(this.unique(p))}`);
    }
  }

  /** Interim-Update: UPDATE by unique id (no acctstoptime condition, as stock); no row → INSERT. */
  interim(p: AcctPacket): void {
    const changed = this.db.prepare(
      `UPDATE radacct SET acctupdatetime = ${p.at}, acctinterval = 0, framedipaddress = ${q(p.framedIp ?? '')}, framedipv6address = '',
         framedipv6prefix = '', framedinterfaceid = '', delegatedipv6prefix = '',
         acctsessiontime = ${p.sessionTime === undefined ? 'NULL' : p.sessionTime},
         acctinputoctets = ${p.inGigawords ?? 0} << 32 | ${p.inOctets ?? 0},
         acctoutputoctets = ${p.outGigawords ?? 0} << 32 | ${p.outOctets ?? 0}
       WHERE AcctUniqueId = ${q(this.unique(p))}`,
    ).run().changes;
    if (changed === 0) this.insert(p, 'interim');
  }

  /** Stop: UPDATE by unique id; no row → INSERT. */
  stop(p: AcctPacket): void {
    const changed = this.db.prepare(
      `UPDATE radacct SET acctstoptime = ${p.at}, acctsessiontime = ${p.sessionTime === undefined ? 'NULL' : p.sessionTime},
         acctinputoctets = ${p.inGigawords ?? 0} << 32 | ${p.inOctets ?? 0},
         acctoutputoctets = ${p.outGigawords ?? 0} << 32 | ${p.outOctets ?? 0},
         acctterminatecause = ${q(p.cause ?? 'User-Request')}, connectinfo_stop = ''
       WHERE AcctUniqueId = ${q(this.unique(p))}`,
    ).run().changes;
    if (changed === 0) this.insert(p, 'stop');
  }

  close(): void {
    this.db.close();
  }
}
