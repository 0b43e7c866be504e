import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/open';
import { createLocalBackend, type LocalBackend, type LocalBackendOptions } from '../../main/backend/local';
import { contract, type ChannelName } from '../../main/contract';
import { generateIsp } from '../../main/demo/generate';
import { tempDir } from './dbFixtures';

// The app runs its back end in worker threads, tests and the CLI inline: the same file must get the same answers
// either way (an answer that does not survive the copy between threads — a class, a function, a Map — would differ or
// be refused only in the app). Every read channel is asked with the ids of a generated ISP, in both modes.

const tmp = tempDir();
afterAll(() => tmp.cleanup());
const TODAY = '2025-07-02';
const source = join(tmp.dir, 'source.sqlite');
const options = (dbFile: string, mode: 'inline' | 'worker'): LocalBackendOptions => ({ dbFile, mode, businessDate: TODAY, staffAuth: false, implicitStaff: { kind: 'staff', name: 'test' } });

beforeAll(async () => {
  const db = openDatabase(source);
  generateIsp(db, { customers: 60, seed: 5, today: TODAY, months: 2, billingDay: 1, usageDays: 3 });
  db.close();
  const b = await createLocalBackend(options(source, 'inline'));
  const customerId = knownRows(source).customerId;
  const ticket = await b.call({ channel: 'tickets.create', input: { customerId, subject: 'No link', message: 'The router shows no link since Monday.' }, source: 'test' });
  expect(ticket.ok).toBe(true);
  await b.close();
}, 120_000);

/** Ids and keys of the generated ISP to ask about. */
function knownRows(file: string) {
  const db = openDatabase(file, { readonly: true });
  const row = <T,>(sql: string) => db.sqlite.prepare(sql).get() as T;
  const found = {
    customerId: row<{ id: number }>('SELECT customer_id AS id FROM services ORDER BY id LIMIT 1').id,
    service: row<{ id: number; planId: number }>('SELECT id, plan_id AS planId FROM services ORDER BY id LIMIT 1'),
    otherPlanId: row<{ id: number }>("SELECT id FROM plans WHERE kind = 'internet' AND id <> (SELECT plan_id FROM services ORDER BY id LIMIT 1) ORDER BY id LIMIT 1").id,
    invoice: row<{ id: number; number: string; date: string }>('SELECT id, number, date FROM invoices ORDER BY id LIMIT 1'),
    ticketId: row<{ id: number } | undefined>('SELECT id FROM tickets ORDER BY id LIMIT 1')?.id,
  };
  db.close();
  return found;
}

/** Channels asked with nothing the generated ISP gives them (a batch, a portal session, a backup file): compared refused. */
const REFUSED_ALIKE = /^(portal\.|bulk\.|changePlan\.get$|tickets\.checkChange$|backup\.check$|documents\.creditNote$)/;

describe('inline and worker back ends', () => {
  it('answer every read channel alike on the same file', async () => {
    const files = { inline: join(tmp.dir, 'inline.sqlite'), worker: join(tmp.dir, 'worker.sqlite') };
    for (const f of Object.values(files)) copyFileSync(source, f);
    const k = knownRows(source);
    const reads = (Object.keys(contract) as ChannelName[]).filter((c) => contract[c].readOnly);
    expect(reads.length).toBeGreaterThan(40);
    const common = [{}, { id: k.customerId }, { customerId: k.customerId }, { serviceId: k.service.id }, { id: k.service.id }, { id: k.service.planId }, { id: k.invoice.id }, { partnerId: 1 }];
    const own: Partial<Record<ChannelName, object[]>> = {
      'services.usage': [{ serviceId: k.service.id, from: '2025-06-01', to: TODAY }],
      'finance.exportCsv': [{ what: 'invoices' }, { what: 'payments' }, { what: 'creditNotes' }],
      'documents.statement': [{ customerId: k.customerId, from: '2025-01-01', to: TODAY }],
      'documents.invoice': [{ number: k.invoice.number }],
      'documents.invoicesOfDay': [{ date: k.invoice.date }],
      'changePlan.quote': [{ serviceId: k.service.id, planId: k.otherPlanId, start: '2025-07-10' }],
      'tickets.get': k.ticketId ? [{ id: k.ticketId }] : [],
      'search.global': [{ term: 'a' }, { term: k.invoice.number }],
    };
    const answers = async (b: LocalBackend) => {
      const out: Record<string, unknown> = {};
      for (const channel of reads)
        for (const input of [...common, ...(own[channel] ?? [])]) out[`${channel} ${JSON.stringify(input)}`] = await b.call({ channel, input, source: 'test' });
      return out;
    };
    const inline = await createLocalBackend(options(files.inline, 'inline'));
    const worker = await createLocalBackend(options(files.worker, 'worker'));
    try {
      const [a, b] = [await answers(inline), await answers(worker)];
      // every channel answered at least once (not only refusals compared), but those given nothing to ask about
      const never = reads.filter((c) => !Object.entries(a).some(([key, r]) => key.startsWith(`${c} `) && (r as { ok: boolean }).ok));
      expect(never.filter((c) => !REFUSED_ALIKE.test(c))).toEqual([]);
      expect(b).toStrictEqual(a);
    } finally {
      await inline.close();
      await worker.close();
    }
  }, 120_000);
});
