import { randomBytes } from 'node:crypto';
import type { AppDb } from '../../db/open';
import type { AuthStatus, StaffRole, StaffRow, StaffSession } from '../contract/auth';
import { AppError, notFound } from '../contract/errors';
import { audit } from './audit';
import type { Actor, AppContext } from './context';
import type { Handlers } from './handlers';
import { hashPassword, verifyPassword } from './passwords';
import { allRows, getRow, run } from './prepared';

// Staff sign-in. Accounts live in staff_users with scrypt hashes; a signed-in member gets an unguessable session
// token that hosts turn into the actor {kind:'staff', name, role, session}. Roles are enforced by dispatch for
// every channel (main/contract/permissions.ts). Repeated failures lock the account for a while.

export const MAX_FAILED_ATTEMPTS = 5;
export const LOCK_MINUTES = 15;

interface StaffDbRow {
  id: number;
  name: string;
  role: StaffRole;
  passwordHash: string;
  failedAttempts: number;
  lockedUntil: string | null;
  createdAt: string;
}

const SELECT = `SELECT id, name, role, password_hash AS passwordHash, failed_attempts AS failedAttempts, locked_until AS lockedUntil,
  created_at AS createdAt FROM staff_users`;

const sessions = new WeakMap<AppDb, Map<string, { staffId: number }>>();
const TOKEN = /^[A-Za-z0-9_-]{43}$/;
// Spent on unknown names too, so the answer takes as long whether or not the account exists.
const DUMMY_HASH = hashPassword('not a real password, only for timing');

function sessionsOf(db: AppDb) {
  let m = sessions.get(db);
  if (!m) sessions.set(db, (m = new Map()));
  return m;
}

const nowOf = (ctx: AppContext) => (ctx.now ?? Date.now)();
const isLocked = (row: StaffDbRow, now: number) => row.lockedUntil !== null && Date.parse(row.lockedUntil) > now;

function toRow(r: StaffDbRow, now: number): StaffRow {
  return { id: r.id, name: r.name, role: r.role, locked: isLocked(r, now), lockedUntil: isLocked(r, now) ? r.lockedUntil : null, failedAttempts: r.failedAttempts, createdAt: r.createdAt };
}

function startSession(db: AppDb, row: StaffDbRow): StaffSession {
  const token = randomBytes(32).toString('base64url');
  sessionsOf(db).set(token, { staffId: row.id });
  return { token, name: row.name, role: row.role };
}

/** The staff actor of a session token, or null (unknown token, account gone or locked since). */
export function staffActorFor(ctx: Pick<AppContext, 'db' | 'now'>, token: unknown): Actor | null {
  if (typeof token !== 'string' || !TOKEN.test(token)) return null;
  const entry = sessionsOf(ctx.db).get(token);
  if (!entry) return null;
  const row = getRow<StaffDbRow>(ctx.db, `${SELECT} WHERE id = ?`, entry.staffId);
  if (!row || isLocked(row, (ctx.now ?? Date.now)())) {
    sessionsOf(ctx.db).delete(token);
    return null;
  }
  return { kind: 'staff', name: row.name, role: row.role, session: token };
}

const staffCount = (ctx: AppContext) => getRow<{ n: number }>(ctx.db, 'SELECT COUNT(*) AS n FROM staff_users')!.n;

export function status(ctx: AppContext): AuthStatus {
  const a = ctx.actor;
  return {
    hasStaff: staffCount(ctx) > 0,
    signedIn: a.kind === 'staff' && a.role ? { name: a.name, role: a.role } : null,
    required: a.kind === 'anonymous' || (a.kind === 'staff' && a.session !== undefined),
  };
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
    return startSession(ctx.db, row);
  });
}

