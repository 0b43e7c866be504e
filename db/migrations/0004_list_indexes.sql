CREATE INDEX `customers_balance_idx` ON `customers` (`balance`);--> statement-breakpoint
CREATE INDEX `customers_created_on_idx` ON `customers` (`created_on`);--> statement-breakpoint
CREATE INDEX `customers_status_name_idx` ON `customers` (`status`,"name" COLLATE NOCASE);--> statement-breakpoint
CREATE INDEX `customers_status_balance_idx` ON `customers` (`status`,`balance`);--> statement-breakpoint
CREATE INDEX `customers_status_created_on_idx` ON `customers` (`status`,`created_on`);--> statement-breakpoint
CREATE INDEX `customers_partner_status_idx` ON `customers` (`partner_id`,`status`);--> statement-breakpoint
CREATE INDEX `invoices_status_date_idx` ON `invoices` (`status`,`date`);--> statement-breakpoint
CREATE INDEX `invoices_status_totals_idx` ON `invoices` (`status`,`due_date`,`total`,`paid`);