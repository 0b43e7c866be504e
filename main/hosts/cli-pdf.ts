import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fixedClock, type AppContext } from '../app/context';
import { dispatch } from '../app/dispatch';
import { pdfFileName, type PrintTarget } from '../contract/documents';
import { parseBusinessDate, staffActor } from './boundary';
import { registerCommand, UsageError, type CommandRun } from './cli-commands';
import { startPdfPrinter } from './pdf';

// `npm run cli -- pdf invoice NUMBER | credit-note NUMBER | statement CUSTOMER --from D --to D --db DB --out FILE`,
// `pdf billing-day YYYY-MM-DD --db DB --out DIR`: documents as PDF files, printed from the built renderer's views in
// Chromium (main/hosts/pdf.ts). Each document is looked up first, so an unknown number is refused before Chromium
// starts. Prints one line per file written.

const USAGE =
  'pdf invoice|credit-note NUMBER | statement CUSTOMER --from D --to D | billing-day YYYY-MM-DD  --db FILE --out FILE|DIR   documents as PDF (needs `npm run build` and Chromium)';

function dateOption(c: CommandRun, name: 'from' | 'to'): string {
  const v = c.values[name];
  if (typeof v !== 'string') throw new UsageError(`pdf statement needs --${name} YYYY-MM-DD`);
  try {
    return parseBusinessDate(v);
  } catch {
    throw new UsageError(`--${name} ${JSON.stringify(v)} is not a valid date YYYY-MM-DD`);
  }
}

/** What to print, from the command line; `billing-day` is expanded once the database is open. */
function parseTargets(c: CommandRun): { day: string } | { target: PrintTarget } {
  const [kind, key, ...extra] = c.args;
  if (!key || extra.length) throw new UsageError('pdf needs what to print and one number, customer or date');
  if (kind === 'invoice') return { target: { kind: 'invoice', number: key } };
  if (kind === 'credit-note') return { target: { kind: 'creditNote', number: key } };
  if (kind === 'statement') {
    if (!/^\d+$/.test(key)) throw new UsageError(`pdf statement needs a customer number, got ${JSON.stringify(key)}`);
    return { target: { kind: 'statement', customerId: Number(key), from: dateOption(c, 'from'), to: dateOption(c, 'to') } };
  }
  if (kind === 'billing-day') {
    try {
      return { day: parseBusinessDate(key) };
    } catch {
      throw new UsageError(`pdf billing-day needs a date YYYY-MM-DD, got ${JSON.stringify(key)}`);
    }
  }
  throw new UsageError(`pdf prints an invoice, credit-note, statement or billing-day, not ${JSON.stringify(kind ?? '')}`);
}

/** The document as the application sees it, or its refusal in words (unknown number, customer, dates). */
function lookUp(ctx: AppContext, t: PrintTarget): string | null {
  const res =
    t.kind === 'invoice'
      ? dispatch(ctx, 'documents.invoice', { number: t.number })
      : t.kind === 'creditNote'
        ? dispatch(ctx, 'documents.creditNote', { number: t.number })
        : dispatch(ctx, 'documents.statement', { customerId: t.customerId, from: t.from, to: t.to });
  return res.ok ? null : res.error.message;
}

registerCommand({
  name: 'pdf',
  usage: USAGE,
  options: { out: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' } },
  async run(c) {
    const what = parseTargets(c);
    const out = c.values.out;
    if (typeof out !== 'string' || out === '') throw new UsageError('pdf needs --out FILE (a folder for billing-day)');
    const dbFile = c.values.db;
    if (typeof dbFile !== 'string' || dbFile === '') throw new UsageError('--db FILE is required');
    if (!existsSync(dbFile)) {
      c.io.err(`No database at ${dbFile}`);
      return 1;
    }
    const date = typeof c.values.date === 'string' ? parseBusinessDate(c.values.date) : undefined;
    const printer = await startPdfPrinter({ dbFile, clock: date ? fixedClock(date) : undefined });
    try {
      const ctx: AppContext = { db: printer.harness.db, clock: fixedClock(c.businessDate(printer.harness.db)), actor: staffActor(), source: 'cli' };
      let targets: PrintTarget[];
      let files: string[];
      if ('day' in what) {
        const res = dispatch(ctx, 'documents.invoicesOfDay', { date: what.day });
        if (!res.ok) throw new Error(res.error.message);
        targets = res.data.numbers.map((number) => ({ kind: 'invoice', number }));
        mkdirSync(out, { recursive: true });
        files = targets.map((t) => join(out, pdfFileName(t)));
        if (!targets.length) c.io.out(`No invoices are dated ${what.day}: nothing written to ${resolve(out)}`);
      } else {
        const refused = lookUp(ctx, what.target);
        if (refused) {
          c.io.err(refused);
          return 1;
        }
        targets = [what.target];
        files = [out];
      }
      for (let i = 0; i < targets.length; i++) {
        writeFileSync(files[i], await printer.print(targets[i]));
        c.io.out(resolve(files[i]));
      }
      return 0;
    } finally {
      await printer.close();
    }
  },
});
