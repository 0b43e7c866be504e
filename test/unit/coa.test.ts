import { describe, expect, test } from 'vitest';
import type { NetworkAnswerSummary } from '../../main/contract/network';
import { requestFor } from '../../main/radius/coa';

// Which request a change of a login's answer sends: a CoA only when the speed alone changed on an accepted login.

const accept = (attributes: Record<string, string>, reason = 'active'): NetworkAnswerSummary => ({ result: 'accept', reason, attributes });
const reject: NetworkAnswerSummary = { result: 'reject', reason: 'customerNew', attributes: {} };
const FAST = { 'Framed-Pool': 'main', 'Mikrotik-Rate-Limit': '20000k/100000k' };
const SLOW = { 'Framed-Pool': 'main', 'Mikrotik-Rate-Limit': '10000k/50000k' };

describe('requestFor', () => {
  test.each<[string, NetworkAnswerSummary, NetworkAnswerSummary, ReturnType<typeof requestFor>]>([
    ['speed alone', accept(FAST), accept(SLOW), { kind: 'coa', rateLimit: '10000k/50000k' }],
    ['speed and pool', accept(FAST), accept({ ...SLOW, 'Framed-Pool': 'other' }), { kind: 'disconnect' }],
    ['speed and a new address', accept(FAST), accept({ ...SLOW, 'Framed-IP-Address': '10.0.0.9' }), { kind: 'disconnect' }],
    ['same summary (password or MAC changed)', accept(FAST), accept(FAST), { kind: 'disconnect' }],
    ['rate limit removed', accept(FAST), accept({ 'Framed-Pool': 'main' }), { kind: 'disconnect' }],
    ['now rejected', accept(FAST), reject, { kind: 'disconnect' }],
    ['blocked into the blocked pool with another speed', accept(FAST), accept(SLOW, 'customerBlocked'), { kind: 'disconnect' }],
  ])('%s', (_what, before, after, expected) => {
    expect(requestFor(before, after)).toEqual(expected);
  });
});
