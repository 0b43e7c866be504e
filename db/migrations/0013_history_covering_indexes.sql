DROP INDEX `balance_transactions_customer_idx`;--> statement-breakpoint
CREATE INDEX `balance_transactions_customer_idx` ON `balance_transactions` (`customer_id`,`id`,`date`,`kind`,`amount`);--> statement-breakpoint
DROP INDEX `credit_notes_customer_date_idx`;--> statement-breakpoint
CREATE INDEX `credit_notes_customer_date_idx` ON `credit_notes` (`customer_id`,`date`,`id`,`total`);--> statement-breakpoint
DROP INDEX `invoices_customer_date_idx`;--> statement-breakpoint
CREATE INDEX `invoices_customer_date_idx` ON `invoices` (`customer_id`,`date`,`id`,`total`,`paid`);--> statement-breakpoint
DROP INDEX `payments_customer_date_idx`;--> statement-breakpoint
CREATE INDEX `payments_customer_date_idx` ON `payments` (`customer_id`,`date`,`id`,`amount`);