import type { z } from 'zod';
import { getAppState } from '../../db/appState';
import { daysFromColumn, daysToColumn, type CustomerStatus, type Language } from '../../db/enums';
import { customerBillingTerms, resolveSettings } from '../../db/settings';
import type { OutputOf, ParsedInputOf } from '../contract';
import type { customerBillingInput, CustomerDetail, CustomerRow, DunningTimeline } from '../contract/customers';
import { AppError, fieldError, notFound } from '../contract/errors';
import { effectiveBillingDay, isBillingDay, nextBillingDate } from '../engine';
import { audit, customerAuditPage } from './audit';
import type { AppContext } from './context';
import { onlineCustomerIds } from './accounting/queries';
import { SEARCH_COUNT_STEP, searchPage } from './customerSearch';
import type { Handler } from './handlers';
import { hashPassword, setPapPassword } from './passwords';
import { allRows, getRow, run } from './prepared';

// Customers: the list (search as you type over 100k rows), the detail with the billing terms that apply and
// the dunning timeline, and create / update. Portal passwords are stored as scrypt hashes only.

/** The customers table as SQLite returns it. */
export interface CustomerDbRow {
  id: number;
  name: string;
  status: CustomerStatus;
  category: 'person' | 'company';
  partner_id: number;
  created_on: string;
  billing_day: number | null;
  use_creation_date: number | null;
  payment_due_days: number | null;
  blocking_days: number | null;
  deactivation_days: number | null;
  minimum_balance: number | null;
  balance: number;
  email: string | null;
  phone: string | null;
  address: string | null;
  portal_login: string | null;
  portal_password_hash: string | null;
  notes: string | null;
  language: Language;
}

export function loadCustomer(ctx: AppContext, id: number, field = 'id'): CustomerDbRow {
  const row = getRow<CustomerDbRow>(ctx.db, `SELECT * FROM customers WHERE id = ?`, id);
  if (!row) throw notFound('Customer', id, field);
  return row;
}

function billingColumns(c: CustomerDbRow) {
  return {
    billingDay: c.billing_day,
    useCreationDate: c.use_creation_date === null ? null : c.use_creation_date === 1,
    paymentDueDays: c.payment_due_days,
    blockingDays: c.blocking_days,
    deactivationDays: c.deactivation_days,
    minimumBalance: c.minimum_balance,
  };
}

type BillingInput = z.output<typeof customerBillingInput>;

function storedBilling(c: CustomerDbRow): BillingInput {
  const b = billingColumns(c);
  return {
    ...b,
    blockingDays: b.blockingDays === null ? null : daysFromColumn(b.blockingDays),
    deactivationDays: b.deactivationDays === null ? null : (daysFromColumn(b.deactivationDays) as number | 'never'),
  };
}

// ---------------------------------------------------------------------------------------------------------
// customers.list

/** The list's sort columns as SQL (on the customers row `c` and its partner `p`); the id follows in the same direction. */
export const SORT_SQL: Record<ParsedInputOf<'customers.list'>['sortBy'], string> = {
  id: 'c.id',
  name: 'c.name COLLATE NOCASE',
  status: 'c.status',
  balance: 'c.balance',
  partner: 'p.name COLLATE NOCASE',
  createdOn: 'c.created_on',
};

interface ListDbRow {
  id: number;
  name: string;
  status: CustomerStatus;
  partner_id: number;
  partner_name: string;
  email: string | null;
  phone: string | null;
  portal_login: string | null;
  balance: number;
  created_on: string;
}

const LIST_COLUMNS = `c.id, c.name, c.status, c.partner_id, p.name AS partner_name, c.email, c.phone, c.portal_login, c.balance, c.created_on`;

/**
 * customers.list: one page in the order asked for (sort column, then id in the same direction) and the number of
 * customers matching. Without a search, the page's ids are found on an index alone (customers_*_idx: sort key,
 * then the rowid) so a deep page skips index entries, not rows; the partner sort pages partner by partner. A search
 * is customerSearch.ts's: its count may stop at a step (`totalIsLowerBound`, see SEARCH_COUNT_STEP; tests give a
 * small `countStep`).
 */
