import { setAppState } from '../../db/appState';
import type { AppDb } from '../../db/open';
import { compileNumberPattern } from '../../db/numberPatterns';
import { customerBillingTerms, resolveSettings, writeSetting, type BillingTerms, type SettingKey, type SettingValue, type Settings } from '../../db/settings';
import { DEFAULT_PARTNER_ID } from '../../db/tables/partners';
import {
  addDays,
  addMonths,
  allocateCredit,
  customerDunningDecision,
  dayOfMonth,
  deactivationServiceChanges,
  dunningDates,
  effectiveBillingDay,
  invoiceDueDate,
  planRecurringLines,
  type Discount,
  type PayPeriodMonths,
  type RecurringLine,
} from '../engine';
import { ASCII, COMPANY_KINDS, COMPANY_SUFFIXES, COMPANY_WORDS, FIRST_NAMES, LAST_NAMES, STREETS, TOWNS } from './names';
import { deferPlainIndexes } from './deferredIndexes';
import { createRng, mixSeed } from './prng';
import { analyze } from '../../db/plannerStats';
import { importReadings } from '../app/accounting/importer';
import type { SessionReading } from '../app/accounting/radacct';
import { fixedClock, type AppContext } from '../app/context';

// The traffic of every service asks for the same few local times (its days at 00:01–00:20 and 23:59): a local Date is
// slow (≈ 600 000 of them at 20 000 customers).
const localTimes = new Map<string, number>();

/** Unix seconds of a local wall-clock time on `day`. */
const localTime = (day: string, hour: number, minute: number): number => {
  const key = `${day} ${hour}:${minute}`;
  let t = localTimes.get(key);
  if (t === undefined) {
    const [y, m, d] = day.split('-').map(Number);
    localTimes.set(key, (t = Math.floor(new Date(y, m - 1, d, hour, minute).getTime() / 1000)));
  }
  return t;
};

// The demo / benchmark ISP (issues "Demo ISP" and "Benchmarks at ISP scale"): a reproducible provider of N
// customers with partners, plans, services and months of history, written through the real schema with bulk
// prepared INSERTs in one transaction.
//
// History is produced by the same engine functions the day run uses, customer by customer: on each of the
// customer's billing days T (from its creation up to yesterday) every service created by T gets
// planRecurringLines(T) — exactly what billCustomer would have posted — and payments are allocated oldest first
// (allocateCredit, decision 11). Dunning follows decision 10: a customer who stops paying is Blocked on the
// blocking date of its first unpaid invoice and goes Inactive on its deactivation date (services Disabled with a
// Stopped copy, deactivationServiceChanges). So every balance equals its ledger, no day is invoiced twice, each
// service's invoiced_until is the end of its last line, and the scheduler's next run continues seamlessly:
// `scheduler.lastProcessedDay` is yesterday.
//
// Every customer draws from its own random stream (seed, index), so customer #i is the same whatever N is.

export interface GenerateOptions {
  customers: number;
  seed?: number;
  /** The business date: history runs up to yesterday. */
  today: string;
  /** Months of history before today (customers join over that window). Default 6. */
  months?: number;
  /** 'mixed' (default): realistic spread of billing days; a number: every customer bills on that day (benchmarks). */
  billingDay?: number | 'mixed';
  /** Mark the database as a demo (training clock pinned to `today`). */
  demo?: boolean;
  /** Days of traffic per Internet service, ending yesterday. Default: 60 up to 2 000 customers, 14 up to 20 000, else 7. */
  usageDays?: number;
  onProgress?: (message: string) => void;
}

export interface GenerateResult {
  seed: number;
  today: string;
  historyFrom: string;
  customers: number;
  services: number;
  invoices: number;
  invoiceLines: number;
  payments: number;
  ledgerRows: number;
  usageRows: number;
  byStatus: Record<string, number>;
  ms: number;
}

// ---------------------------------------------------------------------------------------------------------
// catalogue

interface PlanDef {
  key: string;
  kind: 'internet' | 'voice' | 'custom';
  name: string;
  description: string;
  price: number;
  vatRateBp: number;
  vatIncluded: boolean;
  down?: number;
  up?: number;
  voiceType?: 'voip';
  /** partner names the plan is limited to */
  partners?: string[];
}

