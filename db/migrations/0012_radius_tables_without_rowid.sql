-- What FreeRADIUS reads per Access-Request (network_radcheck / network_radreply, db/networkAnswers.ts) as WITHOUT ROWID
-- tables clustered on (username, id): each authorize query is one B-tree search that already holds every column,
-- where a rowid table searched its primary-key index and then the table once per row (bench/radius.ts).
-- Same columns, same key, same rows: the copies below keep every answer.
CREATE TABLE `__new_network_radcheck` (
	`username` text NOT NULL,
	`id` integer NOT NULL,
	`attribute` text NOT NULL,
	`op` text NOT NULL,
	`value` text NOT NULL,
	PRIMARY KEY(`username`, `id`)
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `__new_network_radcheck` (`username`, `id`, `attribute`, `op`, `value`) SELECT `username`, `id`, `attribute`, `op`, `value` FROM `network_radcheck`;--> statement-breakpoint
DROP TABLE `network_radcheck`;--> statement-breakpoint
ALTER TABLE `__new_network_radcheck` RENAME TO `network_radcheck`;--> statement-breakpoint
CREATE TABLE `__new_network_radreply` (
	`username` text NOT NULL,
	`id` integer NOT NULL,
	`attribute` text NOT NULL,
	`op` text NOT NULL,
	`value` text NOT NULL,
	PRIMARY KEY(`username`, `id`)
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `__new_network_radreply` (`username`, `id`, `attribute`, `op`, `value`) SELECT `username`, `id`, `attribute`, `op`, `value` FROM `network_radreply`;--> statement-breakpoint
DROP TABLE `network_radreply`;--> statement-breakpoint
ALTER TABLE `__new_network_radreply` RENAME TO `network_radreply`;