export function listCustomers(ctx: AppContext, input: ParsedInputOf<'customers.list'>, countStep = SEARCH_COUNT_STEP): OutputOf<'customers.list'> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (input.status) {
    where.push('c.status = ?');
    params.push(input.status);
  }
  if (input.partnerId !== null) {
    where.push('c.partner_id = ?');
    params.push(input.partnerId);
  }
  const term = input.search.trim();
  const dir = input.sortDir === 'desc' ? 'DESC' : 'ASC';
  const order = `ORDER BY ${SORT_SQL[input.sortBy]} ${dir}, c.id ${dir}`;
  const offset = (input.page - 1) * input.pageSize;
  let total: number;
  let rows: ListDbRow[];
  let lowerBound = false;
  if (term) {
    const found = searchPage(ctx, {
      term,
      where,
      params,
      order,
      byId: input.sortBy === 'id' ? dir : null,
      byName: input.sortBy === 'name',
      byPartner: input.sortBy === 'partner',
      offset,
      limit: input.pageSize,
      step: countStep,
    });
    total = found.total;
    lowerBound = found.lowerBound;
    rows = pageRows(ctx, found.ids);
  } else {
    const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
    total = getRow<{ n: number }>(ctx.db, `SELECT count(*) AS n FROM customers c ${whereSql}`, ...params)!.n;
    if (offset >= total) rows = [];
    else if (input.sortBy === 'partner') rows = partnerSortedPage(ctx, where, params, dir, offset, input.pageSize);
    else
      rows = allRows<ListDbRow>(
        ctx.db,
        `SELECT ${LIST_COLUMNS}
         FROM (SELECT c.id FROM customers c ${whereSql} ${order} LIMIT ? OFFSET ?) AS pg
         CROSS JOIN customers c ON c.id = pg.id JOIN partners p ON p.id = c.partner_id
         ${order}`,
        ...params,
        input.pageSize,
        offset,
      );
  }
  const online = onlineCustomerIds(ctx, rows.map((r) => r.id));
  return {
    rows: rows.map(
      (r): CustomerRow => ({
        id: r.id,
        name: r.name,
        status: r.status,
        partnerId: r.partner_id,
        partnerName: r.partner_name,
        email: r.email ?? '',
        phone: r.phone ?? '',
        portalLogin: r.portal_login ?? '',
        balance: r.balance,
        createdOn: r.created_on,
        online: online.has(r.id),
      }),
    ),
    total,
    ...(lowerBound ? { totalIsLowerBound: true } : {}),
    page: input.page,
    pageSize: input.pageSize,
  };
}

const list: Handler<'customers.list'> = (ctx, input) => listCustomers(ctx, input);

/**
 * A page sorted by partner name (NOCASE), then id: the same order as `ORDER BY p.name COLLATE NOCASE, c.id`, walked
 * partner by partner. Each partner's customers are counted and paged by id on customers_partner_status_idx /
 * customers_partner_idx; partners whose names are equal ignoring case form one group ordered by id across them.
 */
function partnerSortedPage(ctx: AppContext, where: string[], params: unknown[], dir: 'ASC' | 'DESC', offset: number, limit: number): ListDbRow[] {
  const groups = allRows<{ ids: string }>(ctx.db, `SELECT group_concat(id) AS ids FROM partners GROUP BY name COLLATE NOCASE ORDER BY name COLLATE NOCASE`).map((g) =>
    g.ids.split(',').map(Number),
  );
  if (dir === 'DESC') groups.reverse();
  const ids: number[] = [];
  let skip = offset;
  for (const group of groups) {
    if (ids.length >= limit) break;
    const partnerSql = group.length === 1 ? 'c.partner_id = ?' : `c.partner_id IN (${group.map(() => '?').join(', ')})`;
    const whereSql = `WHERE ${[...where, partnerSql].join(' AND ')}`;
    const n = getRow<{ n: number }>(ctx.db, `SELECT count(*) AS n FROM customers c ${whereSql}`, ...params, ...group)!.n;
    if (skip >= n) {
      skip -= n;
      continue;
    }
    const page = allRows<{ id: number }>(ctx.db, `SELECT c.id FROM customers c ${whereSql} ORDER BY c.id ${dir} LIMIT ? OFFSET ?`, ...params, ...group, limit - ids.length, skip);
    for (const r of page) ids.push(r.id);
    skip = 0;
  }
  return pageRows(ctx, ids);
}

/** The list's rows of these customers, in this order. */
function pageRows(ctx: AppContext, ids: number[]): ListDbRow[] {
  if (!ids.length) return [];
  const byId = new Map(
    allRows<ListDbRow>(ctx.db, `SELECT ${LIST_COLUMNS} FROM json_each(?) AS j CROSS JOIN customers c ON c.id = j.value JOIN partners p ON p.id = c.partner_id`, JSON.stringify(ids)).map((r) => [
      r.id,
      r,
    ]),
  );
  return ids.map((id) => byId.get(id)!);
}

