import { openDatabase } from '../../db/open';
import { fixedClock, type AppContext } from '../../main/app/context';
import { postCreditNote, postInvoice } from '../../main/app/ledger';

// Child of test/integration/hostile-numbering.test.ts: posts invoices and credit notes on a database whose stored
// number patterns no longer pass validation (an old file), and prints their numbers. Run in its own process so a
// numbering loop that never ends shows as a killed child, not as a hung test run.

const [file, customerId, count] = process.argv.slice(2);
const db = openDatabase(file);
const ctx: AppContext = { db, clock: fixedClock('2024-03-15'), actor: { kind: 'system', name: 'numbering child' } };
const line = { kind: 'one_time' as const, description: 'Router', amount: 1000, net: 1000, vat: 0, total: 1000 };
const out: { invoices: string[]; creditNotes: string[] } = { invoices: [], creditNotes: [] };
for (let i = 0; i < Number(count); i++)
  db.transaction(() => {
    out.invoices.push(postInvoice(ctx, { customerId: Number(customerId), kind: 'one_time', date: '2024-03-15', lines: [line] }).number);
    out.creditNotes.push(postCreditNote(ctx, { customerId: Number(customerId), kind: 'correction', date: '2024-03-15', lines: [line], reason: 'test' }).number);
  });
db.close();
process.stdout.write(JSON.stringify(out));
