CREATE TABLE `app_state` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	CONSTRAINT "app_state_value_json" CHECK(json_valid("app_state"."value"))
);
--> statement-breakpoint
CREATE TABLE `partners` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `partners_name_unique` ON `partners` (`name`);--> statement-breakpoint
CREATE TABLE `settings` (
	`partner_id` integer NOT NULL,
	`key` text NOT NULL,
	`value` text NOT NULL,
	PRIMARY KEY(`partner_id`, `key`),
	FOREIGN KEY (`partner_id`) REFERENCES `partners`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "settings_value_json" CHECK(json_valid("settings"."value"))
);
--> statement-breakpoint
CREATE TABLE `plan_partners` (
	`plan_id` integer NOT NULL,
	`partner_id` integer NOT NULL,
	PRIMARY KEY(`plan_id`, `partner_id`),
	FOREIGN KEY (`plan_id`) REFERENCES `plans`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`partner_id`) REFERENCES `partners`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `plan_partners_partner_idx` ON `plan_partners` (`partner_id`);--> statement-breakpoint
CREATE TABLE `plan_portal_targets` (
	`plan_id` integer NOT NULL,
	`target_plan_id` integer NOT NULL,
	PRIMARY KEY(`plan_id`, `target_plan_id`),
	FOREIGN KEY (`plan_id`) REFERENCES `plans`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`target_plan_id`) REFERENCES `plans`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "plan_portal_targets_not_self" CHECK("plan_portal_targets"."plan_id" <> "plan_portal_targets"."target_plan_id")
);
--> statement-breakpoint
CREATE INDEX `plan_portal_targets_target_idx` ON `plan_portal_targets` (`target_plan_id`);--> statement-breakpoint
CREATE TABLE `plans` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`price` integer NOT NULL,
	`vat_rate_bp` integer DEFAULT 0 NOT NULL,
	`vat_included` integer DEFAULT false NOT NULL,
	`download_kbps` integer,
	`upload_kbps` integer,
	`voice_type` text,
	`enabled` integer DEFAULT true NOT NULL,
	CONSTRAINT "plans_kind" CHECK("plans"."kind" IN ('internet', 'voice', 'custom')),
	CONSTRAINT "plans_price" CHECK("plans"."price" >= 0 AND ("plans"."price" IS NULL OR typeof("plans"."price") = 'integer')),
	CONSTRAINT "plans_vat_rate" CHECK("plans"."vat_rate_bp" BETWEEN 0 AND 10000),
	CONSTRAINT "plans_speeds" CHECK(("plans"."download_kbps" IS NULL OR "plans"."download_kbps" >= 0) AND ("plans"."upload_kbps" IS NULL OR "plans"."upload_kbps" >= 0)),
	CONSTRAINT "plans_voice_type" CHECK(("plans"."voice_type" IS NULL OR "plans"."voice_type" IN ('voip', 'fix', 'mobile')))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `plans_kind_name_unique` ON `plans` (`kind`,`name`);--> statement-breakpoint
CREATE TABLE `customers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`status` text DEFAULT 'new' NOT NULL,
	`category` text DEFAULT 'person' NOT NULL,
	`partner_id` integer DEFAULT 1 NOT NULL,
	`created_on` text NOT NULL,
	`billing_enabled` integer DEFAULT true NOT NULL,
	`billing_day` integer,
	`use_creation_date` integer,
	`payment_due_days` integer,
	`blocking_days` integer,
	`deactivation_days` integer,
	`minimum_balance` integer,
	`balance` integer DEFAULT 0 NOT NULL,
	`email` text,
	`phone` text,
	`address` text,
	`portal_login` text,
	`portal_password_hash` text,
	`notes` text,
	FOREIGN KEY (`partner_id`) REFERENCES `partners`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "customers_status" CHECK("customers"."status" IN ('new', 'active', 'blocked', 'inactive')),
	CONSTRAINT "customers_category" CHECK("customers"."category" IN ('person', 'company')),
	CONSTRAINT "customers_created_on" CHECK("customers"."created_on" IS NOT NULL AND ("customers"."created_on" IS NULL OR (length("customers"."created_on") = 10 AND date("customers"."created_on") = "customers"."created_on"))),
	CONSTRAINT "customers_billing_day" CHECK("customers"."billing_day" IS NULL OR "customers"."billing_day" BETWEEN 1 AND 28),
	CONSTRAINT "customers_payment_due_days" CHECK("customers"."payment_due_days" IS NULL OR "customers"."payment_due_days" BETWEEN 1 AND 28),
	CONSTRAINT "customers_blocking_days" CHECK("customers"."blocking_days" IS NULL OR "customers"."blocking_days" = -1 OR "customers"."blocking_days" BETWEEN 0 AND 99),
	CONSTRAINT "customers_deactivation_days" CHECK("customers"."deactivation_days" IS NULL OR "customers"."deactivation_days" = -1 OR "customers"."deactivation_days" BETWEEN 1 AND 99),
	CONSTRAINT "customers_money" CHECK(("customers"."balance" IS NULL OR typeof("customers"."balance") = 'integer') AND ("customers"."minimum_balance" IS NULL OR typeof("customers"."minimum_balance") = 'integer'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `customers_portal_login_unique` ON `customers` (`portal_login`);--> statement-breakpoint
CREATE INDEX `customers_name_idx` ON `customers` ("name" COLLATE NOCASE);--> statement-breakpoint
CREATE INDEX `customers_email_idx` ON `customers` ("email" COLLATE NOCASE);--> statement-breakpoint
CREATE INDEX `customers_phone_idx` ON `customers` ("phone" COLLATE NOCASE);--> statement-breakpoint
CREATE INDEX `customers_portal_login_idx` ON `customers` ("portal_login" COLLATE NOCASE);--> statement-breakpoint
CREATE INDEX `customers_partner_idx` ON `customers` (`partner_id`);--> statement-breakpoint
CREATE INDEX `customers_status_idx` ON `customers` (`status`);--> statement-breakpoint
CREATE INDEX `customers_billing_day_idx` ON `customers` (`billing_day`,`status`);--> statement-breakpoint
CREATE TABLE `ipv4_networks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`network` text NOT NULL,
	`kind` text NOT NULL,
	`title` text DEFAULT '' NOT NULL,
	CONSTRAINT "ipv4_networks_kind" CHECK("ipv4_networks"."kind" IN ('permanent', 'dynamic')),
	CONSTRAINT "ipv4_networks_cidr" CHECK("ipv4_networks"."network" LIKE '%/%')
);
--> statement-breakpoint
CREATE UNIQUE INDEX `ipv4_networks_network_unique` ON `ipv4_networks` (`network`);--> statement-breakpoint
CREATE TABLE `ipv4_pools` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`network_id` integer NOT NULL,
	`name` text NOT NULL,
	`range_from` text NOT NULL,
	`range_to` text NOT NULL,
	FOREIGN KEY (`network_id`) REFERENCES `ipv4_networks`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `ipv4_pools_network_name_unique` ON `ipv4_pools` (`network_id`,`name`);--> statement-breakpoint
