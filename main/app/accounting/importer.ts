import { getAppState, setAppState } from '../../../db/appState';
import { resolveSettings } from '../../../db/settings';
import { DEFAULT_PARTNER_ID } from '../../../db/tables/partners';
import type { AppContext } from '../context';
import { all, one, run } from '../sql';
import { localDay, spreadOverDays } from './days';
import { openRadacct, type SessionReading } from './radacct';

// RADIUS accounting → per-service sessions and daily traffic (issue 17). Idempotent by construction: a session is
// keyed by its unique id and keeps the highest counters seen and the part of them already added to the daily
// totals, so a reading adds only what its counters grew beyond that. Replays, duplicates, an Interim-Update after
// its Stop, packets out of order and the same file read any number of times never count a byte twice.

export interface ImportSummary {
  /** readings looked at */
  read: number;
  newSessions: number;
  /** bytes added to daily totals (input + output) */
  bytesAdded: number;
  closedStale: number;
}

const emptySummary = (): ImportSummary => ({ read: 0, newSessions: 0, bytesAdded: 0, closedStale: 0 });

interface SessionDbRow {
  id: number;
  service_id: number | null;
  started_at: number;
  updated_at: number;
  stopped_at: number | null;
  closed_as: 'stop' | 'stale' | null;
  duration_seconds: number;
  input_octets: number;
  output_octets: number;
  counted_input: number;
  counted_output: number;
  counted_at: number;
  radius_stopped: number;
  radacct_id: number | null;
  terminate_cause: string;
}

/**
 * The service a login belongs to for a session that started on `day`: the Internet service with that login whose
 * dates cover the day (after a plan change the old and the new service share the login), else the active one,
 * else the newest.
 */
function serviceForLogin(ctx: AppContext, login: string, day: string): number | null {
  const row = one<{ id: number }>(
    ctx.db,
    `SELECT id FROM services WHERE login = ? COLLATE NOCASE AND kind = 'internet'
      ORDER BY (start_date <= ? AND (end_date IS NULL OR end_date >= ?)) DESC, status = 'active' DESC, id DESC LIMIT 1`,
    login,
    day,
    day,
  );
  return row?.id ?? null;
}

/** Adds traffic to a service's daily totals: rx = what the customer downloaded (output), tx = uploaded (input). */
function addToDays(ctx: AppContext, serviceId: number, download: number, upload: number, from: number, to: number): void {
  const days = new Map<string, [number, number]>();
  for (const [day, bytes] of spreadOverDays(download, from, to)) days.set(day, [bytes, 0]);
  for (const [day, bytes] of spreadOverDays(upload, from, to)) days.set(day, [days.get(day)?.[0] ?? 0, bytes]);
  for (const [day, [rx, tx]] of days)
    run(
      ctx.db,
      `INSERT INTO service_usage (service_id, day, rx_bytes, tx_bytes) VALUES (?, ?, ?, ?)
       ON CONFLICT (service_id, day) DO UPDATE SET rx_bytes = rx_bytes + excluded.rx_bytes, tx_bytes = tx_bytes + excluded.tx_bytes`,
      serviceId,
      day,
      rx,
      tx,
    );
}

