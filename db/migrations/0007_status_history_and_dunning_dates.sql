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
ALTER TABLE `invoices` ADD `charges_service` integer DEFAULT false NOT NULL;--> statement-breakpoint
-- Decision 19: services made before the history existed start it with their current status (from the earlier of
-- their start and creation days); Stopped copies of a deactivation are marked so that payment restarts them.
INSERT INTO `service_status_history` (`service_id`, `from_date`, `status`, `cause`)
SELECT `id`, min(`start_date`, `created_on`), `status`,
       CASE WHEN `status` = 'stopped' AND `copied_from_service_id` IS NOT NULL THEN 'deactivation' END
  FROM `services`;--> statement-breakpoint
-- Decision 20: invoices that charge a service for a period block like recurring ones.
UPDATE `invoices` SET `charges_service` = 1
 WHERE `kind` = 'recurring'
    OR EXISTS (SELECT 1 FROM `invoice_lines` l WHERE l.`invoice_id` = `invoices`.`id` AND l.`kind` IN ('recurring', 'charge') AND l.`service_id` IS NOT NULL);--> statement-breakpoint
-- Decision 24: invoices issued before the dates were stored get them from the terms in force now (the customer's
-- own, else its partner's, else Default's, else the built-in defaults 0 and 10; -1 = never).
WITH `terms` AS (
  SELECT c.`id` AS `customer_id`,
         COALESCE(c.`blocking_days`,
           (SELECT CASE WHEN s.`value` = '"never"' THEN -1 ELSE CAST(s.`value` AS INTEGER) END FROM `settings` s WHERE s.`partner_id` = c.`partner_id` AND s.`key` = 'billing.blockingDays'),
           (SELECT CASE WHEN s.`value` = '"never"' THEN -1 ELSE CAST(s.`value` AS INTEGER) END FROM `settings` s WHERE s.`partner_id` = 1 AND s.`key` = 'billing.blockingDays'),
           0) AS `b`,
         COALESCE(c.`deactivation_days`,
           (SELECT CASE WHEN s.`value` = '"never"' THEN -1 ELSE CAST(s.`value` AS INTEGER) END FROM `settings` s WHERE s.`partner_id` = c.`partner_id` AND s.`key` = 'billing.deactivationDays'),
           (SELECT CASE WHEN s.`value` = '"never"' THEN -1 ELSE CAST(s.`value` AS INTEGER) END FROM `settings` s WHERE s.`partner_id` = 1 AND s.`key` = 'billing.deactivationDays'),
           10) AS `d`
    FROM `customers` c
)
UPDATE `invoices`
   SET `blocking_date` = CASE WHEN t.`b` = -1 THEN NULL ELSE date(`invoices`.`due_date`, '+' || t.`b` || ' days') END,
       `deactivation_date` = CASE WHEN t.`b` = -1 OR t.`d` = -1 THEN NULL ELSE date(`invoices`.`due_date`, '+' || (t.`b` + t.`d`) || ' days') END
  FROM `terms` t WHERE t.`customer_id` = `invoices`.`customer_id`;