// ---------------------------------------------------------------------------------------------------------
// customers.get

function dunningTimeline(ctx: AppContext, c: CustomerDbRow, terms: ReturnType<typeof customerBillingTerms>, blockOnOneTime: boolean): DunningTimeline {
  const today = ctx.clock.today();
  const day = effectiveBillingDay({ billingDay: terms.billingDay, useCreationDate: terms.useCreationDate, createdOn: c.created_on });
  // On a billing day whose end-of-day run has not happened yet, today's invoice is still the next one.
  const last = getAppState(ctx.db, 'scheduler.lastProcessedDay');
  const nextInvoiceDate = isBillingDay(today, day) && (last === null || last < today) ? today : nextBillingDate(today, day);
  // The same invoices and dates as the day run: blocking-type by what the invoice charges (decision 20), with the
  // dates stored when it was issued (decision 24).
  const invoice = getRow<{ id: number; dueDate: string; blockingDate: string | null; deactivationDate: string | null }>(
    ctx.db,
    `SELECT id, due_date AS dueDate, blocking_date AS blockingDate, deactivation_date AS deactivationDate FROM invoices
     WHERE customer_id = ? AND status IN ('unpaid', 'partiallyPaid') AND (charges_service = 1 OR ?)
     ORDER BY date, id LIMIT 1`,
    c.id,
    blockOnOneTime ? 1 : 0,
  );
  if (!invoice) return { nextInvoiceDate, unpaidInvoiceId: null, dueDate: null, blockingDate: null, deactivationDate: null };
  const dates = { dueDate: invoice.dueDate, blockingDate: invoice.blockingDate, deactivationDate: invoice.deactivationDate };
  return { nextInvoiceDate, unpaidInvoiceId: invoice.id, ...dates };
}

export function customerDetail(ctx: AppContext, id: number): CustomerDetail {
  const c = loadCustomer(ctx, id);
  const partnerName = getRow<{ name: string }>(ctx.db, `SELECT name FROM partners WHERE id = ?`, c.partner_id)!.name;
  const settings = resolveSettings(ctx.db, c.partner_id);
  const terms = customerBillingTerms(billingColumns(c), settings);
  const counts = getRow<{ services: number; unpaid: number; tickets: number }>(
    ctx.db,
    `SELECT (SELECT count(*) FROM services WHERE customer_id = @id AND status <> 'archived') AS services,
            (SELECT count(*) FROM invoices WHERE customer_id = @id AND status IN ('unpaid', 'partiallyPaid')) AS unpaid,
            (SELECT count(*) FROM tickets WHERE customer_id = @id AND status <> 'resolved') AS tickets`,
    { id },
  )!;
  return {
    id: c.id,
    name: c.name,
    status: c.status,
    partnerId: c.partner_id,
    partnerName,
    category: c.category,
    email: c.email ?? '',
    phone: c.phone ?? '',
    address: c.address ?? '',
    notes: c.notes ?? '',
    portalLogin: c.portal_login ?? '',
    hasPortalPassword: !!c.portal_password_hash,
    language: c.language,
    createdOn: c.created_on,
    balance: c.balance,
    billing: storedBilling(c),
    effectiveBilling: terms,
    dunning: dunningTimeline(ctx, c, terms, settings['billing.blockOnOneTimeInvoices']),
    counts: { services: counts.services, unpaidInvoices: counts.unpaid, openTickets: counts.tickets },
  };
}

/** What the audit log keeps of a customer: everything but the password hash (only whether one is set). */
function auditView(c: CustomerDbRow) {
  const { portal_password_hash, pap_password_ssha512: _pap, ...rest } = c as CustomerDbRow & { pap_password_ssha512?: string | null };
  return { ...rest, has_portal_password: !!portal_password_hash };
}

// ---------------------------------------------------------------------------------------------------------
// create / update

function checkPartner(ctx: AppContext, partnerId: number): void {
  if (!getRow(ctx.db, `SELECT 1 FROM partners WHERE id = ?`, partnerId)) throw notFound('Partner', partnerId, 'partnerId');
}

/** Portal logins are unique regardless of case, so "Anna" and "anna" cannot both sign in. */
function checkPortalLogin(ctx: AppContext, login: string, selfId: number | null): void {
  if (!login) return;
  const other = getRow<{ id: number }>(ctx.db, `SELECT id FROM customers WHERE portal_login = ? COLLATE NOCASE AND id IS NOT ?`, login, selfId);
  if (other)
    throw new AppError('CONFLICT', `Portal login "${login}" is already used by customer #${other.id}`, {
      portalLogin: `is already used by customer #${other.id}`,
    });
}

