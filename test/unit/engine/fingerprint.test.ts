import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { canonicalJson, fingerprintOf } from '../../../main/engine';
import { cp1Input } from './helpers';

describe('quote fingerprint', () => {
  test('key order does not matter; undefined keys are ignored', () => {
    expect(canonicalJson({ b: 1, a: [2, { d: null, c: 'x' }], u: undefined })).toBe('{"a":[2,{"c":"x","d":null}],"b":1}');
    expect(fingerprintOf({ a: 1, b: 2 })).toBe(fingerprintOf({ b: 2, a: 1 }));
    expect(fingerprintOf(cp1Input())).toMatch(/^[0-9a-f]{28}$/);
  });

  test('any change of a deciding input changes it', () => {
    const base = fingerprintOf(cp1Input());
    expect(fingerprintOf(cp1Input({ balanceBefore: 1 }))).not.toBe(base);
    expect(fingerprintOf(cp1Input({ newStart: '2022-01-21' }))).not.toBe(base);
    expect(fingerprintOf(cp1Input({ settings: { ...cp1Input().settings, feeLessExpensive: 3001 } }))).not.toBe(base);
  });

  test('different values give different fingerprints (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (a, b) => {
        fc.pre(canonicalJson(a) !== canonicalJson(b));
        expect(fingerprintOf(a)).not.toBe(fingerprintOf(b));
      }),
    );
  });
});

describe('canonicalJson with its per-shape key cache, its sorted copy and per-value text memo', () => {
  // The plain definition: keys sorted at every level, undefined members left out.
  const reference = (v: unknown): string => {
    if (v === undefined) return 'null';
    if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
    if (Array.isArray(v)) return `[${v.map(reference).join(',')}]`;
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${reference(o[k])}`)
      .join(',')}}`;
  };
  test('equals the plain definition, whatever the key order and however often a shape repeats', () => {
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, fc.integer(), fc.string(), fc.boolean(), fc.constant(null), fc.constant(undefined), tie('arr'), tie('obj')),
      arr: fc.array(tie('node'), { maxLength: 4 }),
      obj: fc.dictionary(fc.constantFrom('a', 'b', 'from', 'to', 'amount', '__proto__x', 'é', '10', '2', '01'), tie('node'), { maxKeys: 5 }),
    })).node;
    fc.assert(
      fc.property(value, (v) => {
        expect(canonicalJson(v)).toBe(reference(v));
        expect(canonicalJson(v)).toBe(reference(v)); // the second call comes from the cache
        // one object met several times in a value (its text is reused within the call)
        expect(canonicalJson([v, { a: v, b: [v] }, v])).toBe(reference([v, { a: v, b: [v] }, v]));
      }),
      { numRuns: 500 },
    );
  });
});

describe('canonicalJson of values JSON.stringify treats apart', () => {
  test('array-index keys sorted as text, __proto__ as a key, functions as null, boxed values and dates as their keys', () => {
    expect(canonicalJson({ 10: 'x', 2: 'y', b: 1 })).toBe('{"10":"x","2":"y","b":1}');
    expect(canonicalJson(JSON.parse('{"__proto__":{"b":1,"a":2},"z":0}'))).toBe('{"__proto__":{"a":2,"b":1},"z":0}');
    expect(canonicalJson({ f: () => 1, a: [undefined, () => 1] })).toBe('{"a":[null,null],"f":null}');
    expect(canonicalJson([new Date(0), new Number(3), new String('ab')])).toBe('[{},{},{"0":"a","1":"b"}]');
    expect(canonicalJson(undefined)).toBe('null');
  });
});
