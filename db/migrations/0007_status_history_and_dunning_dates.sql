CREATE TABLE `service_status_history` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`service_id` integer NOT NULL,
	`from_date` text NOT NULL,
	`status` text NOT NULL,
	`cause` text,
	FOREIGN KEY (`service_id`) REFERENCES `services`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "service_status_history_status" CHECK("service_status_history"."status" IN ('active', 'disabled', 'stopped', 'pending', 'archived')),
	CONSTRAINT "service_status_history_from" CHECK(("service_status_history"."from_date" IS NULL OR (length("service_status_history"."from_date") = 10 AND date("service_status_history"."from_date") = "service_status_history"."from_date")))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `service_status_history_service_day_unique` ON `service_status_history` (`service_id`,`from_date`);--> statement-breakpoint
CREATE INDEX `service_status_history_unbilled_idx` ON `service_status_history` (`service_id`) WHERE status IN ('stopped', 'archived');--> statement-breakpoint
ALTER TABLE `invoices` ADD `blocking_date` text;--> statement-breakpoint
ALTER TABLE `invoices` ADD `deactivation_date` text;--> statement-breakpoint
ALTER TABLE `invoices` ADD `charges_service` integer DEFAULT false NOT NULL;