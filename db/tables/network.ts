import { sql } from 'drizzle-orm';
import { check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { IPV4_NETWORK_KINDS, NETWORK_EVENT_STATUSES, ROUTER_AUTH_METHODS, ROUTER_TYPES } from '../enums';
import { nowTimestamp, oneOf } from './sql';

/**
 * Routers (NAS) a service can be attached to. A router with an authorisation method other than 'none', a NAS IP
 * and a secret becomes a client of the generated FreeRADIUS configuration (main/radius/config.ts) and receives
 * the Disconnect-Requests of its logins on `coa_port`. The secret is write-only in the API: no channel returns it.
 */
export const routers = sqliteTable(
  'routers',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull().unique(),
    /** Management IP or host name. */
    address: text('address').notNull().default(''),
    description: text('description').notNull().default(''),
    type: text('type', { enum: ROUTER_TYPES }).notNull().default('mikrotik'),
    authMethod: text('auth_method', { enum: ROUTER_AUTH_METHODS }).notNull().default('none'),
    /** The address the router sends RADIUS requests from (and receives Disconnect-Requests on). */
    nasIp: text('nas_ip').notNull().default(''),
    radiusSecret: text('radius_secret').notNull().default(''),
    coaPort: integer('coa_port').notNull().default(3799),
    /** The router binds MACs: a login is accepted only from the service's first MAC (Calling-Station-Id). */
    bindMacs: integer('bind_macs', { mode: 'boolean' }).notNull().default(false),
  },
  (t) => [
    check('routers_type', oneOf(t.type, ROUTER_TYPES)),
    check('routers_auth_method', oneOf(t.authMethod, ROUTER_AUTH_METHODS)),
    check('routers_coa_port', sql`${t.coaPort} BETWEEN 1 AND 65535`),
  ],
);

/**
 * Logins whose network answer may have changed in the current transaction: written by triggers on every table the
 * answer depends on, settled (and emptied) before the transaction commits (db/networkChanges.ts).
 */
export const networkDirty = sqliteTable('network_dirty', {
  login: text('login').primaryKey(),
});

/**
 * What FreeRADIUS reads: each accepted login's check items (password, Calling-Station-Id) and reply attributes, as
 * the stock radcheck / radreply tables hold them, keyed by the lower-case login. Written from the views
 * network_answers only, by the settling step in the transaction of every change (db/networkAnswers.ts), so they are
 * in step with every commit. A copy and not the view itself: FreeRADIUS prepares each query anew (the login is in
 * its text), and preparing a query over the views costs milliseconds where a keyed table costs microseconds.
 * Both are WITHOUT ROWID (migration 0012, hand-written: drizzle cannot declare it), so each query is one B-tree
 * search; a rebuild of either table must keep it.
 */
const radiusItems = (name: string) =>
  sqliteTable(
    name,
    {
      username: text('username').notNull(),
      id: integer('id').notNull(),
      attribute: text('attribute').notNull(),
      op: text('op').notNull(),
      value: text('value').notNull(),
    },
    (t) => [primaryKey({ columns: [t.username, t.id] })],
  );
export const networkRadcheck = radiusItems('network_radcheck');
export const networkRadreply = radiusItems('network_radreply');

/** The last answer each login was given (accept/reject and every attribute), to tell when it changes. */
export const networkLoginState = sqliteTable('network_login_state', {
  login: text('login').primaryKey(),
  result: text('result', { enum: ['accept', 'reject'] }).notNull(),
  /** The check and reply rows FreeRADIUS reads, as JSON: equal text = equal answer. */
  answer: text('answer').notNull(),
  /** The same answer as staff may see it (AnswerSummary, no password). */
  summary: text('summary').notNull(),
  serviceId: integer('service_id'),
  routerId: integer('router_id'),
  changedAt: text('changed_at').notNull().default(nowTimestamp),
});

/**
 * Disconnect-Requests (RFC 5176) waiting to be sent or already answered, one per change of a login's answer that
 * may be online. Written in the transaction that changed the answer; sent after commit by whichever host runs
 * (main/radius/outbox.ts), retried with backoff until the router answers ACK or NAK.
 */
export const networkOutbox = sqliteTable(
  'network_outbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    createdAt: text('created_at').notNull().default(nowTimestamp),
    login: text('login').notNull(),
    serviceId: integer('service_id'),
    customerId: integer('customer_id'),
    routerId: integer('router_id'),
    /** What the login was answered before and is answered now, without passwords (JSON). */
    before: text('before').notNull(),
    after: text('after').notNull(),
    status: text('status', { enum: NETWORK_EVENT_STATUSES }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    /** Wall-clock milliseconds: not before then (backoff), and no other sender while a send is under way. */
    nextAttemptAt: integer('next_attempt_at').notNull().default(0),
    lastError: text('last_error'),
    sentAt: text('sent_at'),
    answeredAt: text('answered_at'),
  },
  (t) => [
    index('network_outbox_due_idx').on(t.status, t.nextAttemptAt),
    index('network_outbox_service_idx').on(t.serviceId, t.id),
    check('network_outbox_status', oneOf(t.status, NETWORK_EVENT_STATUSES)),
  ],
);

/** IPv4 networks of the IP manager; a network serves one assignment method (permanent or dynamic). */
export const ipv4Networks = sqliteTable(
  'ipv4_networks',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** CIDR, e.g. 10.0.0.0/24. */
    network: text('network').notNull().unique(),
    kind: text('kind', { enum: IPV4_NETWORK_KINDS }).notNull(),
    title: text('title').notNull().default(''),
  },
  (t) => [check('ipv4_networks_kind', oneOf(t.kind, IPV4_NETWORK_KINDS)), check('ipv4_networks_cidr', sql`${t.network} LIKE '%/%'`)],
);

/** Pools inside a dynamic network, chosen by Dynamic IP services ("Any" = no pool). */
export const ipv4Pools = sqliteTable(
  'ipv4_pools',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    networkId: integer('network_id')
      .notNull()
      .references(() => ipv4Networks.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** First and last address of the range, e.g. 10.0.0.10 – 10.0.0.200. */
    rangeFrom: text('range_from').notNull(),
    rangeTo: text('range_to').notNull(),
  },
  // The unique index also serves the foreign key (network_id is its first column).
  (t) => [uniqueIndex('ipv4_pools_network_name_unique').on(t.networkId, t.name)],
);