const PLANS: PlanDef[] = [
  { key: 'f100', kind: 'internet', name: 'Fiber_100', description: 'Fiber 100 Mbit/s', price: 2990, vatRateBp: 2100, vatIncluded: true, down: 100_000, up: 50_000 },
  { key: 'f300', kind: 'internet', name: 'Fiber_300', description: 'Fiber 300 Mbit/s', price: 3990, vatRateBp: 2100, vatIncluded: true, down: 300_000, up: 150_000 },
  { key: 'f1000', kind: 'internet', name: 'Fiber_1000', description: 'Fiber 1 Gbit/s', price: 5990, vatRateBp: 2100, vatIncluded: true, down: 1_000_000, up: 500_000 },
  { key: 'w20', kind: 'internet', name: 'Wireless_20', description: 'Wireless 20 Mbit/s', price: 1990, vatRateBp: 2100, vatIncluded: true, down: 20_000, up: 5_000, partners: ['North Valley Net'] },
  { key: 'biz', kind: 'internet', name: 'Business_500', description: 'Business fiber 500 Mbit/s, SLA', price: 7900, vatRateBp: 2100, vatIncluded: false, down: 500_000, up: 500_000 },
  { key: 'voipB', kind: 'voice', name: 'VoIP_Basic', description: 'VoIP line, pay per call', price: 500, vatRateBp: 2100, vatIncluded: true, voiceType: 'voip' },
  { key: 'voipU', kind: 'voice', name: 'VoIP_Unlimited', description: 'VoIP line, unlimited national calls', price: 1200, vatRateBp: 2100, vatIncluded: true, voiceType: 'voip' },
  { key: 'tvB', kind: 'custom', name: 'TV_Basic', description: 'IPTV basic, 60 channels', price: 990, vatRateBp: 2100, vatIncluded: true },
  { key: 'tvP', kind: 'custom', name: 'TV_Premium', description: 'IPTV premium, 140 channels + sport', price: 1990, vatRateBp: 2100, vatIncluded: true },
  { key: 'ip', kind: 'custom', name: 'Static_IP', description: 'Public static IPv4 address', price: 500, vatRateBp: 2100, vatIncluded: true },
  { key: 'router', kind: 'custom', name: 'Router_Rental', description: 'Wi-Fi router rental', price: 300, vatRateBp: 2100, vatIncluded: true },
];

/** Plans a customer on the first may pick in the portal (plan_portal_targets). */
const PORTAL_TARGETS: [string, string][] = [
  ['f100', 'f300'],
  ['f300', 'f1000'],
  ['f300', 'f100'],
  ['f1000', 'f300'],
  ['voipB', 'voipU'],
  ['voipU', 'voipB'],
  ['tvB', 'tvP'],
];

const PARTNERS = ['North Valley Net', 'CityLink Resellers'] as const;

/** The tables written row by row for each customer: their plain indexes are built once at the end (deferredIndexes.ts). */
const BULK_TABLES = ['customers', 'services', 'service_status_history', 'invoices', 'invoice_lines', 'payments', 'balance_transactions', 'service_sessions', 'service_usage'];

/** Company-wide settings of the demo ISP (written only where the database has no value yet). */
const DEFAULT_SETTINGS: Partial<{ [K in SettingKey]: SettingValue<K> }> = {
  'billing.day': 1,
  'billing.paymentDueDays': 14,
  'billing.blockingDays': 5,
  'billing.deactivationDays': 10,
  'changePlan.feeLessExpensive': 500,
  'changePlan.invoice': 'endOfActiveMonth',
};
const PARTNER_SETTINGS: Record<(typeof PARTNERS)[number], Partial<{ [K in SettingKey]: SettingValue<K> }>> = {
  'North Valley Net': { 'billing.paymentDueDays': 10, 'changePlan.minimumInvoice': 200 },
  'CityLink Resellers': { 'billing.blockingDays': 3, 'changePlan.feeMoreExpensive': 200, 'changePlan.feeLessExpensive': 0 },
};

const ROUTERS = [
  { name: 'bras-core-1', address: '10.255.0.1', description: 'Core BRAS, Millbrook POP' },
  { name: 'bras-north', address: '10.255.0.2', description: 'Northfield POP' },
  { name: 'bras-east', address: '10.255.0.3', description: 'Eastwick POP' },
];
const STATIC_NETWORK = '100.64.0.0/16';
const DYNAMIC_NETWORK = '10.64.0.0/12';

// ---------------------------------------------------------------------------------------------------------
// per-customer model (in memory until written)

type Behaviour = 'good' | 'late' | 'prepay' | 'blocked' | 'inactive' | 'new';

interface GenService {
  id: number;
  kind: 'internet' | 'voice' | 'custom';
  plan: PlanDef;
  planId: number;
  description: string;
  quantity: number;
  unitPrice: number;
  payPeriodMonths: PayPeriodMonths;
  start: string;
  end: string | null;
  invoicedUntil: string | null;
  status: 'active' | 'disabled' | 'stopped' | 'pending';
  discount: Discount | null;
  discountMessage: string | null;
  createdOn: string;
  routerId: number | null;
  login: string | null;
  password: string | null;
  ipv4Method: 'none' | 'permanent' | 'dynamic';
  ipv4: string | null;
  macs: string | null;
  portId: string | null;
  lat: number | null;
  lon: number | null;
  geoAddress: string | null;
  copiedFrom: number | null;
}

interface GenInvoice {
  id: number;
  date: string;
  dueDate: string;
  lines: (RecurringLine & { serviceId: number; quantity: number; unitPrice: number; vatRateBp: number; vatIncluded: boolean })[];
  net: number;
  vat: number;
  total: number;
  paid: number;
}

interface GenPayment {
  date: string;
  amount: number;
  method: string;
  reference: string;
}

// ---------------------------------------------------------------------------------------------------------