export function signIn(ctx: AppContext, input: { name: string; password: string }): StaffSession {
  const now = nowOf(ctx);
  const refused = new AppError('FORBIDDEN', 'Wrong name or password', { password: 'wrong name or password' });
  const row = getRow<StaffDbRow>(ctx.db, `${SELECT} WHERE name = ? COLLATE NOCASE`, input.name);
  if (!row) {
    verifyPassword(input.password, DUMMY_HASH);
    throw refused;
  }
  if (isLocked(row, now))
    throw new AppError('FORBIDDEN', `The account ${row.name} is locked after ${MAX_FAILED_ATTEMPTS} failed sign-ins until ${row.lockedUntil}; an administrator can unlock it`, {
      name: 'locked',
    });
  const actor: Actor = { kind: 'staff', name: row.name, role: row.role };
  if (!verifyPassword(input.password, row.passwordHash)) {
    const attempts = row.failedAttempts + 1;
    const lockedUntil = attempts >= MAX_FAILED_ATTEMPTS ? new Date(now + LOCK_MINUTES * 60_000).toISOString() : null;
    // The failure is recorded even though the call is refused: that is what makes the lock work.
    ctx.db.transaction(() => {
      run(ctx.db, 'UPDATE staff_users SET failed_attempts = ?, locked_until = ? WHERE id = ?', lockedUntil ? 0 : attempts, lockedUntil, row.id);
      audit({ ...ctx, actor }, { entity: 'staff', entityId: row.id, customerId: null, action: lockedUntil ? `sign-in failed ${attempts} times: locked until ${lockedUntil}` : 'sign-in failed' });
    });
    throw refused;
  }
  ctx.db.transaction(() => {
    run(ctx.db, 'UPDATE staff_users SET failed_attempts = 0, locked_until = NULL WHERE id = ?', row.id);
    audit({ ...ctx, actor }, { entity: 'staff', entityId: row.id, customerId: null, action: 'signed in' });
  });
  return startSession(ctx.db, row);
}

export function signOut(ctx: AppContext): { signedOut: true } {
  if (ctx.actor.kind === 'staff' && ctx.actor.session) sessionsOf(ctx.db).delete(ctx.actor.session);
  return { signedOut: true };
}

export const authHandlers: Handlers<'auth.status' | 'auth.setup' | 'auth.signIn' | 'auth.signOut' | 'staff.list' | 'staff.create' | 'staff.update'> = {
  'auth.status': (ctx) => status(ctx),
  'auth.setup': (ctx, i) => setup(ctx, i),
  'auth.signIn': (ctx, i) => signIn(ctx, i),
  'auth.signOut': (ctx) => signOut(ctx),
  'staff.list': (ctx) => allRows<StaffDbRow>(ctx.db, `${SELECT} ORDER BY name`).map((r) => toRow(r, nowOf(ctx))),
  'staff.create': (ctx, i) =>
    ctx.db.transaction(() => {
      const row = insertStaff(ctx, i.name, i.role, i.password);
      audit(ctx, { entity: 'staff', entityId: row.id, customerId: null, action: `staff member ${row.name} created`, after: { name: row.name, role: row.role } });
      return toRow(row, nowOf(ctx));
    }),
  'staff.update': (ctx, i) =>
    ctx.db.transaction(() => {
      const before = getRow<StaffDbRow>(ctx.db, `${SELECT} WHERE id = ?`, i.id);
      if (!before) throw notFound('Staff member', i.id, 'id');
      const admins = getRow<{ n: number }>(ctx.db, "SELECT COUNT(*) AS n FROM staff_users WHERE role = 'administrator'")!.n;
      if (before.role === 'administrator' && i.role && i.role !== 'administrator' && admins === 1)
        throw new AppError('REFUSED', 'role: the last administrator cannot lose the role (nobody could change settings any more)', { role: 'last administrator' });
      if (i.role) run(ctx.db, 'UPDATE staff_users SET role = ? WHERE id = ?', i.role, i.id);
      if (i.password) run(ctx.db, 'UPDATE staff_users SET password_hash = ? WHERE id = ?', hashPassword(i.password), i.id);
      if (i.unlock) run(ctx.db, 'UPDATE staff_users SET failed_attempts = 0, locked_until = NULL WHERE id = ?', i.id);
      if (i.password || i.role) for (const [token, s] of sessionsOf(ctx.db)) if (s.staffId === i.id) sessionsOf(ctx.db).delete(token);
      const after = getRow<StaffDbRow>(ctx.db, `${SELECT} WHERE id = ?`, i.id)!;
      audit(ctx, {
        entity: 'staff',
        entityId: i.id,
        customerId: null,
        action: `staff member ${after.name} updated`,
        before: { role: before.role, locked: isLocked(before, nowOf(ctx)) },
        after: { role: after.role, passwordChanged: Boolean(i.password), unlocked: Boolean(i.unlock) },
      });
      return toRow(after, nowOf(ctx));
    }),
};
