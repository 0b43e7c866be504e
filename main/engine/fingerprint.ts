// A stable fingerprint of the inputs that decide a quote (ARCHITECTURE: apply recomputes and refuses with
// STALE_QUOTE when it differs). Pure JS so the renderer can use it too; not a security hash — it only has to
// change when any input changes.

/**
 * Objects of the same shape (the same keys in the same insertion order) come back thousands of times in a bulk
 * change; their sorted, already-quoted keys are computed once per shape. Pure: the cache only saves work.
 */
const sortedKeysByShape = new Map<string, readonly (readonly [key: string, quoted: string])[]>();
const MAX_SHAPES = 1000;

function sortedKeys(obj: Record<string, unknown>): readonly (readonly [string, string])[] {
  const keys = Object.keys(obj);
  const shape = keys.join('\u0000');
  let sorted = sortedKeysByShape.get(shape);
  if (!sorted) {
    sorted = [...keys].sort().map((k) => [k, JSON.stringify(k)] as const);
    if (sortedKeysByShape.size >= MAX_SHAPES) sortedKeysByShape.clear();
    sortedKeysByShape.set(shape, sorted);
  }
  return sorted;
}

/** JSON with object keys sorted at every level, so equal values always give the same text. */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i ? ',' : '') + canonicalJson(value[i]);
    return `${out}]`;
  }
  const obj = value as Record<string, unknown>;
  let out = '{';
  let first = true;
  for (const [k, quoted] of sortedKeys(obj)) {
    const v = obj[k];
    if (v === undefined) continue;
    out += `${first ? '' : ','}${quoted}:${canonicalJson(v)}`;
    first = false;
  }
  return `${out}}`;
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
