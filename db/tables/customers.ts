import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { CUSTOMER_CATEGORIES, CUSTOMER_STATUSES, NEVER_DAYS } from '../enums';
import { partners } from './partners';
import { isInteger, isoDate, oneOf } from './sql';

/**
 * Customers. The billing columns (billing day … minimum balance) are the customer's own billing config;
 * NULL means "use the partner's setting" (resolveSettings). Blocking / deactivation days store "never" as -1
 * (NEVER_DAYS in db/enums.ts).
 *
 * Search: the name/email/phone/login indexes use NOCASE so `col LIKE 'abc%'` (SQLite's LIKE is
 * case-insensitive) is an index range scan even at 100k customers. "Contains" search goes through the FTS5
 * table `customers_search` (trigram tokenizer; kept in step by triggers — see the custom migration).
 */
export const customers = sqliteTable(
  'customers',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    status: text('status', { enum: CUSTOMER_STATUSES }).notNull().default('new'),
    category: text('category', { enum: CUSTOMER_CATEGORIES }).notNull().default('person'),
    partnerId: integer('partner_id')
      .notNull()
      .default(1)
      .references(() => partners.id),
    /** Business date the customer was added ("date added"), used by billing.useCreationDate. */
    createdOn: text('created_on').notNull(),
    billingEnabled: integer('billing_enabled', { mode: 'boolean' }).notNull().default(true),
    billingDay: integer('billing_day'),
    useCreationDate: integer('use_creation_date', { mode: 'boolean' }),
    paymentDueDays: integer('payment_due_days'),
    /** Days after the due date; -1 = never block (and so never deactivate); NULL = partner setting. */
    blockingDays: integer('blocking_days'),
    /** Days after the blocking date; -1 = never deactivate; NULL = partner setting. */
    deactivationDays: integer('deactivation_days'),
    /** Cents; NULL = partner setting (billing.minimumBalance). */
    minimumBalance: integer('minimum_balance'),
    /** Cents, credits − debits. A cached copy of the ledger, updated in the same transaction. */
    balance: integer('balance').notNull().default(0),
    email: text('email'),
    phone: text('phone'),
    address: text('address'),
    portalLogin: text('portal_login').unique(),
    portalPasswordHash: text('portal_password_hash'),
    /**
     * The same portal password as RADIUS PAP can check it (a login whose service has no password of its own uses
     * the customer's, decision 25): FreeRADIUS's SSHA2-512-Password, base64(SHA-512(password + salt) + salt).
     * FreeRADIUS cannot check scrypt; written with portal_password_hash, never shown (docs/ARCHITECTURE.md).
     */
    papPasswordSsha512: text('pap_password_ssha512'),
    notes: text('notes'),
    /** The language of the customer's documents and portal (LANGUAGES); new customers get the ISP's display.language. */
    language: text('language').notNull().default('en'),
  },
  (t) => [
    index('customers_name_idx').on(sql`${t.name} COLLATE NOCASE`),
    index('customers_email_idx').on(sql`${t.email} COLLATE NOCASE`),
    index('customers_phone_idx').on(sql`${t.phone} COLLATE NOCASE`),
    index('customers_portal_login_idx').on(sql`${t.portalLogin} COLLATE NOCASE`),
    index('customers_partner_idx').on(t.partnerId),
    index('customers_status_idx').on(t.status),
    index('customers_billing_day_idx').on(t.billingDay, t.status),
    // The customer list pages every sort through an index (key, then id as the rowid every index ends with), so
    // a deep page skips index entries only (customers.list): alone and after a status filter.
    index('customers_balance_idx').on(t.balance),
    index('customers_created_on_idx').on(t.createdOn),
    index('customers_status_name_idx').on(t.status, sql`${t.name} COLLATE NOCASE`),
    index('customers_status_balance_idx').on(t.status, t.balance),
    index('customers_status_created_on_idx').on(t.status, t.createdOn),
    index('customers_partner_status_idx').on(t.partnerId, t.status),
    check('customers_status', oneOf(t.status, CUSTOMER_STATUSES)),
    check('customers_category', oneOf(t.category, CUSTOMER_CATEGORIES)),
    check('customers_created_on', sql`${t.createdOn} IS NOT NULL AND ${isoDate(t.createdOn)}`),
    check('customers_billing_day', sql`${t.billingDay} IS NULL OR ${t.billingDay} BETWEEN 1 AND 28`),
    check('customers_payment_due_days', sql`${t.paymentDueDays} IS NULL OR ${t.paymentDueDays} BETWEEN 1 AND 28`),
    check(
      'customers_blocking_days',
      sql`${t.blockingDays} IS NULL OR ${t.blockingDays} = ${sql.raw(String(NEVER_DAYS))} OR ${t.blockingDays} BETWEEN 0 AND 99`,
    ),
    check(
      'customers_deactivation_days',
      sql`${t.deactivationDays} IS NULL OR ${t.deactivationDays} = ${sql.raw(String(NEVER_DAYS))} OR ${t.deactivationDays} BETWEEN 1 AND 99`,
    ),
    check('customers_money', sql`${isInteger(t.balance)} AND ${isInteger(t.minimumBalance)}`),
  ],
);
