import { createHash, randomBytes } from 'node:crypto';
import { displayOf, resolveSettings } from '../../db/settings';
import type { Language } from '../contract/common';
import { staffName, type AuthStatus, type StaffRole, type StaffRow, type StaffSession } from '../contract/auth';
import { AppError, fieldError, notFound } from '../contract/errors';
import { audit } from './audit';
import type { Actor, AppContext } from './context';
import type { Handlers } from './handlers';
import { hashPassword, verifyPassword } from './passwords';
import { allRows, getRow, run } from './prepared';

// Staff sign-in. Accounts live in staff_users with scrypt hashes; a signed-in member gets an unguessable session
// token that hosts turn into the actor {kind:'staff', name, role, session}. Roles are enforced by dispatch for
// every channel (main/contract/permissions.ts).
//
// Sessions live in the database (staff_sessions, SHA-256 of the token), not in one process's memory: the app and
// any harness or CLI on the same file see the same sessions, so signing out, a password reset, a role change or an
// administrator's lock ends the member's sessions in every process at its next call.
//
// Failed sign-ins slow down guessing per name AND source (sign_in_failures): after FREE_ATTEMPTS failures that
// name waits BACKOFF_FIRST_SECONDS, doubling up to BACKOFF_MAX_MINUTES, from that source only. Nobody can lock an
// account for everyone (the only administrator included), and unknown names are answered exactly like known ones:
// same messages, same scrypt work, same write.

/** Failures per name and source before sign-in from there has to wait. */
export const FREE_ATTEMPTS = 5;
export const BACKOFF_FIRST_SECONDS = 30;
export const BACKOFF_MAX_MINUTES = 15;
/** Sessions are removed this long after sign-in (at the next sign-in of anyone). */
export const SESSION_DAYS = 30;
/** Failure records are forgotten a day after the last failure. */
const FAILURES_KEPT_MS = 24 * 60 * 60_000;
/** An administrator's lock: until they unlock. */
const LOCKED_FOR_GOOD = '9999-12-31T23:59:59.999Z';

interface StaffDbRow {
  id: number;
  name: string;
  role: StaffRole;
  passwordHash: string;
  lockedUntil: string | null;
  createdAt: string;
}

const SELECT = `SELECT id, name, role, password_hash AS passwordHash, locked_until AS lockedUntil, created_at AS createdAt FROM staff_users`;

const TOKEN = /^[A-Za-z0-9_-]{43}$/;
// Spent on unknown names too, so the answer takes as long whether or not the account exists.
const DUMMY_HASH = hashPassword('not a real password, only for timing');

const nowOf = (ctx: Pick<AppContext, 'now'>) => (ctx.now ?? Date.now)();
const iso = (ms: number) => new Date(ms).toISOString();
const isLocked = (row: { lockedUntil: string | null }, now: number) => row.lockedUntil !== null && Date.parse(row.lockedUntil) > now;
const tokenHash = (token: string) => createHash('sha256').update(token).digest('base64url');
/** The key failures are counted under: the same for "Alice", "alice" and "ＡＬＩＣＥ", known or not. */
export const signInKey = (name: string) => name.normalize('NFKC').trim().toLowerCase();
const sourceOf = (ctx: Pick<AppContext, 'source'>) => (ctx.source ?? 'local').slice(0, 200);

/** Sign-in waits currently running for a name (any source), for staff.list and unlock. */
function backoffUntil(ctx: AppContext, name: string, now: number): string | null {
  const r = getRow<{ until: string | null }>(ctx.db, 'SELECT max(blocked_until) AS until FROM sign_in_failures WHERE name = ? AND blocked_until > ?', signInKey(name), iso(now));
  return r?.until ?? null;
}

