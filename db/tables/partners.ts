import { sql } from 'drizzle-orm';
import { check, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** Partners select the per-partner configuration (finance, change plan, portal). Id 1 is "Default". */
export const DEFAULT_PARTNER_ID = 1;

export const partners = sqliteTable('partners', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull().unique(),
});

/**
 * Settings as key/value rows per partner; `value` is JSON. The Default partner's rows are the company-wide
 * values; another partner only has rows for the keys it overrides. Keys and types: db/settings.ts.
 */
export const settings = sqliteTable(
  'settings',
  {
    partnerId: integer('partner_id')
      .notNull()
      .references(() => partners.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    value: text('value').notNull(),
  },
  (t) => [primaryKey({ columns: [t.partnerId, t.key] }), check('settings_value_json', sql`json_valid(${t.value})`)],
);

/** Global state, not per partner: `scheduler.lastProcessedDay`, `demo`, `businessDateOverride`. JSON values. */
export const appState = sqliteTable(
  'app_state',
  {
    key: text('key').primaryKey(),
    value: text('value').notNull(),
  },
  (t) => [check('app_state_value_json', sql`json_valid(${t.value})`)],
);
