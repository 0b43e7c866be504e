import Database from 'better-sqlite3';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { findMigrationsFolder } from '../../db/open';

/** A file as an older build left it: only the first `version` migrations applied. */
export function makeOldSchemaFile(file: string, version: number, fill?: (db: Database.Database) => void): void {
  const migrations = readMigrationFiles({ migrationsFolder: findMigrationsFolder() });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.exec('CREATE TABLE "__drizzle_migrations" (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at numeric)');
  for (const m of migrations.slice(0, version)) {
    for (const s of m.sql) if (s.trim()) db.exec(s);
    db.prepare('INSERT INTO "__drizzle_migrations" (hash, created_at) VALUES (?, ?)').run(m.hash, m.folderMillis);
  }
  db.pragma(`user_version = ${version}`);
  db.exec("INSERT OR IGNORE INTO partners (id, name) VALUES (1, 'Default')");
  fill?.(db);
  db.close();
}
