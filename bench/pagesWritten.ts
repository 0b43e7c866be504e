import { copyFileSync, readFileSync, rmSync } from 'node:fs';
import { openDatabase } from '../db/open';
import type { AppContext } from '../main/app/context';
import { runEndOfDay } from '../main/app/scheduler';

// Which b-trees a billing day dirties (issue 21 item 3): `npx tsx bench/pagesWritten.ts FILE [DAY] [--cache-mb N] [--mmap-mb N]
// [--sql FILE]` (SQL run after opening, e.g. other index definitions).
// A copy of FILE (upgraded on open as the app would) runs the end of DAY with the WAL's automatic checkpoint off,
// so every page the day wrote stays in the WAL: its frames name the pages, dbstat names the b-tree of each page.
// The counts depend on the file alone, not on the machine's load (the CPU time beside them does not).

const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const v = args[i + 1];
  args.splice(i, 2);
  return v;
};
const cacheMb = flag('--cache-mb');
const mmapMb = flag('--mmap-mb');
const sqlFile = flag('--sql');
const [from, day = '2025-07-01'] = args;
if (!from) throw new Error('usage: npx tsx bench/pagesWritten.ts FILE [DAY] [--cache-mb N] [--mmap-mb N] [--sql FILE]');
const file = `/tmp/pages-written-${process.pid}.sqlite`;
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
copyFileSync(from, file);
try {
  let t = performance.now();
  const db = openDatabase(file, { backupBeforeMigrate: false });
  const openMs = performance.now() - t;
  let sqlMs = 0;
  if (sqlFile) {
    // e.g. other index definitions, to see what they would cost before writing their migration
    t = performance.now();
    db.sqlite.exec(readFileSync(sqlFile, 'utf8'));
    sqlMs = performance.now() - t;
  }
  if (cacheMb) db.sqlite.pragma(`cache_size = -${Number(cacheMb) * 1024}`);
  if (mmapMb) db.sqlite.pragma(`mmap_size = ${Number(mmapMb) * 1024 * 1024}`);
  db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  db.sqlite.pragma('wal_autocheckpoint = 0');
  const ctx: AppContext = { db, clock: { today: () => day }, actor: { kind: 'staff', name: 'bench' } };
  const c0 = cpu();
  t = performance.now();
  const s = runEndOfDay(ctx, day);
  const ms = performance.now() - t;
  const cpuMs = cpu() - c0;
  const wal = readFileSync(`${file}-wal`);
  const pageSize = wal.readUInt32BE(8);
  const pages = new Set<number>();
  let frames = 0;
  for (let off = 32; off + 24 + pageSize <= wal.length; off += 24 + pageSize) {
    pages.add(wal.readUInt32BE(off));
    frames++;
  }
  const owner = new Map<number, string>();
  for (const r of db.sqlite.prepare('SELECT name, pageno FROM dbstat').iterate() as Iterable<{ name: string; pageno: number }>) owner.set(r.pageno, r.name);
  const byTree = new Map<string, number>();
  for (const p of pages) {
    const name = owner.get(p) ?? '(free or new)';
    byTree.set(name, (byTree.get(name) ?? 0) + 1);
  }
  const c1 = cpu();
  t = performance.now();
  db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  const ckptMs = performance.now() - t;
  const ckptCpu = cpu() - c1;
  db.close();
  const inv = s.invoices;
  console.log(`${from} day ${day}: open ${Math.round(openMs)} ms;${sqlFile ? ` ${sqlFile} ${Math.round(sqlMs)} ms;` : ''} ${inv} invoices; billing ${Math.round(ms)} ms wall, ${Math.round(cpuMs)} ms CPU (${Math.round((cpuMs * 1000) / Math.max(1, inv))} µs/invoice) without checkpoint; checkpoint after: ${Math.round(ckptMs)} ms wall, ${Math.round(ckptCpu)} ms CPU`);
  console.log(`WAL frames ${frames}, distinct pages ${pages.size} (${(pages.size / Math.max(1, inv)).toFixed(2)} per invoice), page size ${pageSize}`);
  for (const [name, n] of [...byTree].sort((a, b) => b[1] - a[1])) console.log(`  ${String(n).padStart(8)}  ${(n / Math.max(1, inv)).toFixed(3)}  ${name}`);
} finally {
  for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
}
