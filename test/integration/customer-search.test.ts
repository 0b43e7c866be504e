import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InputOf } from '../../main/contract';
import { contract } from '../../main/contract';
import { listCustomers, SORT_SQL } from '../../main/app/customers';
import { generateIsp } from '../../main/demo/generate';
import { createRng } from '../../main/demo/prng';
import { createAppFixture, type AppFixture } from './appFixtures';

// The customer list's search, as staff type it: the page and the count must be what sorting and counting every
// match gives, also when the count stops at a step ("1 000+" at 100k customers; a step of 10 here, on 300
// customers, so that most terms take that path) and when a term is wide enough that each way it matches is
// looked at only up to the page. The matches are decided here in plain code, independently of the SQL.

let fx: AppFixture;
beforeAll(() => {
  fx = createAppFixture({ today: '2024-03-20' });
  generateIsp(fx.db, { customers: 300, seed: 11, today: '2024-03-20', months: 1, usageDays: 0 });
});
afterAll(() => fx.close());

interface Customer {
  id: number;
  name: string;
  email: string | null;
  phone: string | null;
  portal_login: string | null;
  address: string | null;
  status: string;
  partner_id: number;
}

const SORTS = ['id', 'name', 'status', 'balance', 'partner', 'createdOn'] as const;

/** Every customer the term finds, in the list's order: starts a name / e-mail / phone / login, is the id, is inside one of those or the address (3+ characters), or starts an IP of a service in use. */
function expected(input: ReturnType<typeof parse>): number[] {
  const term = input.search.trim().toLowerCase();
  const customers = fx.db.sqlite.prepare('SELECT id, name, email, phone, portal_login, address, status, partner_id FROM customers').all() as Customer[];
  const ips = fx.db.sqlite.prepare("SELECT customer_id AS id, ipv4 FROM services WHERE ipv4 IS NOT NULL AND ipv4 <> '' AND status <> 'archived'").all() as { id: number; ipv4: string }[];
  const isIp = /^\d{1,3}(\.\d{0,3}){1,3}$/.test(term);
  const ids = customers
    .filter((c) => {
      const own = [c.name, c.email, c.phone, c.portal_login].map((v) => (v ?? '').toLowerCase());
      return (
        (input.status === null || c.status === input.status) &&
        (input.partnerId === null || c.partner_id === input.partnerId) &&
        (String(c.id) === term ||
          own.some((v) => v.startsWith(term)) ||
          (term.length >= 3 && [...own, (c.address ?? '').toLowerCase()].some((v) => v.includes(term))) ||
          (isIp && ips.some((s) => s.id === c.id && s.ipv4.startsWith(term))))
      );
    })
    .map((c) => c.id);
  const dir = input.sortDir === 'desc' ? 'DESC' : 'ASC';
  return (
    fx.db.sqlite
      .prepare(`SELECT c.id FROM json_each(?) j JOIN customers c ON c.id = j.value JOIN partners p ON p.id = c.partner_id ORDER BY ${SORT_SQL[input.sortBy]} ${dir}, c.id ${dir}`)
      .all(JSON.stringify(ids)) as { id: number }[]
  ).map((r) => r.id);
}

const parse = (input: InputOf<'customers.list'>) => contract['customers.list'].input.parse(input);

/** Terms as staff type them: the start of a name, e-mail, phone, id or IP, or a piece from inside one. */
function typedTerms(count: number): string[] {
  const rng = createRng(5);
  const sources = fx.db.sqlite
    .prepare(
      `SELECT c.id, c.name, c.email, c.phone, c.portal_login, c.address, (SELECT ipv4 FROM services s WHERE s.customer_id = c.id AND s.ipv4 IS NOT NULL LIMIT 1) AS ip
       FROM customers c ORDER BY c.id`,
    )
    .all() as (Customer & { ip: string | null })[];
  const terms: string[] = [];
  while (terms.length < count) {
    const c = rng.pick(sources);
    const from = rng.pick([c.name, c.name.split(' ').pop()!, c.email ?? c.name, c.phone ?? '+', String(c.id), c.ip ?? '10.', c.portal_login ?? c.name, c.address ?? c.name]);
    const start = rng.chance(0.3) ? rng.int(0, Math.max(0, from.length - 3)) : 0;
    const term = from.slice(start, start + rng.int(1, 7));
    if (term.trim()) terms.push(rng.chance(0.2) ? term.toUpperCase() : term);
  }
  return terms;
}

describe('customer search (customers.list with a search)', () => {
  it('answers the page and the count that sorting and counting every match gives, the count stopping at a step', () => {
    const rng = createRng(9);
    const partners = (fx.db.sqlite.prepare('SELECT id FROM partners').all() as { id: number }[]).map((p) => p.id);
    let stopped = 0;
    let wide = 0;
    for (const search of typedTerms(150)) {
      const input = parse({
        search,
        page: rng.chance(0.6) ? 1 : rng.int(1, 6),
        pageSize: rng.pick([5, 8, 20]),
        sortBy: rng.pick(SORTS),
        sortDir: rng.pick(['asc', 'desc'] as const),
        status: rng.chance(0.2) ? rng.pick(['new', 'active', 'blocked', 'inactive'] as const) : null,
        partnerId: rng.chance(0.15) ? rng.pick(partners) : null,
      });
      const all = expected(input);
      const got = listCustomers(fx.ctx, input, 10);
      const offset = (input.page - 1) * input.pageSize;
      const what = JSON.stringify(input);
      expect(got.rows.map((r) => r.id), what).toEqual(all.slice(offset, offset + input.pageSize));
      if (got.totalIsLowerBound) {
        stopped++;
        // counted in steps of 10 up to the step after the page: more than that match
        expect(got.total % 10, what).toBe(0);
        expect(got.total, what).toBeGreaterThan(offset + input.pageSize - 1);
        expect(all.length, what).toBeGreaterThan(got.total);
        if (all.length > 60) wide++;
      } else expect(got.total, what).toBe(all.length);
    }
    // both paths were taken, and wide terms (where each way of matching is looked at only up to the page) too
    expect(stopped).toBeGreaterThan(20);
    expect(wide).toBeGreaterThan(5);
  });

  it('lets staff page through every match of a wide term: the last page offered counts further', () => {
    for (const [search, sortBy] of [
      ['+', 'id'], // every phone number
      ['+', 'name'],
      ['a', 'balance'],
    ] as const) {
      const all = expected(parse({ search, sortBy, pageSize: 7 }));
      expect(all.length).toBeGreaterThan(20);
      const seen: number[] = [];
      let page = 1;
      for (;;) {
        const got = listCustomers(fx.ctx, parse({ search, sortBy, page, pageSize: 7 }), 10);
        seen.push(...got.rows.map((r) => r.id));
        // the pager offers pages up to the total; a next page exists only while the total says so
        if (page * 7 >= got.total) {
          expect(got.totalIsLowerBound).toBeUndefined();
          expect(got.total).toBe(all.length);
          break;
        }
        page++;
      }
      expect(seen).toEqual(all);
    }
  });

  it('says the count is exact below the step (no "+" on the list)', () => {
    const one = fx.db.sqlite.prepare('SELECT id, email FROM customers WHERE email IS NOT NULL ORDER BY id LIMIT 1').get() as { id: number; email: string };
    const got = fx.call('customers.list', { search: one.email });
    expect(got.rows.map((r) => r.id)).toContain(one.id);
    expect(got.total).toBe(got.rows.length);
    expect(got.totalIsLowerBound).toBeUndefined();
  });
});
