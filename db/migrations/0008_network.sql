CREATE TABLE `network_dirty` (
	`login` text PRIMARY KEY NOT NULL
);
--> statement-breakpoint
CREATE TABLE `network_login_state` (
	`login` text PRIMARY KEY NOT NULL,
	`result` text NOT NULL,
	`answer` text NOT NULL,
	`summary` text NOT NULL,
	`service_id` integer,
	`router_id` integer,
	`changed_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `network_outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`login` text NOT NULL,
	`service_id` integer,
	`customer_id` integer,
	`router_id` integer,
	`before` text NOT NULL,
	`after` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	`sent_at` text,
	`answered_at` text,
	CONSTRAINT "network_outbox_status" CHECK("network_outbox"."status" IN ('pending', 'acked', 'nakked', 'noRouter', 'training'))
);
--> statement-breakpoint
CREATE INDEX `network_outbox_due_idx` ON `network_outbox` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `network_outbox_service_idx` ON `network_outbox` (`service_id`,`id`);--> statement-breakpoint
CREATE TABLE `network_radcheck` (
	`username` text NOT NULL,
	`id` integer NOT NULL,
	`attribute` text NOT NULL,
	`op` text NOT NULL,
	`value` text NOT NULL,
	PRIMARY KEY(`username`, `id`)
);
--> statement-breakpoint
CREATE TABLE `network_radreply` (
	`username` text NOT NULL,
	`id` integer NOT NULL,
	`attribute` text NOT NULL,
	`op` text NOT NULL,
	`value` text NOT NULL,
	PRIMARY KEY(`username`, `id`)
);
--> statement-breakpoint
ALTER TABLE `customers` ADD `pap_password_ssha512` text;--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_routers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`address` text DEFAULT '' NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`type` text DEFAULT 'mikrotik' NOT NULL,
	`auth_method` text DEFAULT 'none' NOT NULL,
	`nas_ip` text DEFAULT '' NOT NULL,
	`radius_secret` text DEFAULT '' NOT NULL,
	`coa_port` integer DEFAULT 3799 NOT NULL,
	`bind_macs` integer DEFAULT false NOT NULL,
	CONSTRAINT "routers_type" CHECK("__new_routers"."type" IN ('mikrotik')),
	CONSTRAINT "routers_auth_method" CHECK("__new_routers"."auth_method" IN ('pppRadius', 'hotspotRadius', 'none')),
	CONSTRAINT "routers_coa_port" CHECK("__new_routers"."coa_port" BETWEEN 1 AND 65535)
);
--> statement-breakpoint
INSERT INTO `__new_routers`("id", "name", "address", "description") SELECT "id", "name", "address", "description" FROM `routers`;--> statement-breakpoint
DROP TABLE `routers`;--> statement-breakpoint
ALTER TABLE `__new_routers` RENAME TO `routers`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `routers_name_unique` ON `routers` (`name`);--> statement-breakpoint
-- Network enforcement (decision 25). FreeRADIUS's sql module reads these views (queries in db/networkAnswers.ts);
-- they are computed from our own tables, so every committed write is what the next Access-Request sees.
-- The partner's network settings with the Default partner's value as fallback and the registry's built-in
-- defaults (db/settings.ts) last; setting values are JSON.
CREATE VIEW `network_partner_settings` AS
SELECT p.id AS partner_id,
  COALESCE((SELECT json_extract(v.value, '$') FROM settings v WHERE v.partner_id = p.id AND v.key = 'network.blockingMethod'),
           (SELECT json_extract(v.value, '$') FROM settings v WHERE v.partner_id = 1 AND v.key = 'network.blockingMethod'),
           'reject') AS blocking_method,
  COALESCE((SELECT json_extract(v.value, '$') FROM settings v WHERE v.partner_id = p.id AND v.key = 'network.blockedPool'),
           (SELECT json_extract(v.value, '$') FROM settings v WHERE v.partner_id = 1 AND v.key = 'network.blockedPool'),
           'blocked') AS blocked_pool,
  COALESCE((SELECT json_extract(v.value, '$') FROM settings v WHERE v.partner_id = p.id AND v.key = 'network.blockedAddressList'),
           (SELECT json_extract(v.value, '$') FROM settings v WHERE v.partner_id = 1 AND v.key = 'network.blockedAddressList'),
           'Reject_1') AS blocked_address_list
