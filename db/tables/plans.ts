import { sql } from 'drizzle-orm';
import { check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { PLAN_KINDS, VOICE_TYPES } from '../enums';
import { partners } from './partners';
import { isInteger, nullOrOneOf, oneOf } from './sql';

/** Tariff plans (Internet / Voice / Custom). Price in cents per month; VAT rate in basis points (2100 = 21 %). */
export const plans = sqliteTable(
  'plans',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    kind: text('kind', { enum: PLAN_KINDS }).notNull(),
    name: text('name').notNull(),
    /** The service description new services get. Empty: the plan name. */
    description: text('description').notNull().default(''),
    price: integer('price').notNull(),
    vatRateBp: integer('vat_rate_bp').notNull().default(0),
    vatIncluded: integer('vat_included', { mode: 'boolean' }).notNull().default(false),
    downloadKbps: integer('download_kbps'),
    uploadKbps: integer('upload_kbps'),
    voiceType: text('voice_type', { enum: VOICE_TYPES }),
    /** A disabled plan takes no new services; existing services go on. */
    enabled: integer('enabled', { mode: 'boolean' }).notNull().default(true),
  },
  (t) => [
    uniqueIndex('plans_kind_name_unique').on(t.kind, t.name),
    check('plans_kind', oneOf(t.kind, PLAN_KINDS)),
    check('plans_price', sql`${t.price} >= 0 AND ${isInteger(t.price)}`),
    check('plans_vat_rate', sql`${t.vatRateBp} BETWEEN 0 AND 10000`),
    check('plans_speeds', sql`(${t.downloadKbps} IS NULL OR ${t.downloadKbps} >= 0) AND (${t.uploadKbps} IS NULL OR ${t.uploadKbps} >= 0)`),
    check('plans_voice_type', nullOrOneOf(t.voiceType, VOICE_TYPES)),
  ],
);

/** Partners a plan is offered to. No rows: every partner. */
export const planPartners = sqliteTable(
  'plan_partners',
  {
    planId: integer('plan_id')
      .notNull()
      .references(() => plans.id, { onDelete: 'cascade' }),
    partnerId: integer('partner_id')
      .notNull()
      .references(() => partners.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.planId, t.partnerId] }), index('plan_partners_partner_idx').on(t.partnerId)],
);

/** "Tariff plans available in customer portal": the plans a customer on `plan_id` may switch to himself. */
export const planPortalTargets = sqliteTable(
  'plan_portal_targets',
  {
    planId: integer('plan_id')
      .notNull()
      .references(() => plans.id, { onDelete: 'cascade' }),
    targetPlanId: integer('target_plan_id')
      .notNull()
      .references(() => plans.id, { onDelete: 'cascade' }),
  },
  (t) => [
    primaryKey({ columns: [t.planId, t.targetPlanId] }),
    index('plan_portal_targets_target_idx').on(t.targetPlanId),
    check('plan_portal_targets_not_self', sql`${t.planId} <> ${t.targetPlanId}`),
  ],
);
