import type { AppContext } from './context';
import { allRows, getRow } from './prepared';
import { likeLiteral } from './sql';

// What a search term finds among the customers (the list's search as you type, the header's global search), and
// one page of it in the list's order. The first letters typed match tens of thousands of customers at 100k: the
// page is found without gathering and sorting all of them, and they are counted only as far as the pager needs
// (`SEARCH_COUNT_STEP`), so such a keystroke costs about what a narrow one does.

/** LIKE pattern for "starts with"; % and _ typed by the user are matched literally. */
const prefixPattern = (s: string): string => `${likeLiteral(s)}%`;
/** An FTS5 phrase: the whole term, quotes doubled, so operators typed by the user are plain text. */
const ftsPhrase = (s: string): string => `"${s.replace(/"/g, '""')}"`;

/** The prefix columns; each has a NOCASE index (customers_<column>_idx), so `LIKE 'ab%'` is an index range. */
const PREFIX_COLUMNS = ['name', 'email', 'phone', 'portal_login'] as const;

/**
 * One way a term matches a customer: every matching id from an index (`sql`, `params`), with what else is known of
 * the order it can give them in.
 */
interface Branch {
  sql: string;
  /** the same matches in the order of the index it reads (for firstMatches) */
  ordered: string;
  params: unknown[];
  /** an id can come more than once (a customer with two services in the IP range) */
  repeats?: boolean;
  /** the name prefix: under the name sort, its index lists the matches in the list's order */
  namePrefix?: string;
  /** the FTS table: it yields rowids in order, so under the id sort the first ones are the first matches */
  fts?: string;
  /** the same test on one customers row `c` (for a look at the first customers in the list's order) */
  test?: { sql: string; params: unknown[] };
}

/**
 * The ways `term` matches a customer, most telling first: the id, the name, a service's login (only with
 * `serviceLogins`: the header's search; the list does not look at logins), e-mail, phone, portal login, an IP, and
 * "contains" last.
 */
function branches(term: string, serviceLogins = false): Branch[] {
  const out: Branch[] = [];
  if (/^\d{1,18}$/.test(term)) out.push({ sql: 'SELECT id FROM customers WHERE id = ?', ordered: 'SELECT id FROM customers WHERE id = ?', params: [Number(term)] });
  const prefix = prefixPattern(term);
  const byPrefix = (col: (typeof PREFIX_COLUMNS)[number]): Branch => ({
    sql: `SELECT id FROM customers WHERE ${col} LIKE ? ESCAPE '\\'`,
    ordered: `SELECT id FROM customers WHERE ${col} LIKE ? ESCAPE '\\' ORDER BY ${col} COLLATE NOCASE`,
    params: [prefix],
    namePrefix: col === 'name' ? prefix : undefined,
    test: { sql: `c.${col} LIKE ? ESCAPE '\\'`, params: [prefix] },
  });
  out.push(byPrefix('name'));
  if (serviceLogins) {
    // services_login_idx is NOCASE too: a prefix is an index range
    const where = `login LIKE ? ESCAPE '\\' AND status <> 'archived'`;
    out.push({
      sql: `SELECT customer_id AS id FROM services WHERE ${where}`,
      ordered: `SELECT customer_id AS id FROM services WHERE ${where} ORDER BY login COLLATE NOCASE`,
      params: [prefix],
      repeats: true,
    });
  }
  for (const col of PREFIX_COLUMNS) if (col !== 'name') out.push(byPrefix(col));
  if (/^\d{1,3}(\.\d{0,3}){1,3}$/.test(term)) {
    // Digits and dots only: "starts with" is the range [term, term with its last character + 1) on services_ipv4_idx.
    const upper = term.slice(0, -1) + String.fromCharCode(term.charCodeAt(term.length - 1) + 1);
    const where = `ipv4 >= ? AND ipv4 < ? AND ipv4 <> '' AND status <> 'archived'`;
    out.push({
      sql: `SELECT customer_id AS id FROM services WHERE ${where}`,
      ordered: `SELECT customer_id AS id FROM services WHERE ${where} ORDER BY ipv4`,
      params: [term, upper],
      repeats: true,
      // on services_customer_idx: the + keeps it off the IP index (a range for each customer)
      test: { sql: `EXISTS (SELECT 1 FROM services s WHERE s.customer_id = c.id AND +s.ipv4 >= ? AND +s.ipv4 < ? AND +s.ipv4 <> '' AND s.status <> 'archived')`, params: [term, upper] },
    });
  }
  // FTS5 reads its query as a C string: a NUL would cut the phrase short ("unterminated string"), so such a term
  // is matched by the prefix branches only.
  if ([...term].length >= 3 && !term.includes('\0')) {
    const phrase = ftsPhrase(term);
    const match = 'SELECT rowid AS id FROM customers_search WHERE customers_search MATCH ?';
    out.push({ sql: match, ordered: `${match} ORDER BY rowid`, params: [phrase], fts: phrase });
  }
  return out;
}

