CREATE TABLE `service_sessions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`unique_id` text NOT NULL,
	`session_id` text NOT NULL,
	`login` text NOT NULL,
	`service_id` integer,
	`nas_ip` text DEFAULT '' NOT NULL,
	`framed_ip` text DEFAULT '' NOT NULL,
	`calling_station_id` text DEFAULT '' NOT NULL,
	`started_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`stopped_at` integer,
	`closed_as` text,
	`terminate_cause` text DEFAULT '' NOT NULL,
	`duration_seconds` integer DEFAULT 0 NOT NULL,
	`input_octets` integer DEFAULT 0 NOT NULL,
	`output_octets` integer DEFAULT 0 NOT NULL,
	`counted_input` integer DEFAULT 0 NOT NULL,
	`counted_output` integer DEFAULT 0 NOT NULL,
	`counted_at` integer NOT NULL,
	`radacct_id` integer,
	`radius_stopped` integer DEFAULT false NOT NULL,
	FOREIGN KEY (`service_id`) REFERENCES `services`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "service_sessions_closed_as" CHECK(("service_sessions"."closed_as" IS NULL OR "service_sessions"."closed_as" IN ('stop', 'stale'))),
	CONSTRAINT "service_sessions_closed" CHECK(("service_sessions"."stopped_at" IS NULL) = ("service_sessions"."closed_as" IS NULL)),
	CONSTRAINT "service_sessions_counters" CHECK("service_sessions"."input_octets" >= 0 AND "service_sessions"."output_octets" >= 0 AND "service_sessions"."counted_input" <= "service_sessions"."input_octets" AND "service_sessions"."counted_output" <= "service_sessions"."output_octets" AND ("service_sessions"."input_octets" IS NULL OR typeof("service_sessions"."input_octets") = 'integer') AND ("service_sessions"."output_octets" IS NULL OR typeof("service_sessions"."output_octets") = 'integer'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `service_sessions_unique_id_unique` ON `service_sessions` (`unique_id`);--> statement-breakpoint
CREATE INDEX `service_sessions_service_idx` ON `service_sessions` (`service_id`,`started_at`);--> statement-breakpoint
CREATE INDEX `service_sessions_login_idx` ON `service_sessions` ("login" COLLATE NOCASE,`started_at`);--> statement-breakpoint
CREATE INDEX `service_sessions_open_idx` ON `service_sessions` (`service_id`,`updated_at`) WHERE stopped_at IS NULL;--> statement-breakpoint
CREATE INDEX `service_sessions_watch_idx` ON `service_sessions` (`updated_at`) WHERE radius_stopped = 0;