DROP INDEX `invoice_lines_service_idx`;--> statement-breakpoint
DROP INDEX `invoice_lines_recurring_unique`;--> statement-breakpoint
CREATE UNIQUE INDEX `invoice_lines_service_recurring_unique` ON `invoice_lines` (`service_id`,`date_from`,(CASE WHEN kind = 'recurring' THEN 0 END));