export function generateIsp(db: AppDb, opts: GenerateOptions): GenerateResult {
  const started = performance.now();
  const seed = opts.seed ?? 1;
  const n = opts.customers;
  if (!Number.isInteger(n) || n < 1) throw new Error(`customers must be a whole number ≥ 1, got ${n}`);
  const today = opts.today;
  const yesterday = addDays(today, -1);
  const months = opts.months ?? 6;
  const historyFrom = addMonths(today, -months);
  const usageDays = opts.usageDays ?? (n <= 2000 ? 60 : n <= 20_000 ? 14 : 7);
  const fixedDay = opts.billingDay === undefined || opts.billingDay === 'mixed' ? null : opts.billingDay;
  const progress = opts.onProgress ?? (() => {});
  const sq = db.sqlite;

  const result: GenerateResult = {
    seed,
    today,
    historyFrom,
    customers: 0,
    services: 0,
    invoices: 0,
    invoiceLines: 0,
    payments: 0,
    ledgerRows: 0,
    usageRows: 0,
    byStatus: {},
    ms: 0,
  };

  // A big page cache while generating: the indexes take random inserts, and spilling dirty pages to the WAL in the
  // middle of the one big transaction would write most pages several times.
  const cacheBefore = sq.pragma('cache_size', { simple: true }) as number;
  sq.pragma(`cache_size = ${-Math.min(2_097_152, Math.max(65_536, n * 12))}`); // KiB: ≈ the whole file (9 MB per 1 000 customers with 6 months), up to 2 GiB
  try {
  db.transaction(() => {
    const existing = (sq.prepare('SELECT count(*) AS n FROM customers').get() as { n: number }).n;
    if (existing > 0) throw new Error(`The database already has ${existing} customer(s): the demo ISP is generated into an empty database only`);

    // --- configuration: partners, settings, plans, routers, networks
    const partnerIds = new Map<string, number>([['Default', DEFAULT_PARTNER_ID]]);
    for (const name of PARTNERS) {
      sq.prepare('INSERT OR IGNORE INTO partners (name) VALUES (?)').run(name);
      partnerIds.set(name, (sq.prepare('SELECT id FROM partners WHERE name = ?').get(name) as { id: number }).id);
    }
    const hasSetting = sq.prepare('SELECT 1 FROM settings WHERE partner_id = ? AND key = ?');
    const writeMissing = (partnerId: number, values: Partial<{ [K in SettingKey]: SettingValue<K> }>) => {
      for (const [key, value] of Object.entries(values) as [SettingKey, SettingValue<SettingKey>][])
        if (!hasSetting.get(partnerId, key)) writeSetting(db, partnerId, key, value);
    };
    writeMissing(DEFAULT_PARTNER_ID, DEFAULT_SETTINGS);
    for (const name of PARTNERS) writeMissing(partnerIds.get(name)!, PARTNER_SETTINGS[name]);
    const partnerSettings = new Map<number, Settings>([...partnerIds.values()].map((id) => [id, resolveSettings(db, id)]));

    const planIds = new Map<string, number>();
    const planPrice = new Map<string, number>();
    for (const p of PLANS) {
      sq.prepare(
        `INSERT OR IGNORE INTO plans (kind, name, description, price, vat_rate_bp, vat_included, download_kbps, upload_kbps, voice_type, enabled)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`,
      ).run(p.kind, p.name, p.description, p.price, p.vatRateBp, p.vatIncluded ? 1 : 0, p.down ?? null, p.up ?? null, p.voiceType ?? null);
      const row = sq.prepare('SELECT id, price FROM plans WHERE kind = ? AND name = ?').get(p.kind, p.name) as { id: number; price: number };
      planIds.set(p.key, row.id);
      planPrice.set(p.key, row.price);
      for (const partner of p.partners ?? [])
        sq.prepare('INSERT OR IGNORE INTO plan_partners (plan_id, partner_id) VALUES (?, ?)').run(row.id, partnerIds.get(partner)!);
    }
    for (const [from, to] of PORTAL_TARGETS)
      sq.prepare('INSERT OR IGNORE INTO plan_portal_targets (plan_id, target_plan_id) VALUES (?, ?)').run(planIds.get(from)!, planIds.get(to)!);
    const plan = (key: string) => PLANS.find((p) => p.key === key)!;

    const routerIds: number[] = [];
    for (const r of ROUTERS) {
      sq.prepare('INSERT OR IGNORE INTO routers (name, address, description) VALUES (?, ?, ?)').run(r.name, r.address, r.description);
      routerIds.push((sq.prepare('SELECT id FROM routers WHERE name = ?').get(r.name) as { id: number }).id);
    }
    const networksBefore = (sq.prepare('SELECT count(*) AS n FROM ipv4_networks').get() as { n: number }).n;
    let staticPool = 0; // how many static addresses may be handed out
    const poolIds: number[] = [];
    if (networksBefore === 0) {
      sq.prepare(`INSERT INTO ipv4_networks (network, kind, title) VALUES (?, 'permanent', 'Static customer addresses')`).run(STATIC_NETWORK);
      const dyn = Number(sq.prepare(`INSERT INTO ipv4_networks (network, kind, title) VALUES (?, 'dynamic', 'CGNAT subscribers')`).run(DYNAMIC_NETWORK).lastInsertRowid);
      const pools = [
        ['Residential', '10.64.0.10', '10.71.255.250'],
        ['Business', '10.72.0.10', '10.72.255.250'],
      ] as const;
      for (const [name, from, to] of pools)
        poolIds.push(Number(sq.prepare('INSERT INTO ipv4_pools (network_id, name, range_from, range_to) VALUES (?, ?, ?, ?)').run(dyn, name, from, to).lastInsertRowid));
      staticPool = 65_534;
    }
    progress(`configuration ready (${partnerIds.size} partners, ${PLANS.length} plans)`);

    // --- statements
    const insCustomer = sq.prepare(
      `INSERT INTO customers (id, name, status, category, partner_id, created_on, billing_enabled, billing_day, use_creation_date,
         payment_due_days, blocking_days, deactivation_days, minimum_balance, balance, email, phone, address, portal_login, notes)
       VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?)`,
    );
    const insService = sq.prepare(
      `INSERT INTO services (id, customer_id, kind, plan_id, description, quantity, unit, unit_price, pay_period_months, start_date, end_date,
         invoiced_until, discount_kind, discount_value, discount_from, discount_to, discount_message, status, router_id, login, password,
         ipv4_method, ipv4, ipv4_pool_id, macs, port_id, latitude, longitude, geo_address, copied_from_service_id, created_on)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const insInvoice = sq.prepare(
      `INSERT INTO invoices (id, customer_id, number, kind, date, due_date, blocking_date, deactivation_date, charges_service, net, vat, total, paid, status)
       VALUES (?, ?, ?, 'recurring', ?, ?, ?, ?, 1, ?, ?, ?, ?, ?)`,
    );
    // The services' first status, as main/app/serviceWrites.ts records it (bulk generation writes rows directly).
    const insHistory = sq.prepare('INSERT INTO service_status_history (service_id, from_date, status, cause) VALUES (?, ?, ?, ?)');
    const insLine = sq.prepare(
      `INSERT INTO invoice_lines (invoice_id, position, service_id, kind, description, period_from, period_to, date_from, date_to,
         days, divisor, period_price, quantity, unit_price, amount, vat_rate_bp, vat_included, net, vat, total)
       VALUES (?, ?, ?, 'recurring', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const insPayment = sq.prepare('INSERT INTO payments (id, customer_id, date, amount, method, reference, note) VALUES (?, ?, ?, ?, ?, ?, ?)');
    const insTxn = sq.prepare(
      `INSERT INTO balance_transactions (customer_id, date, kind, amount, category, invoice_id, payment_id, description)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const importCtx: AppContext = { db, clock: fixedClock(today), actor: { kind: 'system', name: 'generator' } };

    const maxId = (table: string) => (sq.prepare(`SELECT COALESCE(MAX(id), 0) AS m FROM ${table}`).get() as { m: number }).m;
    let nextServiceId = maxId('services') + 1;
    let nextInvoiceId = maxId('invoices') + 1;
    let nextPaymentId = maxId('payments') + 1;
    const firstCustomerId = maxId('customers') + 1;
    let staticUsed = 0;

    const partnerNames = ['Default', ...PARTNERS];
    const createIndexesAgain = deferPlainIndexes(sq, BULK_TABLES);
    for (let i = 0; i < n; i++) {
      const rng = createRng(mixSeed(seed, i));
      const customerId = firstCustomerId + i;

      // --- the customer
      const company = rng.chance(0.12);
      const first = rng.pick(FIRST_NAMES);
      const last = rng.pick(LAST_NAMES);
      const name = company ? `${rng.pick(COMPANY_WORDS)} ${rng.pick(COMPANY_KINDS)} ${rng.pick(COMPANY_SUFFIXES)}` : `${first} ${last}`;
      const partnerName = rng.weighted<string>([
        [partnerNames[0], 70],
        [partnerNames[1], 20],
        [partnerNames[2], 10],
      ]);
      const partnerId = partnerIds.get(partnerName)!;
      const settings = partnerSettings.get(partnerId)!;
      const town = rng.pick(TOWNS);
      const street = rng.pick(STREETS);
      const houseNo = rng.int(1, 240);
      const address = `${street} ${houseNo}, ${town.zip} ${town.name}`;
      const emailLocal = company ? `office.${ASCII(name).slice(0, 18)}${customerId}` : `${ASCII(first)}.${ASCII(last)}${customerId}`;
      const email = rng.chance(0.9) ? `${emailLocal}@example.${rng.pick(['com', 'net', 'org'])}` : null;
      const phone = `+${rng.weighted<number>([[420, 70], [421, 15], [49, 10], [43, 5]])} ${rng.int(601, 799)} ${rng.int(100, 999)} ${rng.int(100, 999)}`;
      const portalLogin = rng.chance(0.6) ? `${company ? 'biz' : ASCII(first).slice(0, 1) + ASCII(last)}${customerId}` : null;

      const behaviour: Behaviour = rng.weighted<Behaviour>([
        ['good', 79],
        ['late', 10],
        ['prepay', 3],
        ['blocked', 4],
        ['inactive', 2.5],
        ['new', 1.5],
      ]);
      // Most customers were migrated at go-live (history start); the rest joined since.
      const joinOffsetMax = Math.max(0, months * 30 - 1);
      let createdOn: string;
      if (behaviour === 'new') createdOn = addDays(today, -rng.int(0, 10));
      else if (rng.chance(0.6)) createdOn = addDays(historyFrom, rng.int(0, 20));
      else createdOn = addDays(historyFrom, rng.int(0, joinOffsetMax));
      if (createdOn > yesterday) createdOn = yesterday;

      // Billing columns: most customers follow their partner; some have their own day or use the creation date.
      let billingDayCol: number | null = null;
      let useCreationCol: number | null = null;
      if (fixedDay !== null) billingDayCol = fixedDay;
      else {
        const r = rng.next();
        if (r < 0.35) billingDayCol = rng.pick([1, 5, 10, 15, 20, 25]);
        else if (r < 0.45) useCreationCol = 1;
      }
      const paymentDueCol = company && rng.chance(0.3) ? 28 : null;
      const blockingCol = company && rng.chance(0.1) ? -1 : null; // a few key accounts are never blocked
      // A customer who stops paying bills on a day that leaves today inside its blocking window (mixed days only).
      const partnerBlocking = blockingCol === null ? settings['billing.blockingDays'] : 'never';
      if (behaviour === 'blocked' && fixedDay === null && partnerBlocking !== 'never') {
        const due = paymentDueCol ?? settings['billing.paymentDueDays'];
        const deact = settings['billing.deactivationDays'];
        const t = addDays(yesterday, -(due + partnerBlocking) - rng.int(0, deact === 'never' ? 9 : deact - 1));
        if (dayOfMonth(t) <= 28 && t >= createdOn) {
          billingDayCol = dayOfMonth(t);
          useCreationCol = null;
        }
      }
      const terms: BillingTerms = customerBillingTerms(
        {
          billingDay: billingDayCol,
          useCreationDate: useCreationCol === null ? null : useCreationCol === 1,
          paymentDueDays: paymentDueCol,
          blockingDays: blockingCol,
          deactivationDays: null,
          minimumBalance: null,
        },
        settings,
      );
      const billingDay = effectiveBillingDay({ billingDay: terms.billingDay, useCreationDate: terms.useCreationDate, createdOn });

      // --- services
      const services: GenService[] = [];
      const lat0 = town.lat + (rng.next() - 0.5) * 0.04;
      const lon0 = town.lon + (rng.next() - 0.5) * 0.06;
      const addService = (key: string, extra: Partial<GenService> & { start: string; createdOn: string }): GenService => {
        const p = plan(key);
        const s: GenService = {
          id: 0,
          kind: p.kind,
          plan: p,
          planId: planIds.get(key)!,
          description: p.description,
          quantity: 1,
          unitPrice: planPrice.get(key)!,
          payPeriodMonths: 1,
          end: null,
          invoicedUntil: null,
          status: 'active',
          discount: null,
          discountMessage: null,
          routerId: null,
          login: null,
          password: null,
          ipv4Method: 'none',
          ipv4: null,
          macs: null,
          portId: null,
          lat: null,
          lon: null,
          geoAddress: null,
          copiedFrom: null,
          ...extra,
        };
        services.push(s);
        return s;
      };
      const firstStart = behaviour === 'new' ? addDays(today, rng.int(2, 14)) : createdOn;
      if (rng.chance(0.97) || behaviour === 'new') {
        const key = company
          ? rng.weighted<string>([['biz', 60], ['f300', 25], ['f1000', 15]])
          : partnerName === 'North Valley Net'
            ? rng.weighted<string>([['w20', 40], ['f100', 35], ['f300', 20], ['f1000', 5]])
            : rng.weighted<string>([['f100', 45], ['f300', 35], ['f1000', 12], ['biz', 0]]);
        const permanent = staticUsed < staticPool && rng.chance(company ? 0.6 : 0.05);
        const ipv4 = permanent ? `100.64.${(++staticUsed >> 8) & 255}.${staticUsed & 255}` : null; // host 1 … 65 534 of the /16
        const pay = rng.weighted<PayPeriodMonths>([[1, 85], [3, 10], [12, 5]]);
        const welcome = rng.chance(0.1);
        addService(key, {
          start: firstStart,
          createdOn: behaviour === 'new' ? createdOn : createdOn,
          payPeriodMonths: pay,
          unitPrice: rng.chance(0.05) ? Math.round((planPrice.get(key)! * 0.9) / 10) * 10 : planPrice.get(key)!,
          discount: welcome ? { kind: 'percent', percentBp: 2000, from: firstStart, to: addDays(addMonths(firstStart, 3), -1) } : null,
          discountMessage: welcome ? 'Welcome discount: 20 % for 3 months' : null,
          status: behaviour === 'new' ? 'pending' : 'active',
          routerId: routerIds[rng.int(0, routerIds.length - 1)],
          login: `${ASCII(company ? 'biz' : last).slice(0, 10)}${customerId}`,
          password: Array.from({ length: 10 }, () => 'abcdefghjkmnpqrstuvwxyz23456789'[rng.int(0, 30)]).join(''),
          ipv4Method: permanent ? 'permanent' : 'dynamic',
          ipv4,
          macs: Array.from({ length: 6 }, (_, k) => (k === 0 ? '02' : rng.int(0, 255).toString(16).padStart(2, '0'))).join(':').toUpperCase(),
          portId: `OLT${rng.int(1, 4)}/${rng.int(1, 16)}/${rng.int(1, 64)}`,
          lat: Math.round(lat0 * 1e6) / 1e6,
          lon: Math.round(lon0 * 1e6) / 1e6,
          geoAddress: address,
        });
        if (permanent && rng.chance(0.5)) addService('ip', { start: firstStart, createdOn, status: behaviour === 'new' ? 'pending' : 'active' });
      }
      const extras: [string, number][] = [
        [rng.chance(0.5) ? 'voipB' : 'voipU', 0.25],
        [rng.chance(0.7) ? 'tvB' : 'tvP', 0.12],
        ['router', 0.08],
      ];
      for (const [key, p] of extras) {
        if (!rng.chance(p) && !(services.length === 0 && key.startsWith('voip'))) continue;
        if (behaviour === 'new') {
          addService(key, { start: firstStart, createdOn, status: 'pending' });
          continue;
        }
        // Most extras came with the contract; some were added later.
        const later = rng.chance(0.2) ? rng.int(1, Math.max(1, months * 30 - 10)) : 0;
        let start = addDays(createdOn, later);
        if (start > yesterday) start = createdOn;
        const s = addService(key, { start, createdOn: start, quantity: key === 'router' && rng.chance(0.2) ? 2 : 1 });
        // A few were cancelled since (end date passed: the start of day disabled them).
        if (rng.chance(0.04)) {
          const end = addDays(start, rng.int(20, 150));
          if (end <= addDays(today, -2)) {
            s.end = end;
            s.status = 'disabled';
          }
        }
      }
      // Some active customers have an upgrade or extra ordered for a future date.
      if (behaviour !== 'new' && rng.chance(0.02)) addService('tvB', { start: addDays(today, rng.int(1, 20)), createdOn: addDays(today, -rng.int(1, 3)), status: 'pending' });
      if (services.length === 0) addService('voipB', { start: firstStart, createdOn, status: behaviour === 'new' ? 'pending' : 'active' });
      for (const s of services) {
        if (s.createdOn > s.start && s.status !== 'pending') s.createdOn = s.start;
        if (s.createdOn < createdOn) s.createdOn = createdOn;
        s.id = nextServiceId++;
      }

      // --- recurring invoices on each billing day since the customer joined (as billCustomer would post them)
      const invoices: GenInvoice[] = [];
      const billingDates: string[] = [];
      if (behaviour !== 'new') {
        let t = dayOfMonth(createdOn) <= billingDay ? `${createdOn.slice(0, 8)}${String(billingDay).padStart(2, '0')}` : addMonths(`${createdOn.slice(0, 8)}${String(billingDay).padStart(2, '0')}`, 1);
        for (; t <= yesterday; t = addMonths(t, 1)) billingDates.push(t);
      }
      const billOn = (t: string): GenInvoice | null => {
        const lines: GenInvoice['lines'] = [];
        for (const s of services) {
          if (s.createdOn > t) continue;
          const planned = planRecurringLines({
            invoiceDate: t,
            billingDay,
            service: { ...s, vatRateBp: s.plan.vatRateBp, vatIncluded: s.plan.vatIncluded },
          });
          if (!planned.lines.length) continue;
          s.invoicedUntil = planned.invoicedUntil;
          for (const l of planned.lines)
            lines.push({ ...l, serviceId: s.id, quantity: s.quantity, unitPrice: s.unitPrice, vatRateBp: s.plan.vatRateBp, vatIncluded: s.plan.vatIncluded });
        }
        if (!lines.length) return null;
        const totals = lines.reduce((a, l) => ({ net: a.net + l.net, vat: a.vat + l.vat, total: a.total + l.total }), { net: 0, vat: 0, total: 0 });
        return { id: 0, date: t, dueDate: invoiceDueDate(t, terms.paymentDueDays), lines, ...totals, paid: 0 };
      };

      // Bill every billing day up to yesterday as the day runs did. Services carry their final end dates: the
      // engine bills up to an end date, so billing them with it is what the runs before the end did too.
      for (const t of billingDates) {
        const inv = billOn(t);
        if (inv) invoices.push(inv);
      }

      // Customers who stop paying: choose the invoice left unpaid so that, by decision 10, the customer is Blocked
      // today (blocking date passed, deactivation date not yet) or went Inactive on its deactivation date X.
      let status: 'new' | 'active' | 'blocked' | 'inactive' = behaviour === 'new' ? 'new' : 'active';
      let stopFrom: string | null = null; // invoices dated on/after this are never paid
      let deactivatedOn: string | null = null;
      if (behaviour === 'blocked' || behaviour === 'inactive') {
        const fits = invoices.filter((inv) => {
          const d = dunningDates({ invoiceDate: inv.date, ...terms });
          if (!d.blockingDate || d.blockingDate > yesterday) return false;
          return behaviour === 'blocked' ? d.deactivationDate === null || d.deactivationDate > yesterday : d.deactivationDate !== null && d.deactivationDate <= yesterday;
        });
        const chosen = behaviour === 'blocked' ? fits[0] : fits.length ? fits[rng.int(0, fits.length - 1)] : undefined;
        if (chosen) {
          stopFrom = chosen.date;
          if (behaviour === 'inactive') {
            deactivatedOn = dunningDates({ invoiceDate: chosen.date, ...terms }).deactivationDate!;
            // An Inactive customer is not billed after X: drop later invoices, and invoiced_until with them.
            while (invoices.length && invoices[invoices.length - 1].date > deactivatedOn) invoices.pop();
            for (const s of services) {
              let until: string | null = null;
              for (const inv of invoices) for (const l of inv.lines) if (l.serviceId === s.id && (until === null || l.to > until)) until = l.to;
              s.invoicedUntil = until;
            }
          }
        }
      }
      for (const inv of invoices) inv.id = nextInvoiceId++;

      // --- payments, by behaviour
      const payments: GenPayment[] = [];
      const method = () => rng.weighted<string>([['bank_transfer', 60], ['cash', 20], ['credit_card', 15], ['refill_card', 3], ['other', 2]]);
      if (behaviour === 'prepay' && invoices.length) {
        const billed = invoices.reduce((sum, inv) => sum + inv.total, 0);
        payments.push({ date: invoices[0].date, amount: Math.ceil((billed * 1.25) / 1000) * 1000, method: 'bank_transfer', reference: 'Prepayment' });
      } else {
        const due = terms.paymentDueDays;
        const blocking = terms.blockingDays === 'never' ? 0 : terms.blockingDays;
        for (const inv of invoices) {
          if (stopFrom && inv.date >= stopFrom) break;
          // On time: before the due date. Late: after it, but by the blocking date (paid during that day).
          const delay = behaviour === 'late' && rng.chance(0.6) ? due + (blocking > 0 ? rng.int(1, blocking) : 0) : rng.int(0, due - 1);
          const date = addDays(inv.date, delay);
          if (date > yesterday) continue;
          const m = method();
          payments.push({ date, amount: inv.total, method: m, reference: m === 'bank_transfer' ? `VS${inv.id}` : '' });
        }
      }
      payments.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));

      // --- allocation in date order: a day's payments come before its end-of-day invoice (decision 11)
      let balance = 0;
      const open: GenInvoice[] = [];
      const allocateNow = () => {
        const owed = open.reduce((sum, x) => sum + (x.total - x.paid), 0);
        const available = balance + owed;
        if (available <= 0 || owed === 0) return;
        const { allocations } = allocateCredit({ available, debts: open.map((x) => ({ id: x.id, date: x.date, outstanding: x.total - x.paid, kind: 'invoice' as const })) });
        for (const a of allocations) open.find((x) => x.id === a.id)!.paid += a.amount;
        for (let k = open.length - 1; k >= 0; k--) if (open[k].paid >= open[k].total) open.splice(k, 1);
      };
      let pi = 0;
      for (const inv of invoices) {
        while (pi < payments.length && payments[pi].date <= inv.date) {
          balance += payments[pi++].amount;
          allocateNow();
        }
        balance -= inv.total;
        if (inv.total > 0) open.push(inv);
        allocateNow();
      }
      while (pi < payments.length) {
        balance += payments[pi++].amount;
        allocateNow();
      }

      // --- where dunning leaves the customer (decision 10), decided by the engine itself
      const dunningSettings = { ...terms, blockOnOneTimeInvoices: settings['billing.blockOnOneTimeInvoices'] };
      const decide = (st: 'active' | 'blocked') =>
        customerDunningDecision({
          today: yesterday,
          trigger: 'endOfDay',
          status: st,
          balance,
          invoices: invoices.map((x) => ({ id: x.id, kind: 'recurring' as const, date: x.date, total: x.total, paid: x.paid })),
          settings: dunningSettings,
        });
      if (deactivatedOn) {
        status = 'inactive';
        for (const change of deactivationServiceChanges({ deactivationDate: deactivatedOn, services })) {
          const original = services.find((s) => s.id === change.serviceId)!;
          if (original.start >= deactivatedOn) {
            original.status = 'stopped';
            continue;
          }
          original.status = 'disabled';
          original.end = change.disable.end;
          services.push({
            ...original,
            id: nextServiceId++,
            status: 'stopped',
            start: change.stoppedCopy.start,
            end: change.stoppedCopy.end,
            invoicedUntil: change.stoppedCopy.invoicedUntil,
            copiedFrom: original.id,
            createdOn: deactivatedOn,
          });
        }
        // Services ordered after going Inactive are left out: staff would not add them to a disconnected customer.
        for (let k = services.length - 1; k >= 0; k--) if (services[k].createdOn > deactivatedOn && services[k].copiedFrom === null) services.splice(k, 1);
      } else if (status === 'active' && decide('active').action === 'block') {
        status = 'blocked';
        if (decide('blocked').action !== 'none') throw new Error(`generator: customer #${customerId} would be deactivated, but was generated Blocked`);
      }

      // --- write
      insCustomer.run(
        customerId, name, status, company ? 'company' : 'person', partnerId, createdOn, billingDayCol, useCreationCol, paymentDueCol, blockingCol, null,
        balance, email, phone, address, portalLogin, company && rng.chance(0.3) ? 'Key account: call before any disconnection.' : null,
      );
      services.sort((a, b) => a.id - b.id);
      for (const s of services) {
        const disc = s.discount;
        insService.run(
          s.id, customerId, s.kind, s.planId, s.description, s.quantity, s.plan.key === 'router' ? 'pcs' : null, s.unitPrice, s.payPeriodMonths,
          s.start, s.end, s.invoicedUntil, disc ? disc.kind : 'none', disc ? (disc.kind === 'percent' ? disc.percentBp : disc.amount) : 0,
          disc?.from ?? null, disc?.to ?? null, s.discountMessage, s.status, s.routerId, s.login, s.password, s.ipv4Method, s.ipv4,
          s.ipv4Method === 'dynamic' && poolIds.length && rng.chance(0.3) ? poolIds[0] : null, s.macs, s.portId, s.lat, s.lon, s.geoAddress,
          s.copiedFrom, s.createdOn,
        );
        insHistory.run(s.id, s.start < s.createdOn ? s.start : s.createdOn, s.status, s.status === 'stopped' && s.copiedFrom !== null ? 'deactivation' : null);
      }
      const pattern = settings['billing.invoiceNumberPattern'];
      const events: { date: string; order: number; write: () => void }[] = [];
      for (const inv of invoices)
        events.push({
          date: inv.date,
          order: 1,
          write: () => {
            const number = documentNumber(pattern, inv.date, partnerId, inv.id);
            const dates = dunningDates({ invoiceDate: inv.date, ...terms });
            insInvoice.run(inv.id, customerId, number, inv.date, inv.dueDate, dates.blockingDate, dates.deactivationDate, inv.net, inv.vat, inv.total, inv.paid, invoiceStatus(inv.paid, inv.total));
            inv.lines.forEach((l, pos) =>
              insLine.run(
                inv.id, pos, l.serviceId, l.description, l.periodFrom, l.periodTo, l.from, l.to, l.days, l.divisor, l.periodPrice, l.quantity,
                l.unitPrice, l.amount, l.vatRateBp, l.vatIncluded ? 1 : 0, l.net, l.vat, l.total,
              ),
            );
            if (inv.total > 0) insTxn.run(customerId, inv.date, 'debit', inv.total, 'service', inv.id, null, `Invoice ${number}`);
            result.invoiceLines += inv.lines.length;
            result.ledgerRows += inv.total > 0 ? 1 : 0;
          },
        });
      for (const p of payments)
        events.push({
          date: p.date,
          order: 0,
          write: () => {
            const id = nextPaymentId++;
            insPayment.run(id, customerId, p.date, p.amount, p.method, p.reference, '');
            insTxn.run(customerId, p.date, 'credit', p.amount, 'payment', null, id, `Payment${p.reference ? ` ${p.reference}` : ''}`);
            result.ledgerRows++;
          },
        });
      events.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.order - b.order));
      for (const e of events) e.write();

      // --- traffic of the last days: one PPPoE session a day per active Internet service (routers reconnect
      // nightly) and today's open one, written through the same accounting import as the RADIUS server's records
      const usageFrom = addDays(today, -usageDays);
      const readings: SessionReading[] = [];
      for (const s of services) {
        if (s.kind !== 'internet' || s.status !== 'active' || !s.login) continue;
        const speed = s.plan.down ?? 100_000;
        const session = (day: string, from: number, to: number | null, rx: number, tx: number): SessionReading => ({
          uniqueId: `demo-${s.id}-${day}`,
          sessionId: `${s.id.toString(16)}${day.replace(/-/g, '')}`,
          login: s.login!,
          nasIp: '',
          framedIp: s.ipv4 ?? '',
          callingStationId: '',
          startedAt: from,
          readAt: to ?? from,
          stoppedAt: to,
          durationSeconds: to === null ? 0 : to - from,
          inputOctets: tx,
          outputOctets: rx,
          terminateCause: to === null ? '' : 'Session-Timeout',
          serviceId: s.id,
        });
        for (let day = s.start > usageFrom ? s.start : usageFrom; day <= yesterday; day = addDays(day, 1)) {
          const rx = Math.floor(speed * 1000 * (0.2 + rng.next() * 2.5) * 60); // bytes: a few minutes of full speed a day
          const tx = Math.floor(rx * (0.05 + rng.next() * 0.15));
          readings.push(session(day, localTime(day, 0, 1 + (s.id % 20)), localTime(day, 23, 59), rx, tx));
          result.usageRows++;
        }
        if (s.start <= today) readings.push(session(today, localTime(today, 0, 1 + (s.id % 20)), null, 0, 0));
      }
      if (readings.length) db.withoutSavepoints(() => importReadings(importCtx, readings));

      result.customers++;
      result.services += services.length;
      result.invoices += invoices.length;
      result.payments += payments.length;
      result.byStatus[status] = (result.byStatus[status] ?? 0) + 1;
      if ((i + 1) % 10_000 === 0) progress(`${i + 1} / ${n} customers`);
    }
    createIndexesAgain();

    // --- state: history is processed up to yesterday; a demo pins its training clock to today
    setAppState(db, 'scheduler.lastProcessedDay', yesterday);
    setAppState(db, 'scheduler.lastStartedDay', yesterday);
    if (opts.demo) {
      setAppState(db, 'demo', true);
      setAppState(db, 'businessDateOverride', today);
    }
    sq.prepare(
      `INSERT INTO audit_log (business_date, actor, entity, entity_id, customer_id, action, before, after)
       VALUES (?, 'generator', 'database', NULL, NULL, ?, NULL, ?)`,
    ).run(today, `${opts.demo ? 'demo ISP' : 'ISP data'} generated: ${n} customers, seed ${seed}`, JSON.stringify({ seed, customers: n, months, today }));
  });
  } finally {
    sq.pragma(`cache_size = ${cacheBefore}`);
  }
  // Fresh statistics so the planner picks the right indexes on the big tables straight away.
  analyze(db.sqlite);
  result.ms = Math.round(performance.now() - started);
  return result;
}

function invoiceStatus(paid: number, total: number): 'paid' | 'unpaid' | 'partiallyPaid' {
  if (paid >= total) return 'paid';
  return paid === 0 ? 'unpaid' : 'partiallyPaid';
}

// Compiled once per pattern, year and partner: a generated ISP numbers hundreds of thousands of invoices with a handful.
const compiledPatterns = new Map<string, (next: number) => string>();

/** The number the ledger's nextNumber gives the invoice with this id ({year}{partner_id|2}{next|6} by default). */
export function documentNumber(pattern: string, date: string, partnerId: number, next: number): string {
  const key = `${date.slice(0, 4)}|${partnerId}|${pattern}`;
  let compiled = compiledPatterns.get(key);
  if (!compiled) compiledPatterns.set(key, (compiled = compileNumberPattern(pattern, date.slice(0, 4), partnerId)));
  return compiled(next);
}