function toRow(ctx: AppContext, r: StaffDbRow, now: number): StaffRow {
  const waits = backoffUntil(ctx, r.name, now);
  const lockedUntil = isLocked(r, now) ? r.lockedUntil : waits;
  const failed = getRow<{ n: number | null }>(ctx.db, 'SELECT sum(failures) AS n FROM sign_in_failures WHERE name = ?', signInKey(r.name))!.n ?? 0;
  return { id: r.id, name: r.name, role: r.role, locked: lockedUntil !== null, lockedUntil, failedAttempts: failed, createdAt: r.createdAt };
}

function startSession(ctx: AppContext, row: StaffDbRow): StaffSession {
  const token = randomBytes(32).toString('base64url');
  const now = nowOf(ctx);
  run(ctx.db, 'DELETE FROM staff_sessions WHERE created_at < ?', iso(now - SESSION_DAYS * 24 * 60 * 60_000));
  run(ctx.db, 'INSERT INTO staff_sessions (token_hash, staff_id, created_at) VALUES (?, ?, ?)', tokenHash(token), row.id, iso(now));
  return { token, name: row.name, role: row.role };
}

/** Ends every session of a staff member, in every process on this file (their next call finds no session). */
export function endSessionsOf(ctx: Pick<AppContext, 'db'>, staffId: number): void {
  run(ctx.db, 'DELETE FROM staff_sessions WHERE staff_id = ?', staffId);
}

/** Ends one session (sign-out, the app window closed). */
export function endSession(ctx: Pick<AppContext, 'db'>, token: string): void {
  if (TOKEN.test(token) && !ctx.db.readOnly) run(ctx.db, 'DELETE FROM staff_sessions WHERE token_hash = ?', tokenHash(token));
}

/** The staff actor of a session token, or null (unknown or ended token, account gone or locked since). */
export function staffActorFor(ctx: Pick<AppContext, 'db' | 'now'>, token: unknown): Actor | null {
  if (typeof token !== 'string' || !TOKEN.test(token)) return null;
  const row = getRow<{ name: string; role: StaffRole; lockedUntil: string | null }>(
    ctx.db,
    `SELECT u.name, u.role, u.locked_until AS lockedUntil FROM staff_sessions s JOIN staff_users u ON u.id = s.staff_id WHERE s.token_hash = ? AND s.created_at >= ?`,
    tokenHash(token),
    iso(nowOf(ctx) - SESSION_DAYS * 24 * 60 * 60_000),
  );
  if (!row || isLocked(row, nowOf(ctx))) return null;
  return { kind: 'staff', name: row.name, role: row.role, session: token };
}

const staffCount = (ctx: AppContext) => getRow<{ n: number }>(ctx.db, 'SELECT COUNT(*) AS n FROM staff_users')!.n;

/** The signed-in member's own language choice (null: none, or no member signed in). */
function ownLanguage(ctx: AppContext, name: string): Language | null {
  return getRow<{ language: Language | null }>(ctx.db, 'SELECT language FROM staff_users WHERE name = ?', name)?.language ?? null;
}

export function status(ctx: AppContext): AuthStatus {
  const a = ctx.actor;
  const signedIn = a.kind === 'staff' && a.role ? { name: a.name, role: a.role, language: ownLanguage(ctx, a.name) } : null;
  const settings = resolveSettings(ctx.db);
  return {
    hasStaff: staffCount(ctx) > 0,
    signedIn,
    required: a.kind === 'anonymous' || (a.kind === 'staff' && a.session !== undefined),
    language: signedIn?.language ?? settings['display.language'],
    display: displayOf(settings),
  };
}

/** A member chooses their own language (kept on their account, so it follows them to every workstation). */
function setLanguage(ctx: AppContext, language: Language | null): AuthStatus {
  const a = ctx.actor;
  if (a.kind !== 'staff' || !a.role) throw new AppError('REFUSED', 'Only a signed-in staff member has a language of their own: change Config → Finance → Default language instead');
  ctx.db.transaction(() => {
    const before = getRow<{ id: number; language: Language | null }>(ctx.db, 'SELECT id, language FROM staff_users WHERE name = ?', a.name);
    if (!before) throw notFound('Staff member', a.name);
    run(ctx.db, 'UPDATE staff_users SET language = ? WHERE id = ?', language, before.id);
    audit(ctx, { entity: 'staff', entityId: before.id, customerId: null, action: `staff member ${a.name} chose a language`, before: { language: before.language }, after: { language } });
  });
  return status(ctx);
}

