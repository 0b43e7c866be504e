import { defineConfig } from 'drizzle-kit';

// `npm run db:generate` writes a new SQL migration into db/migrations from the changes in db/schema.ts.
// Migrations are committed and applied by openDatabase() at start (db/open.ts).
export default defineConfig({
  dialect: 'sqlite',
  schema: './db/schema.ts',
  out: './db/migrations',
  strict: true,
  verbose: true,
});
