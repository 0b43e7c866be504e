import { afterEach, describe, expect, test } from 'vitest';
import { openDatabase, type AppDb } from '../../db/open';
import { staffActorFor } from '../../main/app/auth';
const FREE_ATTEMPTS = 5; const backoffMs = (n: number) => 15 * 60_000 + n;
import type { AppContext } from '../../main/app/context';
import { dispatch } from '../../main/app/dispatch';
import { runCli } from '../../main/hosts/cli';
import { startWebHarness, STAFF_SESSION_HEADER, type WebHarness } from '../../main/hosts/web';
import { createAppFixture, type AppFixture } from './appFixtures';

// Issue 15, hostile items 4 and 7. Sessions lived in one process's memory, so a password reset in the app left the
// member signed in in a harness on the same file (and the other way round). Five wrong passwords from anyone on
// loopback locked any account — the only administrator's too — and the lock message told which names exist.

let fx: AppFixture | undefined;
let other: AppDb | undefined;
const harnesses: WebHarness[] = [];
afterEach(async () => {
  for (const h of harnesses.splice(0)) await h.close();
  other?.close();
  other = undefined;
  fx?.close();
  fx = undefined;
});

const ANON = { kind: 'anonymous' } as const;
const ALICE = { name: 'Alice Admin', password: 'correct horse battery' };
const BOB = { name: 'Bob Support', password: 'bob password 1' };

/** The app (A) and a second process (B: its own connection) on one database file, with an administrator and Bob. */
function twoProcesses() {
  fx = createAppFixture();
  const f = fx;
  other = openDatabase(f.file);
  const A = (actor: AppContext['actor'] = ANON, source = 'app window 1'): AppContext => ({ db: f.db, clock: f.clock, actor, source });
  const B = (actor: AppContext['actor'] = ANON, source = 'web 127.0.0.1'): AppContext => ({ db: other!, clock: f.clock, actor, source });
  f.call('auth.setup', ALICE, A());
  const signIn = (ctx: AppContext, who: { name: string; password: string }) => f.call('auth.signIn', who, ctx).token;
  const adminB = staffActorFor(B(), signIn(B(), ALICE))!;
  const bob = f.call('staff.create', { ...BOB, role: 'support' }, B(adminB));
  return { f, A, B, adminB, bob, signIn };
}

