-- A new service marks its login (migration 0008) only when it can change what the login is answered. An accepted
-- answer comes from an Active service only (network_answers: any other status is 'serviceNotActive'), so a new
-- service in any other status leaves the check and reply rows as they are, and settling such a mark found the same
-- answer and wrote nothing — unless the login has no state yet (a new login: its first state is written). A bulk
-- change's new services start 'pending': one mark per changed service, each settled for nothing.
DROP TRIGGER `network_services_insert`;--> statement-breakpoint
CREATE TRIGGER `network_services_insert` AFTER INSERT ON `services`
WHEN NEW.login IS NOT NULL AND NEW.login <> ''
  AND (NEW.status = 'active' OR NOT EXISTS (SELECT 1 FROM network_login_state WHERE login = lower(NEW.login))) BEGIN
  INSERT OR IGNORE INTO network_dirty (login) VALUES (lower(NEW.login));
END;
