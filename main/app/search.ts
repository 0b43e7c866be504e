import type { SearchCustomerHit, SearchInvoiceHit } from '../contract/search';
import type { CustomerStatus } from '../contract/common';
import { displayedInvoiceStatus } from '../engine/allocation';
import type { AppContext } from './context';
import { firstMatches } from './customerSearch';
import type { Handlers } from './handlers';
import { allRows } from './prepared';

// Global search (the header's spotlight). Customers: the list's own ways of matching (id, name / e-mail / phone /
// portal login prefixes, IP prefix, trigram "contains") plus service logins by prefix, most telling first, each in
// its own index's order (customerSearch.ts firstMatches). Invoices: number prefix as a range on
// invoices_number_unique. Each kind is capped at `limit` rows, read in index order, so a keystroke costs the same
// at 100k customers.

interface CustomerHitRow {
  id: number;
  name: string;
  status: CustomerStatus;
  phone: string | null;
  email: string | null;
  portal_login: string | null;
}

interface ServiceHitRow {
  customer_id: number;
  login: string | null;
  ipv4: string | null;
}

/** Every string the term begins, case aside (what staff typed is the start of a login, a phone, an IP). */
const startsWith = (value: string | null, term: string): boolean => !!value && value.toLowerCase().startsWith(term.toLowerCase());

function searchCustomers(ctx: AppContext, term: string, limit: number): SearchCustomerHit[] {
  const ids = firstMatches(ctx, term, limit);
  const rows = allRows<CustomerHitRow>(
    ctx.db,
    `SELECT c.id, c.name, c.status, c.phone, c.email, c.portal_login FROM json_each(?) AS j CROSS JOIN customers c ON c.id = j.value ORDER BY j.key`,
    JSON.stringify(ids),
  );
  if (rows.length === 0) return [];
  // What matched, for the line under the name: a service's login or IP first (what support is usually given).
  const services = allRows<ServiceHitRow>(
    ctx.db,
    `SELECT customer_id, login, ipv4 FROM services WHERE customer_id IN (SELECT value FROM json_each(?)) AND status <> 'archived' ORDER BY id`,
    JSON.stringify(rows.map((r) => r.id)),
  );
  return rows.map((r) => {
    const own = services.filter((s) => s.customer_id === r.id);
    const login = own.find((s) => startsWith(s.login, term))?.login;
    const ip = own.find((s) => startsWith(s.ipv4, term))?.ipv4;
    const matched =
      (login && `login ${login}`) ||
      (ip && `IP ${ip}`) ||
      (startsWith(r.portal_login, term) && `portal login ${r.portal_login}`) ||
      (startsWith(r.phone, term) && `phone ${r.phone}`) ||
      (startsWith(r.email, term) && `e-mail ${r.email}`) ||
      (String(r.id) === term && `customer #${r.id}`) ||
      [r.phone, r.email].filter(Boolean).join(' · ');
    return { id: r.id, name: r.name, status: r.status, matched };
  });
}

interface InvoiceHitRow {
  id: number;
  number: string;
  customer_id: number;
  customer_name: string;
  date: string;
  due_date: string;
  total: number;
  paid: number;
  status: string;
}

function searchInvoices(ctx: AppContext, term: string, limit: number): SearchInvoiceHit[] {
  // "starts with" as the range [term, term with its last character + 1) on the unique (binary) number index.
  const upper = term.slice(0, -1) + String.fromCharCode(term.charCodeAt(term.length - 1) + 1);
  const rows = allRows<InvoiceHitRow>(
    ctx.db,
    `SELECT i.id, i.number, i.customer_id, c.name AS customer_name, i.date, i.due_date, i.total, i.paid, i.status
       FROM invoices i JOIN customers c ON c.id = i.customer_id
      WHERE i.number >= ? AND i.number < ? ORDER BY i.number LIMIT ?`,
    term,
    upper,
    limit,
  );
  const today = ctx.clock.today();
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    customerId: r.customer_id,
    customerName: r.customer_name,
    date: r.date,
    total: r.total,
    status: r.status === 'cancelled' ? 'cancelled' : displayedInvoiceStatus(r.total, r.paid, r.due_date, today),
  }));
}

export const searchHandlers: Handlers<'search.global'> = {
  'search.global': (ctx, { term, limit }) => ({
    customers: searchCustomers(ctx, term, limit),
    invoices: searchInvoices(ctx, term, limit),
  }),
};
