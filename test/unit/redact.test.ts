import { describe, expect, it } from 'vitest';
import { REDACTED, redact, redactText } from '../../main/app/redact';

// Logs and diagnostics never carry secrets (issue 19 part 4): passwords, RADIUS secrets, session tokens, password
// hashes — by key at any depth, and inside text.

describe('redact', () => {
  it('replaces secret values at any depth of objects, arrays and errors, keeping everything else', () => {
    const input = {
      channel: 'routers.save',
      input: {
        name: 'Core',
        secret: 'r4d1us-S3cret',
        routers: [{ nasIp: '10.0.0.1', radiusSecret: 'another-secret', deep: { deeper: { password: 'hunter2', portalPasswordHash: 'scrypt$16384$8$1$abc$def' } } }],
      },
      staff: { name: 'anna', passwordSet: true, session: 'tok-abc', token: 'x'.repeat(43) },
      headers: { 'x-staff-session': 'zzz', authorization: 'Bearer abc.def' },
      amount: 1250,
    };
    const out = redact(input) as typeof input;
    expect(out.channel).toBe('routers.save');
    expect(out.input.name).toBe('Core');
    expect(out.input.secret).toBe(REDACTED);
    expect(out.input.routers[0].nasIp).toBe('10.0.0.1');
    expect(out.input.routers[0].radiusSecret).toBe(REDACTED);
    expect(out.input.routers[0].deep.deeper).toEqual({ password: REDACTED, portalPasswordHash: REDACTED });
    expect(out.staff).toEqual({ name: 'anna', passwordSet: true, session: REDACTED, token: REDACTED });
    expect(out.headers).toEqual({ 'x-staff-session': REDACTED, authorization: REDACTED });
    expect(out.amount).toBe(1250);
    const text = JSON.stringify(out);
    for (const secret of ['r4d1us-S3cret', 'another-secret', 'hunter2', 'scrypt$', 'tok-abc', 'xxxxxxxx', 'zzz', 'abc.def']) expect(text).not.toContain(secret);
    expect(JSON.stringify(input)).toContain('hunter2'); // the original is not changed
  });

  it('redacts inside text: key=value, JSON in a message, command-line flags, bearer tokens, scrypt strings', () => {
    const lines = [
      'UPDATE routers SET secret=Sup3rS3cret WHERE id = 1',
      'input {"login":"bob","password":"pa ss\\"word","note":"ok"}',
      'npm run radius -- --db isp.sqlite --port 1812 --secret Sup3rS3cret',
      'Authorization: Bearer eyJhbGciOi.payload.sig',
      'stored scrypt$16384$8$1$c2FsdA$aGFzaA for anna',
      'radius_secret: "quoted secret"',
    ];
    const out = lines.map(redactText).join('\n');
    for (const secret of ['Sup3rS3cret', 'pa ss', 'eyJhbGciOi', 'scrypt$', 'quoted secret']) expect(out).not.toContain(secret);
    expect(out).toContain('"login":"bob"');
    expect(out).toContain('--port 1812');
    expect(out).toContain('for anna');
  });

  it('keeps ordinary sentences about passwords readable and survives cycles and errors', () => {
    expect(redactText('Wrong name or password.')).toBe('Wrong name or password.');
    expect(redactText('The session ended elsewhere: sign in again')).toBe('The session ended elsewhere: sign in again');
    const err = Object.assign(new Error('sign-in failed with password=letmein'), { token: 'abc' });
    const cyclic: Record<string, unknown> = { err };
    cyclic.self = cyclic;
    const out = redact(cyclic) as { err: { message: string; token: string; stack: string }; self: unknown };
    expect(out.err.message).toBe(`sign-in failed with password=${REDACTED}`);
    expect(out.err.token).toBe(REDACTED);
    expect(out.err.stack).not.toContain('letmein');
    expect(out.self).toBe('[circular]');
  });
});
