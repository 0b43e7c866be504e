import { z } from 'zod';
import { contract, type ChannelName, type InputOf, type OutputOf } from '../contract';
import { AppError, type AppErrorData, type Result } from '../contract/errors';
import type { AppContext } from './context';
import { handlers } from './handlers';
import { permissionOf, roleMay } from '../contract/permissions';

// The one door into the application layer. Electron IPC, the browser harness, the CLI, the scenario runner
// and the tests all come through here, so validation, access rules and error shapes are the same for all.

export function isChannelName(name: string): name is ChannelName {
  return Object.prototype.hasOwnProperty.call(contract, name);
}

export function zodToAppError(err: z.ZodError): AppError {
  const fields: Record<string, string> = {};
  for (const issue of err.issues) {
    const path = issue.path.map(String).join('.') || '(input)';
    if (!fields[path]) fields[path] = issue.message;
  }
  const summary = Object.entries(fields)
    .map(([f, m]) => `${f}: ${m}`)
    .join('; ');
  return new AppError('VALIDATION', `Invalid input — ${summary}`, fields);
}

export function toErrorData(err: unknown): AppErrorData {
  if (err instanceof AppError) return err.toData();
  if (err instanceof z.ZodError) return zodToAppError(err).toData();
  // Constraint violations that slipped past the application checks still come back coded, never as a crash.
  const message = err instanceof Error ? err.message : String(err);
  if (/attempt to write a readonly database/i.test(message))
    return { code: 'REFUSED', message: 'The database is open read-only (another instance of the application is using it): nothing was changed.' };
  if (/UNIQUE constraint failed/i.test(message)) return { code: 'CONFLICT', message: `Duplicate value: ${message}` };
  if (/FOREIGN KEY constraint failed|CHECK constraint failed|NOT NULL constraint failed/i.test(message))
    return { code: 'VALIDATION', message: `Rejected by the database: ${message}` };
  return { code: 'INTERNAL', message: `Internal error: ${message}` };
}

function checkAccess(ctx: AppContext, channel: ChannelName): void {
  const { access, readOnly } = contract[channel];
  const actor = ctx.actor;
  if (access === 'public' || actor.kind === 'system') return;
  if (actor.kind === 'anonymous') throw new AppError('FORBIDDEN', `Sign in first: ${channel} needs a signed-in staff member`);
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
  try {
    if (!isChannelName(channel)) throw new AppError('UNKNOWN_CHANNEL', `Unknown channel: ${channel.slice(0, 100)}`);
    checkAccess(ctx, channel);
    const parsed = contract[channel].input.safeParse(input === undefined ? {} : input);
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
