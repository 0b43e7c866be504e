import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { MAX_NUMBER_ATTEMPTS } from '../../main/app/ledger';
import { NUMBER_WIDTH_MAX } from '../../db/numberPatterns';
import { createAppFixture, expectRefusedUnchanged, type AppFixture } from './appFixtures';

// Issue 15, hostile items 1 and 2: an invoice / credit-note number pattern without {next} made the next document
// loop forever holding the write lock; a width of a billion failed every invoice (INTERNAL) or wrote a 300 MB
// number. Patterns are validated where they are saved, and numbering is bounded even for a pattern an older
// build stored.

let fx: AppFixture | undefined;
afterEach(() => {
  fx?.close();
  fx = undefined;
});

const root = resolve(import.meta.dirname, '../..');

/** Runs test/helpers/numberingChild.ts; a child still running after `limitMs` is killed and reported as hung. */
function numberInChild(file: string, customerId: number, count: number, limitMs = 90_000): Promise<{ invoices: string[]; creditNotes: string[] }> {
  return new Promise((ok, ko) => {
    const child = spawn(process.execPath, ['--import', 'tsx', resolve(root, 'test/helpers/numberingChild.ts'), file, String(customerId), String(count)], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    // a watchdog, not a performance bound: the loop this guards against never ends at all
    const watchdog = setTimeout(() => child.kill('SIGKILL'), limitMs);
    child.on('exit', (code, signal) => {
      clearTimeout(watchdog);
      if (signal) ko(new Error(`numbering never finished (killed by ${signal}): ${err.slice(0, 500)}`));
      else if (code !== 0) ko(new Error(`numbering child failed (${code}): ${err.slice(0, 2000)}`));
      else ok(JSON.parse(out) as { invoices: string[]; creditNotes: string[] });
    });
  });
}

describe('number patterns are validated where they are saved', () => {
  const refused = [
    ['INV-{year}', /\{next\}/],
    ['{year}{partner_id|2}', /\{next\}/],
    ['{next|999999999}', /width/],
    ['{next|300000000}', /width/],
    [`{next|${NUMBER_WIDTH_MAX + 1}}`, /width/],
    ['{next|0}', /width/],
    ['INV-{nope}-{next}', /placeholders/],
    ['INV-{next', /placeholders/],
    ['{year|4}{next}', /width/],
    [`${'X'.repeat(60)}{next}`, /at most 64/],
    ['INV\u0000{next}', /control/],
    ['INV\u202e{next}', /control/],
    ['   ', /required/],
  ] as const;

  test.each(refused)('%j is refused as VALIDATION naming the setting, nothing saved', (pattern, why) => {
    fx = createAppFixture();
    const f = fx;
    for (const key of ['billing.invoiceNumberPattern', 'billing.creditNoteNumberPattern']) {
      const err = expectRefusedUnchanged(f, () => f.refuse('settings.update', { partnerId: 1, values: { [key]: pattern } }), 'VALIDATION', `values.${key}`);
      expect(err.fields?.[`values.${key}`]).toMatch(why);
    }
  });

  test('usable patterns are saved and number documents as written', () => {
    fx = createAppFixture({ today: '2024-03-15' });
    const f = fx;
    f.call('settings.update', { partnerId: 1, values: { 'billing.invoiceNumberPattern': `INV-{year}-{partner_id|3}-{next|${NUMBER_WIDTH_MAX}}` } });
    const c = f.call('customers.create', { name: 'Nina Number', status: 'active' });
    const inv = f.call('billing.oneTimeInvoice', { customerId: c.id, lines: [{ description: 'Router', amount: 1000 }] });
    expect(inv.number).toBe(`INV-2024-001-${'1'.padStart(NUMBER_WIDTH_MAX, '0')}`);
  });
});

describe('numbering never loops, whatever an older build stored', () => {
  test('a stored pattern without {next}, and one with a width of 300 000 000, still number documents uniquely and briefly', { timeout: 120_000 }, async () => {
    fx = createAppFixture({ today: '2024-03-15' });
    const f = fx;
    const c = f.call('customers.create', { name: 'Olga Oldfile', status: 'active' });
    // what an older build let settings.update store
    const put = f.db.sqlite.prepare('INSERT INTO settings (partner_id, key, value) VALUES (1, ?, ?) ON CONFLICT DO UPDATE SET value = excluded.value');
    put.run('billing.invoiceNumberPattern', JSON.stringify('INV-{year}'));
    put.run('billing.creditNoteNumberPattern', JSON.stringify('CN{next|300000000}'));
    // the settings still read (Config shows them, to be corrected)
    expect(f.call('settings.get', { partnerId: 1 }).values['billing.invoiceNumberPattern']).toBe('INV-{year}');
    const { invoices, creditNotes } = await numberInChild(f.file, c.id, 3);
    expect(new Set(invoices).size).toBe(3);
    expect(new Set(creditNotes).size).toBe(3);
    for (const n of [...invoices, ...creditNotes]) expect(n.length).toBeLessThanOrEqual(20);
    expect(invoices[0]).toMatch(/^INV-2024-\d+$/);
    expect(creditNotes[0]).toBe(`CN${'1'.padStart(NUMBER_WIDTH_MAX, '0')}`);
  });

  test(`when the next ${MAX_NUMBER_ATTEMPTS} numbers are all taken the document is refused with a coded error, nothing written`, () => {
    fx = createAppFixture({ today: '2024-03-15' });
    const f = fx;
    const c = f.call('customers.create', { name: 'Tara Taken', status: 'active' });
    f.call('settings.update', { partnerId: 1, values: { 'billing.invoiceNumberPattern': 'X{next}' } });
    // invoices 1…N numbered X(N+1)…X(2N): hand-edited numbers that fill every number the pattern would try next
    const n = MAX_NUMBER_ATTEMPTS;
    f.db.sqlite
      .prepare(
        `WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < ?)
         INSERT INTO invoices (customer_id, number, kind, date, due_date, net, vat, total, paid, status)
         SELECT ?, 'X' || CAST(? + i AS INTEGER), 'one_time', '2024-03-01', '2024-03-15', 0, 0, 0, 0, 'paid' FROM k`,
      )
      .run(n, c.id, n);
    const err = expectRefusedUnchanged(f, () => f.refuse('billing.oneTimeInvoice', { customerId: c.id, lines: [{ description: 'Router', amount: 1000 }] }), 'CONFLICT');
    expect(err.message).toMatch(/invoice number pattern/);
  });
});