FROM partners p;
--> statement-breakpoint
-- One row per Internet service with a login, whatever its status: the reason decides accept or reject
-- ('active' and 'blockedPool' accept), the other columns are the check and reply attributes of an accept.
CREATE VIEW `network_answers` AS
SELECT s.id AS service_id, s.login AS login, s.customer_id AS customer_id, c.partner_id AS partner_id, s.router_id AS router_id,
  s.status AS service_status, c.status AS customer_status,
  CASE
    WHEN s.status <> 'active' THEN 'serviceNotActive'
    WHEN c.status = 'new' THEN 'customerNew'
    WHEN c.status = 'inactive' THEN 'customerInactive'
    WHEN c.status = 'blocked' AND ns.blocking_method <> 'blockedPool' THEN 'blockedReject'
    WHEN COALESCE(NULLIF(s.password, ''), c.pap_password_ssha512) IS NULL THEN 'noPassword'
    WHEN c.status = 'blocked' THEN 'blockedPool'
    ELSE 'active'
  END AS reason,
  CASE WHEN NULLIF(s.password, '') IS NOT NULL THEN 'Cleartext-Password' ELSE 'SSHA2-512-Password' END AS password_attribute,
  COALESCE(NULLIF(s.password, ''), c.pap_password_ssha512) AS password_value,
  CASE WHEN r.bind_macs = 1 AND NULLIF(s.macs, '') IS NOT NULL
    THEN CASE WHEN instr(s.macs, ',') > 0 THEN substr(s.macs, 1, instr(s.macs, ',') - 1) ELSE s.macs END END AS calling_station_id,
  CASE WHEN c.status = 'active' AND s.ipv4_method = 'permanent' THEN NULLIF(s.ipv4, '') END AS framed_ip_address,
  CASE WHEN c.status = 'active' AND s.ipv4_method = 'permanent' AND NULLIF(s.additional_network, '') IS NOT NULL AND NULLIF(s.ipv4, '') IS NOT NULL
    THEN s.additional_network || ' ' || s.ipv4 || ' 1' END AS framed_route,
  CASE WHEN c.status = 'blocked' THEN ns.blocked_pool WHEN s.ipv4_method = 'dynamic' THEN pool.name END AS framed_pool,
  CASE WHEN c.status = 'active' AND (p.upload_kbps IS NOT NULL OR p.download_kbps IS NOT NULL)
    THEN COALESCE(p.upload_kbps, 0) || 'k/' || COALESCE(p.download_kbps, 0) || 'k' END AS rate_limit,
  CASE WHEN c.status = 'blocked' THEN ns.blocked_address_list END AS address_list
FROM services s
JOIN customers c ON c.id = s.customer_id
JOIN plans p ON p.id = s.plan_id
JOIN network_partner_settings ns ON ns.partner_id = c.partner_id
LEFT JOIN routers r ON r.id = s.router_id
LEFT JOIN ipv4_pools pool ON pool.id = s.ipv4_pool_id
WHERE s.kind = 'internet' AND s.login IS NOT NULL AND s.login <> '';
--> statement-breakpoint
-- Triggers: every write that can change a login's answer marks the login (lower case: logins are matched without
-- regard to case) in network_dirty; the transaction settles the marks before it commits (db/networkChanges.ts).
CREATE TRIGGER `network_services_insert` AFTER INSERT ON `services`
WHEN NEW.login IS NOT NULL AND NEW.login <> '' BEGIN
  INSERT OR IGNORE INTO network_dirty (login) VALUES (lower(NEW.login));
END;
--> statement-breakpoint
CREATE TRIGGER `network_services_update` AFTER UPDATE ON `services`
WHEN OLD.status IS NOT NEW.status OR OLD.login IS NOT NEW.login OR OLD.password IS NOT NEW.password OR OLD.plan_id IS NOT NEW.plan_id
  OR OLD.customer_id IS NOT NEW.customer_id OR OLD.router_id IS NOT NEW.router_id OR OLD.ipv4_method IS NOT NEW.ipv4_method
  OR OLD.ipv4 IS NOT NEW.ipv4 OR OLD.additional_network IS NOT NEW.additional_network OR OLD.ipv4_pool_id IS NOT NEW.ipv4_pool_id
  OR OLD.macs IS NOT NEW.macs OR OLD.kind IS NOT NEW.kind BEGIN
  INSERT OR IGNORE INTO network_dirty (login) SELECT lower(OLD.login) WHERE OLD.login IS NOT NULL AND OLD.login <> '';
  INSERT OR IGNORE INTO network_dirty (login) SELECT lower(NEW.login) WHERE NEW.login IS NOT NULL AND NEW.login <> '';
