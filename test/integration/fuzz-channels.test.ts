import fc from 'fast-check';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor, AppContext } from '../../main/app/context';
import { dispatch } from '../../main/app/dispatch';
import { contract, ERROR_CODES, type ChannelName } from '../../main/contract';
import { createAppFixture, type AppFixture } from './appFixtures';

// Hostile input (issue "Crash safety / Hostile input"): property-based fuzzing of every channel of the contract —
// iterated from the contract, so channels added later are fuzzed too — with malformed, oversized, wrong-typed and
// boundary payloads, as staff, as a portal customer and as an anonymous caller. Every call must come back as an
// envelope (dispatch never throws); every refusal carries a known code other than INTERNAL; nothing is written.
// A payload that happens to be valid is only sent to read-only channels. Then: strings full of SQL, HTML and
// control characters are stored and returned unchanged (no injection, no escaping on the way in), and searching
// for them is just a search.

const SEED = Number(process.env.FUZZ_SEED ?? 424242); // FUZZ_SEED=… explores other payloads
const RUNS_PER_CHANNEL = 100;

let fx: AppFixture;

beforeAll(() => {
  fx = createAppFixture({ today: '2024-03-15' });
  // a little data, so that ids 1 and 2 exist and "not found" is not the only answer
  fx.call('customers.create', { name: 'Existing One', status: 'active' });
  fx.call('customers.create', { name: 'Existing Two' });
});
afterAll(() => fx?.close());

const actors: Actor[] = [
  { kind: 'staff', name: 'fuzzer' },
  { kind: 'portal', customerId: 1, openedBy: 'fuzzer' },
  { kind: 'anonymous' },
];

const HUGE = 'x'.repeat(1_000_000);

function deep(depth: number, leaf: unknown, asArray: boolean): unknown {
  let v = leaf;
  for (let i = 0; i < depth; i++) v = asArray ? [v] : { a: v };
  return v;
}

/** Values no careful caller sends: boundaries, non-finite numbers, wrong types, oversized and deeply nested data. */
const hostileLeaf = fc.oneof(
  fc.constantFrom<unknown>(
    undefined,
    null,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    -0,
    0,
    -1,
    1.5,
    2 ** 31,
    -(2 ** 31) - 1,
    2 ** 53 + 2,
    Number.MAX_VALUE,
    Number.MIN_VALUE,
    '',
    ' ',
    '0',
    '1',
    'true',
    'null',
    '2024-02-30',
    '9999-99-99',
    '-1',
    'NaN',
    HUGE,
    'é'.repeat(300_000),
    '\u0000',
    "'; DROP TABLE customers; --",
    '<script>alert(1)</script>',
    true,
    false,
    [],
    {},
    deep(5_000, 1, false),
    deep(5_000, 'x', true),
    Array.from({ length: 100_000 }, (_, i) => i),
    JSON.parse('{"__proto__": {"polluted": true}}'),
    JSON.parse('{"constructor": {"prototype": {"polluted": true}}}'),
  ),
  fc.double(),
  fc.integer(),
  fc.bigInt().map((b) => b), // not JSON, but structured clone (Electron IPC) carries it
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.date({ noInvalidDate: false }),
);

const hostileValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { maxDepth: 3 },
    hostileLeaf,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'id')), tie('value'), { maxKeys: 4 }),
  ),
})).value;

/** Payloads shaped like the channel's input (its own keys) with hostile values, plus anything at all. */
function payloadFor(channel: ChannelName): fc.Arbitrary<unknown> {
  const schema = contract[channel].input as z.ZodType;
  const keys = schema instanceof z.ZodObject ? Object.keys(schema.shape as object) : [];
  const shaped = keys.length
    ? fc.dictionary(fc.oneof(fc.constantFrom(...keys), fc.constantFrom('__proto__', 'extra', 'constructor')), hostileValue, { minKeys: 1, maxKeys: keys.length + 1 })
    : fc.constant({ extra: 1 });
  return fc.oneof({ weight: 3, arbitrary: shaped }, { weight: 2, arbitrary: hostileValue }, { weight: 1, arbitrary: fc.jsonValue() });
}