describe('sessions end everywhere (two processes on one file)', () => {
  test('a password reset, sign-out, role change and lock in one process end the session in the other', () => {
    const { f, A, B, adminB, bob, signIn } = twoProcesses();
    // a session started in A is known in B, and the other way round
    let token = signIn(A(), BOB);
    expect(staffActorFor(B(), token)).toMatchObject({ name: BOB.name, role: 'support' });

    f.call('staff.update', { id: bob.id, password: 'a new password 2' }, B(adminB));
    expect(staffActorFor(A(), token)).toBeNull();
    expect(dispatch(A(staffActorFor(A(), token) ?? ANON), 'customers.list', {}).ok).toBe(false);

    token = signIn(A(), { name: BOB.name, password: 'a new password 2' });
    f.call('auth.signOut', {}, B(staffActorFor(B(), token)!));
    expect(staffActorFor(A(), token)).toBeNull();

    token = signIn(B(), { name: BOB.name, password: 'a new password 2' });
    f.call('staff.update', { id: bob.id, role: 'finance' }, A(staffActorFor(A(), signIn(A(), ALICE))!));
    expect(staffActorFor(B(), token)).toBeNull();

    token = signIn(A(), { name: BOB.name, password: 'a new password 2' });
    f.call('staff.update', { id: bob.id, lock: true }, B(adminB));
    expect(staffActorFor(A(), token)).toBeNull();
    // locked: only the holder of the right password learns it; then an administrator unlocks
    expect(f.refuse('auth.signIn', { name: BOB.name, password: 'a new password 2' }, A()).message).toMatch(/locked by an administrator/);
    expect(f.refuse('auth.signIn', { name: BOB.name, password: 'not the password' }, A()).message).toBe('Wrong name or password');
    f.call('staff.update', { id: bob.id, unlock: true }, B(adminB));
    expect(signIn(A(), { name: BOB.name, password: 'a new password 2' })).toMatch(/^[\w-]{43}$/);
    // the last administrator can be neither locked nor demoted
    const alice = f.call('staff.list', {}, B(adminB)).find((s) => s.name === ALICE.name)!;
    expect(f.refuse('staff.update', { id: alice.id, lock: true }, B(adminB)).code).toBe('REFUSED');
    // only hashes of tokens are stored
    const stored = f.db.sqlite.prepare('SELECT token_hash AS h FROM staff_sessions').all() as { h: string }[];
    expect(stored.length).toBeGreaterThan(0);
    expect(stored.map((r) => r.h)).not.toContain(token);
  });

  test('two harnesses on one file: a reset through one ends the session in the other', async () => {
    fx = createAppFixture();
    const file = fx.file;
    fx.db.close();
    fx = { ...fx, close: () => {} } as AppFixture; // the harnesses own the file now
    const h1 = await startWebHarness({ dbFile: file, port: 0, staffAuth: true });
    harnesses.push(h1);
    const h2 = await startWebHarness({ dbFile: file, port: 0, staffAuth: true });
    harnesses.push(h2);
    const post = (h: WebHarness, channel: string, body: unknown, token?: string) =>
      fetch(`${h.url}rpc/${channel}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { [STAFF_SESSION_HEADER]: token } : {}) },
        body: JSON.stringify(body),
      }).then((r) => r.json() as Promise<{ ok: boolean; data?: { token: string; id: number }; error?: { code: string } }>);
    const admin = (await post(h1, 'auth.setup', ALICE)).data!.token;
    const bob = (await post(h1, 'staff.create', { ...BOB, role: 'support' }, admin)).data!;
    const bobToken = (await post(h1, 'auth.signIn', BOB)).data!.token;
    expect((await post(h1, 'customers.list', {}, bobToken)).ok).toBe(true);
    const admin2 = (await post(h2, 'auth.signIn', ALICE)).data!.token;
    expect((await post(h2, 'staff.update', { id: bob.id, password: 'reset by h2 now' }, admin2)).ok).toBe(true);
    expect((await post(h1, 'customers.list', {}, bobToken)).error?.code).toBe('FORBIDDEN');
  });
});

describe('failed sign-ins slow down one name from one source; nobody is locked out; names stay secret', () => {
  test('a stranger guessing the only administrator from loopback does not keep the administrator out of the app', () => {
    const { f, A, B } = twoProcesses();
    for (let i = 0; i < FREE_ATTEMPTS + 10; i++) f.refuse('auth.signIn', { name: ALICE.name, password: `guess ${i}` }, B());
    expect(f.refuse('auth.signIn', ALICE, B()).message).toMatch(/Too many failed sign-ins/);
    // the app's window is another source: the administrator signs in at once
    expect(f.call('auth.signIn', ALICE, A()).role).toBe('administrator');
  });

  test('an unknown name is answered exactly like a known one, wait included', () => {
    const { f, B } = twoProcesses();
    let now = Date.parse('2026-12-01T08:00:00Z');
    const answers = (name: string) =>
      Array.from({ length: FREE_ATTEMPTS + 3 }, (_, i) => {
        const err = f.refuse('auth.signIn', { name, password: `guess ${i}` }, { ...B(), now: () => now });
        return `${err.code} ${err.message} ${JSON.stringify(err.fields)}`;
      });
    const known = answers(BOB.name);
    const unknown = answers('Nobody Here');
    expect(unknown).toEqual(known);
    expect(known.at(-1)).toMatch(/Too many failed sign-ins/);
    // both left the same kind of record (the same write for either)
    const rows = f.db.sqlite.prepare('SELECT name, failures FROM sign_in_failures WHERE source = ? ORDER BY name').all('web 127.0.0.1');
    expect(rows).toEqual([
      { name: 'bob support', failures: FREE_ATTEMPTS },
      { name: 'nobody here', failures: FREE_ATTEMPTS },
    ]);
    now += backoffMs(FREE_ATTEMPTS) + 1;
    expect(f.call('auth.signIn', BOB, { ...B(), now: () => now }).name).toBe(BOB.name);
  });

  test('the CLI lifts waits, resets a password and can make an administrator, with the file in hand', async () => {
    const { f, A, B, signIn } = twoProcesses();
    const out: string[] = [];
    const cli = (...args: string[]) => runCli([...args, '--db', f.file], { out: (t) => out.push(t), err: (t) => out.push(t) });
    for (let i = 0; i < FREE_ATTEMPTS; i++) f.refuse('auth.signIn', { name: ALICE.name, password: `guess ${i}` }, B());
    expect(f.refuse('auth.signIn', ALICE, B()).message).toMatch(/Too many/);
    expect(await cli('staff', 'unlock', 'alice admin')).toBe(0);
    const oldToken = signIn(B(), ALICE);

    out.length = 0;
    expect(await cli('staff', 'reset-password', ALICE.name)).toBe(0);
    const password = /: (\S{20})$/m.exec(out.join('\n'))![1];
    expect(staffActorFor(A(), oldToken)).toBeNull();
    expect(f.refuse('auth.signIn', ALICE, A()).message).toBe('Wrong name or password');
    expect(f.call('auth.signIn', { name: ALICE.name, password }, A()).role).toBe('administrator');

    out.length = 0;
    expect(await cli('staff', 'reset-password', 'Nobody Here')).toBe(1);
    expect(await cli('staff', 'reset-password', 'Carla Rescue', '--administrator')).toBe(0);
    const carla = /: (\S{20})$/m.exec(out.join('\n'))![1];
    expect(f.call('auth.signIn', { name: 'Carla Rescue', password: carla }, A()).role).toBe('administrator');
    expect(await cli('staff', 'unlock')).toBe(2);
    const log = f.db.sqlite.prepare("SELECT action FROM audit_log WHERE action LIKE '%command line%'").all() as { action: string }[];
    expect(log.length).toBe(3);
  });
});
