import type { NetworkAnswerSummary } from '../contract/network';

// Which request a change of a login's answer sends to its router. A speed change alone (the plan's speeds, the
// only thing that differs is Mikrotik-Rate-Limit) is a CoA-Request carrying the new rate limit (RFC 5176 §3.2):
// the customer stays online and the router applies the new queue at once. Anything else — a password, a MAC, an
// address, a pool, blocked or rejected — must end the session so the next login is answered afresh: a
// Disconnect-Request. A router that refuses the CoA (NAK) is sent the Disconnect-Request instead (main/radius/outbox.ts).

export const RATE_LIMIT = 'Mikrotik-Rate-Limit';

export type NasRequest = { kind: 'coa'; rateLimit: string } | { kind: 'disconnect' };

export function requestFor(before: NetworkAnswerSummary, after: NetworkAnswerSummary): NasRequest {
  if (before.result !== 'accept' || after.result !== 'accept' || before.reason !== after.reason) return { kind: 'disconnect' };
  const rateLimit = after.attributes[RATE_LIMIT];
  if (rateLimit === undefined || rateLimit === before.attributes[RATE_LIMIT]) return { kind: 'disconnect' };
  const keys = new Set([...Object.keys(before.attributes), ...Object.keys(after.attributes)]);
  for (const k of keys) if (k !== RATE_LIMIT && before.attributes[k] !== after.attributes[k]) return { kind: 'disconnect' };
  return { kind: 'coa', rateLimit };
}