describe('fuzzing every channel with hostile payloads', () => {
  const channels = Object.keys(contract) as ChannelName[];

  it.each(channels)('%s: coded refusals, no crash, no write', (channel) => {
    const before = fx.dump();
    const known = new Set<string>(ERROR_CODES);
    const def = contract[channel];
    let refusals = 0;
    fc.assert(
      fc.property(payloadFor(channel), fc.constantFrom(...actors), (payload, actor) => {
        // a payload that happens to be valid would legitimately write: send it only to read-only channels
        fc.pre(def.readOnly || !def.input.safeParse(payload === undefined ? {} : payload).success);
        const ctx: AppContext = { db: fx.db, clock: fx.clock, actor };
        let res: ReturnType<typeof dispatch>;
        try {
          res = dispatch(ctx, channel, payload);
        } catch (err) {
          throw new Error(`dispatch threw for ${channel}: ${String(err)}`);
        }
        expect(typeof res.ok).toBe('boolean');
        if (!res.ok) {
          refusals++;
          expect(known.has(res.error.code), `${channel}: unknown code ${res.error.code}`).toBe(true);
          expect(res.error.code, `${channel} as ${actor.kind}: ${res.error.message.slice(0, 300)}`).not.toBe('INTERNAL');
          expect(res.error.message.length).toBeGreaterThan(0);
          expect(res.error.message.length).toBeLessThan(20_000); // an oversized input is not echoed back whole
        }
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      }),
      { seed: SEED, numRuns: RUNS_PER_CHANNEL, endOnFailure: true },
    );
    expect(refusals).toBeGreaterThan(0);
    expect(fx.dump()).toEqual(before);
  });
});

describe('SQL, HTML and control characters are stored and shown inertly', () => {
  const FRAGMENTS = [
    "'; DROP TABLE customers; --",
    "Robert'); DELETE FROM invoices; --",
    '" OR 1=1 --',
    "' OR ''='",
    '%_\\',
    'NEAR(a b)',
    '"unbalanced',
    'name:* AND -x',
    '<script>alert(1)</script>',
    '<img src=x onerror=window.__xss=1>',
    '"><svg onload=alert(1)>',
    '&lt;b&gt;&amp;',
    '{{constructor.constructor("alert(1)")()}}',
    '${process.exit(1)}',
    '\u0000',
    '\u0007\u0008\u001b[31m',
    '\t\r\n',
    '\u007f\u0085',
    '\u2028\u2029',
    '\u202e\u200b\ufeff',
    '😀👨‍👩‍👧',
  ];
  const hostileText = (max: number) =>
    fc
      .array(fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ unit: 'binary', maxLength: 8 })), { minLength: 1, maxLength: 6 })
      .map((parts) => parts.join(''))
      .filter((s) => s.trim().length > 0 && s.length <= max);

  it('customers.create → customers.get returns exactly what was accepted; searching for it is harmless', () => {
    const tables = () => fx.db.sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all();
    const tablesBefore = tables();
    fc.assert(
      fc.property(hostileText(200), hostileText(500), hostileText(2000), (name, address, notes) => {
        const created = fx.call('customers.create', { name, address, notes });
        const got = fx.call('customers.get', { id: created.id });
        // exactly the text sent (only the surrounding white space is trimmed, as for every text field)
        expect(got.name).toBe(name.trim());
        expect(got.address).toBe(address.trim());
        expect(got.notes).toBe(notes.trim());
        const raw = fx.db.sqlite.prepare('SELECT name, address, notes FROM customers WHERE id = ?').get(created.id);
        expect(raw).toEqual({ name: name.trim(), address: address.trim(), notes: notes.trim() });
        for (const search of [name.trim().slice(0, 100), address.trim().slice(0, 100)]) {
          const res = dispatch(fx.ctx, 'customers.list', { search });
          expect(res.ok, res.ok ? '' : `${res.error.code}: ${res.error.message}`).toBe(true);
        }
      }),
      { seed: SEED, numRuns: 150 },
    );
    expect(tables()).toEqual(tablesBefore);
    expect(fx.db.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
    // the rows created before are all still there
    expect((fx.db.sqlite.prepare('SELECT count(*) AS n FROM customers').get() as { n: number }).n).toBeGreaterThanOrEqual(152);
  });
});

