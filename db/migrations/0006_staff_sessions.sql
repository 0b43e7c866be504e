CREATE TABLE `sign_in_failures` (
	`name` text NOT NULL,
	`source` text NOT NULL,
	`failures` integer NOT NULL,
	`last_failed_at` text NOT NULL,
	`blocked_until` text,
	PRIMARY KEY(`name`, `source`),
	CONSTRAINT "sign_in_failures_count" CHECK("sign_in_failures"."failures" >= 1)
);
--> statement-breakpoint
CREATE INDEX `sign_in_failures_last_idx` ON `sign_in_failures` (`last_failed_at`);--> statement-breakpoint
CREATE TABLE `staff_sessions` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`staff_id` integer NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`staff_id`) REFERENCES `staff_users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `staff_sessions_staff_idx` ON `staff_sessions` (`staff_id`);--> statement-breakpoint
-- Locks from failed sign-ins are gone (sign_in_failures waits per name and source replace them): a lock an older
-- build set after five failures would otherwise read as an administrator's lock.
UPDATE `staff_users` SET `failed_attempts` = 0, `locked_until` = NULL;