/**
 * The first `limit` customers `term` finds for the header's search: each way of matching in turn (see branches), its
 * matches in the order of its own index (names by name, logins by login, IPs by IP, "contains" by id), so each way
 * reads no more than `limit` new customers however many it matches (a first letter matches tens of thousands).
 */
export function firstMatches(ctx: AppContext, term: string, limit: number): number[] {
  const ids = new Set<number>();
  for (const b of branches(term, true)) {
    if (ids.size >= limit) break;
    // as many more as could all be customers already found
    for (const { id } of allRows<{ id: number }>(ctx.db, `${b.ordered} LIMIT ?`, ...b.params, limit + ids.size)) {
      ids.add(id);
      if (ids.size >= limit) break;
    }
  }
  return [...ids];
}

/**
 * The ids a search term's ways of matching find, as one SQL set (with repeats: use it as `IN (…)`, or with DISTINCT). Every branch is
 * index-backed: prefixes use the NOCASE indexes (SQLite's LIKE is case-insensitive, so `LIKE 'ab%'` becomes an
 * index range), "contains" uses the trigram FTS table (3+ characters), an id is exact. Only a term that looks like
 * an IP looks at services (a range on services_ipv4_idx: a LIKE there scanned all 150k services, 50–150 ms a
 * keystroke at 100k customers). UNION ALL, not UNION: SQLite runs a UNION inside IN as a merge of id-ordered
 * branches, which turned each prefix range into a scan of the whole table.
 */
function searchSet(all: readonly Branch[]): { sql: string; params: unknown[] } {
  return { sql: all.map((b) => b.sql).join(' UNION ALL '), params: all.flatMap((b) => b.params) };
}

/**
 * Matches are counted in steps of this many: up to the step after the page asked for. A count that stops there is
 * a lower bound ("1 000+"), and the pager then offers the pages up to it; from its last page the count goes a step
 * further, so staff can page through every match (or type one more letter).
 */
export const SEARCH_COUNT_STEP = 1000;

export interface SearchPageQuery {
  term: string;
  /** conditions on the customers row `c` besides the search (status, partner), and their parameters */
  where: string[];
  params: unknown[];
  /** ORDER BY … (on `c` and partners `p`), the id last in the same direction */
  order: string;
  /** the sort is by id, and its direction (the FTS table lists its matches in that order) */
  byId: 'ASC' | 'DESC' | null;
  /** the sort is by name (the name prefix branch comes in that order) */
  byName: boolean;
  /** the sort is by partner name (it needs the partners row, and no index lists customers in that order) */
  byPartner: boolean;
  offset: number;
  limit: number;
  /** see SEARCH_COUNT_STEP (tests use a small one) */
  step?: number;
}

/**
 * The ids of one page of a search, in the list's order, and how many customers match (`lowerBound`: at least that
 * many). First the matches are gathered as one distinct stream, no further than the count needs: a narrow term ends
 * there, every match known, and its page is sorted from them. For a wide one (more than the count needs), each
 * way of matching gives its own first `offset + limit` in the list's order (firstOfBranch), and the page is the
 * first of their union: the same page as sorting every match, without reading every match.
 */
export function searchPage(ctx: AppContext, q: SearchPageQuery): { ids: number[]; total: number; lowerBound: boolean } {
  const step = q.step ?? SEARCH_COUNT_STEP;
  const upTo = step * (Math.floor((q.offset + q.limit) / step) + 1);
  const filter = q.where.length ? `WHERE ${q.where.join(' AND ')}` : '';
  const all = branches(q.term);
  const set = searchSet(all);
  // The matching customers (filters applied), stopping after upTo + 1. Every branch's ids are customers' (the id
  // one looks itself up), so without filters the customers rows are not read.
  const found = allRows<{ id: number }>(
    ctx.db,
    filter
      ? `SELECT DISTINCT c.id FROM (${set.sql}) AS m CROSS JOIN customers c ON c.id = m.id ${filter} LIMIT ?`
      : `SELECT DISTINCT id FROM (${set.sql}) LIMIT ?`,
    ...set.params,
    ...q.params,
    upTo + 1,
  ).map((r) => r.id);
  const narrow = found.length <= upTo;
  const total = narrow ? found.length : upTo;
  // A wide term: the first offset + limit of each branch (in the list's order, filters applied) hold the page.
  const candidates = narrow ? found : [...new Set(all.flatMap((b) => firstOfBranch(ctx, b, q, filter, q.offset + q.limit)))];
  if (q.byId) {
    // every candidate passes the filters (found, or a branch's first with them): the page is a sort of numbers
    const ids = candidates.sort((a, b) => (q.byId === 'ASC' ? a - b : b - a)).slice(q.offset, q.offset + q.limit);
    return { ids, total, lowerBound: !narrow };
  }
  const partners = q.byPartner ? 'JOIN partners p ON p.id = c.partner_id' : '';
  const page = allRows<{ id: number }>(
    ctx.db,
    `SELECT c.id FROM json_each(?) AS j CROSS JOIN customers c ON c.id = j.value ${partners} ${filter} ${q.order} LIMIT ? OFFSET ?`,
    JSON.stringify(candidates),
    ...q.params,
    q.limit,
    q.offset,
  );
  return { ids: page.map((r) => r.id), total, lowerBound: !narrow };
}

