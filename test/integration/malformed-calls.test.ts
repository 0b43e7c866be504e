import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type AppDb } from '../../db/open';
import { fixedClock, type Actor, type AppContext } from '../../main/app/context';
import { dispatch } from '../../main/app/dispatch';
import { contract } from '../../main/contract';

// Every channel — iterated from the contract, so channels added later are covered too — must answer malformed
// input with a coded refusal (never INTERNAL, never a throw) and must not write anything.

let dir: string;
let db: AppDb;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'isp-malformed-'));
  db = openDatabase(join(dir, 'malformed.sqlite'));
});
afterAll(() => {
  db?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Every row of every table, in a stable order: the before/after comparison. */
function dump(d: AppDb): Record<string, string[]> {
  const tables = d.sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[];
  const out: Record<string, string[]> = {};
  for (const { name } of tables) {
    const rows = d.sqlite.prepare(`SELECT * FROM "${name.replace(/"/g, '""')}"`).all();
    out[name] = rows.map((r) => JSON.stringify(r)).sort();
  }
  return out;
}

const WRONG_VALUES: unknown[] = [{ nested: { deep: true } }, ['x'], 'a'.repeat(10), -1.5, true, null, 1e308, ''];

/** Inputs that no channel should accept: wrong shapes, unknown keys, prototype tricks, wrong field types. */
function malformedInputs(schema: z.ZodType): unknown[] {
  const inputs: unknown[] = [
    JSON.parse(`{"__proto__": 1, "x": "${'a'.repeat(10)}"}`),
    JSON.parse('{"constructor": {"prototype": {"polluted": true}}, "__proto__": {"polluted": true}}'),
    null,
    42,
    'a string',
    [],
    [{}],
    true,
  ];
  if (schema instanceof z.ZodObject) {
    const shape = schema.shape as Record<string, z.ZodType>;
    for (const [key, field] of Object.entries(shape)) {
      // the first value this field's own schema refuses; the input then misses its other fields as well
      const wrong = WRONG_VALUES.find((v) => !field.safeParse(v).success);
      if (wrong !== undefined) inputs.push({ [key]: wrong, __extra: 'a'.repeat(10) });
    }
  }
  return inputs;
}

const actors: Actor[] = [
  { kind: 'staff', name: 'fuzzer' },
  { kind: 'portal', customerId: 1, openedBy: 'fuzzer' },
];

describe('malformed calls', () => {
  const channels = Object.keys(contract) as (keyof typeof contract)[];

  it('the contract has channels to check', () => {
    expect(channels.length).toBeGreaterThan(0);
  });

  it.each(channels)('%s refuses malformed input with a coded error and writes nothing', (channel) => {
    const before = dump(db);
    for (const actor of actors) {
      const ctx: AppContext = { db, clock: fixedClock('2024-03-15'), actor };
      for (const input of malformedInputs(contract[channel].input)) {
        const res = dispatch(ctx, channel, input);
        const shown = JSON.stringify(input)?.slice(0, 80);
        expect(res.ok, `${channel} accepted ${shown} as ${actor.kind}`).toBe(false);
        if (!res.ok) {
          expect(res.error.code, `${channel} ${shown}: ${res.error.message}`).not.toBe('INTERNAL');
          expect(res.error.message.length).toBeGreaterThan(0);
        }
      }
    }
    expect(dump(db)).toEqual(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