/** Applies one reading; call inside a transaction. */
function applyReading(ctx: AppContext, r: SessionReading, summary: ImportSummary): void {
  summary.read++;
  const found = one<SessionDbRow>(ctx.db, `SELECT * FROM service_sessions WHERE unique_id = ?`, r.uniqueId);
  const s: SessionDbRow = found ?? {
    id: 0,
    service_id: null,
    started_at: r.startedAt,
    updated_at: r.startedAt,
    stopped_at: null,
    closed_as: null,
    duration_seconds: 0,
    input_octets: 0,
    output_octets: 0,
    counted_input: 0,
    counted_output: 0,
    counted_at: r.startedAt,
    radius_stopped: 0,
    radacct_id: null,
    terminate_cause: '',
  };
  // Counters only grow within a session: a lower reading is an older packet (or an Interim after the Stop).
  const input = Math.max(s.input_octets, r.inputOctets);
  const output = Math.max(s.output_octets, r.outputOctets);
  const newer = !found || input > s.input_octets || output > s.output_octets || r.readAt > s.updated_at;
  let stoppedAt = s.stopped_at;
  let closedAs = s.closed_as;
  let radiusStopped = s.radius_stopped === 1;
  if (r.stoppedAt !== null) {
    // The router's Stop closes it for good (also one we had closed as stale).
    stoppedAt = closedAs === 'stop' ? Math.max(stoppedAt ?? r.stoppedAt, r.stoppedAt) : r.stoppedAt;
    closedAs = 'stop';
    radiusStopped = true;
  } else if (closedAs === 'stale' && newer) {
    // Closed as stale, but the router reports on it again: it was online after all.
    stoppedAt = null;
    closedAs = null;
  }
  const serviceId = s.service_id ?? r.serviceId ?? serviceForLogin(ctx, r.login, localDay(r.startedAt));
  let countedInput = s.counted_input;
  let countedOutput = s.counted_output;
  let countedAt = s.counted_at;
  if (serviceId !== null && (input > countedInput || output > countedOutput)) {
    const download = output - countedOutput;
    const upload = input - countedInput;
    addToDays(ctx, serviceId, download, upload, countedAt, r.readAt);
    summary.bytesAdded += download + upload;
    countedInput = input;
    countedOutput = output;
    countedAt = Math.max(countedAt, r.readAt);
  }
  const values = [
    serviceId,
    Math.min(s.started_at, r.startedAt),
    Math.max(s.updated_at, r.readAt),
    stoppedAt,
    closedAs,
    Math.max(s.duration_seconds, r.durationSeconds),
    input,
    output,
    countedInput,
    countedOutput,
    countedAt,
    radiusStopped ? 1 : 0,
  ];
  // The minute's import reads every open session again; most have not moved since: nothing to write.
  const unchanged =
    found &&
    !newer &&
    serviceId === s.service_id &&
    r.startedAt >= s.started_at &&
    stoppedAt === s.stopped_at &&
    closedAs === s.closed_as &&
    r.durationSeconds <= s.duration_seconds &&
    countedAt === s.counted_at &&
    radiusStopped === (s.radius_stopped === 1) &&
    (r.radacctId === undefined || r.radacctId === s.radacct_id) &&
    (r.terminateCause === '' || r.terminateCause === s.terminate_cause);
  if (unchanged) return;
  if (!found) {
    run(
      ctx.db,
      `INSERT INTO service_sessions (service_id, started_at, updated_at, stopped_at, closed_as, duration_seconds, input_octets, output_octets,
         counted_input, counted_output, counted_at, radius_stopped, unique_id, session_id, login, nas_ip, framed_ip, calling_station_id,
         terminate_cause, radacct_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ...values,
      r.uniqueId,
      r.sessionId,
      r.login,
      r.nasIp,
      r.framedIp,
      r.callingStationId,
      r.terminateCause,
      r.radacctId ?? null,
    );
    summary.newSessions++;
    return;
  }
  run(
    ctx.db,
    `UPDATE service_sessions SET service_id = ?, started_at = ?, updated_at = ?, stopped_at = ?, closed_as = ?, duration_seconds = ?,
        input_octets = ?, output_octets = ?, counted_input = ?, counted_output = ?, counted_at = ?, radius_stopped = ?,
        radacct_id = COALESCE(?, radacct_id),
        framed_ip = CASE WHEN ? AND ? <> '' THEN ? ELSE framed_ip END,
        terminate_cause = CASE WHEN ? <> '' THEN ? ELSE terminate_cause END
      WHERE id = ?`,
    ...values,
    r.radacctId ?? null,
    newer ? 1 : 0,
    r.framedIp,
    r.framedIp,
    r.terminateCause,
    r.terminateCause,
    s.id,
  );
}

/** Imports readings in one transaction (the demo generator and tests feed readings directly). */
export function importReadings(ctx: AppContext, readings: Iterable<SessionReading>): ImportSummary {
  const summary = emptySummary();
  ctx.db.transaction(() => {
    for (const r of readings) applyReading(ctx, r, summary);
  });
  return summary;
}

/**
 * Closes as stale every open session whose last reading is older than its partner's
 * network.interimIntervalMinutes × network.staleAfterMissedInterims (Default's for sessions of no service).
 * `now`: Unix seconds.
 */
export function closeStaleSessions(ctx: AppContext, now: number): number {
  const limitOf = (partnerId: number) => {
    const s = resolveSettings(ctx.db, partnerId);
    return now - s['network.interimIntervalMinutes'] * 60 * s['network.staleAfterMissedInterims'];
  };
  const limits = new Map(all<{ id: number }>(ctx.db, 'SELECT id FROM partners').map((p) => [p.id, limitOf(p.id)]));
  const defaultLimit = limits.get(DEFAULT_PARTNER_ID) ?? limitOf(DEFAULT_PARTNER_ID);
  // Candidates under the most lenient limit (the open sessions' index), then each against its own partner's.
  const loosest = Math.max(defaultLimit, ...limits.values());
  return ctx.db.transaction(() => {
    let closed = 0;
    const candidates = all<{ id: number; updated_at: number; partner_id: number | null }>(
      ctx.db,
      `SELECT ss.id, ss.updated_at, c.partner_id FROM service_sessions ss
         LEFT JOIN services s ON s.id = ss.service_id LEFT JOIN customers c ON c.id = s.customer_id
        WHERE ss.stopped_at IS NULL AND ss.updated_at < ?`,
      loosest,
    );
    for (const c of candidates) {
      if (c.updated_at >= (c.partner_id === null ? defaultLimit : (limits.get(c.partner_id) ?? defaultLimit))) continue;
      closed += run(ctx.db, `UPDATE service_sessions SET stopped_at = updated_at, closed_as = 'stale' WHERE id = ?`, c.id).changes;
    }
    return closed;
  });
}

/** A session the router has not finished is read again from the radacct file for this long after its last reading
 * (a router that died without Stop or Accounting-On leaves sessions that would otherwise be read forever). */
export const WATCH_SECONDS = 7 * 86_400;
const BATCH = 5_000;

/**
 * Imports what the RADIUS server recorded in `radacctFile` since the last import (rows added since, plus the rows
 * of sessions not yet stopped, which the server keeps updating), then closes stale sessions. Each batch commits
 * with the highest row id it read, so an interrupted import resumes where it stopped. `now`: Unix seconds.
 */
export function importRadacctFile(ctx: AppContext, radacctFile: string, now: number): ImportSummary {
  const summary = emptySummary();
  const source = openRadacct(radacctFile);
  if (!source) return summary;
  try {
    let last = getAppState(ctx.db, 'accounting.lastRadacctId');
    // A file started afresh numbers its rows from 1 again: read it whole (sessions are keyed by unique id).
    if (source.maxId() < last) last = 0;
    // Measured from the newest reading, not the wall clock: a router whose clock is off, or history imported late,
    // must not leave its sessions unread.
    const newest = one<{ t: number | null }>(ctx.db, `SELECT max(updated_at) AS t FROM service_sessions WHERE radius_stopped = 0`)?.t ?? 0;
    const watched = new Map(
      all<{ radacct_id: number; unique_id: string; input_octets: number; output_octets: number; updated_at: number }>(
        ctx.db,
        `SELECT radacct_id, unique_id, input_octets, output_octets, updated_at FROM service_sessions
          WHERE radius_stopped = 0 AND updated_at >= ? AND radacct_id IS NOT NULL AND radacct_id <= ?`,
        Math.min(now, newest) - WATCH_SECONDS,
        last,
      ).map((w) => [w.radacct_id, w]),
    );
    // Only the sessions the router reported on since (most of a minute's open sessions did not move).
    const again = source.byIds([...watched.keys()]).filter((r) => {
      const w = watched.get(r.radacctId!);
      return !w || w.unique_id !== r.uniqueId || r.stoppedAt !== null || r.readAt > w.updated_at || r.inputOctets > w.input_octets || r.outputOctets > w.output_octets;
    });
    for (let i = 0; i < again.length; i += BATCH) add(summary, importReadings(ctx, again.slice(i, i + BATCH)));
    for (;;) {
      const { readings, lastId } = source.after(last, BATCH);
      if (lastId === null) break;
      const upTo = lastId;
      ctx.db.transaction(() => {
        add(summary, importReadings(ctx, readings));
        setAppState(ctx.db, 'accounting.lastRadacctId', upTo);
      });
      last = upTo;
    }
  } finally {
    source.close();
  }
  summary.closedStale = closeStaleSessions(ctx, now);
  return summary;
}

function add(into: ImportSummary, part: ImportSummary): void {
  into.read += part.read;
  into.newSessions += part.newSessions;
  into.bytesAdded += part.bytesAdded;
  into.closedStale += part.closedStale;
}
