import type { AppDb } from '../../db/open';
import type { Page } from '../contract/common';
import { allRows, getRow } from './prepared';

// Short names for the cached prepared statements of ./prepared (the billing run and day runs use them heavily).
export { allRows as all, getRow as one, prepared as stmt, run } from './prepared';

/**
 * One page of a list and how many rows match, the way every server-paged list asks: `from` is the FROM … WHERE …
 * part both statements share, `select` the columns, `orderBy` the order (make it total: end with an id). `params`
 * are the positional parameters of `from`; LIMIT and OFFSET come after them.
 */
export function pagedRows<T>(
  db: Pick<AppDb, 'sqlite'>,
  q: { select: string; from: string; orderBy: string; params?: readonly unknown[]; page: number; pageSize: number },
): Page<T> {
  const params = q.params ?? [];
  const total = getRow<{ n: number }>(db, `SELECT count(*) AS n ${q.from}`, ...params)!.n;
  const rows = allRows<T>(db, `SELECT ${q.select} ${q.from} ORDER BY ${q.orderBy} LIMIT ? OFFSET ?`, ...params, q.pageSize, (q.page - 1) * q.pageSize);
  return { rows, total, page: q.page, pageSize: q.pageSize };
}

/**
 * `text` as a LIKE pattern matching itself (with `ESCAPE '\\'`): the % and _ staff type are matched literally. Add
 * the wildcards around it: `${likeLiteral(term)}%` starts with, `%${likeLiteral(term)}%` contains.
 */
export const likeLiteral = (text: string): string => text.replace(/[\\%_]/g, (ch) => `\\${ch}`);
