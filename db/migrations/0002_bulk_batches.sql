-- Bulk tariff change (decision 13): preview amounts per item, resumable apply, batch undo.
-- Hand-fixed: drizzle-kit copied the NEW columns from the old tables; only the existing ones are copied.
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_bulk_batch_items` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`batch_id` integer NOT NULL,
	`service_id` integer NOT NULL,
	`customer_id` integer NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`message` text,
	`quote` text,
	`plan_change_id` integer,
	`fingerprint` text,
	`old_price` integer,
	`new_price` integer,
	`refund` integer,
	`fee` integer,
	`charge` integer,
	`balance_effect` integer,
	`applied_state` text,
	`applied_audit_id` integer,
	`undo_message` text,
	FOREIGN KEY (`batch_id`) REFERENCES `bulk_batches`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`service_id`) REFERENCES `services`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`plan_change_id`) REFERENCES `plan_changes`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "bulk_batch_items_status" CHECK("__new_bulk_batch_items"."status" IN ('pending', 'excluded', 'skipped', 'success', 'failed', 'undone', 'changedByHand', 'undoFailed')),
	CONSTRAINT "bulk_batch_items_applied_state_json" CHECK("__new_bulk_batch_items"."applied_state" IS NULL OR json_valid("__new_bulk_batch_items"."applied_state"))
);
--> statement-breakpoint
INSERT INTO `__new_bulk_batch_items`("id", "batch_id", "service_id", "customer_id", "status", "message", "quote", "plan_change_id") SELECT "id", "batch_id", "service_id", "customer_id", "status", "message", "quote", "plan_change_id" FROM `bulk_batch_items`;--> statement-breakpoint
DROP TABLE `bulk_batch_items`;--> statement-breakpoint
ALTER TABLE `__new_bulk_batch_items` RENAME TO `bulk_batch_items`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `bulk_batch_items_batch_service_unique` ON `bulk_batch_items` (`batch_id`,`service_id`);--> statement-breakpoint
CREATE INDEX `bulk_batch_items_service_idx` ON `bulk_batch_items` (`service_id`);--> statement-breakpoint
CREATE INDEX `bulk_batch_items_customer_idx` ON `bulk_batch_items` (`customer_id`);--> statement-breakpoint
CREATE INDEX `bulk_batch_items_plan_change_idx` ON `bulk_batch_items` (`plan_change_id`);--> statement-breakpoint
CREATE INDEX `bulk_batch_items_batch_status_idx` ON `bulk_batch_items` (`batch_id`,`status`);--> statement-breakpoint
CREATE TABLE `__new_bulk_batches` (
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
	`undone_on` text,
	`undone_by` text,
	FOREIGN KEY (`from_plan_id`) REFERENCES `plans`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`to_plan_id`) REFERENCES `plans`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "bulk_batches_status" CHECK("__new_bulk_batches"."status" IN ('preview', 'applying', 'applied', 'failed', 'undone')),
	CONSTRAINT "bulk_batches_dates" CHECK(("__new_bulk_batches"."start_date" IS NULL OR (length("__new_bulk_batches"."start_date") = 10 AND date("__new_bulk_batches"."start_date") = "__new_bulk_batches"."start_date")) AND ("__new_bulk_batches"."created_on" IS NULL OR (length("__new_bulk_batches"."created_on") = 10 AND date("__new_bulk_batches"."created_on") = "__new_bulk_batches"."created_on")) AND ("__new_bulk_batches"."undone_on" IS NULL OR (length("__new_bulk_batches"."undone_on") = 10 AND date("__new_bulk_batches"."undone_on") = "__new_bulk_batches"."undone_on"))),
	CONSTRAINT "bulk_batches_price" CHECK("__new_bulk_batches"."price" IS NULL OR "__new_bulk_batches"."price" >= 0),
	CONSTRAINT "bulk_batches_plans_differ" CHECK("__new_bulk_batches"."from_plan_id" <> "__new_bulk_batches"."to_plan_id")
);
--> statement-breakpoint
INSERT INTO `__new_bulk_batches`("id", "from_plan_id", "to_plan_id", "start_date", "ignore_balance", "description", "price", "status", "created_on", "created_by", "created_at", "applied_at") SELECT "id", "from_plan_id", "to_plan_id", "start_date", "ignore_balance", "description", "price", "status", "created_on", "created_by", "created_at", "applied_at" FROM `bulk_batches`;--> statement-breakpoint
DROP TABLE `bulk_batches`;--> statement-breakpoint
ALTER TABLE `__new_bulk_batches` RENAME TO `bulk_batches`;--> statement-breakpoint
CREATE INDEX `bulk_batches_from_plan_idx` ON `bulk_batches` (`from_plan_id`);--> statement-breakpoint
CREATE INDEX `bulk_batches_to_plan_idx` ON `bulk_batches` (`to_plan_id`);