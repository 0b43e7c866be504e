import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { divHalfUpBig, formatMoney, mulDivHalfUp, parseMoney, splitVat } from '../../../main/engine';

/** Independent reference: sign × floor((2|a·b| + c) / 2c) in BigInt. */
function reference(a: number, b: number, c: number): bigint {
  const p = BigInt(a) * BigInt(b);
  const abs = p < 0n ? -p : p;
  const q = (2n * abs + BigInt(c)) / (2n * BigInt(c));
  return p < 0n ? -q : q;
}

describe('mulDivHalfUp', () => {
  test.each([
    [20000, 12, 31, 7742], // CP1 refund 77.42
    [10000, 12, 31, 3871], // CP1 charge 38.71
    [20000, 19, 31, 12258],
    [20000, 15, 30, 10000], // CP3
    [10000, 17, 31, 5484], // B1 54.84
    [10000, 24, 30, 8000], // CP7
    [5, 1, 2, 3], // half goes up
    [-5, 1, 2, -3], // and a negative mirrors it
    [1, 1, 3, 0],
    [2, 1, 3, 1],
    [-20000, 12, 31, -7742],
    [0, 5, 7, 0],
    [-0, 5, 7, 0],
    [-1, 1, 3, 0],
  ])('%i × %i / %i = %i', (a, b, c, expected) => {
    expect(mulDivHalfUp(a, b, c)).toBe(expected);
  });

  test('beyond 2^53 the product is exact', () => {
    const a = 2 ** 52 + 1;
    expect(mulDivHalfUp(a, 6, 4)).toBe(Number(reference(a, 6, 4)));
    expect(mulDivHalfUp(9_007_199_254_740_991, 3, 9)).toBe(3_002_399_751_580_330);
  });

  test('refuses a non-positive divisor and fractions', () => {
    expect(() => mulDivHalfUp(1, 1, 0)).toThrow();
    expect(() => mulDivHalfUp(1, 1, -2)).toThrow();
    expect(() => mulDivHalfUp(1.5, 1, 2)).toThrow();
    expect(() => divHalfUpBig(1n, 0n)).toThrow();
  });

  test('equals the BigInt reference (property)', () => {
    const big = fc.integer({ min: -(2 ** 40), max: 2 ** 40 });
    fc.assert(
      fc.property(big, fc.integer({ min: -100000, max: 100000 }), fc.integer({ min: 1, max: 2 ** 31 }), (a, b, c) => {
        const r = reference(a, b, c);
        fc.pre(r <= BigInt(Number.MAX_SAFE_INTEGER) && r >= -BigInt(Number.MAX_SAFE_INTEGER));
        expect(BigInt(mulDivHalfUp(a, b, c))).toBe(reference(a, b, c));
      }),
      { numRuns: 2000 },
    );
  });

  test('is odd: f(−a) = −f(a) (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 }), fc.integer({ min: 1, max: 400 }), fc.integer({ min: 1, max: 400 }), (a, b, c) => {
        expect(mulDivHalfUp(-a, b, c)).toBe(-mulDivHalfUp(a, b, c) || 0); // || 0: −0 is 0
      }),
    );
  });
});

describe('parseMoney / formatMoney', () => {
  test.each([
    ['200.00', 20000],
    ['-100.00', -10000],
    ['5', 500],
    ['0.5', 50],
    ['0.05', 5],
    ['-0.00', 0],
    ['8.71', 871],
  ])('parseMoney(%s) = %i', (text, cents) => expect(parseMoney(text)).toBe(cents));

  test.each(['1.234', 'abc', '', '1,00', '1.', '.5', '--1', '1e3', ' 2 00'])('refuses %j', (text) => {
    expect(() => parseMoney(text)).toThrow();
  });

  test.each([
    [20000, '200.00'],
    [-9129, '-91.29'],
    [-5, '-0.05'],
    [0, '0.00'],
    [871, '8.71'],
  ])('formatMoney(%i) = %s', (cents, text) => expect(formatMoney(cents)).toBe(text));

  test('round-trips (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(10 ** 12), max: 10 ** 12 }), (c) => {
        expect(parseMoney(formatMoney(c))).toBe(c);
      }),
    );
  });
});

describe('splitVat', () => {
  test('B3: a 200.00 line, 21 % VAT included → net 165.29, VAT 34.71', () => {
    expect(splitVat(20000, 2100, true)).toEqual({ net: 16529, vat: 3471, gross: 20000 });
  });
  test('B3/B4: a 100.00 line, 21 % VAT included → net 82.64, VAT 17.36', () => {
    expect(splitVat(10000, 2100, true)).toEqual({ net: 8264, vat: 1736, gross: 10000 });
  });
  test('VAT excluded: VAT is added on top', () => {
    expect(splitVat(10000, 2100, false)).toEqual({ net: 10000, vat: 2100, gross: 12100 });
    expect(splitVat(3871, 2100, false)).toEqual({ net: 3871, vat: 813, gross: 4684 }); // 812.91 → 8.13
  });
  test('no VAT', () => {
    expect(splitVat(20000, 0, true)).toEqual({ net: 20000, vat: 0, gross: 20000 });
    expect(splitVat(20000, 0, false)).toEqual({ net: 20000, vat: 0, gross: 20000 });
  });
  test('net + VAT = gross, both ways (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 9 }), fc.integer({ min: 0, max: 5000 }), fc.boolean(), (amount, rate, included) => {
        const s = splitVat(amount, rate, included);
        expect(s.net + s.vat).toBe(s.gross);
        expect(included ? s.gross : s.net).toBe(amount);
      }),
    );
  });
});
