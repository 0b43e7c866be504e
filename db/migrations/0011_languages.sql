ALTER TABLE `customers` ADD `language` text DEFAULT 'en' NOT NULL;--> statement-breakpoint
ALTER TABLE `staff_users` ADD `language` text;