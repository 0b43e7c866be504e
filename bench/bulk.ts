import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../db/open';
import type { AppContext } from '../main/app/context';
import { call } from '../main/app/dispatch';
import { BULK_APPLY_CHUNK } from '../main/contract/bulk';
import { seedPlanWithServices } from './bulkSeed';

// Bulk tariff change at scale (issue: preview of 10k services ≤ 1 s, apply ≤ 3 s). Run: npx tsx bench/bulk.ts [N]
// Both timings go through dispatch, as the UI calls them; apply is driven in chunks like the wizard's progress bar.

const N = Number(process.argv[2] ?? 10_000);
const dir = mkdtempSync(join(tmpdir(), 'isp-bench-bulk-'));
const db = openDatabase(join(dir, 'bench.sqlite'));
let today = '2024-01-01';
const ctx: AppContext = { db, clock: { today: () => today }, actor: { kind: 'staff', name: 'bench' } };
const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;
// CPU time of this process alongside wall time: on a shared, loaded machine wall time swings with the load.
let c0 = process.cpuUsage();
const cpu = () => {
  const u = process.cpuUsage(c0);
  return `cpu ${((u.user + u.system) / 1000).toFixed(0)} ms`;
};

try {
  let t0 = process.hrtime.bigint();
  const seed = seedPlanWithServices(ctx, N, { created: '2024-01-01' });
  today = '2024-01-10';
  call(ctx, 'days.runUntil', { until: '2024-01-09' });
  console.log(`seed: ${N} customers + services, invoiced — ${ms(t0).toFixed(0)} ms`);

  for (const ignoreBalance of [false, true]) {
    t0 = process.hrtime.bigint();
    c0 = process.cpuUsage();
    const p = call(ctx, 'bulk.preview', { fromPlanId: seed.fromPlanId, toPlanId: seed.toPlanId, start: '2024-01-20', ignoreBalance });
    const previewMs = ms(t0);
    console.log(`preview${ignoreBalance ? ' (ignore balance)' : ''}: ${p.counts.pending} to change, ${p.counts.skipped} cannot — ${previewMs.toFixed(0)} ms ${previewMs <= 1000 ? 'OK' : 'OVER 1 s'} (${cpu()})`);
    t0 = process.hrtime.bigint();
    call(ctx, 'bulk.items', { batchId: p.batchId, page: 50, pageSize: 50 });
    console.log(`items page 50: ${ms(t0).toFixed(1)} ms`);
    if (ignoreBalance) {
      call(ctx, 'bulk.discard', { batchId: p.batchId });
      break;
    }
    t0 = process.hrtime.bigint();
    c0 = process.cpuUsage();
    let progress;
    do progress = call(ctx, 'bulk.applyChunk', { batchId: p.batchId, limit: BULK_APPLY_CHUNK });
    while (!progress.done);
    const applyMs = ms(t0);
    console.log(`apply: ${progress.succeeded} changed, ${progress.failed} failed — ${applyMs.toFixed(0)} ms ${applyMs <= 3000 ? 'OK' : 'OVER 3 s'} (${cpu()})`);
    t0 = process.hrtime.bigint();
    const u = call(ctx, 'bulk.undo', { batchId: p.batchId });
    console.log(`undo: ${u.undone} cancelled, ${u.changedByHand} changed by hand, ${u.undoFailed} failed — ${ms(t0).toFixed(0)} ms`);
  }
} finally {
  db.close();
  rmSync(dir, { recursive: true, force: true });
}
