import type { OnlineService, SessionRow } from '../../contract/sessions';
import type { AppContext } from '../context';
import { all } from '../sql';

// What staff, the portal and the CLI read from the imported sessions. Online = an open session: the import closes
// a session when the router stops it or when it missed network.staleAfterMissedInterims interims.

export const isoTime = (epochSeconds: number): string => new Date(epochSeconds * 1000).toISOString().replace('.000Z', 'Z');

interface DbRow {
  id: number;
  session_id: string;
  login: string;
  service_id: number | null;
  nas_ip: string;
  framed_ip: string;
  calling_station_id: string;
  started_at: number;
  updated_at: number;
  stopped_at: number | null;
  closed_as: 'stop' | 'stale' | null;
  terminate_cause: string;
  duration_seconds: number;
  input_octets: number;
  output_octets: number;
}

const COLUMNS = `id, session_id, login, service_id, nas_ip, framed_ip, calling_station_id, started_at, updated_at, stopped_at, closed_as,
  terminate_cause, duration_seconds, input_octets, output_octets`;

export const sessionRow = (r: DbRow): SessionRow => ({
  id: r.id,
  sessionId: r.session_id,
  login: r.login,
  serviceId: r.service_id,
  nasIp: r.nas_ip,
  framedIp: r.framed_ip,
  callingStationId: r.calling_station_id,
  start: isoTime(r.started_at),
  lastUpdate: isoTime(r.updated_at),
  stop: r.stopped_at === null ? null : isoTime(r.stopped_at),
  closedAs: r.closed_as,
  terminateCause: r.terminate_cause,
  durationSeconds: r.duration_seconds,
  inputOctets: r.input_octets,
  outputOctets: r.output_octets,
});

/** The last sessions of a service, newest first. */
export function sessionsOfService(ctx: AppContext, serviceId: number, limit: number): SessionRow[] {
  return all<DbRow>(ctx.db, `SELECT ${COLUMNS} FROM service_sessions WHERE service_id = ? ORDER BY started_at DESC, id DESC LIMIT ?`, serviceId, limit).map(sessionRow);
}

/** Every session of a login (as the RADIUS server saw it, whatever service it maps to), oldest first. */
export function sessionsOfLogin(ctx: AppContext, login: string): SessionRow[] {
  return all<DbRow>(ctx.db, `SELECT ${COLUMNS} FROM service_sessions WHERE login = ? COLLATE NOCASE ORDER BY started_at, id`, login).map(sessionRow);
}

/** The customer's services that are online now. */
export function onlineServicesOf(ctx: AppContext, customerId: number): OnlineService[] {
  return all<{ service_id: number; started_at: number; updated_at: number; framed_ip: string; nas_ip: string }>(
    ctx.db,
    `SELECT ss.service_id, ss.started_at, ss.updated_at, ss.framed_ip, ss.nas_ip FROM services s
       JOIN service_sessions ss ON ss.service_id = s.id AND ss.stopped_at IS NULL
      WHERE s.customer_id = ? ORDER BY ss.service_id, ss.started_at DESC`,
    customerId,
  ).map((r) => ({ serviceId: r.service_id, since: isoTime(r.started_at), lastUpdate: isoTime(r.updated_at), framedIp: r.framed_ip, nasIp: r.nas_ip }));
}

/** Which of these customers have a service online (for a page of the customers list). */
export function onlineCustomerIds(ctx: AppContext, customerIds: number[]): Set<number> {
  if (customerIds.length === 0) return new Set();
  const rows = all<{ customer_id: number }>(
    ctx.db,
    `SELECT DISTINCT s.customer_id FROM services s
      WHERE s.customer_id IN (SELECT value FROM json_each(?))
        AND EXISTS (SELECT 1 FROM service_sessions ss WHERE ss.service_id = s.id AND ss.stopped_at IS NULL)`,
    JSON.stringify(customerIds),
  );
  return new Set(rows.map((r) => r.customer_id));
}