function nameTaken(ctx: AppContext, name: string, exceptId = 0): boolean {
  return Boolean(getRow(ctx.db, 'SELECT 1 FROM staff_users WHERE name = ? COLLATE NOCASE AND id <> ?', name, exceptId));
}

function insertStaff(ctx: AppContext, name: string, role: StaffRole, password: string): StaffDbRow {
  if (nameTaken(ctx, name)) throw new AppError('CONFLICT', `name: a staff member called ${name} already exists`, { name: 'already exists' });
  const id = Number(run(ctx.db, 'INSERT INTO staff_users (name, role, password_hash) VALUES (?, ?, ?)', name, role, hashPassword(password)).lastInsertRowid);
  return getRow<StaffDbRow>(ctx.db, `${SELECT} WHERE id = ?`, id)!;
}

/** First start: creates the administrator — only while there is no account at all. */
export function setup(ctx: AppContext, input: { name: string; password: string }): StaffSession {
  return ctx.db.transaction(() => {
    if (staffCount(ctx) > 0) throw new AppError('FORBIDDEN', 'The administrator already exists: sign in instead');
    const row = insertStaff(ctx, input.name, 'administrator', input.password);
    audit({ ...ctx, actor: { kind: 'staff', name: row.name, role: row.role } }, { entity: 'staff', entityId: row.id, customerId: null, action: 'first administrator created', after: { name: row.name, role: row.role } });
    return startSession(ctx, row);
  });
}

/** The wait after `failures` failures: none for the first FREE_ATTEMPTS, then doubling up to the maximum. */
export function backoffMs(failures: number): number {
  if (failures < FREE_ATTEMPTS) return 0;
  return Math.min(BACKOFF_FIRST_SECONDS * 1000 * 2 ** Math.min(failures - FREE_ATTEMPTS, 20), BACKOFF_MAX_MINUTES * 60_000);
}

const WRONG = () => new AppError('FORBIDDEN', 'Wrong name or password', { password: 'wrong name or password' });

export function signIn(ctx: AppContext, input: { name: string; password: string }): StaffSession {
  const now = nowOf(ctx);
  const key = signInKey(input.name);
  const source = sourceOf(ctx);
  const failures = getRow<{ failures: number; blockedUntil: string | null }>(
    ctx.db,
    'SELECT failures, blocked_until AS blockedUntil FROM sign_in_failures WHERE name = ? AND source = ?',
    key,
    source,
  );
  // Waiting: refused before the password is looked at (the same for every name, known or not).
  if (failures?.blockedUntil && Date.parse(failures.blockedUntil) > now)
    throw new AppError('FORBIDDEN', `Too many failed sign-ins with this name from here: try again after ${failures.blockedUntil.slice(11, 19)} UTC (an administrator can lift the wait)`, {
      name: 'too many failed sign-ins: wait',
    });
  const row = getRow<StaffDbRow>(ctx.db, `${SELECT} WHERE name = ? COLLATE NOCASE`, input.name);
  const passwordOk = verifyPassword(input.password, row?.passwordHash ?? DUMMY_HASH) && row !== undefined;
  if (!passwordOk) {
    const count = (failures?.failures ?? 0) + 1;
    const wait = backoffMs(count);
    // The failure is recorded although the call is refused: that is what makes the wait work. Same write for every name.
    ctx.db.transaction(() => {
      run(ctx.db, 'DELETE FROM sign_in_failures WHERE last_failed_at < ?', iso(now - FAILURES_KEPT_MS));
      run(
        ctx.db,
        `INSERT INTO sign_in_failures (name, source, failures, last_failed_at, blocked_until) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (name, source) DO UPDATE SET failures = excluded.failures, last_failed_at = excluded.last_failed_at, blocked_until = excluded.blocked_until`,
        key,
        source,
        count,
        iso(now),
        wait > 0 ? iso(now + wait) : null,
      );
      audit(
        { ...ctx, actor: row ? { kind: 'staff', name: row.name, role: row.role } : { kind: 'anonymous' } },
        { entity: 'staff', entityId: row?.id ?? null, customerId: null, action: `sign-in failed (${count} from ${source})${wait > 0 ? `: next try after ${iso(now + wait)}` : ''}` },
      );
    });
    throw WRONG();
  }
  const actor: Actor = { kind: 'staff', name: row.name, role: row.role };
  // Only someone who knows the password learns that an administrator locked the account.
  if (isLocked(row, now)) throw new AppError('FORBIDDEN', `The account ${row.name} is locked by an administrator`, { name: 'locked by an administrator' });
  return ctx.db.transaction(() => {
    run(ctx.db, 'DELETE FROM sign_in_failures WHERE name = ? AND source = ?', key, source);
    audit({ ...ctx, actor }, { entity: 'staff', entityId: row.id, customerId: null, action: 'signed in' });
    return startSession(ctx, row);
  });
}

