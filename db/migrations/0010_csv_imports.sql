CREATE TABLE `import_files` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`file_hash` text NOT NULL,
	`file_name` text DEFAULT '' NOT NULL,
	`business_date` text NOT NULL,
	`actor` text NOT NULL,
	`rows_accepted` integer NOT NULL,
	`rows_skipped` integer DEFAULT 0 NOT NULL,
	`rows_refused` integer DEFAULT 0 NOT NULL,
	`at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	CONSTRAINT "import_files_kind" CHECK("import_files"."kind" IN ('customers', 'payments')),
	CONSTRAINT "import_files_business_date" CHECK(("import_files"."business_date" IS NULL OR (length("import_files"."business_date") = 10 AND date("import_files"."business_date") = "import_files"."business_date"))),
	CONSTRAINT "import_files_rows" CHECK(("import_files"."rows_accepted" IS NULL OR typeof("import_files"."rows_accepted") = 'integer') AND "import_files"."rows_accepted" >= 0)
);
--> statement-breakpoint
CREATE INDEX `import_files_hash_idx` ON `import_files` (`kind`,`file_hash`);--> statement-breakpoint
CREATE TABLE `imported_payments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`fingerprint` text NOT NULL,
	`payment_id` integer NOT NULL,
	`import_file_id` integer,
	`file_row` integer NOT NULL,
	FOREIGN KEY (`payment_id`) REFERENCES `payments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`import_file_id`) REFERENCES `import_files`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `imported_payments_fingerprint_unique` ON `imported_payments` (`fingerprint`);--> statement-breakpoint
CREATE INDEX `imported_payments_payment_idx` ON `imported_payments` (`payment_id`);--> statement-breakpoint
CREATE INDEX `imported_payments_file_idx` ON `imported_payments` (`import_file_id`);