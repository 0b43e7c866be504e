import { z } from 'zod';
import { contract, type ChannelName, type InputOf, type OutputOf } from '../contract';
import { AppError, fieldsSummary, issueMessage, issuesToFields, type AppErrorData, type Result } from '../contract/errors';
import type { AppContext } from './context';
import { sqliteErrorData } from './dbErrors';
import { handlers } from './handlers';
import { permissionOf, roleMay } from '../contract/permissions';
import { changeOf } from '../contract/changes';
import { announceWrite } from './changes';

// The one door into the application layer. Electron IPC, the browser harness, the CLI, the scenario runner
// and the tests all come through here, so validation, access rules and error shapes are the same for all.

export function isChannelName(name: string): name is ChannelName {
  return Object.prototype.hasOwnProperty.call(contract, name);
}

export function zodToAppError(err: z.ZodError): AppError {
  const fields = issuesToFields(err.issues);
  return new AppError('VALIDATION', `Not accepted — ${fieldsSummary(fields)}`, fields);
}

export function toErrorData(err: unknown): AppErrorData {
  if (err instanceof AppError) return err.toData();
  if (err instanceof z.ZodError) return zodToAppError(err).toData();
  // SQLite rules that slipped past the application checks still come back coded and in words, never as a crash.
  const fromSqlite = sqliteErrorData(err);
  if (fromSqlite) return fromSqlite;
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'INTERNAL', message: `Internal error: ${message.slice(0, 500)}` };
}

/** Keys that reach an object's prototype when copied by assignment: refused anywhere in an input. */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
/** Objects looked into per input: far above any real input, small enough that a hostile one costs little. */
const MAX_NODES = 100_000;

/**
 * The path of the first own key `__proto__`, `constructor` or `prototype` anywhere in an input, or null. JSON.parse
 * makes `__proto__` an ordinary own key; copied into a record by assignment it would set the record's prototype
 * instead and vanish from the data (settings.update then saved nothing and answered ok). Iterative, bounded walk.
 */
export function prototypeKeyPath(input: unknown): string | null {
  interface Node {
    value: object;
    key: string;
    parent: Node | null;
  }
  const pathOf = (n: Node | null, last: string): string => {
    const parts = [last];
    for (let p = n; p && p.parent; p = p.parent) parts.unshift(p.key);
    return parts.join('.');
  };
  if (typeof input !== 'object' || input === null) return null;
  const stack: Node[] = [{ value: input, key: '', parent: null }];
  let visited = 0;
  while (stack.length > 0 && visited++ < MAX_NODES) {
    const node = stack.pop()!;
    const v = node.value as Record<string, unknown>;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const child: unknown = v[i];
        if (typeof child === 'object' && child !== null) stack.push({ value: child, key: String(i), parent: node });
      }
      continue;
    }
    for (const key of Object.keys(v)) {
      if (PROTOTYPE_KEYS.has(key)) return pathOf(node, key);
      const child = v[key];
      if (typeof child === 'object' && child !== null) stack.push({ value: child, key, parent: node });
    }
  }
  return null;
}

function checkAccess(ctx: AppContext, channel: ChannelName): void {
  const { access, readOnly } = contract[channel];
  const actor = ctx.actor;
  if (access === 'public' || actor.kind === 'system') return;
  // details.signedOut: the renderer goes back to the sign-in screen (a session ended elsewhere: sign-out, reset, lock)
  if (actor.kind === 'anonymous') throw new AppError('FORBIDDEN', `Sign in first: ${channel} needs a signed-in staff member`, undefined, { signedOut: true });
  if (access === 'any') return;
  if (access === 'portal' && actor.kind !== 'portal')
    throw new AppError('FORBIDDEN', `${channel} is a customer-portal channel and needs a portal session`);
  if (access === 'staff' && actor.kind === 'portal')
    throw new AppError('FORBIDDEN', `${channel} is not available in the customer portal`);
  if (actor.kind === 'staff' && actor.role) {
    const needed = permissionOf(channel, readOnly);
    if (!roleMay(actor.role, needed))
      throw new AppError('FORBIDDEN', `${actor.name} (${actor.role}) may not ${PERMISSION_WORDS[needed]}: ${channel} needs ${ROLES_FOR[needed]}`);
  }
}

const PERMISSION_WORDS = { read: 'read', support: 'change customers and services', money: 'post money', settings: 'change settings' } as const;
const ROLES_FOR = { read: 'any role', support: 'any role', money: 'the finance or administrator role', settings: 'the administrator role' } as const;

export function dispatch<C extends ChannelName>(ctx: AppContext, channel: C, input: InputOf<C>): Result<OutputOf<C>>;
export function dispatch(ctx: AppContext, channel: string, input: unknown): Result<unknown>;
export function dispatch(ctx: AppContext, channel: string, input: unknown): Result<unknown> {
  const result = dispatchCall(ctx, channel, input);
  // Push: a write that answered ok has committed — unless it ran inside a caller's transaction (an import writes
  // through dispatch row by row; a dry run rolls back): then the outermost channel announces, after its commit.
  if (result.ok && !ctx.db.sqlite.inTransaction) {
    const change = changeOf(channel, input, result.data, ctx.actor.kind === 'portal' ? ctx.actor.customerId : undefined);
    if (change) announceWrite(ctx.db, channel, change);
  }
  const observer = observers.get(ctx.db);
  if (observer)
    try {
      observer({ channel, input, result, actor: ctx.actor, writes: isChannelName(channel) && !contract[channel].readOnly });
    } catch {
      // a log that cannot be written never changes an answer
    }
  return result;
}

/** What a host's log hears of every call (main/hosts/log.ts redacts before writing). */
export interface DispatchEvent {
  channel: string;
  input: unknown;
  result: Result<unknown>;
  actor: AppContext['actor'];
  writes: boolean;
}
const observers = new WeakMap<object, (e: DispatchEvent) => void>();

/** A host watches the calls on its database (its log); one observer per open database. */
export function observeDispatch(db: AppContext['db'], fn: ((e: DispatchEvent) => void) | null): void {
  if (fn) observers.set(db, fn);
  else observers.delete(db);
}

function dispatchCall(ctx: AppContext, channel: string, input: unknown): Result<unknown> {
  try {
    if (!isChannelName(channel)) throw new AppError('UNKNOWN_CHANNEL', `Unknown channel: ${channel.slice(0, 100)}`);
    checkAccess(ctx, channel);
    const protoKey = prototypeKeyPath(input);
    if (protoKey !== null)
      throw new AppError('VALIDATION', `Invalid input — ${protoKey.slice(0, 200)}: "${protoKey.split('.').at(-1)}" is not an accepted key`, { [protoKey.slice(0, 200)]: 'is not an accepted key' });
    const parsed = contract[channel].input.safeParse(input === undefined ? {} : input, { error: issueMessage });
    if (!parsed.success) throw zodToAppError(parsed.error);
    const handler = handlers[channel] as (ctx: AppContext, input: unknown) => unknown;
    return { ok: true, data: handler(ctx, parsed.data) };
  } catch (err) {
    return { ok: false, error: toErrorData(err) };
  }
}

/** For hosts and tests that prefer exceptions: returns the data or throws an AppError. */
export function call<C extends ChannelName>(ctx: AppContext, channel: C, input: InputOf<C>): OutputOf<C> {
  const res = dispatch(ctx, channel, input);
  if (!res.ok) throw new AppError(res.error.code, res.error.message, res.error.fields, res.error.details);
  return res.data;
}
