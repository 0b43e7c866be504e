import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { build, type InlineConfig } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import config from '../../electron.vite.config';
import { runDaysUntil } from '../../main/app/scheduler';
import { checkPdfSetup } from '../../main/hosts/pdf';
import { formatBp, formatMoney } from '../../renderer/src/format';
import { createAppFixture, type AppFixture } from './appFixtures';

// PDF documents (issue 19 part 2) through the real CLI (`npm run cli -- pdf …`, a child process as in cli.test.ts):
// the renderer's own views printed by Debian's Chromium. The text read back from each file (pdfjs-dist) holds what the
// DATABASE says — number, every line's description and amounts, VAT, total; the statement's rows and balances; one
// file per invoice of a billing day. The renderer is built for this test into its own folder (ISP_RENDERER_DIR), so
// it never races `npm run build` or the packaging test over out/.

const root = resolve(import.meta.dirname, '../..');
const work = mkdtempSync(join(tmpdir(), 'isp-pdf-'));
const rendererDir = join(work, 'renderer');
let fx: AppFixture;

function cli(args: string[], env: Record<string, string> = {}) {
  const tsx = resolve(root, 'node_modules/tsx/dist/cli.mjs');
  const r = spawnSync(process.execPath, [tsx, 'main/hosts/cli.ts', ...args, '--db', fx.file], {
    cwd: root,
    encoding: 'utf8',
    timeout: 150_000,
    env: { ...process.env, ISP_RENDERER_DIR: rendererDir, ...env },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** The PDF's text, whitespace removed (a table cell may be split into several text runs). */
async function pdfText(file: string): Promise<string> {
  const pdf = await getDocument({ data: new Uint8Array(readFileSync(file)), useSystemFonts: false }).promise;
  const parts: string[] = [];
  for (let p = 1; p <= pdf.numPages; p++) {
    const content = await (await pdf.getPage(p)).getTextContent();
    for (const item of content.items) if ('str' in item) parts.push(item.str);
  }
  await pdf.destroy();
  return squeeze(parts.join(''));
}
const squeeze = (s: string) => s.replace(/\s+/g, '');

beforeAll(async () => {
  // The same renderer configuration as `npm run build` (electron.vite.config.ts), into this test's folder.
  const renderer = (config as { renderer: InlineConfig }).renderer;
  await build({ ...renderer, configFile: false, root: resolve(root, 'renderer'), base: './', logLevel: 'error', build: { ...renderer.build, outDir: rendererDir, emptyOutDir: true } });

  // A small ISP: two customers billed on 1 February (VAT included and VAT on top), a change of plan with its
  // refund credit note and invoice, a payment.
  fx = createAppFixture({ today: '2023-01-10' });
  fx.call('settings.update', { partnerId: 1, values: { 'billing.day': 1, 'changePlan.refund': 'unused', 'changePlan.invoice': 'endOfActiveMonth' } });
  const fiber = fx.call('plans.create', { kind: 'internet', name: 'Fiber 100', price: 3990, vatRateBp: 2100, vatIncluded: true });
  const fast = fx.call('plans.create', { kind: 'internet', name: 'Fiber 500', price: 7450, vatRateBp: 2100, vatIncluded: false });
  const ann = fx.call('customers.create', { name: 'Ann Smith', status: 'active', address: '1 Main Street' });
  const bob = fx.call('customers.create', { name: 'Bob Jones', status: 'active' });
  const annService = fx.call('services.add', { customerId: ann.id, kind: 'internet', planId: fiber.id, start: '2023-01-10' });
  fx.call('services.add', { customerId: bob.id, kind: 'internet', planId: fast.id, start: '2023-01-15' });
  runDaysUntil(fx.ctx, '2023-01-10'); // a database's first run is the day asked for; from then on every day runs
  runDaysUntil(fx.ctx, '2023-02-05');
  fx.clock.set('2023-02-05');
  fx.call('billing.addPayment', { customerId: ann.id, amount: 2500, date: '2023-02-03', reference: 'BANK-4411' });
  const q = fx.call('changePlan.quote', { serviceId: annService.id, planId: fast.id, start: '2023-02-10' });
  if (!q.ok) throw new Error(q.message);
  fx.call('changePlan.apply', { serviceId: annService.id, planId: fast.id, start: '2023-02-10', fingerprint: q.fingerprint });
}, 240_000);

afterAll(() => {
  fx?.close();
  rmSync(work, { recursive: true, force: true });
});

describe('pdf command', () => {
  it('refuses in words: an unknown number, no build, no Chromium', () => {
    const unknown = cli(['pdf', 'invoice', 'NO-SUCH-1', '--out', join(work, 'x.pdf')]);
    expect([unknown.code, unknown.err.trim()]).toEqual([1, 'Invoice NO-SUCH-1 not found']);
    expect(existsSync(join(work, 'x.pdf'))).toBe(false);
    // What the command checks before it starts anything (in this process: a child per case costs seconds).
    expect(() => checkPdfSetup({ ISP_RENDERER_DIR: join(work, 'nothing-built') })).toThrow('run `npm run build` first');
    expect(() => checkPdfSetup({ ISP_RENDERER_DIR: rendererDir, CHROMIUM_PATH: join(work, 'no-chromium') })).toThrow('Chromium is missing');
    expect(() => checkPdfSetup({ ISP_RENDERER_DIR: rendererDir })).not.toThrow();
  }, 60_000);

  it('invoice, credit note, statement and a billing day: the text read back is what the database says', async () => {
    /** The invoice's number, customer, every line (description, net, VAT rate and amount, total) and its totals. */
    const expectInvoice = (text: string, number: string) => {
      const inv = fx.call('documents.invoice', { number });
      expect(text).toContain(squeeze(`Invoice ${inv.number}`));
      expect(text).toContain(squeeze(inv.customerName));
      expect(inv.lines.length).toBeGreaterThan(0);
      for (const l of inv.lines) {
        expect(text).toContain(squeeze(l.description));
        expect(text).toContain(squeeze(`${formatMoney(l.net)}${formatBp(l.vatRateBp)}${formatMoney(l.vat)}${formatMoney(l.total)}`));
      }
      expect(text).toContain(squeeze(`Total without VAT${formatMoney(inv.net)}VAT${formatMoney(inv.vat)}Total${formatMoney(inv.total, { currency: true })}`));
    };
    // The change of plan's invoice (charge and fee).
    const [change] = fx.call('changePlan.list', { status: 'pending' }).rows;
    const changeInvoice = fx.call('billing.invoice', { id: change.invoiceId! }).number;
    const invoiceFile = join(work, 'invoice.pdf');
    const r = cli(['pdf', 'invoice', changeInvoice, '--out', invoiceFile]);
    expect([r.code, r.err]).toEqual([0, '']);
    expectInvoice(await pdfText(invoiceFile), changeInvoice);

    const note = fx.call('documents.creditNote', { number: fx.call('finance.creditNotes', {}).rows[0].number });
    const noteFile = join(work, 'note.pdf');
    expect(cli(['pdf', 'credit-note', note.number, '--out', noteFile]).code).toBe(0);
    const noteText = await pdfText(noteFile);
    expect(noteText).toContain(squeeze(`Credit note ${note.number}`));
    for (const l of note.lines) expect(noteText).toContain(squeeze(l.description));
    for (const l of note.lines) expect(noteText).toContain(formatMoney(l.amount));
    expect(noteText).toContain(squeeze(`Total${formatMoney(note.total, { currency: true })}`));

    const s = fx.call('documents.statement', { customerId: 1, from: '2023-02-01', to: '2023-02-28' });
    const statementFile = join(work, 'statement.pdf');
    expect(cli(['pdf', 'statement', '1', '--from', '2023-02-01', '--to', '2023-02-28', '--out', statementFile]).code).toBe(0);
    const statementText = await pdfText(statementFile);
    expect(s.rows.length).toBeGreaterThanOrEqual(3);
    const label = { invoice: 'Invoice', creditNote: 'Credit note', payment: 'Payment' };
    for (const row of s.rows) {
      const amounts = `${row.debit ? formatMoney(row.debit) : ''}${row.credit ? formatMoney(row.credit) : ''}${formatMoney(row.balance)}`;
      expect(statementText).toContain(squeeze(`${row.date}${label[row.kind]} ${row.document}${row.description}${amounts}`));
    }
    expect(statementText).toContain(squeeze(`Opening balance${formatMoney(s.openingBalance)}`));
    expect(statementText).toContain(squeeze(`Closing balance${formatMoney(s.closingBalance, { currency: true })}`));

    // Every invoice dated the billing day, one file each, named by its number.
    const day = join(work, 'day');
    expect(cli(['pdf', 'billing-day', '2023-02-01', '--out', day]).code).toBe(0);
    const numbers = (fx.db.sqlite.prepare("SELECT number FROM invoices WHERE date = '2023-02-01' ORDER BY number").all() as { number: string }[]).map((x) => x.number);
    expect(numbers.length).toBe(2);
    expect(readdirSync(day).sort()).toEqual(numbers.map((n) => `${n}.pdf`).sort());
    // VAT included (Ann) and VAT on top (Bob)
    for (const number of numbers) expectInvoice(await pdfText(join(day, `${number}.pdf`)), number);
  }, 300_000);
});
