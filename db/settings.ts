import { eq, and, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { LANGUAGES, NEVER_DAYS, type DaysOrNever, type PlanKind } from './enums';
import { numberPatternProblem } from './numberPatterns';
import type { AppDb } from './open';
import { DEFAULT_PARTNER_ID, settings as settingsTable } from './tables/partners';

// Per-partner settings (Config → Finance → Settings, Change plan, Portal). Each key is stored as one JSON row
// per partner in `settings`; the Default partner's rows are the company-wide values and another partner only
// stores the keys it overrides. Keys are those of the scenario format (shared/scenarios/FORMAT.md); money is
// integer cents (the scenario runner turns "2.00" into 200 at its boundary).

const int = (min: number, max: number) => z.number().int().min(min).max(max);
const money = z.number().int('must be a whole number of cents');
const nonNegativeMoney = money.min(0, 'must not be negative');
const daysOrNever = (min: number) => z.union([int(min, 99), z.literal('never')]);

/** Service columns a customer can be shown in the portal, per service kind (§8.1). */
export const PORTAL_COLUMNS = {
  internet: ['id', 'description', 'plan', 'price', 'startDate', 'invoicedUntil', 'login', 'ipv4', 'status'],
  voice: ['id', 'description', 'plan', 'price', 'startDate', 'invoicedUntil', 'phone', 'status'],
  custom: ['id', 'description', 'plan', 'price', 'startDate', 'invoicedUntil', 'status'],
} as const satisfies Record<PlanKind, readonly string[]>;

/** Profile fields the ISP may let a customer change in the portal ("Profile (View/Edit per field)", §8.1). */
export const PORTAL_PROFILE_FIELDS = ['email', 'phone', 'address'] as const;

interface SettingDef<S extends z.ZodType> {
  /** what a stored value may be (reading never fails on a value an older build accepted) */
  schema: S;
  /** what may be saved now, when stricter than `schema` (a rule added later; stored values keep working) */
  write?: z.ZodType<z.output<S>>;
  default: z.output<S>;
  label: string;
}
const setting = <S extends z.ZodType>(schema: S, def: z.output<S>, label: string, write?: z.ZodType<z.output<S>>): SettingDef<S> => ({
  schema,
  default: def,
  label,
  ...(write ? { write } : {}),
});

/** A document number pattern that can be saved (db/numberPatterns.ts): stored ones are read with z.string(). */
const numberPattern = z.string().superRefine((s, ctx) => {
  const problem = numberPatternProblem(s);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/** Which service columns the portal shows for a kind; default: all of them. */
const portalColumns = <K extends PlanKind>(kind: K) =>
  setting(z.array(z.enum(PORTAL_COLUMNS[kind])), [...PORTAL_COLUMNS[kind]], `Portal: ${kind} — service columns`);

/** Every setting: its schema, built-in default (used when even the Default partner has no row) and label. */
export const SETTINGS = {
  // Finance → Settings (§4.1)
  'billing.day': setting(int(1, 28), 1, 'Billing day'),
  'billing.useCreationDate': setting(z.boolean(), false, 'Use the customer creation date as billing day'),
  'billing.paymentDueDays': setting(int(1, 28), 15, 'Payment due (days after document date)'),
  'billing.blockingDays': setting(daysOrNever(0), 0, 'Blocking period (days after payment due)'),
  'billing.deactivationDays': setting(daysOrNever(1), 10, 'Deactivation period (days after blocking)'),
  'billing.blockOnOneTimeInvoices': setting(z.boolean(), false, 'Block customers by one-time invoices'),
  'billing.minimumBalance': setting(money, 0, 'Minimum balance'),
  'billing.invoiceNumberPattern': setting(z.string().min(1), '{year}{partner_id|2}{next|6}', 'Invoice number pattern', numberPattern),
  'billing.creditNoteNumberPattern': setting(z.string().min(1), '{year}{partner_id|2}{next|6}', 'Credit note number pattern', numberPattern),
  // How money is shown (the Default partner's values apply to the whole back office; amounts stay integer cents)
  'display.currency': setting(z.string().trim().max(5), '', 'Currency shown after amounts'),
  // 'language': as the reader's language writes numbers (1,234.56 in English, 1.234,56 in German)
  'display.decimalSeparator': setting(z.enum(['language', '.', ',']), 'language', 'Decimal separator'),
  /** the language of staff who chose none and of new customers (their documents and portal) */
  'display.language': setting(z.enum(LANGUAGES), 'en', 'Default language'),
  // Finance → Change plan (§5.1)
  'changePlan.refund': setting(z.enum(['none', 'unused']), 'unused', 'Plan change refund'),
  'changePlan.feeMoreExpensive': setting(nonNegativeMoney, 0, 'Fee when changing to a more expensive plan'),
  'changePlan.feeLessExpensive': setting(nonNegativeMoney, 0, 'Fee when changing to a less expensive plan'),
  'changePlan.invoice': setting(
    z.enum(['nextCycle', 'endOfActiveMonth', 'endOfNextMonth']),
    'endOfActiveMonth',
    'Create invoice after service change',
  ),
  'changePlan.minimumInvoice': setting(nonNegativeMoney, 0, 'Minimum invoice amount'),
  // Portal (§8.1)
  'portal.menu.services': setting(z.boolean(), true, 'Portal menu: Services'),
  'portal.menu.finance': setting(z.boolean(), true, 'Portal menu: Finance'),
  'portal.menu.tickets': setting(z.boolean(), true, 'Portal menu: Tickets'),
  'portal.menu.statistics': setting(z.boolean(), true, 'Portal menu: Statistics'),
  'portal.menu.profile': setting(z.boolean(), true, 'Portal menu: Profile'),
  'portal.showAllServices': setting(z.boolean(), false, 'Portal: show stopped and disabled services too'),
  'portal.internet.requestChange': setting(z.boolean(), true, 'Portal: Internet — request tariff plan change'),
  'portal.internet.selfChange': setting(z.boolean(), false, 'Portal: Internet — self-change tariff plan'),
  'portal.internet.columns': portalColumns('internet'),
  'portal.voice.requestChange': setting(z.boolean(), true, 'Portal: Voice — request tariff plan change'),
  'portal.voice.selfChange': setting(z.boolean(), false, 'Portal: Voice — self-change tariff plan'),
  'portal.voice.columns': portalColumns('voice'),
  'portal.custom.requestChange': setting(z.boolean(), true, 'Portal: Custom — request tariff plan change'),
  'portal.custom.selfChange': setting(z.boolean(), false, 'Portal: Custom — self-change tariff plan'),
  'portal.custom.columns': portalColumns('custom'),
  'portal.profile.editableFields': setting(z.array(z.enum(PORTAL_PROFILE_FIELDS)), [], 'Portal: Profile — fields the customer may change'),
  // Network (decision 25): what RADIUS answers a Blocked customer's login. The view network_partner_settings reads
  // these rows with the same defaults (test/integration/network-answers.test.ts keeps the two in step).
  'network.blockingMethod': setting(z.enum(['reject', 'blockedPool']), 'reject', 'Network: blocked customers are'),
  'network.blockedPool': setting(z.string().trim().min(1, 'must not be empty').max(64).regex(/^[^'"\\]+$/, 'must not contain quotes or backslashes'), 'blocked', 'Network: blocked pool (Framed-Pool)'),
  'network.blockedAddressList': setting(
    z.string().trim().min(1, 'must not be empty').max(64).regex(/^[^'"\\]+$/, 'must not contain quotes or backslashes'),
    'Reject_1',
    'Network: blocked address list (Mikrotik-Address-List)',
  ),
  // Network → RADIUS accounting (main/app/accounting): who is online
  'network.interimIntervalMinutes': setting(int(1, 1440), 5, 'RADIUS accounting: interim update interval of the routers (minutes)'),
  'network.staleAfterMissedInterims': setting(int(1, 100), 3, 'RADIUS accounting: close a session as stale after this many missed interims'),
} as const;

export type SettingKey = keyof typeof SETTINGS;
export type SettingValue<K extends SettingKey> = z.output<(typeof SETTINGS)[K]['schema']>;
/** The effective settings of one partner, keyed exactly like the stored rows. */
export type Settings = { [K in SettingKey]: SettingValue<K> };

/** How amounts are shown, from resolved settings (main/contract/common.ts DisplaySettings). */
export const displayOf = (s: Settings) => ({ currency: s['display.currency'], decimalSeparator: s['display.decimalSeparator'] });
export type SettingOrigin = 'partner' | 'default' | 'builtin';
export interface SettingOriginInfo {
  /** Where the effective value comes from: the partner's own row, the Default partner's row, or the registry. */
  origin: SettingOrigin;
  /** The effective value is not the Default partner's effective value (shown with `*` and a reset button). */
  differsFromDefault: boolean;
}

export const SETTING_KEYS = Object.keys(SETTINGS) as SettingKey[];

export function isSettingKey(key: string): key is SettingKey {
  return Object.prototype.hasOwnProperty.call(SETTINGS, key);
}

/** The schema a value must pass to be saved under a key (stricter than the stored-value schema for some keys). */
export function settingWriteSchema(key: SettingKey): z.ZodType {
  const def: SettingDef<z.ZodType> = SETTINGS[key];
  return def.write ?? def.schema;
}

/** Validates a value to be saved under a key; throws a ZodError naming what is wrong. */
export function parseSetting<K extends SettingKey>(key: K, value: unknown): SettingValue<K> {
  return settingWriteSchema(key).parse(value) as SettingValue<K>;
}

export function builtinSettings(): Settings {
  const out: Record<string, unknown> = {};
  for (const key of SETTING_KEYS) out[key] = structuredClone(SETTINGS[key].default);
  return out as Settings;
}

type Db = Pick<AppDb, 'orm'>;
type StoredRows = Map<number, Map<SettingKey, unknown>>;

// Batch work (a bulk tariff change posts thousands of changes, each reading the same partner's settings several
// times) can read them once: inside withSettingsCache the rows and resolved values are kept per partner until a
// settings write on that database clears them.
const scopes = new WeakMap<object, Map<string, unknown>>();

/** Runs fn with settings reads cached per partner (writeSetting/clearSetting clear the cache). fn must not roll back a settings write and keep reading. */
export function withSettingsCache<T>(db: Db, fn: () => T): T {
  if (scopes.has(db.orm)) return fn();
  scopes.set(db.orm, new Map());
  try {
    return fn();
  } finally {
    scopes.delete(db.orm);
  }
}

function cached<T>(db: Db, key: string, load: () => T): T {
  const scope = scopes.get(db.orm);
  if (!scope) return load();
  if (!scope.has(key)) scope.set(key, load());
  return scope.get(key) as T;
}

function readRows(db: Db, partnerIds: number[]): StoredRows {
  return cached(db, `rows:${partnerIds.join(',')}`, () => readRowsNow(db, partnerIds));
}

function readRowsNow(db: Db, partnerIds: number[]): StoredRows {
  const rows = db.orm.select().from(settingsTable).where(inArray(settingsTable.partnerId, partnerIds)).all();
  const out: StoredRows = new Map(partnerIds.map((id) => [id, new Map()]));
  for (const row of rows) {
    // Keys this version no longer knows are left alone (a newer build may have written them).
    if (!isSettingKey(row.key)) continue;
    const parsed = SETTINGS[row.key].schema.safeParse(JSON.parse(row.value));
    if (!parsed.success)
      throw new Error(`Setting ${row.key} of partner #${row.partnerId} holds an invalid value ${row.value}: ${parsed.error.issues[0]?.message}`);
    out.get(row.partnerId)!.set(row.key, parsed.data);
  }
  return out;
}

function resolveFrom(rows: StoredRows, partnerId: number): { values: Settings; origins: Record<SettingKey, SettingOrigin> } {
  const own = rows.get(partnerId)!;
  const fallback = rows.get(DEFAULT_PARTNER_ID)!;
  const values: Record<string, unknown> = {};
  const origins = {} as Record<SettingKey, SettingOrigin>;
  for (const key of SETTING_KEYS) {
    if (own.has(key)) [values[key], origins[key]] = [own.get(key), partnerId === DEFAULT_PARTNER_ID ? 'default' : 'partner'];
    else if (fallback.has(key)) [values[key], origins[key]] = [fallback.get(key), 'default'];
    else [values[key], origins[key]] = [structuredClone(SETTINGS[key].default), 'builtin'];
  }
  return { values: values as Settings, origins };
}

/** The effective settings for a partner: its own value, else the Default partner's, else the built-in default. */
export function resolveSettings(db: Db, partnerId: number = DEFAULT_PARTNER_ID): Settings {
  return cached(db, `values:${partnerId}`, () => resolveFrom(readRows(db, [DEFAULT_PARTNER_ID, partnerId]), partnerId).values);
}

/** For each key: where the partner's effective value comes from and whether it differs from Default's. */
export function settingOrigins(db: Db, partnerId: number): Record<SettingKey, SettingOriginInfo> {
  return cached(db, `origins:${partnerId}`, () => settingOriginsNow(db, partnerId));
}

function settingOriginsNow(db: Db, partnerId: number): Record<SettingKey, SettingOriginInfo> {
  const rows = readRows(db, [DEFAULT_PARTNER_ID, partnerId]);
  const mine = resolveFrom(rows, partnerId);
  const base = resolveFrom(rows, DEFAULT_PARTNER_ID).values;
  const out = {} as Record<SettingKey, SettingOriginInfo>;
  for (const key of SETTING_KEYS)
    out[key] = { origin: mine.origins[key], differsFromDefault: JSON.stringify(mine.values[key]) !== JSON.stringify(base[key]) };
  return out;
}

/** Stores a partner's value for a key (validated). The caller writes the audit entry in the same transaction. */
export function writeSetting<K extends SettingKey>(db: Db, partnerId: number, key: K, value: SettingValue<K>): void {
  scopes.get(db.orm)?.clear();
  const json = JSON.stringify(parseSetting(key, value));
  db.orm
    .insert(settingsTable)
    .values({ partnerId, key, value: json })
    .onConflictDoUpdate({ target: [settingsTable.partnerId, settingsTable.key], set: { value: json } })
    .run();
}

/** Removes a partner's own value so it falls back to Default ("reset"). On Default it falls back to built-in. */
export function clearSetting(db: Db, partnerId: number, key: SettingKey): void {
  scopes.get(db.orm)?.clear();
  db.orm
    .delete(settingsTable)
    .where(and(eq(settingsTable.partnerId, partnerId), eq(settingsTable.key, key)))
    .run();
}

/** The billing terms of one customer: its own columns where set, else its partner's settings. */
export interface BillingTerms {
  billingDay: number;
  useCreationDate: boolean;
  paymentDueDays: number;
  blockingDays: DaysOrNever;
  deactivationDays: DaysOrNever;
  /** Cents. */
  minimumBalance: number;
}

export interface CustomerBillingColumns {
  billingDay: number | null;
  useCreationDate: boolean | null;
  paymentDueDays: number | null;
  blockingDays: number | null;
  deactivationDays: number | null;
  minimumBalance: number | null;
}

// At module level: the billing day calls customerBillingTerms once per invoice (a closure made per call costs more).
const columnDays = (col: number | null, fallback: DaysOrNever): DaysOrNever => (col === null ? fallback : col === NEVER_DAYS ? 'never' : col);

/** Merges a customer row's billing columns (NULL = partner setting; -1 = "never") with the partner's settings. */
export function customerBillingTerms(customer: CustomerBillingColumns, partnerSettings: Settings): BillingTerms {
  return {
    billingDay: customer.billingDay ?? partnerSettings['billing.day'],
    useCreationDate: customer.useCreationDate ?? partnerSettings['billing.useCreationDate'],
    paymentDueDays: customer.paymentDueDays ?? partnerSettings['billing.paymentDueDays'],
    blockingDays: columnDays(customer.blockingDays, partnerSettings['billing.blockingDays']),
    deactivationDays: columnDays(customer.deactivationDays, partnerSettings['billing.deactivationDays']),
    minimumBalance: customer.minimumBalance ?? partnerSettings['billing.minimumBalance'],
  };
}
