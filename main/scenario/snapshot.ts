import type { AppDb } from '../../db/open';

/** Every row of every table, as one string: a refused action must leave it identical. */
export function snapshotRows(db: AppDb): string {
  const tables = db.sqlite
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .all() as { name: string }[];
  const parts: string[] = [];
  for (const { name } of tables) {
    // Sorted as text: some tables (full-text index internals) have no rowid to order by.
    const rows = db.sqlite.prepare(`SELECT * FROM "${name.replaceAll('"', '""')}"`).all().map((r) => JSON.stringify(r));
    parts.push(`${name}:${rows.sort().join('\n')}`);
  }
  return parts.join('\n');
}
