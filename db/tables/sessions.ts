import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { SESSION_CLOSINGS } from '../enums';
import { services } from './services';
import { isInteger, nullOrOneOf } from './sql';

/**
 * One RADIUS accounting session (PPPoE / Hotspot login), imported from what FreeRADIUS recorded in its own
 * `radacct` file (main/app/accounting). Keyed by the session's unique id (Acct-Unique-Session-Id), so the same
 * Start / Interim-Update / Stop read again changes nothing. Times are Unix seconds as the router reported them.
 *
 * Counters: `input_octets` / `output_octets` are the highest counters seen (Acct-*-Octets with their gigawords,
 * from the customer's side: input = upload, output = download); `counted_*` is the part already added to the
 * service's daily totals (`service_usage`) and `counted_at` the reading time it corresponds to — each import adds
 * only what the counters grew beyond it, so nothing is ever counted twice.
 */
export const serviceSessions = sqliteTable(
  'service_sessions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    uniqueId: text('unique_id').notNull().unique(),
    /** Acct-Session-Id as the router numbers it. */
    sessionId: text('session_id').notNull(),
    login: text('login').notNull(),
    /** The service whose login it is (NULL: no service had that login when it was read). */
    serviceId: integer('service_id').references(() => services.id, { onDelete: 'set null' }),
    nasIp: text('nas_ip').notNull().default(''),
    framedIp: text('framed_ip').notNull().default(''),
    callingStationId: text('calling_station_id').notNull().default(''),
    startedAt: integer('started_at').notNull(),
    /** The last reading (Start, Interim-Update or Stop) that moved the session forward. */
    updatedAt: integer('updated_at').notNull(),
    /** NULL while online. */
    stoppedAt: integer('stopped_at'),
    /** 'stop': the router sent Stop; 'stale': no interim for network.staleAfterMissedInterims intervals. */
    closedAs: text('closed_as', { enum: SESSION_CLOSINGS }),
    terminateCause: text('terminate_cause').notNull().default(''),
    durationSeconds: integer('duration_seconds').notNull().default(0),
    inputOctets: integer('input_octets').notNull().default(0),
    outputOctets: integer('output_octets').notNull().default(0),
    countedInput: integer('counted_input').notNull().default(0),
    countedOutput: integer('counted_output').notNull().default(0),
    countedAt: integer('counted_at').notNull(),
    /** Its row in the radacct file, read again while the router may still report on it. */
    radacctId: integer('radacct_id'),
    /** The radacct row has its Stop: nothing more will come (a late Interim only repeats lower counters). */
    radiusStopped: integer('radius_stopped', { mode: 'boolean' }).notNull().default(false),
  },
  (t) => [
    index('service_sessions_service_idx').on(t.serviceId, t.startedAt),
    index('service_sessions_login_idx').on(sql`${t.login} COLLATE NOCASE`, t.startedAt),
    // Who is online: the open sessions only.
    index('service_sessions_open_idx')
      .on(t.serviceId, t.updatedAt)
      .where(sql`stopped_at IS NULL`),
    // What the import reads again from the radacct file.
    index('service_sessions_watch_idx')
      .on(t.updatedAt)
      .where(sql`radius_stopped = 0`),
    check('service_sessions_closed_as', nullOrOneOf(t.closedAs, SESSION_CLOSINGS)),
    check('service_sessions_closed', sql`(${t.stoppedAt} IS NULL) = (${t.closedAs} IS NULL)`),
    check(
      'service_sessions_counters',
      sql`${t.inputOctets} >= 0 AND ${t.outputOctets} >= 0 AND ${t.countedInput} <= ${t.inputOctets} AND ${t.countedOutput} <= ${t.outputOctets} AND ${isInteger(t.inputOctets)} AND ${isInteger(t.outputOctets)}`,
    ),
  ],
);