/** How many customers per match needed the first look at the first customers reads; how many the second at most. */
const LOOK_AHEAD = 8;
const LOOK_FURTHEST = 64;
/** Under the id sort without filters, a branch of up to this many ids is sorted rather than looked for. */
const SORT_AT_MOST = 10_000;

/**
 * The first `k` customers of one branch in the list's order, filters applied, read the cheapest way that is exact:
 * where an index lists the branch in that order (the FTS table by id, the name index by name), its first k alone;
 * otherwise a look at the first customers in the list's order, when the branch is a large part of them; otherwise
 * the branch's matches from its own index, sorted (the cost grows with the branch, not with the customers).
 */
function firstOfBranch(ctx: AppContext, b: Branch, q: SearchPageQuery, filter: string, k: number): number[] {
  const pluck = (sql: string, ...params: unknown[]) => allRows<{ id: number }>(ctx.db, sql, ...params).map((r) => r.id);
  const and = q.where.map((w) => `AND ${w}`).join(' ');
  if (b.fts && q.byId)
    return pluck(`SELECT c.id FROM customers_search s CROSS JOIN customers c ON c.id = s.rowid WHERE customers_search MATCH ? ${and} ORDER BY s.rowid ${q.byId} LIMIT ?`, b.fts, ...q.params, k);
  if (b.namePrefix && q.byName) return pluck(`SELECT c.id FROM customers c WHERE c.name LIKE ? ESCAPE '\\' ${and} ${q.order} LIMIT ?`, b.namePrefix, ...q.params, k);
  const ids = b.repeats ? `SELECT DISTINCT id FROM (${b.sql})` : b.sql;
  // By id without filters, the ids alone, sorted (the NOCASE indexes hold them: no customers row is read; "+ 0"
  // keeps SQLite from walking the whole table in id order instead) — unless the branch is a large part of the
  // customers, where the look below is cheaper still.
  const idsAlone = q.byId && !q.where.length && !b.repeats;
  const sortedIds = () => pluck(`SELECT id FROM (${ids}) ORDER BY id + 0 ${q.byId} LIMIT ?`, ...b.params, k);
  if (idsAlone && getRow<{ n: number }>(ctx.db, `SELECT count(*) AS n FROM (${b.sql} LIMIT ?)`, ...b.params, SORT_AT_MOST + 1)!.n <= SORT_AT_MOST) return sortedIds();
  const partners = q.byPartner ? 'JOIN partners p ON p.id = c.partner_id' : '';
  if (b.test && !q.byPartner) {
    // A look at the first customers in the list's order (on its index; the partner order has none): a branch that
    // many customers match ("+" of every phone number, "100." of every IP) has its first k among them, where
    // sorting it would read all its matches. A first look that finds some but too few says how far a second must
    // read if the matches are spread evenly; matches bunched further on (e-mails by their first letter under the
    // name sort) are sorted instead.
    const look = (rows: number) => {
      const first = allRows<{ id: number; hit: number }>(ctx.db, `SELECT c.id, ${b.test!.sql} AS hit FROM customers c ${filter} ${q.order} LIMIT ?`, ...b.test!.params, ...q.params, rows);
      return { hits: first.filter((r) => r.hit).map((r) => r.id), all: first.length < rows };
    };
    let rows = LOOK_AHEAD * k;
    let seen = look(rows);
    if (seen.hits.length < k && !seen.all && seen.hits.length > 0 && (2 * k * rows) / seen.hits.length <= LOOK_FURTHEST * k) {
      rows = Math.ceil((2 * k * rows) / seen.hits.length);
      seen = look(rows);
    }
    if (seen.hits.length >= k || seen.all) return seen.hits.slice(0, k);
  }
  if (idsAlone) return sortedIds();
  return pluck(`SELECT c.id FROM (${ids}) AS m CROSS JOIN customers c ON c.id = m.id ${partners} ${filter} ${q.order} LIMIT ?`, ...b.params, ...q.params, k);
}