export function signOut(ctx: AppContext): { signedOut: true } {
  if (ctx.actor.kind === 'staff' && ctx.actor.session) endSession(ctx, ctx.actor.session);
  return { signedOut: true };
}

/** Lifts every sign-in wait of a name and an administrator's lock (Config → Staff, `npm run cli -- staff unlock`). */
export function unlockStaff(ctx: AppContext, row: { id: number; name: string }): void {
  run(ctx.db, 'DELETE FROM sign_in_failures WHERE name = ?', signInKey(row.name));
  run(ctx.db, 'UPDATE staff_users SET failed_attempts = 0, locked_until = NULL WHERE id = ?', row.id);
}

/** A new password: stored as a fresh scrypt hash; every session of the member ends and every wait is lifted. */
export function setStaffPassword(ctx: AppContext, row: { id: number; name: string }, password: string): void {
  run(ctx.db, 'UPDATE staff_users SET password_hash = ? WHERE id = ?', hashPassword(password), row.id);
  endSessionsOf(ctx, row.id);
  unlockStaff(ctx, row);
}

export const authHandlers: Handlers<'auth.status' | 'auth.setup' | 'auth.signIn' | 'auth.signOut' | 'auth.setLanguage' | 'staff.list' | 'staff.create' | 'staff.update'> = {
  'auth.status': (ctx) => status(ctx),
  'auth.setup': (ctx, i) => setup(ctx, i),
  'auth.signIn': (ctx, i) => signIn(ctx, i),
  'auth.signOut': (ctx) => signOut(ctx),
  'auth.setLanguage': (ctx, i) => setLanguage(ctx, i.language),
  'staff.list': (ctx) => allRows<StaffDbRow>(ctx.db, `${SELECT} ORDER BY name`).map((r) => toRow(ctx, r, nowOf(ctx))),
  'staff.create': (ctx, i) =>
    ctx.db.transaction(() => {
      const row = insertStaff(ctx, i.name, i.role, i.password);
      audit(ctx, { entity: 'staff', entityId: row.id, customerId: null, action: `staff member ${row.name} created`, after: { name: row.name, role: row.role } });
      return toRow(ctx, row, nowOf(ctx));
    }),
  'staff.update': (ctx, i) =>
    ctx.db.transaction(() => {
      const before = getRow<StaffDbRow>(ctx.db, `${SELECT} WHERE id = ?`, i.id);
      if (!before) throw notFound('Staff member', i.id, 'id');
      const admins = getRow<{ n: number }>(ctx.db, "SELECT COUNT(*) AS n FROM staff_users WHERE role = 'administrator'")!.n;
      const lastAdmin = before.role === 'administrator' && admins === 1;
      if (lastAdmin && i.role && i.role !== 'administrator')
        throw new AppError('REFUSED', 'role: the last administrator cannot lose the role (nobody could change settings any more)', { role: 'last administrator' });
      if (i.lock && lastAdmin) throw new AppError('REFUSED', 'lock: the last administrator cannot be locked (nobody could unlock anyone any more)', { lock: 'last administrator' });
      if (i.lock && i.unlock) throw fieldError('lock', 'cannot lock and unlock at once');
      if (i.role && i.role !== before.role) {
        run(ctx.db, 'UPDATE staff_users SET role = ? WHERE id = ?', i.role, i.id);
        endSessionsOf(ctx, i.id); // signed in with the old role: sign in again
      }
      if (i.password) setStaffPassword(ctx, before, i.password);
      if (i.unlock) unlockStaff(ctx, before);
      if (i.lock) {
        run(ctx.db, 'UPDATE staff_users SET locked_until = ? WHERE id = ?', LOCKED_FOR_GOOD, i.id);
        endSessionsOf(ctx, i.id);
      }
      const after = getRow<StaffDbRow>(ctx.db, `${SELECT} WHERE id = ?`, i.id)!;
      audit(ctx, {
        entity: 'staff',
        entityId: i.id,
        customerId: null,
        action: `staff member ${after.name} updated`,
        before: { role: before.role, locked: isLocked(before, nowOf(ctx)) },
        after: { role: after.role, passwordChanged: Boolean(i.password), unlocked: Boolean(i.unlock), locked: Boolean(i.lock) },
      });
      return toRow(ctx, after, nowOf(ctx));
    }),
};

