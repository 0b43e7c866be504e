// A stable fingerprint of the inputs that decide a quote (ARCHITECTURE: apply recomputes and refuses with
// STALE_QUOTE when it differs). Pure JS so the renderer can use it too; not a security hash — it only has to
// change when any input changes.

/**
 * Objects of the same shape (the same keys in the same insertion order) come back thousands of times in a bulk
 * change; their sorted, already-quoted keys are computed once per shape. A shape is looked up by its first key and
 * key count, then compared key by key (no joined string per object). Pure: the cache only saves work.
 */
interface Shape {
  keys: readonly string[];
  sorted: readonly (readonly [key: string, quoted: string])[];
  /** no key JSON.stringify would put first (an array index) or an assignment would not create (__proto__): see sortedCopy */
  copyable: boolean;
}
const shapesByHead = new Map<string, Shape[]>();
const MAX_SHAPES = 1000;
let shapeCount = 0;

const INDEX_KEY = /^(0|[1-9][0-9]*)$/;

function shapeOf(obj: Record<string, unknown>): Shape {
  const keys = Object.keys(obj);
  const head = `${keys.length}\u0000${keys[0] ?? ''}`;
  let list = shapesByHead.get(head);
  if (list)
    for (const shape of list) {
      const k = shape.keys;
      let same = true;
      for (let i = 1; i < k.length; i++)
        if (k[i] !== keys[i]) {
          same = false;
          break;
        }
      if (same) return shape;
    }
  const sorted = [...keys].sort().map((k) => [k, JSON.stringify(k)] as const);
  const copyable = keys.every((k) => k !== '__proto__' && !INDEX_KEY.test(k));
  if (shapeCount >= MAX_SHAPES) {
    shapesByHead.clear();
    shapeCount = 0;
    list = undefined;
  }
  if (!list) shapesByHead.set(head, (list = []));
  const shape = { keys, sorted, copyable };
  list.push(shape);
  shapeCount++;
  return shape;
}

/**
 * JSON with object keys sorted at every level, so equal values always give the same text. Written by JSON.stringify
 * from a sorted copy (sortedCopy) when it can: the same text, built natively and flat, which the hash below then reads
 * about twice as fast as a text joined piece by piece; built piece by piece (canonical) otherwise.
 */
export function canonicalJson(value: unknown): string {
  const copy = sortedCopy(value);
  return copy === NOT_COPYABLE ? canonical(value, null) : (JSON.stringify(copy) ?? 'null');
}

/**
 * `seen`: the texts of the objects met so far in this value, by identity (a quote's input repeats one discount object
 * on every invoiced line); the text of an object is the same wherever it appears.
 */
function canonical(value: unknown, seen: Map<object, string> | null): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  const known = seen?.get(value);
  if (known !== undefined) return known;
  const memo = seen ?? new Map<object, string>();
  let out: string;
  if (Array.isArray(value)) {
    out = '[';
    for (let i = 0; i < value.length; i++) out += (i ? ',' : '') + canonical(value[i], memo);
    out += ']';
  } else {
    const obj = value as Record<string, unknown>;
    out = '{';
    let first = true;
    for (const [k, quoted] of shapeOf(obj).sorted) {
      const v = obj[k];
      if (v === undefined) continue;
      out += `${first ? '' : ','}${quoted}:${canonical(v, memo)}`;
      first = false;
    }
    out += '}';
  }
  memo.set(value, out);
  return out;
}

const NOT_COPYABLE = Symbol('not copyable');

/**
 * The value with every object's keys inserted in sorted order, undefined members left out and a function or symbol
 * member as null: JSON.stringify of it is canonicalJson's text, written by the engine's native serializer (a
 * fingerprint's text is about 2 KB, built thousands of times by a bulk apply). NOT_COPYABLE when an object has a key
 * whose place or effect an assignment would change (see Shape.copyable); the caller then builds the text itself.
 */
function sortedCopy(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return typeof value === 'function' || typeof value === 'symbol' ? null : value;
  if (Array.isArray(value)) {
    const out: unknown[] = new Array(value.length);
    for (let i = 0; i < value.length; i++) {
      const v = sortedCopy(value[i]);
      if (v === NOT_COPYABLE) return NOT_COPYABLE;
      out[i] = v === undefined ? null : v;
    }
    return out;
  }
  const obj = value as Record<string, unknown>;
  const shape = shapeOf(obj);
  if (!shape.copyable) return NOT_COPYABLE;
  const out: Record<string, unknown> = {};
  for (const [k] of shape.sorted) {
    const v = obj[k];
    if (v === undefined) continue;
    const c = sortedCopy(v);
    if (c === NOT_COPYABLE) return NOT_COPYABLE;
    out[k] = c;
  }
  return out;
}

/** cyrb53-style 53-bit hash of the canonical JSON, twice with different seeds: 28 hex characters. */
export function fingerprintOf(value: unknown): string {
  const text = canonicalJson(value);
  // Both seeds in one pass over the text (the same arithmetic as two separate passes).
  let a1 = 0xdeadbeef ^ 1;
  let a2 = 0x41c6ce57 ^ 1;
  let b1 = 0xdeadbeef ^ 2;
  let b2 = 0x41c6ce57 ^ 2;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    a1 = Math.imul(a1 ^ ch, 2654435761);
    a2 = Math.imul(a2 ^ ch, 1597334677);
    b1 = Math.imul(b1 ^ ch, 2654435761);
    b2 = Math.imul(b2 ^ ch, 1597334677);
  }
  const finish = (h1: number, h2: number): string => {
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16).padStart(14, '0');
  };
  return finish(a1, a2) + finish(b1, b2);
}
