-- The three indexes keyed by customer or service that a billing day adds an entry to for every customer (its invoice,
-- its ledger rows, its services' lines) put the year of the date first (CAST of an ISO date to INTEGER: its year; an
-- invoice line without a date: 0). Keyed by customer (service) first, a customer's entries filled a page of their own
-- after a few years of history, and each billing day then wrote one page per customer and index (5 years: 2.1 pages
-- per invoice, 6 months: 0.5; issue 21 item 3). Year first, the day's new entries share the current year's pages as
-- in an ISP's first months. The unique index keeps its rule: the year follows from date_from. Reads of one customer's
-- or one service's rows name the years (main/app/historyYears.ts).
DROP INDEX `balance_transactions_customer_idx`;--> statement-breakpoint
CREATE INDEX `balance_transactions_year_customer_idx` ON `balance_transactions` (CAST("date" AS INTEGER),`customer_id`,`id`,`date`,`kind`,`amount`);--> statement-breakpoint
DROP INDEX `invoices_customer_date_idx`;--> statement-breakpoint
CREATE INDEX `invoices_year_customer_idx` ON `invoices` (CAST("date" AS INTEGER),`customer_id`,`date`,`id`,`total`,`paid`);--> statement-breakpoint
DROP INDEX `invoice_lines_service_recurring_unique`;--> statement-breakpoint
CREATE UNIQUE INDEX `invoice_lines_service_recurring_unique` ON `invoice_lines` (CASE WHEN "date_from" IS NULL THEN 0 ELSE CAST("date_from" AS INTEGER) END,`service_id`,`date_from`,(CASE WHEN kind = 'recurring' THEN 0 END));