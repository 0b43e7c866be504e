import type Database from 'better-sqlite3';

// What the network answers a login (decision 25). The views of migration 0008 (network_answers) decide it; the
// settling step below, run in the transaction of every change, copies each changed login's answer into
// network_radcheck / network_radreply, and those two keyed tables are what FreeRADIUS's sql module reads
// (CHECK_QUERY_TEMPLATE / REPLY_QUERY_TEMPLATE: the generated configuration puts FreeRADIUS's escaped user name where
// the scenario runner and the Network panel bind the login — the same query text).

/** Placeholder for the login in the query templates. */
export const LOGIN = '{LOGIN}';

/** Reasons of network_answers that accept the login. */
export const ACCEPT_REASONS = ['active', 'blockedPool'] as const;
export type AnswerReason = 'active' | 'blockedPool' | 'serviceNotActive' | 'customerNew' | 'customerInactive' | 'blockedReject' | 'noPassword';

// The login's accepted service (at most one: an accepted service is Active, and an active login is unique).
const accepted = (columns: string) =>
  `WITH a AS MATERIALIZED (SELECT ${columns} FROM network_answers WHERE login = ${LOGIN} COLLATE NOCASE ` +
  `AND reason IN (${ACCEPT_REASONS.map((r) => `'${r}'`).join(', ')}) ORDER BY service_id DESC LIMIT 1)`;

/**
 * Check items: the password (the service's own as Cleartext-Password — PAP and CHAP; else the customer's as
 * SSHA2-512-Password — PAP), and Calling-Station-Id where the router binds MACs. No row: the login is rejected.
 * Never contains `%`, `$` or a double quote (FreeRADIUS would expand or end the string there).
 */
export const ANSWER_CHECK_TEMPLATE =
  `${accepted('login, password_attribute, password_value, calling_station_id')} ` +
  `SELECT 1 AS id, login AS username, password_attribute AS attribute, password_value AS value, ':=' AS op FROM a ` +
  `UNION ALL SELECT 2, login, 'Calling-Station-Id', calling_station_id, '==' FROM a WHERE calling_station_id IS NOT NULL ` +
  `ORDER BY 1`;

/** The reply attributes of an accept, in a fixed order. */
export const REPLY_ATTRIBUTES = [
  ['Framed-IP-Address', 'framed_ip_address'],
  ['Framed-Route', 'framed_route'],
  ['Framed-Pool', 'framed_pool'],
  ['Mikrotik-Rate-Limit', 'rate_limit'],
  ['Mikrotik-Address-List', 'address_list'],
] as const;

export const ANSWER_REPLY_TEMPLATE =
  `${accepted(['login', ...REPLY_ATTRIBUTES.map(([, c]) => c)].join(', '))} ` +
  REPLY_ATTRIBUTES.map(([name, col], i) => `SELECT ${i + 1} AS id, login AS username, '${name}' AS attribute, ${col} AS value, ':=' AS op FROM a WHERE ${col} IS NOT NULL`).join(
    ' UNION ALL ',
  ) +
  ' ORDER BY 1';

/** What FreeRADIUS runs (authorize_check_query / authorize_reply_query). No `%`, `$` or double quote in them. */
export const CHECK_QUERY_TEMPLATE = `SELECT id, username, attribute, value, op FROM network_radcheck WHERE username = lower(${LOGIN}) ORDER BY id`;
export const REPLY_QUERY_TEMPLATE = `SELECT id, username, attribute, value, op FROM network_radreply WHERE username = lower(${LOGIN}) ORDER BY id`;

export interface RadiusRow {
  id: number;
  username: string;
  attribute: string;
  value: string;
  op: string;
}

const bound = (template: string) => template.replace(LOGIN, '?');
const stmts = new WeakMap<Database.Database, Map<string, Database.Statement>>();
function stmt(sqlite: Database.Database, text: string): Database.Statement {
  let m = stmts.get(sqlite);
  if (!m) stmts.set(sqlite, (m = new Map()));
  let s = m.get(text);
  if (!s) m.set(text, (s = sqlite.prepare(text)));
  return s;
}