CREATE TABLE `routers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`address` text DEFAULT '' NOT NULL,
	`description` text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `routers_name_unique` ON `routers` (`name`);--> statement-breakpoint
CREATE TABLE `service_usage` (
	`service_id` integer NOT NULL,
	`day` text NOT NULL,
	`rx_bytes` integer DEFAULT 0 NOT NULL,
	`tx_bytes` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`service_id`) REFERENCES `services`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "service_usage_day" CHECK(("service_usage"."day" IS NULL OR (length("service_usage"."day") = 10 AND date("service_usage"."day") = "service_usage"."day"))),
	CONSTRAINT "service_usage_bytes" CHECK("service_usage"."rx_bytes" >= 0 AND "service_usage"."tx_bytes" >= 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `service_usage_service_day_unique` ON `service_usage` (`service_id`,`day`);--> statement-breakpoint
CREATE TABLE `services` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`customer_id` integer NOT NULL,
	`kind` text NOT NULL,
	`plan_id` integer NOT NULL,
	`description` text NOT NULL,
	`quantity` integer DEFAULT 1 NOT NULL,
	`unit` text,
	`unit_price` integer NOT NULL,
	`pay_period_months` integer DEFAULT 1 NOT NULL,
	`start_date` text NOT NULL,
	`end_date` text,
	`invoiced_until` text,
	`discount_kind` text DEFAULT 'none' NOT NULL,
	`discount_value` integer DEFAULT 0 NOT NULL,
	`discount_from` text,
	`discount_to` text,
	`discount_message` text,
	`status` text NOT NULL,
	`router_id` integer,
	`login` text,
	`password` text,
	`ipv4_method` text DEFAULT 'none' NOT NULL,
	`ipv4` text,
	`additional_network` text,
	`ipv4_pool_id` integer,
	`macs` text,
	`port_id` text,
	`latitude` real,
	`longitude` real,
	`geo_address` text,
	`replaces_service_id` integer,
	`plan_change_id` integer,
	`copied_from_service_id` integer,
	`created_on` text NOT NULL,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`plan_id`) REFERENCES `plans`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`router_id`) REFERENCES `routers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`ipv4_pool_id`) REFERENCES `ipv4_pools`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`replaces_service_id`) REFERENCES `services`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`plan_change_id`) REFERENCES `plan_changes`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`copied_from_service_id`) REFERENCES `services`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "services_kind" CHECK("services"."kind" IN ('internet', 'voice', 'custom')),
	CONSTRAINT "services_status" CHECK("services"."status" IN ('active', 'disabled', 'stopped', 'pending', 'archived')),
	CONSTRAINT "services_quantity" CHECK("services"."quantity" >= 1 AND ("services"."quantity" IS NULL OR typeof("services"."quantity") = 'integer')),
	CONSTRAINT "services_unit_price" CHECK("services"."unit_price" >= 0 AND ("services"."unit_price" IS NULL OR typeof("services"."unit_price") = 'integer')),
	CONSTRAINT "services_pay_period" CHECK("services"."pay_period_months" IN (1, 3, 6, 12)),
	CONSTRAINT "services_dates" CHECK(("services"."start_date" IS NULL OR (length("services"."start_date") = 10 AND date("services"."start_date") = "services"."start_date")) AND ("services"."end_date" IS NULL OR (length("services"."end_date") = 10 AND date("services"."end_date") = "services"."end_date")) AND ("services"."invoiced_until" IS NULL OR (length("services"."invoiced_until") = 10 AND date("services"."invoiced_until") = "services"."invoiced_until")) AND ("services"."created_on" IS NULL OR (length("services"."created_on") = 10 AND date("services"."created_on") = "services"."created_on"))),
	CONSTRAINT "services_end_after_start" CHECK("services"."end_date" IS NULL OR "services"."end_date" >= "services"."start_date"),
	CONSTRAINT "services_discount_kind" CHECK("services"."discount_kind" IN ('none', 'percent', 'fixed')),
	CONSTRAINT "services_discount_value" CHECK("services"."discount_value" >= 0 AND ("services"."discount_value" IS NULL OR typeof("services"."discount_value") = 'integer') AND ("services"."discount_kind" <> 'percent' OR "services"."discount_value" <= 10000)),
	CONSTRAINT "services_discount_dates" CHECK(("services"."discount_from" IS NULL OR (length("services"."discount_from") = 10 AND date("services"."discount_from") = "services"."discount_from")) AND ("services"."discount_to" IS NULL OR (length("services"."discount_to") = 10 AND date("services"."discount_to") = "services"."discount_to")) AND ("services"."discount_from" IS NULL OR "services"."discount_to" IS NULL OR "services"."discount_to" >= "services"."discount_from")),
	CONSTRAINT "services_ipv4_method" CHECK("services"."ipv4_method" IN ('none', 'permanent', 'dynamic'))
);
--> statement-breakpoint
CREATE INDEX `services_customer_idx` ON `services` (`customer_id`,`id`);--> statement-breakpoint
CREATE INDEX `services_plan_idx` ON `services` (`plan_id`,`status`);--> statement-breakpoint
CREATE INDEX `services_status_start_idx` ON `services` (`status`,`start_date`);--> statement-breakpoint
CREATE INDEX `services_status_end_idx` ON `services` (`status`,`end_date`);--> statement-breakpoint
CREATE INDEX `services_router_idx` ON `services` (`router_id`);--> statement-breakpoint
CREATE INDEX `services_pool_idx` ON `services` (`ipv4_pool_id`);--> statement-breakpoint
CREATE INDEX `services_login_idx` ON `services` ("login" COLLATE NOCASE);--> statement-breakpoint
CREATE INDEX `services_replaces_idx` ON `services` (`replaces_service_id`);--> statement-breakpoint
CREATE INDEX `services_plan_change_idx` ON `services` (`plan_change_id`);--> statement-breakpoint
CREATE INDEX `services_copied_from_idx` ON `services` (`copied_from_service_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `services_active_login_unique` ON `services` (`login`) WHERE status = 'active' AND login IS NOT NULL AND login <> '';--> statement-breakpoint
CREATE UNIQUE INDEX `services_active_ipv4_unique` ON `services` (`ipv4`) WHERE status = 'active' AND ipv4 IS NOT NULL AND ipv4 <> '';--> statement-breakpoint
CREATE TABLE `balance_transactions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`customer_id` integer NOT NULL,
	`date` text NOT NULL,
	`kind` text NOT NULL,
	`amount` integer NOT NULL,
	`category` text NOT NULL,
	`invoice_id` integer,
	`credit_note_id` integer,
	`payment_id` integer,
	`settled` integer DEFAULT 0 NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`invoice_id`) REFERENCES `invoices`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`credit_note_id`) REFERENCES `credit_notes`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`payment_id`) REFERENCES `payments`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "balance_transactions_kind" CHECK("balance_transactions"."kind" IN ('debit', 'credit')),
	CONSTRAINT "balance_transactions_category" CHECK("balance_transactions"."category" IN ('service', 'fee', 'discount', 'payment', 'refund', 'correction')),
	CONSTRAINT "balance_transactions_amount" CHECK("balance_transactions"."amount" > 0 AND ("balance_transactions"."amount" IS NULL OR typeof("balance_transactions"."amount") = 'integer')),
	CONSTRAINT "balance_transactions_settled" CHECK("balance_transactions"."settled" >= 0 AND "balance_transactions"."settled" <= "balance_transactions"."amount" AND ("balance_transactions"."settled" = 0 OR "balance_transactions"."kind" = 'debit')),
	CONSTRAINT "balance_transactions_date" CHECK(("balance_transactions"."date" IS NULL OR (length("balance_transactions"."date") = 10 AND date("balance_transactions"."date") = "balance_transactions"."date")))
);
--> statement-breakpoint
CREATE INDEX `balance_transactions_customer_idx` ON `balance_transactions` (`customer_id`,`date`,`id`);--> statement-breakpoint
CREATE INDEX `balance_transactions_invoice_idx` ON `balance_transactions` (`invoice_id`);--> statement-breakpoint
CREATE INDEX `balance_transactions_credit_note_idx` ON `balance_transactions` (`credit_note_id`);--> statement-breakpoint
CREATE INDEX `balance_transactions_payment_idx` ON `balance_transactions` (`payment_id`);--> statement-breakpoint
CREATE INDEX `balance_transactions_unsettled_idx` ON `balance_transactions` (`customer_id`,`id`) WHERE kind = 'debit' AND invoice_id IS NULL AND settled < amount;--> statement-breakpoint
CREATE TABLE `credit_note_lines` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`credit_note_id` integer NOT NULL,
	`position` integer DEFAULT 0 NOT NULL,
	`service_id` integer,
	`invoice_line_id` integer,
	`description` text NOT NULL,
	`date_from` text,
	`date_to` text,
	`days` integer,
	`divisor` integer,
	`period_price` integer,
	`amount` integer NOT NULL,
	`vat_rate_bp` integer DEFAULT 0 NOT NULL,
	`vat_included` integer DEFAULT false NOT NULL,
	`net` integer NOT NULL,
	`vat` integer NOT NULL,
	`total` integer NOT NULL,
	FOREIGN KEY (`credit_note_id`) REFERENCES `credit_notes`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`service_id`) REFERENCES `services`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`invoice_line_id`) REFERENCES `invoice_lines`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "credit_note_lines_dates" CHECK(("credit_note_lines"."date_from" IS NULL OR (length("credit_note_lines"."date_from") = 10 AND date("credit_note_lines"."date_from") = "credit_note_lines"."date_from")) AND ("credit_note_lines"."date_to" IS NULL OR (length("credit_note_lines"."date_to") = 10 AND date("credit_note_lines"."date_to") = "credit_note_lines"."date_to")) AND ("credit_note_lines"."date_to" IS NULL OR "credit_note_lines"."date_to" >= "credit_note_lines"."date_from")),
	CONSTRAINT "credit_note_lines_vat_rate" CHECK("credit_note_lines"."vat_rate_bp" BETWEEN 0 AND 10000),
	CONSTRAINT "credit_note_lines_amounts" CHECK("credit_note_lines"."net" + "credit_note_lines"."vat" = "credit_note_lines"."total" AND ("credit_note_lines"."amount" IS NULL OR typeof("credit_note_lines"."amount") = 'integer') AND ("credit_note_lines"."total" IS NULL OR typeof("credit_note_lines"."total") = 'integer'))
);
--> statement-breakpoint
CREATE INDEX `credit_note_lines_note_idx` ON `credit_note_lines` (`credit_note_id`,`position`);--> statement-breakpoint
CREATE INDEX `credit_note_lines_service_idx` ON `credit_note_lines` (`service_id`);--> statement-breakpoint
CREATE INDEX `credit_note_lines_invoice_line_idx` ON `credit_note_lines` (`invoice_line_id`);--> statement-breakpoint
CREATE TABLE `credit_notes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`customer_id` integer NOT NULL,
	`number` text NOT NULL,
	`kind` text NOT NULL,
	`date` text NOT NULL,
	`net` integer NOT NULL,
	`vat` integer NOT NULL,
	`total` integer NOT NULL,
	`plan_change_id` integer,
	`cancels_invoice_id` integer,
	`reason` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`plan_change_id`) REFERENCES `plan_changes`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`cancels_invoice_id`) REFERENCES `invoices`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "credit_notes_kind" CHECK("credit_notes"."kind" IN ('refund', 'cancellation', 'correction')),
	CONSTRAINT "credit_notes_date" CHECK(("credit_notes"."date" IS NULL OR (length("credit_notes"."date") = 10 AND date("credit_notes"."date") = "credit_notes"."date"))),
	CONSTRAINT "credit_notes_amounts" CHECK("credit_notes"."total" >= 0 AND "credit_notes"."net" + "credit_notes"."vat" = "credit_notes"."total" AND ("credit_notes"."total" IS NULL OR typeof("credit_notes"."total") = 'integer') AND ("credit_notes"."net" IS NULL OR typeof("credit_notes"."net") = 'integer') AND ("credit_notes"."vat" IS NULL OR typeof("credit_notes"."vat") = 'integer'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `credit_notes_number_unique` ON `credit_notes` (`number`);--> statement-breakpoint
CREATE INDEX `credit_notes_customer_date_idx` ON `credit_notes` (`customer_id`,`date`,`id`);--> statement-breakpoint
CREATE INDEX `credit_notes_plan_change_idx` ON `credit_notes` (`plan_change_id`);--> statement-breakpoint
CREATE INDEX `credit_notes_cancels_invoice_idx` ON `credit_notes` (`cancels_invoice_id`);--> statement-breakpoint
CREATE TABLE `invoice_lines` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`invoice_id` integer NOT NULL,
	`position` integer DEFAULT 0 NOT NULL,
	`service_id` integer,
	`kind` text NOT NULL,
	`description` text NOT NULL,
	`period_from` text,
	`period_to` text,
	`date_from` text,
	`date_to` text,
	`days` integer,
	`divisor` integer,
	`period_price` integer,
	`quantity` integer DEFAULT 1 NOT NULL,
	`unit_price` integer DEFAULT 0 NOT NULL,
	`amount` integer NOT NULL,
	`vat_rate_bp` integer DEFAULT 0 NOT NULL,
	`vat_included` integer DEFAULT false NOT NULL,
	`net` integer NOT NULL,
	`vat` integer NOT NULL,
	`total` integer NOT NULL,
	FOREIGN KEY (`invoice_id`) REFERENCES `invoices`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`service_id`) REFERENCES `services`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "invoice_lines_kind" CHECK("invoice_lines"."kind" IN ('recurring', 'charge', 'fee', 'one_time', 'cancellation')),
	CONSTRAINT "invoice_lines_recurring_has_service" CHECK("invoice_lines"."kind" <> 'recurring' OR ("invoice_lines"."service_id" IS NOT NULL AND "invoice_lines"."date_from" IS NOT NULL)),
	CONSTRAINT "invoice_lines_dates" CHECK(("invoice_lines"."period_from" IS NULL OR (length("invoice_lines"."period_from") = 10 AND date("invoice_lines"."period_from") = "invoice_lines"."period_from")) AND ("invoice_lines"."period_to" IS NULL OR (length("invoice_lines"."period_to") = 10 AND date("invoice_lines"."period_to") = "invoice_lines"."period_to")) AND ("invoice_lines"."date_from" IS NULL OR (length("invoice_lines"."date_from") = 10 AND date("invoice_lines"."date_from") = "invoice_lines"."date_from")) AND ("invoice_lines"."date_to" IS NULL OR (length("invoice_lines"."date_to") = 10 AND date("invoice_lines"."date_to") = "invoice_lines"."date_to"))),
	CONSTRAINT "invoice_lines_ranges" CHECK(("invoice_lines"."date_to" IS NULL OR "invoice_lines"."date_to" >= "invoice_lines"."date_from") AND ("invoice_lines"."period_to" IS NULL OR "invoice_lines"."period_to" >= "invoice_lines"."period_from")),
	CONSTRAINT "invoice_lines_days" CHECK(("invoice_lines"."days" IS NULL OR "invoice_lines"."days" >= 1) AND ("invoice_lines"."divisor" IS NULL OR "invoice_lines"."divisor" >= 1) AND ("invoice_lines"."days" IS NULL OR "invoice_lines"."divisor" IS NULL OR "invoice_lines"."days" <= "invoice_lines"."divisor")),
	CONSTRAINT "invoice_lines_quantity" CHECK("invoice_lines"."quantity" >= 1),
	CONSTRAINT "invoice_lines_vat_rate" CHECK("invoice_lines"."vat_rate_bp" BETWEEN 0 AND 10000),
	CONSTRAINT "invoice_lines_amounts" CHECK("invoice_lines"."net" + "invoice_lines"."vat" = "invoice_lines"."total" AND ("invoice_lines"."amount" IS NULL OR typeof("invoice_lines"."amount") = 'integer') AND ("invoice_lines"."net" IS NULL OR typeof("invoice_lines"."net") = 'integer') AND ("invoice_lines"."vat" IS NULL OR typeof("invoice_lines"."vat") = 'integer') AND ("invoice_lines"."total" IS NULL OR typeof("invoice_lines"."total") = 'integer'))
);
--> statement-breakpoint
CREATE INDEX `invoice_lines_invoice_idx` ON `invoice_lines` (`invoice_id`,`position`);--> statement-breakpoint
CREATE INDEX `invoice_lines_service_idx` ON `invoice_lines` (`service_id`,`date_from`);--> statement-breakpoint
CREATE UNIQUE INDEX `invoice_lines_recurring_unique` ON `invoice_lines` (`service_id`,`date_from`) WHERE kind = 'recurring';--> statement-breakpoint
CREATE TABLE `invoices` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`customer_id` integer NOT NULL,
	`number` text NOT NULL,
	`kind` text NOT NULL,
	`date` text NOT NULL,
	`due_date` text NOT NULL,
	`net` integer NOT NULL,
	`vat` integer NOT NULL,
	`total` integer NOT NULL,
	`paid` integer DEFAULT 0 NOT NULL,
	`status` text DEFAULT 'unpaid' NOT NULL,
	`plan_change_id` integer,
	`note` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`plan_change_id`) REFERENCES `plan_changes`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "invoices_kind" CHECK("invoices"."kind" IN ('recurring', 'one_time', 'change_plan', 'cancellation')),
	CONSTRAINT "invoices_status" CHECK("invoices"."status" IN ('unpaid', 'partiallyPaid', 'paid', 'cancelled')),
	CONSTRAINT "invoices_dates" CHECK(("invoices"."date" IS NULL OR (length("invoices"."date") = 10 AND date("invoices"."date") = "invoices"."date")) AND ("invoices"."due_date" IS NULL OR (length("invoices"."due_date") = 10 AND date("invoices"."due_date") = "invoices"."due_date")) AND "invoices"."due_date" >= "invoices"."date"),
	CONSTRAINT "invoices_amounts" CHECK("invoices"."total" >= 0 AND "invoices"."net" + "invoices"."vat" = "invoices"."total" AND ("invoices"."total" IS NULL OR typeof("invoices"."total") = 'integer') AND ("invoices"."net" IS NULL OR typeof("invoices"."net") = 'integer') AND ("invoices"."vat" IS NULL OR typeof("invoices"."vat") = 'integer') AND ("invoices"."paid" IS NULL OR typeof("invoices"."paid") = 'integer')),
	CONSTRAINT "invoices_paid" CHECK("invoices"."paid" >= 0 AND "invoices"."paid" <= "invoices"."total"),
	CONSTRAINT "invoices_status_matches_paid" CHECK("invoices"."status" = 'cancelled' OR ("invoices"."status" = 'unpaid' AND "invoices"."paid" = 0) OR ("invoices"."status" = 'partiallyPaid' AND "invoices"."paid" > 0 AND "invoices"."paid" < "invoices"."total") OR ("invoices"."status" = 'paid' AND "invoices"."paid" = "invoices"."total"))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `invoices_number_unique` ON `invoices` (`number`);--> statement-breakpoint
CREATE INDEX `invoices_customer_date_idx` ON `invoices` (`customer_id`,`date`,`id`);--> statement-breakpoint
CREATE INDEX `invoices_date_idx` ON `invoices` (`date`);--> statement-breakpoint
CREATE INDEX `invoices_unpaid_idx` ON `invoices` (`customer_id`,`id`) WHERE status IN ('unpaid', 'partiallyPaid');--> statement-breakpoint
CREATE INDEX `invoices_plan_change_idx` ON `invoices` (`plan_change_id`);--> statement-breakpoint
CREATE TABLE `payments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`customer_id` integer NOT NULL,
	`date` text NOT NULL,
	`amount` integer NOT NULL,
	`method` text DEFAULT 'cash' NOT NULL,
	`reference` text,
	`note` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "payments_amount" CHECK("payments"."amount" > 0 AND ("payments"."amount" IS NULL OR typeof("payments"."amount") = 'integer')),
	CONSTRAINT "payments_method" CHECK("payments"."method" IN ('cash', 'bank_transfer', 'credit_card', 'refill_card', 'other')),
	CONSTRAINT "payments_date" CHECK(("payments"."date" IS NULL OR (length("payments"."date") = 10 AND date("payments"."date") = "payments"."date")))
);
--> statement-breakpoint
CREATE INDEX `payments_customer_date_idx` ON `payments` (`customer_id`,`date`,`id`);--> statement-breakpoint
CREATE TABLE `pending_charges` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`customer_id` integer NOT NULL,
	`service_id` integer,
	`plan_change_id` integer,
	`kind` text NOT NULL,
	`description` text NOT NULL,
	`period_from` text,
	`period_to` text,
	`date_from` text,
	`date_to` text,
	`days` integer,
	`divisor` integer,
	`period_price` integer,
	`amount` integer NOT NULL,
	`vat_rate_bp` integer DEFAULT 0 NOT NULL,
	`vat_included` integer DEFAULT false NOT NULL,
	`net` integer NOT NULL,
	`vat` integer NOT NULL,
	`total` integer NOT NULL,
	`created_on` text NOT NULL,
	`invoice_id` integer,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`service_id`) REFERENCES `services`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`plan_change_id`) REFERENCES `plan_changes`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`invoice_id`) REFERENCES `invoices`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "pending_charges_kind" CHECK("pending_charges"."kind" IN ('charge', 'fee', 'one_time')),
	CONSTRAINT "pending_charges_dates" CHECK(("pending_charges"."created_on" IS NULL OR (length("pending_charges"."created_on") = 10 AND date("pending_charges"."created_on") = "pending_charges"."created_on")) AND ("pending_charges"."date_from" IS NULL OR (length("pending_charges"."date_from") = 10 AND date("pending_charges"."date_from") = "pending_charges"."date_from")) AND ("pending_charges"."date_to" IS NULL OR (length("pending_charges"."date_to") = 10 AND date("pending_charges"."date_to") = "pending_charges"."date_to")) AND ("pending_charges"."period_from" IS NULL OR (length("pending_charges"."period_from") = 10 AND date("pending_charges"."period_from") = "pending_charges"."period_from")) AND ("pending_charges"."period_to" IS NULL OR (length("pending_charges"."period_to") = 10 AND date("pending_charges"."period_to") = "pending_charges"."period_to"))),
	CONSTRAINT "pending_charges_vat_rate" CHECK("pending_charges"."vat_rate_bp" BETWEEN 0 AND 10000),
	CONSTRAINT "pending_charges_amounts" CHECK("pending_charges"."net" + "pending_charges"."vat" = "pending_charges"."total" AND ("pending_charges"."amount" IS NULL OR typeof("pending_charges"."amount") = 'integer') AND ("pending_charges"."total" IS NULL OR typeof("pending_charges"."total") = 'integer'))
);
--> statement-breakpoint
CREATE INDEX `pending_charges_open_idx` ON `pending_charges` (`customer_id`,`id`) WHERE invoice_id IS NULL;--> statement-breakpoint
CREATE INDEX `pending_charges_customer_idx` ON `pending_charges` (`customer_id`);--> statement-breakpoint
CREATE INDEX `pending_charges_service_idx` ON `pending_charges` (`service_id`);--> statement-breakpoint
CREATE INDEX `pending_charges_plan_change_idx` ON `pending_charges` (`plan_change_id`);--> statement-breakpoint
CREATE INDEX `pending_charges_invoice_idx` ON `pending_charges` (`invoice_id`);--> statement-breakpoint
CREATE TABLE `bulk_batch_items` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`batch_id` integer NOT NULL,
	`service_id` integer NOT NULL,
	`customer_id` integer NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`message` text,
	`quote` text,
	`plan_change_id` integer,
	FOREIGN KEY (`batch_id`) REFERENCES `bulk_batches`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`service_id`) REFERENCES `services`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`plan_change_id`) REFERENCES `plan_changes`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "bulk_batch_items_status" CHECK("bulk_batch_items"."status" IN ('pending', 'success', 'failed', 'skipped'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `bulk_batch_items_batch_service_unique` ON `bulk_batch_items` (`batch_id`,`service_id`);--> statement-breakpoint
CREATE INDEX `bulk_batch_items_service_idx` ON `bulk_batch_items` (`service_id`);--> statement-breakpoint
CREATE INDEX `bulk_batch_items_customer_idx` ON `bulk_batch_items` (`customer_id`);--> statement-breakpoint
CREATE INDEX `bulk_batch_items_plan_change_idx` ON `bulk_batch_items` (`plan_change_id`);--> statement-breakpoint
CREATE TABLE `bulk_batches` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`from_plan_id` integer NOT NULL,
	`to_plan_id` integer NOT NULL,
	`start_date` text NOT NULL,
	`ignore_balance` integer DEFAULT false NOT NULL,
	`description` text,
	`price` integer,
	`status` text DEFAULT 'preview' NOT NULL,
	`created_on` text NOT NULL,
	`created_by` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`applied_at` text,
	FOREIGN KEY (`from_plan_id`) REFERENCES `plans`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`to_plan_id`) REFERENCES `plans`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "bulk_batches_status" CHECK("bulk_batches"."status" IN ('preview', 'applied', 'failed')),
	CONSTRAINT "bulk_batches_dates" CHECK(("bulk_batches"."start_date" IS NULL OR (length("bulk_batches"."start_date") = 10 AND date("bulk_batches"."start_date") = "bulk_batches"."start_date")) AND ("bulk_batches"."created_on" IS NULL OR (length("bulk_batches"."created_on") = 10 AND date("bulk_batches"."created_on") = "bulk_batches"."created_on"))),
	CONSTRAINT "bulk_batches_price" CHECK("bulk_batches"."price" IS NULL OR "bulk_batches"."price" >= 0),
	CONSTRAINT "bulk_batches_plans_differ" CHECK("bulk_batches"."from_plan_id" <> "bulk_batches"."to_plan_id")
);
--> statement-breakpoint
CREATE INDEX `bulk_batches_from_plan_idx` ON `bulk_batches` (`from_plan_id`);--> statement-breakpoint
CREATE INDEX `bulk_batches_to_plan_idx` ON `bulk_batches` (`to_plan_id`);--> statement-breakpoint
CREATE TABLE `plan_changes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`customer_id` integer NOT NULL,
	`old_service_id` integer NOT NULL,
	`new_service_id` integer,
	`old_plan_id` integer NOT NULL,
	`new_plan_id` integer NOT NULL,
	`made_on` text NOT NULL,
	`start_date` text NOT NULL,
	`status` text DEFAULT 'applied' NOT NULL,
	`source` text NOT NULL,
	`bulk_batch_id` integer,
	`quote` text NOT NULL,
	`fingerprint` text NOT NULL,
	`credit_note_id` integer,
	`invoice_id` integer,
	`old_end_date` text,
	`old_invoiced_until` text,
	`old_status` text,
	`cancelled_on` text,
	`cancelled_by` text,
	`created_by` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`old_service_id`) REFERENCES `services`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`new_service_id`) REFERENCES `services`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`old_plan_id`) REFERENCES `plans`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`new_plan_id`) REFERENCES `plans`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`bulk_batch_id`) REFERENCES `bulk_batches`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`credit_note_id`) REFERENCES `credit_notes`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`invoice_id`) REFERENCES `invoices`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "plan_changes_status" CHECK("plan_changes"."status" IN ('applied', 'cancelled')),
	CONSTRAINT "plan_changes_source" CHECK("plan_changes"."source" IN ('admin', 'portal', 'bulk')),
	CONSTRAINT "plan_changes_old_status" CHECK("plan_changes"."old_status" IS NULL OR "plan_changes"."old_status" IN ('active', 'disabled', 'stopped', 'pending', 'archived')),
	CONSTRAINT "plan_changes_dates" CHECK(("plan_changes"."made_on" IS NULL OR (length("plan_changes"."made_on") = 10 AND date("plan_changes"."made_on") = "plan_changes"."made_on")) AND ("plan_changes"."start_date" IS NULL OR (length("plan_changes"."start_date") = 10 AND date("plan_changes"."start_date") = "plan_changes"."start_date")) AND ("plan_changes"."old_end_date" IS NULL OR (length("plan_changes"."old_end_date") = 10 AND date("plan_changes"."old_end_date") = "plan_changes"."old_end_date")) AND ("plan_changes"."old_invoiced_until" IS NULL OR (length("plan_changes"."old_invoiced_until") = 10 AND date("plan_changes"."old_invoiced_until") = "plan_changes"."old_invoiced_until")) AND ("plan_changes"."cancelled_on" IS NULL OR (length("plan_changes"."cancelled_on") = 10 AND date("plan_changes"."cancelled_on") = "plan_changes"."cancelled_on"))),
	CONSTRAINT "plan_changes_quote_json" CHECK(json_valid("plan_changes"."quote"))
);
--> statement-breakpoint
CREATE INDEX `plan_changes_customer_idx` ON `plan_changes` (`customer_id`,`id`);--> statement-breakpoint
CREATE INDEX `plan_changes_old_service_idx` ON `plan_changes` (`old_service_id`);--> statement-breakpoint
CREATE INDEX `plan_changes_new_service_idx` ON `plan_changes` (`new_service_id`);--> statement-breakpoint
CREATE INDEX `plan_changes_old_plan_idx` ON `plan_changes` (`old_plan_id`);--> statement-breakpoint
CREATE INDEX `plan_changes_new_plan_idx` ON `plan_changes` (`new_plan_id`);--> statement-breakpoint
CREATE INDEX `plan_changes_batch_idx` ON `plan_changes` (`bulk_batch_id`);--> statement-breakpoint
CREATE INDEX `plan_changes_credit_note_idx` ON `plan_changes` (`credit_note_id`);--> statement-breakpoint
CREATE INDEX `plan_changes_invoice_idx` ON `plan_changes` (`invoice_id`);--> statement-breakpoint
CREATE TABLE `scheduled_status_changes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`service_id` integer NOT NULL,
	`on_date` text NOT NULL,
	`status` text NOT NULL,
	`applied_at` text,
	`applied_on` text,
	`cancelled_at` text,
	`created_by` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`service_id`) REFERENCES `services`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "scheduled_status_changes_status" CHECK("scheduled_status_changes"."status" IN ('active', 'disabled', 'stopped', 'pending', 'archived')),
	CONSTRAINT "scheduled_status_changes_dates" CHECK(("scheduled_status_changes"."on_date" IS NULL OR (length("scheduled_status_changes"."on_date") = 10 AND date("scheduled_status_changes"."on_date") = "scheduled_status_changes"."on_date")) AND ("scheduled_status_changes"."applied_on" IS NULL OR (length("scheduled_status_changes"."applied_on") = 10 AND date("scheduled_status_changes"."applied_on") = "scheduled_status_changes"."applied_on")))
);
--> statement-breakpoint
CREATE INDEX `scheduled_status_changes_due_idx` ON `scheduled_status_changes` (`on_date`) WHERE applied_at IS NULL AND cancelled_at IS NULL;--> statement-breakpoint
CREATE INDEX `scheduled_status_changes_service_idx` ON `scheduled_status_changes` (`service_id`);--> statement-breakpoint
CREATE TABLE `ticket_messages` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`ticket_id` integer NOT NULL,
	`author` text NOT NULL,
	`author_kind` text NOT NULL,
	`internal` integer DEFAULT false NOT NULL,
	`body` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "ticket_messages_author_kind" CHECK("ticket_messages"."author_kind" IN ('staff', 'customer', 'system'))
);
--> statement-breakpoint
CREATE INDEX `ticket_messages_ticket_idx` ON `ticket_messages` (`ticket_id`,`id`);--> statement-breakpoint
CREATE TABLE `tickets` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`customer_id` integer NOT NULL,
	`subject` text NOT NULL,
	`status` text DEFAULT 'new' NOT NULL,
	`priority` text DEFAULT 'low' NOT NULL,
	`type` text DEFAULT 'question' NOT NULL,
	`source` text NOT NULL,
	`assigned_to` text,
	`created_by` text NOT NULL,
	`created_on` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`plan_change_request` text,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "tickets_status" CHECK("tickets"."status" IN ('new', 'work_in_progress', 'resolved', 'waiting_on_customer', 'waiting_on_agent')),
	CONSTRAINT "tickets_priority" CHECK("tickets"."priority" IN ('low', 'medium', 'high', 'urgent')),
	CONSTRAINT "tickets_type" CHECK("tickets"."type" IN ('question', 'incident', 'problem', 'feature_request', 'lead')),
	CONSTRAINT "tickets_source" CHECK("tickets"."source" IN ('admin', 'portal')),
	CONSTRAINT "tickets_request_json" CHECK("tickets"."plan_change_request" IS NULL OR json_valid("tickets"."plan_change_request"))
);
--> statement-breakpoint
CREATE INDEX `tickets_customer_idx` ON `tickets` (`customer_id`,`id`);--> statement-breakpoint
CREATE INDEX `tickets_status_idx` ON `tickets` (`status`,`id`);--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`business_date` text NOT NULL,
	`actor` text NOT NULL,
	`entity` text NOT NULL,
	`entity_id` integer,
	`customer_id` integer,
	`action` text NOT NULL,
	`before` text,
	`after` text,
	CONSTRAINT "audit_log_json" CHECK(("audit_log"."before" IS NULL OR json_valid("audit_log"."before")) AND ("audit_log"."after" IS NULL OR json_valid("audit_log"."after")))
);
--> statement-breakpoint
CREATE INDEX `audit_log_customer_idx` ON `audit_log` (`customer_id`,`id`);--> statement-breakpoint
CREATE INDEX `audit_log_entity_idx` ON `audit_log` (`entity`,`entity_id`,`id`);--> statement-breakpoint
CREATE TABLE `staff_users` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`role` text NOT NULL,
	`password_hash` text NOT NULL,
	`failed_attempts` integer DEFAULT 0 NOT NULL,
	`locked_until` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	CONSTRAINT "staff_users_role" CHECK("staff_users"."role" IN ('administrator', 'finance', 'support')),
	CONSTRAINT "staff_users_failed_attempts" CHECK("staff_users"."failed_attempts" >= 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `staff_users_name_unique` ON `staff_users` (`name`);