// The customer-keyed indexes of the history tables put the year of the date first (invoices_year_customer_idx,
// balance_transactions_year_customer_idx: db/tables/billing.ts), so the entries a billing day adds share pages with
// the other customers' entries of the current year however long the history grows (issue 21 item 3). A read of one
// customer's rows names the years: `CAST(date AS INTEGER)` (an ISO date's leading digits, its year: SQLite's CAST
// takes the longest integer prefix of a text) among every year from the table's first to its last, which SQLite reads
// as one index range per year, and in index order when the ORDER BY starts with the same year (newest first:
// descending). The years are two steps down the same index (min and max), computed once per statement.

export type YearFirstTable = 'invoices' | 'balance_transactions';

/** Every year from the first to the last date of `table`, as a subquery (no years when the table is empty). */
const yearsOf = (table: YearFirstTable): string =>
  `(WITH RECURSIVE y(v) AS (SELECT min(CAST(date AS INTEGER)) FROM ${table} UNION ALL SELECT v + 1 FROM y WHERE v < (SELECT max(CAST(date AS INTEGER)) FROM ${table})) SELECT v FROM y)`;

/** The year of a row's date, as the year-first indexes hold it (for an ORDER BY that follows the index). */
export const yearOf = (alias?: string): string => `CAST(${alias ? `${alias}.` : ''}date AS INTEGER)`;

/** The condition to put before `customer_id = ?` on `table` (as `alias`), so the read uses its year-first index. */
export const inHistoryYears = (table: YearFirstTable, alias?: string): string => `${yearOf(alias)} IN ${yearsOf(table)}`;