/**
 * The way back in for whoever holds the database file (`npm run cli -- staff …`): lifts the waits and the lock of a
 * name, or gives it a new generated password (ending its sessions), optionally with the administrator role — and
 * creates that administrator when no account of the name exists. One transaction, audited.
 */
export function recoverStaff(
  ctx: AppContext,
  input: { name: string; action: 'unlock' | 'reset-password'; administrator?: boolean },
): { name: string; role: StaffRole; created: boolean; password?: string } {
  return ctx.db.transaction(() => {
    const row = getRow<StaffDbRow>(ctx.db, `${SELECT} WHERE name = ? COLLATE NOCASE`, input.name);
    if (!row && !(input.action === 'reset-password' && input.administrator))
      throw new AppError('NOT_FOUND', `No staff member is called ${input.name} (give --administrator to create one)`, { name: 'no such staff member' });
    if (input.action === 'unlock') {
      unlockStaff(ctx, row!);
      audit(ctx, { entity: 'staff', entityId: row!.id, customerId: null, action: `staff member ${row!.name} unlocked from the command line` });
      return { name: row!.name, role: row!.role, created: false };
    }
    const password = randomBytes(15).toString('base64url'); // 20 characters, 120 bits
    if (!row) {
      const named = staffName.safeParse(input.name);
      if (!named.success) throw new AppError('VALIDATION', `name: ${named.error.issues[0]?.message}`, { name: named.error.issues[0]?.message ?? 'invalid' });
    }
    const target = row ?? insertStaff(ctx, input.name, 'administrator', password);
    if (row) setStaffPassword(ctx, row, password);
    if (input.administrator && target.role !== 'administrator') {
      run(ctx.db, "UPDATE staff_users SET role = 'administrator' WHERE id = ?", target.id);
      endSessionsOf(ctx, target.id);
    }
    const role: StaffRole = input.administrator ? 'administrator' : target.role;
    audit(ctx, {
      entity: 'staff',
      entityId: target.id,
      customerId: null,
      action: row ? `password of ${target.name} reset from the command line` : `administrator ${target.name} created from the command line`,
      after: { name: target.name, role },
    });
    return { name: target.name, role, created: !row, password };
  });
}