function billingParams(b: BillingInput): unknown[] {
  return [
    b.billingDay,
    b.useCreationDate === null ? null : b.useCreationDate ? 1 : 0,
    b.paymentDueDays,
    b.blockingDays === null ? null : daysToColumn(b.blockingDays),
    b.deactivationDays === null ? null : daysToColumn(b.deactivationDays),
    b.minimumBalance,
  ];
}

const create: Handler<'customers.create'> = (ctx, input) => {
  const today = ctx.clock.today();
  const createdOn = input.createdOn ?? today;
  if (createdOn > today) throw fieldError('createdOn', `must not be in the future (today is ${today})`);
  const id = ctx.db.transaction(() => {
    checkPartner(ctx, input.partnerId);
    checkPortalLogin(ctx, input.portalLogin, null);
    const newId = Number(
      run(
        ctx.db,
        `INSERT INTO customers (name, status, category, partner_id, created_on, billing_day, use_creation_date, payment_due_days,
           blocking_days, deactivation_days, minimum_balance, email, phone, address, portal_login, portal_password_hash, notes, language)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        input.name,
        input.status,
        input.category,
        input.partnerId,
        createdOn,
        ...billingParams(input.billing),
        input.email,
        input.phone,
        input.address,
        input.portalLogin || null,
        input.portalPassword ? hashPassword(input.portalPassword) : null,
        input.notes,
        input.language ?? resolveSettings(ctx.db, input.partnerId)['display.language'],
      ).lastInsertRowid,
    );
    if (input.portalPassword) setPapPassword(ctx.db, newId, input.portalPassword);
    audit(ctx, { entity: 'customer', entityId: newId, customerId: newId, action: 'create', after: auditView(loadCustomer(ctx, newId)) });
    return newId;
  });
  return customerDetail(ctx, id);
};

const update: Handler<'customers.update'> = (ctx, input) => {
  ctx.db.transaction(() => {
    const before = loadCustomer(ctx, input.id);
    const partnerId = input.partnerId ?? before.partner_id;
    if (input.partnerId !== undefined) checkPartner(ctx, partnerId);
    const portalLogin = input.portalLogin ?? before.portal_login ?? '';
    if (input.portalLogin !== undefined) checkPortalLogin(ctx, portalLogin, before.id);
    const billing = input.billing ?? storedBilling(before);
    // Status by hand is just the status: blocking/deactivation side effects (service copies) are the day run's.
    run(
      ctx.db,
      `UPDATE customers SET name = ?, status = ?, category = ?, partner_id = ?, billing_day = ?, use_creation_date = ?,
         payment_due_days = ?, blocking_days = ?, deactivation_days = ?, minimum_balance = ?, email = ?, phone = ?, address = ?,
         portal_login = ?, portal_password_hash = ?, notes = ?, language = ?
       WHERE id = ?`,
      input.name ?? before.name,
      input.status ?? before.status,
      input.category ?? before.category,
      partnerId,
      ...billingParams(billing),
      input.email ?? before.email,
      input.phone ?? before.phone,
      input.address ?? before.address,
      portalLogin || null,
      // empty = keep the current password (the form never shows it)
      input.portalPassword ? hashPassword(input.portalPassword) : before.portal_password_hash,
      input.notes ?? before.notes,
      input.language ?? before.language,
      before.id,
    );
    if (input.portalPassword) setPapPassword(ctx.db, before.id, input.portalPassword);
    const after = loadCustomer(ctx, before.id);
    audit(ctx, {
      entity: 'customer',
      entityId: before.id,
      customerId: before.id,
      action: before.status !== after.status ? `update (status ${before.status} → ${after.status})` : 'update',
      before: auditView(before),
      after: { ...auditView(after), ...(input.portalPassword ? { portal_password_changed: true } : {}) },
    });
  });
  return customerDetail(ctx, input.id);
};

export const customerHandlers = {
  'customers.list': list,
  'customers.get': (ctx, input) => customerDetail(ctx, input.id),
  'customers.create': create,
  'customers.update': update,
  'customers.auditLog': (ctx, input) => customerAuditPage(ctx, input.customerId, input.page, input.pageSize),
} satisfies { [K in 'customers.list' | 'customers.get' | 'customers.create' | 'customers.update' | 'customers.auditLog']: Handler<K> };