// Issue 15 (hostile testing): what a fuzzer found is kept found.
describe('hostile regressions (issue 15)', () => {
  const placeholderPattern = fc
    .array(
      fc.oneof(
        fc.constantFrom('{next}', '{year}', '{partner_id}', '{partner_id|2}', '{next|6}', '{next|999999999}', '{next|300000000}', '{next|0}', '{next|13}', '{nope}', '{', '}', '|', 'INV-', '-'),
        fc.string({ unit: 'binary', maxLength: 6 }),
      ),
      { minLength: 0, maxLength: 8 },
    )
    .map((parts) => parts.join(''));

  it('any number pattern is refused as VALIDATION or numbers documents uniquely and briefly; none hangs', () => {
    const f = createAppFixture({ today: '2024-03-15' });
    try {
      const c = f.call('customers.create', { name: 'Pat Pattern', status: 'active' });
      const numbers = new Set<string>();
      let accepted = 0;
      fc.assert(
        fc.property(placeholderPattern, (pattern) => {
          const res = dispatch(f.ctx, 'settings.update', { partnerId: 1, values: { 'billing.invoiceNumberPattern': pattern } });
          if (!res.ok) {
            expect(res.error.code).toBe('VALIDATION');
            expect(Object.keys(res.error.fields ?? {})).toContain('values.billing.invoiceNumberPattern');
            return;
          }
          accepted++;
          const inv = f.call('billing.oneTimeInvoice', { customerId: c.id, lines: [{ description: 'Router', amount: 100 }] });
          expect(numbers.has(inv.number)).toBe(false);
          numbers.add(inv.number);
          expect(inv.number.length).toBeLessThanOrEqual(64 * 12);
        }),
        { seed: SEED, numRuns: 300 },
      );
      expect(accepted).toBeGreaterThan(0);
    } finally {
      f.close();
    }
  });

  it('a prototype key at any depth of any channel input is refused, never obeyed', () => {
    const withKey = fc
      .tuple(fc.constantFrom('__proto__', 'constructor', 'prototype'), fc.integer({ min: 0, max: 4 }), fc.jsonValue())
      .map(([key, depth, leaf]) => JSON.parse(`${'{"a":'.repeat(depth)}{"${key}": ${JSON.stringify(leaf ?? null)}}${'}'.repeat(depth)}`) as unknown);
    const channels = Object.keys(contract) as ChannelName[];
    const before = fx.dump();
    fc.assert(
      fc.property(fc.constantFrom(...channels), withKey, (channel, payload) => {
        const res = dispatch({ db: fx.db, clock: fx.clock, actor: { kind: 'staff', name: 'fuzzer' } }, channel, payload);
        expect(res.ok, channel).toBe(false);
        // portal channels refuse staff before looking at the input
        if (!res.ok) expect(res.error.code, `${channel}: ${res.error.message}`).toBe(contract[channel].access === 'portal' ? 'FORBIDDEN' : 'VALIDATION');
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      }),
      { seed: SEED, numRuns: 400 },
    );
    expect(fx.dump()).toEqual(before);
  });

  it('hostile sign-ins from one source never keep the administrator out from another, and never tell which names exist', { timeout: 120_000 }, () => {
    const f = createAppFixture();
    try {
      const admin = { name: 'Alice Admin', password: 'correct horse battery' };
      f.call('auth.setup', admin, f.as({ kind: 'anonymous' }));
      const stranger = { ...f.as({ kind: 'anonymous' }), source: 'web 127.0.0.1' };
      const name = fc.oneof(fc.constantFrom('Alice Admin', 'alice admin', 'ALICE ADMIN', 'Ａｌｉｃｅ Ａｄｍｉｎ', 'Nobody', 'root'), fc.string({ maxLength: 64 }));
      fc.assert(
        fc.property(name, fc.string({ maxLength: 40 }), (n, password) => {
          const res = dispatch(stranger, 'auth.signIn', { name: n, password });
          expect(res.ok).toBe(false);
          if (!res.ok) {
            expect(['FORBIDDEN', 'VALIDATION']).toContain(res.error.code);
            expect(res.error.message).not.toMatch(/Alice|exist|locked/i);
          }
        }),
        { seed: SEED, numRuns: 40 },
      );
      expect(f.call('auth.signIn', admin, { ...f.as({ kind: 'anonymous' }), source: 'app window 1' }).role).toBe('administrator');
    } finally {
      f.close();
    }
  });
});
