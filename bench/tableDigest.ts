// `npx tsx bench/tableDigest.ts SRC COPY OUT.json`: proves a change to the billing path keeps every table identical.
// On a copy of a generated file (`npm run seed -- --billing-day 1 --date 2025-07-01`), runs billing day, a payment
// import (most paid in full, some half) and the 30 days after it, then writes one hash per table (rows sorted,
// timestamp columns left out). Run it with the old code (a worktree at the previous commit) and the new, then diff
// the two files. SRC `-` hashes COPY as it is.
import { createHash } from 'node:crypto';
import { copyFileSync, writeFileSync } from 'node:fs';
import { openDatabase } from '../db/open';
import { postPayment } from '../main/app/ledger';
import { runDaysUntil, runEndOfDay } from '../main/app/scheduler';

const [src, copy, out] = process.argv.slice(2);
if (!src || !copy || !out) throw new Error('usage: npx tsx bench/tableDigest.ts SRC|- COPY OUT.json');
if (src !== '-') copyFileSync(src, copy);
const db = openDatabase(copy);
if (src !== '-') {
  const ctx = { db, clock: { today: () => '2025-07-01' }, actor: { kind: 'staff' as const, name: 'bench' } };
  runEndOfDay(ctx, '2025-07-01');
  runDaysUntil(ctx, '2025-07-02');
  const unpaid = db.sqlite
    .prepare("SELECT customer_id AS c, total - paid AS owed FROM invoices WHERE date = '2025-07-01' AND status IN ('unpaid', 'partiallyPaid') ORDER BY id")
    .all() as { c: number; owed: number }[];
  const payDay = { ...ctx, clock: { today: () => '2025-07-08' } };
  db.transaction(() =>
    unpaid.forEach((p, i) => {
      if (i % 10) postPayment(payDay, { customerId: p.c, date: '2025-07-08', amount: i % 7 ? p.owed : Math.floor(p.owed / 2), method: 'bank_transfer', reference: 'x', note: '' });
    }),
  );
  runDaysUntil(ctx, '2025-08-01');
}
const timestamps = new Set(['at', 'created_at', 'updated_at', 'applied_at', 'cancelled_at', 'changed_at']);
const digest: Record<string, string> = {};
for (const { name } of db.sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[]) {
  const rows = (db.sqlite.prepare(`SELECT * FROM "${name}"`).all() as Record<string, unknown>[])
    .map((r) => JSON.stringify(Object.entries(r).filter(([k]) => !timestamps.has(k)), (_k, v) => (Buffer.isBuffer(v) ? v.toString('hex') : v)))
    .sort();
  const h = createHash('sha256');
  for (const r of rows) h.update(r);
  digest[name] = `${rows.length} ${h.digest('hex').slice(0, 16)}`;
}
writeFileSync(out, `${JSON.stringify(digest, null, 1)}\n`);
db.close();
console.log(`written ${out}`);
