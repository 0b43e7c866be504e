import type { AppContext } from '../main/app/context';
import { contract } from '../main/contract';
import { BULK_APPLY_CHUNK } from '../main/contract/bulk';
import { addDays } from '../main/engine';
import { call, count, type Bench, type Section } from './bench';
import { figure, measure, ratio } from './figures';
import { measureInPairs, pairList, PAIRS, baselineRuns, ratioSpread } from './pairs';
import { medianOf } from './rawInsert';

// Bulk tariff change of the plan with about 10 000 active services, the day after the catch-up: the preview against
// a plain read of the same services and what they were invoiced, the apply (in the wizard's chunks) against a raw
// insert of the rows it wrote, in pairs.

const maxId = (b: Bench, table: string) => count(b.db, `SELECT COALESCE(MAX(id), 0) AS n FROM ${table}`);

/** What the preview has to look at, read with plain prepared statements: each service, its customer, its invoiced lines and their invoices. */
function plainRead(b: Bench, serviceIds: readonly number[]): { ms: number; cpuMs: number } {
  const service = b.db.sqlite.prepare('SELECT * FROM services WHERE id = ?');
  const customer = b.db.sqlite.prepare('SELECT * FROM customers WHERE id = ?');
  const lines = b.db.sqlite.prepare('SELECT * FROM invoice_lines WHERE service_id = ?');
  const invoice = b.db.sqlite.prepare('SELECT * FROM invoices WHERE id = ?');
  return measure(() => {
    for (const id of serviceIds) {
      const s = service.get(id) as { customer_id: number };
      customer.get(s.customer_id);
      for (const l of lines.all(id) as { invoice_id: number }[]) invoice.get(l.invoice_id);
    }
  });
}

export const bulkChange: Section = {
  name: 'bulk',
  skip: () => ('bulk.preview' in contract && 'bulk.applyChunk' in contract ? null : 'bulk change not available'),
  run(b) {
    const { db } = b;
    const day = addDays(b.today, 32); // the day after the catch-up (bench/billingDay.ts)
    const bulkDay: AppContext = { ...b.staff, clock: { today: () => day } };
    const byPlan = db.sqlite
      .prepare("SELECT plan_id AS planId, count(*) AS n FROM services WHERE kind = 'internet' AND status = 'active' AND plan_id NOT IN (SELECT plan_id FROM plan_partners) GROUP BY plan_id")
      .all() as { planId: number; n: number }[];
    const from = [...byPlan].sort((a, c) => Math.abs(a.n - 10_000) - Math.abs(c.n - 10_000))[0];
    const to = byPlan.find((p) => p.planId !== from.planId)!;

    const pv = measure(() => call(bulkDay, 'bulk.preview', { fromPlanId: from.planId, toPlanId: to.planId, start: addDays(day, 4) }));
    const serviceIds = (db.sqlite.prepare('SELECT service_id AS id FROM bulk_batch_items WHERE batch_id = ? ORDER BY id').all(pv.value.batchId) as { id: number }[]).map((r) => r.id);
    const read = medianOf(3, () => plainRead(b, serviceIds));
    b.add(figure(`bulk change preview (${pv.value.counts.total} services)`, pv.ms / 1000, 's', null, `CPU ${Math.round(pv.cpuMs)} ms`));
    b.add(figure('plain read of the same services, customers, invoiced lines and invoices', read.ms / 1000, 's', null, `CPU ${Math.round(read.cpuMs)} ms, median of 3`));
    b.add(ratio('bulk change preview ÷ plain read', pv, read, 3));

    const before = Object.fromEntries(
      ['services', 'plan_changes', 'invoices', 'credit_notes', 'balance_transactions', 'audit_log', 'service_status_history', 'network_outbox'].map((t) => [t, maxId(b, t)]),
    );
    // The apply (in the wizard's chunks) and its baseline in pairs (bench/pairs.ts): each on a copy of the file with the
    // preview's batch, the last on the file itself.
    const m = measureInPairs(b, 'bulk-apply', (db) => {
      // network_login_state stamps its changed_at with SQLite's wall clock (the same ISO text as this one).
      const applyStarted = new Date().toISOString();
      const work = measure(() => {
        let progress;
        do progress = call({ ...bulkDay, db }, 'bulk.applyChunk', { batchId: pv.value.batchId, limit: BULK_APPLY_CHUNK }); // as the wizard drives it
        while (!progress.done);
        return progress;
      });
      // The baseline is every row the apply INSERTS, as plain INSERTs: its new services, plan changes, documents and
      // their lines, ledger rows, audit entries, service status history, and the network rows of the logins whose
      // answer changed (login state, FreeRADIUS's check/reply rows, Disconnect-Requests queued; none when the new plan
      // answers as the old did). Not in it: the apply's UPDATEs (the old service ended, balances, the batch's items
      // recorded, login states rewritten) and its reads (quotes, the network answers compared) — that is the
      // application's work the ratio measures. A row updated in place (network_login_state of a login seen before)
      // counts as one INSERT here: the copy's key is new.
      const changedLogins = `SELECT login FROM network_login_state WHERE changed_at >= ?`;
      const wrote = [
        { table: 'services', where: 'id > ?', params: [before.services] },
        { table: 'plan_changes', where: 'id > ?', params: [before.plan_changes] },
        { table: 'invoices', where: 'id > ?', params: [before.invoices] },
        { table: 'invoice_lines', where: 'invoice_id > ?', params: [before.invoices] },
        { table: 'credit_notes', where: 'id > ?', params: [before.credit_notes] },
        { table: 'credit_note_lines', where: 'credit_note_id > ?', params: [before.credit_notes] },
        { table: 'balance_transactions', where: 'id > ?', params: [before.balance_transactions] },
        { table: 'audit_log', where: 'id > ?', params: [before.audit_log] },
        { table: 'service_status_history', where: 'id > ?', params: [before.service_status_history] },
        { table: 'network_login_state', where: 'changed_at >= ?', params: [applyStarted] },
        { table: 'network_radcheck', where: `username IN (${changedLogins})`, params: [applyStarted] },
        { table: 'network_radreply', where: `username IN (${changedLogins})`, params: [applyStarted] },
        { table: 'network_outbox', where: 'id > ?', params: [before.network_outbox] },
      ];
      return { work: { ms: work.ms, cpuMs: work.cpuMs, succeeded: work.value.succeeded, failed: work.value.failed }, wrote };
    });
    const rows = Object.entries(m.raw.counts).map(([t, n]) => `${n} ${t}`).join(', ');
    for (const p of m.pairs) if (p.work.succeeded !== m.pairs[0].work.succeeded) throw new Error(`bulk apply runs changed ${m.pairs[0].work.succeeded} and ${p.work.succeeded} services`);
    const { work: ap, raw: rawTime } = m.median;
    b.add(figure(`bulk change apply (${ap.succeeded} services)`, ap.ms / 1000, 's', null, `${ap.failed} failed; chunks of ${BULK_APPLY_CHUNK}; CPU ${Math.round(ap.cpuMs)} ms`));
    b.add(figure('raw insert of the rows the apply wrote', rawTime.ms / 1000, 's', null, `${rows}; one transaction, ${baselineRuns(b)} right after the apply; CPU ${Math.round(rawTime.cpuMs)} ms`));
    b.add(ratio('bulk change apply ÷ raw insert', ap, rawTime, 3, `median of ${PAIRS} pairs (CPU ms ${pairList(m.pairs)}; ${ratioSpread(m.pairs)})`));
  },
};
