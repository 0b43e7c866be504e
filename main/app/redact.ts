// Logs and diagnostics never carry secrets (issue 19 part 4): staff and portal passwords, RADIUS secrets, session
// tokens, password hashes (scrypt, the PAP SSHA2-512 copy). Redaction is by key, at any depth of objects, arrays
// and errors, and by pattern inside text (key=value, "key": "value", --secret S, Bearer tokens, scrypt strings), so
// a secret that reached a message — a failed call's input, an SQL error quoting a row — is cut there too.

export const REDACTED = '[redacted]';

/** Keys whose value is a secret, whatever the nesting: password, passwordHash, radiusSecret, token, session… */
const SECRET_KEY = /pass(word|wd)?|secret|token|session|hash|ssha|cookie|authori[sz]ation|api[-_]?key|credential/i;

const TEXT_PATTERNS: [RegExp, string][] = [
  // "password": "…" (JSON inside a message)
  [/("[^"]*(?:pass(?:word|wd)?|secret|token|session|hash|ssha)[^"]*"\s*:\s*)"(?:[^"\\]|\\.)*"/gi, `$1"${REDACTED}"`],
  // password=… , secret: … , radius_secret=…
  [/\b([\w-]*(?:pass(?:word|wd)?|secret|token|hash|ssha)\w*)(\s*[=:]\s*)(?!\[redacted\])("[^"]*"|'[^']*'|[^\s,;&)}\]]+)/gi, `$1$2${REDACTED}`],
  // command-line flags: --secret S, --password S
  [/(--[\w-]*(?:pass(?:word|wd)?|secret|token)[\w-]*\s+)(?!\[redacted\])(\S+)/gi, `$1${REDACTED}`],
  [/\bBearer\s+[\w.~+/-]+=*/gi, `Bearer ${REDACTED}`],
  // a scrypt or salted-hash value on its own
  [/\bscrypt\$[\w$./+=-]+/gi, REDACTED],
];

export function redactText(text: string): string {
  let out = text;
  for (const [re, by] of TEXT_PATTERNS) out = out.replace(re, by);
  return out;
}

/** A copy of `value` with every secret replaced by "[redacted]" (cycles and depth bounded, never throws). */
export function redact(value: unknown, depth = 0, seen: WeakSet<object> = new WeakSet()): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[circular]';
  if (depth > 12) return '[too deep]';
  seen.add(value);
  if (value instanceof Error) {
    const out: Record<string, unknown> = { name: value.name, message: redactText(value.message) };
    if (value.stack) out.stack = redactText(value.stack);
    for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEY.test(k) ? REDACTED : redact(v, depth + 1, seen);
    return out;
  }
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1, seen));
  if (value instanceof Map) return new Map([...value].map(([k, v]) => [k, typeof k === 'string' && SECRET_KEY.test(k) ? REDACTED : redact(v, depth + 1, seen)]));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEY.test(k) && v !== null && v !== undefined && typeof v !== 'boolean' ? REDACTED : redact(v, depth + 1, seen);
  return out;
}
