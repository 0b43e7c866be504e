import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
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
    failedAttempts: integer('failed_attempts').notNull().default(0),
    lockedUntil: text('locked_until'),
    createdAt: text('created_at').notNull().default(nowTimestamp),
  },
  (t) => [check('staff_users_role', oneOf(t.role, STAFF_ROLES)), check('staff_users_failed_attempts', sql`${t.failedAttempts} >= 0`)],
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
