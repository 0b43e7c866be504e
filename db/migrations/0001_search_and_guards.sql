-- Hand-written (drizzle-kit cannot express these): customer "contains" search and the Default partner guard.
--
-- customers_search is an FTS5 index over the customers table itself (external content, no copy of the text).
-- The trigram tokenizer lets `customers_search MATCH '"mit"'` or `customers_search.name LIKE '%mit%'`
-- (3+ characters, case-insensitive) find "Smith" without scanning 100k rows. The triggers keep it in step;
-- the update trigger fires only for the searched columns, so balance updates cost nothing here.
CREATE VIRTUAL TABLE `customers_search` USING fts5(
	name, email, phone, portal_login, address,
	content='customers', content_rowid='id', tokenize='trigram'
);
--> statement-breakpoint
CREATE TRIGGER `customers_search_insert` AFTER INSERT ON `customers` BEGIN
	INSERT INTO customers_search(rowid, name, email, phone, portal_login, address)
	VALUES (new.id, new.name, new.email, new.phone, new.portal_login, new.address);
END;
--> statement-breakpoint
CREATE TRIGGER `customers_search_delete` AFTER DELETE ON `customers` BEGIN
	INSERT INTO customers_search(customers_search, rowid, name, email, phone, portal_login, address)
	VALUES ('delete', old.id, old.name, old.email, old.phone, old.portal_login, old.address);
END;
--> statement-breakpoint
CREATE TRIGGER `customers_search_update` AFTER UPDATE OF name, email, phone, portal_login, address ON `customers` BEGIN
	INSERT INTO customers_search(customers_search, rowid, name, email, phone, portal_login, address)
	VALUES ('delete', old.id, old.name, old.email, old.phone, old.portal_login, old.address);
	INSERT INTO customers_search(rowid, name, email, phone, portal_login, address)
	VALUES (new.id, new.name, new.email, new.phone, new.portal_login, new.address);
END;
--> statement-breakpoint
-- Partner 1 is "Default": every other partner's settings fall back to it, so it can never go away.
CREATE TRIGGER `partners_keep_default` BEFORE DELETE ON `partners` WHEN old.id = 1 BEGIN
	SELECT RAISE(ABORT, 'The Default partner cannot be deleted');
END;
