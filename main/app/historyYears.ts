// The customer- and service-keyed indexes of the history tables put the year of the date first
// (invoices_year_customer_idx, balance_transactions_year_customer_idx, invoice_lines_service_recurring_unique:
// db/tables/billing.ts), so the entries a billing day adds share pages with the other customers' entries of the
// current year however long the history grows (issue 21 item 3). A read of one customer's (one service's) rows names
// the years: `CAST(date AS INTEGER)` (an ISO date's leading digits, its year: SQLite's CAST takes the longest integer
// prefix of a text; an invoice line without a date has year 0) among every year from the table's first to its last,
// which SQLite reads as one index range per year, and in index order when the ORDER BY starts with the same year
// (newest first: descending). The years are two steps down the same index (min and max), computed once per statement.

const YEAR_FIRST_TABLES = ['invoices', 'balance_transactions', 'invoice_lines'] as const;
export type YearFirstTable = (typeof YEAR_FIRST_TABLES)[number];

/** Whether `table`'s customer- or service-keyed index starts with the year (so a read by customer must name the years). */
export const isYearFirst = (table: string): table is YearFirstTable => (YEAR_FIRST_TABLES as readonly string[]).includes(table);

/** The year as the table's year-first index holds it, of a row of `table` (as `alias`). */
export function yearOf(table: YearFirstTable, alias?: string): string {
  const a = alias ? `${alias}.` : '';
  // invoice lines: one-time lines may have no date (their year 0), and a read of a service's lines must find them too
  return table === 'invoice_lines' ? `CASE WHEN ${a}date_from IS NULL THEN 0 ELSE CAST(${a}date_from AS INTEGER) END` : `CAST(${a}date AS INTEGER)`;
}

/** Every year from the first to the last date of `table` (and 0 for undated invoice lines), as a subquery. */
function yearsOf(table: YearFirstTable): string {
  const year = yearOf(table);
  const years = `WITH RECURSIVE history_years(year) AS (SELECT min(${year}) FROM ${table} WHERE ${year} > 0 UNION ALL SELECT year + 1 FROM history_years WHERE year < (SELECT max(${year}) FROM ${table})) SELECT year FROM history_years`;
  return `(${years}${table === 'invoice_lines' ? ' UNION ALL SELECT 0' : ''})`;
}

/** The condition to put before `customer_id = ?` (`service_id = ?`) on `table` (as `alias`), so the read uses its year-first index. */
export const inHistoryYears = (table: YearFirstTable, alias?: string): string => `${yearOf(table, alias)} IN ${yearsOf(table)}`;

/** `inHistoryYears(…) AND ` for a year-first table, nothing for any other: what goes before `customer_id = ?` on `table`. */
export const yearsBefore = (table: string, alias?: string): string => (isYearFirst(table) ? `${inHistoryYears(table, alias)} AND ` : '');