END;
--> statement-breakpoint
CREATE TRIGGER `network_services_delete` AFTER DELETE ON `services`
WHEN OLD.login IS NOT NULL AND OLD.login <> '' BEGIN
  INSERT OR IGNORE INTO network_dirty (login) VALUES (lower(OLD.login));
END;
--> statement-breakpoint
CREATE TRIGGER `network_customers_update` AFTER UPDATE ON `customers`
WHEN OLD.status IS NOT NEW.status OR OLD.partner_id IS NOT NEW.partner_id OR OLD.pap_password_ssha512 IS NOT NEW.pap_password_ssha512 BEGIN
  INSERT OR IGNORE INTO network_dirty (login)
    SELECT lower(login) FROM services WHERE customer_id = NEW.id AND login IS NOT NULL AND login <> '';
END;
--> statement-breakpoint
-- Speeds reach only Active services' answers (any other service is rejected whatever its plan).
CREATE TRIGGER `network_plans_update` AFTER UPDATE ON `plans`
WHEN OLD.download_kbps IS NOT NEW.download_kbps OR OLD.upload_kbps IS NOT NEW.upload_kbps BEGIN
  INSERT OR IGNORE INTO network_dirty (login)
    SELECT lower(login) FROM services WHERE plan_id = NEW.id AND status = 'active' AND login IS NOT NULL AND login <> '';
END;
--> statement-breakpoint
-- The network settings reach only Blocked customers' answers; a Default change reaches every partner falling back to it.
CREATE TRIGGER `network_settings_insert` AFTER INSERT ON `settings` WHEN NEW.key LIKE 'network.%' BEGIN
  INSERT OR IGNORE INTO network_dirty (login)
    SELECT lower(s.login) FROM customers c JOIN services s ON s.customer_id = c.id
    WHERE c.status = 'blocked' AND s.status = 'active' AND s.login IS NOT NULL AND s.login <> '';
END;
--> statement-breakpoint
CREATE TRIGGER `network_settings_update` AFTER UPDATE ON `settings` WHEN NEW.key LIKE 'network.%' OR OLD.key LIKE 'network.%' BEGIN
  INSERT OR IGNORE INTO network_dirty (login)
    SELECT lower(s.login) FROM customers c JOIN services s ON s.customer_id = c.id
    WHERE c.status = 'blocked' AND s.status = 'active' AND s.login IS NOT NULL AND s.login <> '';
END;
--> statement-breakpoint
CREATE TRIGGER `network_settings_delete` AFTER DELETE ON `settings` WHEN OLD.key LIKE 'network.%' BEGIN
  INSERT OR IGNORE INTO network_dirty (login)
    SELECT lower(s.login) FROM customers c JOIN services s ON s.customer_id = c.id
    WHERE c.status = 'blocked' AND s.status = 'active' AND s.login IS NOT NULL AND s.login <> '';
END;
--> statement-breakpoint
CREATE TRIGGER `network_routers_update` AFTER UPDATE ON `routers` WHEN OLD.bind_macs IS NOT NEW.bind_macs BEGIN
  INSERT OR IGNORE INTO network_dirty (login)
    SELECT lower(login) FROM services WHERE router_id = NEW.id AND status = 'active' AND login IS NOT NULL AND login <> '';
END;
--> statement-breakpoint
CREATE TRIGGER `network_pools_update` AFTER UPDATE ON `ipv4_pools` WHEN OLD.name IS NOT NEW.name BEGIN
  INSERT OR IGNORE INTO network_dirty (login)
    SELECT lower(login) FROM services WHERE ipv4_pool_id = NEW.id AND status = 'active' AND login IS NOT NULL AND login <> '';
END;
--> statement-breakpoint
-- A database from before this migration: every login is settled once at the next transaction, recording what it
-- is answered now (nothing is sent for it: no earlier answer is known).
INSERT OR IGNORE INTO network_dirty (login) SELECT lower(login) FROM services WHERE login IS NOT NULL AND login <> '';
