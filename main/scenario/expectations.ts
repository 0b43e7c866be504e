import { formatMoney, parseMoney } from '../engine/money';
import type { Expectation, RadiusExpectation } from './format';
import { papAnswer } from '../radius/evaluate';
import { call } from '../app/dispatch';
import type { ScenarioContext } from './runner';

// Every list is compared the same way (FORMAT.md): same count, and each listed field equal.

type Problems = string[];

function same(problems: Problems, label: string, expected: unknown, found: unknown): void {
  if (expected === undefined) return;
  if (expected !== found) problems.push(`${label}: expected ${JSON.stringify(expected)}, found ${JSON.stringify(found)}`);
}

const money = (cents: number) => formatMoney(cents);
const normMoney = (s: string | undefined) => (s === undefined ? undefined : formatMoney(parseMoney(s)));

function compareList<E, F>(problems: Problems, label: string, expected: E[] | undefined, found: F[], each: (p: Problems, l: string, e: E, f: F) => void): void {
  if (expected === undefined) return;
  if (expected.length !== found.length) {
    problems.push(`${label}: expected ${expected.length}, found ${found.length}`);
    return;
  }
  expected.forEach((e, i) => each(problems, `${label}[${i}]`, e, found[i]));
}

function planLocalId(sc: ScenarioContext, planId: number): string {
  for (const [local, id] of sc.ids.plans) if (id === planId) return local;
  return `#${planId}`;
}

export function checkExpectation(sc: ScenarioContext, e: Expectation): Problems {
  const problems: Problems = [];
  try {
    if (e.radius) checkRadius(sc, e.radius, problems);
    else if (e.service) checkService(sc, e, problems);
    else checkCustomer(sc, e, problems);
  } catch (err) {
    problems.push((err as Error).message);
  }
  return problems;
}

function checkService(sc: ScenarioContext, e: Expectation, problems: Problems): void {
  const id = sc.ids.services.get(e.service!);
  if (id === undefined) throw new Error(`unknown service "${e.service}"`);
  const s = call(sc.ctx, 'services.get', { id });
  same(problems, 'status', e.status, s.status);
  same(problems, 'start', e.start, s.start);
  same(problems, 'end', e.end, s.end);
  same(problems, 'plan', e.plan, planLocalId(sc, s.planId));
  same(problems, 'invoicedUntil', e.invoicedUntil, s.invoicedUntil);
}

function checkCustomer(sc: ScenarioContext, e: Expectation, problems: Problems): void {
  const id = sc.ids.customers.get(e.customer!);
  if (id === undefined) throw new Error(`unknown customer "${e.customer}"`);
  const { ctx } = sc;
  if (e.balance !== undefined || e.status !== undefined) {
    const c = call(ctx, 'customers.get', { id });
    same(problems, 'balance', normMoney(e.balance), money(c.balance));
    same(problems, 'status', e.status, c.status);
  }
  if (e.invoices || e.creditNotes) {
    const b = call(ctx, 'billing.forCustomer', { customerId: id });
    const invoices = [...b.invoices].sort((x, y) => x.date.localeCompare(y.date) || x.id - y.id);
    compareList(problems, 'invoices', e.invoices, invoices, (p, l, ei, fi) => {
      same(p, `${l}.date`, ei.date, fi.date);
      same(p, `${l}.total`, normMoney(ei.total), money(fi.total));
      same(p, `${l}.status`, ei.status, fi.status);
      compareList(p, `${l}.lines`, ei.lines, fi.lines, (p2, l2, el, fl) => {
        same(p2, `${l2}.from`, el.from, fl.from);
        same(p2, `${l2}.to`, el.to, fl.to);
        same(p2, `${l2}.amount`, normMoney(el.amount), money(fl.total));
        same(p2, `${l2}.description`, el.description, fl.description);
      });
    });
    const notes = [...b.creditNotes].sort((x, y) => x.date.localeCompare(y.date) || x.id - y.id);
    compareList(problems, 'creditNotes', e.creditNotes, notes, (p, l, ec, fc) => {
      same(p, `${l}.date`, ec.date, fc.date);
      same(p, `${l}.total`, normMoney(ec.total), money(fc.total));
    });
  }
  // FORMAT.md: "all of the customer's services", so a cancelled change's Archived service is listed too.
  if (e.services) {
    const services = [...call(ctx, 'services.listForCustomer', { customerId: id, includeCancelledChanges: true })].sort((x, y) => x.id - y.id);
    compareList(problems, 'services', e.services, services, (p, l, es, fs) => {
      same(p, `${l}.status`, es.status, fs.status);
      same(p, `${l}.start`, es.start, fs.start);
      same(p, `${l}.end`, es.end, fs.end);
      same(p, `${l}.plan`, es.plan, planLocalId(sc, fs.planId));
      same(p, `${l}.price`, normMoney(es.price), money(fs.unitPrice));
    });
  }
  if (e.tickets) {
    // FORMAT writes statuses in words ("new", "work in progress", "waiting on customer"); the API in camelCase.
    const status = (s: string | undefined) => (s === undefined ? undefined : s.toLowerCase().replace(/[\s_-]+/g, ''));
    const tickets = call(ctx, 'tickets.list', { customerId: id, status: 'all', pageSize: 500 }).rows.sort((x, y) => x.id - y.id);
    compareList(problems, 'tickets', e.tickets, tickets, (p, l, et, ft) => {
      same(p, `${l}.subject`, et.subject, ft.subject);
      same(p, `${l}.status`, status(et.status), status(ft.status));
    });
  }
}

/** What the product's FreeRADIUS answers: the same queries its configuration runs (main/radius/evaluate.ts). */
function checkRadius(sc: ScenarioContext, e: RadiusExpectation, problems: Problems): void {
  const found = papAnswer(sc.ctx.db.sqlite, e.login, e.password, e.callingStationId);
  same(problems, 'result', e.result, found.result);
  for (const [name, value] of Object.entries(e.attributes ?? {})) same(problems, name, value, found.attributes[name] ?? null);
  for (const name of e.absent ?? []) if (name in found.attributes) problems.push(`${name}: expected absent, found ${JSON.stringify(found.attributes[name])}`);
  if (e.result === 'reject' && Object.keys(found.attributes).length) problems.push(`a reject carries no attributes, found ${JSON.stringify(found.attributes)}`);
  if (sc.radiusCheck) problems.push(...sc.radiusCheck(e).map((p) => `real server: ${p}`));
}