// A file opened read-only before its migration to 0008 has no network tables (nothing there can change either).
const withTables = new WeakSet<Database.Database>();
function hasNetworkTables(sqlite: Database.Database): boolean {
  if (withTables.has(sqlite)) return true;
  if (!sqlite.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'network_dirty'`).get()) return false;
  withTables.add(sqlite);
  return true;
}

/** True when some login waits to be settled. */
export function hasNetworkChanges(sqlite: Database.Database): boolean {
  return hasNetworkTables(sqlite) && stmt(sqlite, `SELECT 1 FROM network_dirty LIMIT 1`).get() !== undefined;
}

/** The check and reply rows FreeRADIUS reads for a login (both empty: rejected) — its very queries. */
export function radiusRows(sqlite: Database.Database, login: string): { check: RadiusRow[]; reply: RadiusRow[] } {
  return {
    check: stmt(sqlite, bound(CHECK_QUERY_TEMPLATE)).all(login) as RadiusRow[],
    reply: stmt(sqlite, bound(REPLY_QUERY_TEMPLATE)).all(login) as RadiusRow[],
  };
}

/** The same rows computed from the views now (what the tables will hold once the transaction settles). */
export function answerRows(sqlite: Database.Database, login: string): { check: RadiusRow[]; reply: RadiusRow[] } {
  return {
    check: stmt(sqlite, bound(ANSWER_CHECK_TEMPLATE)).all(login) as RadiusRow[],
    reply: stmt(sqlite, bound(ANSWER_REPLY_TEMPLATE)).all(login) as RadiusRow[],
  };
}

export interface LoginService {
  service_id: number;
  /** as written on the service (the router matches it as the customer typed it) */
  login: string;
  customer_id: number;
  partner_id: number;
  router_id: number | null;
  reason: AnswerReason;
  service_status: string;
  customer_status: string;
}

/** The service that decides a login's answer: its accepted service, else its newest Active one, else its newest. */
export function loginService(sqlite: Database.Database, login: string): LoginService | undefined {
  return stmt(
    sqlite,
    `SELECT service_id, login, customer_id, partner_id, router_id, reason, service_status, customer_status FROM network_answers
     WHERE login = ? COLLATE NOCASE
     ORDER BY reason IN (${ACCEPT_REASONS.map((r) => `'${r}'`).join(', ')}) DESC, service_status = 'active' DESC, service_id DESC LIMIT 1`,
  ).get(login) as LoginService | undefined;
}

/** What staff may see of an answer: accept/reject, the reason and the attributes, never the password. */
export interface AnswerSummary {
  result: 'accept' | 'reject';
  reason: AnswerReason | 'unknownLogin';
  /** reply attributes, plus Calling-Station-Id when the MAC is checked */
  attributes: Record<string, string>;
}

export function summarise(rows: { check: RadiusRow[]; reply: RadiusRow[] }, reason: AnswerSummary['reason']): AnswerSummary {
  const attributes: Record<string, string> = {};
  for (const r of rows.check) if (r.attribute === 'Calling-Station-Id') attributes[r.attribute] = r.value;
  for (const r of rows.reply) attributes[r.attribute] = r.value;
  return { result: rows.check.length > 0 ? 'accept' : 'reject', reason, attributes };
}

// ---------------------------------------------------------------------------------------------------------
// change detection: one Disconnect-Request per change of a login's answer that may be online

/**
 * Settles the logins the triggers marked in network_dirty: each one's answer now is compared with the answer
 * recorded for it; when it differs and the login was accepted (it may be online), one Disconnect-Request is
 * queued in network_outbox for the router it was accepted on. Runs inside the caller's transaction, just before
 * it commits (db/open.ts), so a change and its request commit together — or not at all. Returns the number of
 * requests queued to be sent.
 */
export function settleNetworkChanges(sqlite: Database.Database): number {
  if (!hasNetworkChanges(sqlite)) return 0;
  const logins = (stmt(sqlite, `SELECT login FROM network_dirty`).all() as { login: string }[]).map((r) => r.login);
  const demo = stmt(sqlite, `SELECT value FROM app_state WHERE key = 'demo'`).get() as { value: string } | undefined;
  const training = demo?.value === 'true';
  let queued = 0;
  for (const login of logins) {
    const rows = answerRows(sqlite, login);
    // The password is part of the answer (a changed password must drop the session) but never of the summary.
    const answer = JSON.stringify([rows.check.map((r) => [r.attribute, r.op, r.value]), rows.reply.map((r) => [r.attribute, r.op, r.value])]);
    const prev = stmt(sqlite, `SELECT result, answer, summary, service_id, router_id FROM network_login_state WHERE login = ?`).get(login) as
      | { result: 'accept' | 'reject'; answer: string; summary: string; service_id: number | null; router_id: number | null }
      | undefined;
    // Most marked logins answer as before (a plan change whose new service starts later): nothing more to look up.
    if (prev?.answer === answer) continue;
    const service = loginService(sqlite, login);
    const now = summarise(rows, service?.reason ?? 'unknownLogin');
    // What FreeRADIUS reads from now on (in this same transaction).
    for (const [table, items] of [
      ['network_radcheck', rows.check],
      ['network_radreply', rows.reply],
    ] as const) {
      stmt(sqlite, `DELETE FROM ${table} WHERE username = ?`).run(login);
      for (const r of items) stmt(sqlite, `INSERT INTO ${table} (username, id, attribute, op, value) VALUES (?, ?, ?, ?, ?)`).run(login, r.id, r.attribute, r.op, r.value);
    }
    if (prev?.result === 'accept') {
      // The session, if any, is on the router the login was accepted through.
      const routerId = prev.router_id ?? service?.router_id ?? null;
      const router =
        routerId === null ? undefined : (stmt(sqlite, `SELECT nas_ip, address FROM routers WHERE id = ?`).get(routerId) as { nas_ip: string; address: string } | undefined);
      const status = training ? 'training' : router && (router.nas_ip || router.address) ? 'pending' : 'noRouter';
      stmt(
        sqlite,
        `INSERT INTO network_outbox (login, service_id, customer_id, router_id, before, after, status) VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ).run(service?.login ?? login, service?.service_id ?? prev.service_id, service?.customer_id ?? null, routerId, prev.summary, JSON.stringify(now), status);
      if (status === 'pending') queued++;
    }
    stmt(
      sqlite,
      `INSERT INTO network_login_state (login, result, answer, service_id, router_id, summary) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (login) DO UPDATE SET result = excluded.result, answer = excluded.answer, service_id = excluded.service_id,
         router_id = excluded.router_id, summary = excluded.summary, changed_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`,
    ).run(login, now.result, answer, service?.service_id ?? null, service?.router_id ?? null, JSON.stringify(now));
  }
  stmt(sqlite, `DELETE FROM network_dirty`).run();
  return queued;
}
