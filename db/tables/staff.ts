import { sql } from 'drizzle-orm';
import { check, index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { STAFF_ROLES } from '../enums';
import { nowTimestamp, oneOf } from './sql';

/** Staff accounts (for later: sign-in and roles). */
export const staffUsers = sqliteTable(
  'staff_users',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull().unique(),
    role: text('role', { enum: STAFF_ROLES }).notNull(),
    passwordHash: text('password_hash').notNull(),
    /** unused since sign-in waits moved to sign_in_failures (kept: dropping a column rebuilds the table) */
    failedAttempts: integer('failed_attempts').notNull().default(0),
    /** an administrator's lock (staff.update {lock}); NULL: not locked */
    lockedUntil: text('locked_until'),
    createdAt: text('created_at').notNull().default(nowTimestamp),
    /** the language the member works in (LANGUAGES); NULL: the ISP's display.language */
    language: text('language'),
  },
  (t) => [check('staff_users_role', oneOf(t.role, STAFF_ROLES)), check('staff_users_failed_attempts', sql`${t.failedAttempts} >= 0`)],
);

/**
 * Signed-in staff sessions, shared by every process on the file (the app, harnesses, the CLI): signing out, a
 * password reset, a role change or an administrator's lock deletes the rows, so the token stops working everywhere
 * at the next call. Only a SHA-256 of the token is kept: a copy of the file signs nobody in.
 */
export const staffSessions = sqliteTable(
  'staff_sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    staffId: integer('staff_id')
      .notNull()
      .references(() => staffUsers.id, { onDelete: 'cascade' }),
    /** wall clock, ISO 8601: sessions older than SESSION_DAYS are removed at the next sign-in */
    createdAt: text('created_at').notNull(),
  },
  (t) => [index('staff_sessions_staff_idx').on(t.staffId)],
);

/**
 * Failed sign-ins per name and source (the harness's remote address, the app's window, the CLI), for names that
 * exist and names that do not alike: after a few failures that name waits longer and longer from that source only,
 * so a stranger can slow down guesses but cannot lock anyone out from elsewhere, and learns nothing about which
 * names exist. `name` is normalised (NFKC, lower case).
 */
export const signInFailures = sqliteTable(
  'sign_in_failures',
  {
    name: text('name').notNull(),
    source: text('source').notNull(),
    failures: integer('failures').notNull(),
    lastFailedAt: text('last_failed_at').notNull(),
    /** no sign-in for this name from this source before then (ISO wall clock); NULL: no wait */
    blockedUntil: text('blocked_until'),
  },
  (t) => [primaryKey({ columns: [t.name, t.source] }), index('sign_in_failures_last_idx').on(t.lastFailedAt), check('sign_in_failures_count', sql`${t.failures} >= 1`)],
);

/**
 * Every mutation, written in the same transaction: who (actor), when (wall-clock `at` and the business date),
 * what (entity + id + action) and the row before/after as JSON. `customer_id` has no foreign key on purpose:
 * the trail must outlive a deleted customer.
 */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: text('at').notNull().default(nowTimestamp),
    businessDate: text('business_date').notNull(),
    actor: text('actor').notNull(),
    entity: text('entity').notNull(),
    entityId: integer('entity_id'),
    customerId: integer('customer_id'),
    action: text('action').notNull(),
    before: text('before'),
    after: text('after'),
  },
  (t) => [
    index('audit_log_customer_idx').on(t.customerId, t.id),
    index('audit_log_entity_idx').on(t.entity, t.entityId, t.id),
    check('audit_log_json', sql`(${t.before} IS NULL OR json_valid(${t.before})) AND (${t.after} IS NULL OR json_valid(${t.after}))`),
  ],
);
