import type { z } from 'zod';

// Errors cross every boundary (IPC, HTTP, CLI) as plain data with a stable code, never as thrown objects.
export const ERROR_CODES = [
  'VALIDATION', // input failed its schema or a business validation; `fields` names the culprits
  'NOT_FOUND', // an id that does not exist (or is not visible to the caller)
  'CONFLICT', // a uniqueness rule (login, IP) or a state that forbids the operation
  'REFUSED', // a business rule refuses the operation (refund None inside the paid period, …)
  'STALE_QUOTE', // apply was sent a quote fingerprint that no longer matches
  'FORBIDDEN', // the caller may not use this channel or this record
  'UNKNOWN_CHANNEL',
  'BAD_REQUEST', // malformed transport payload (not JSON, …)
  'NOT_SUPPORTED',
  'OFFLINE', // a seat's office server does not answer (the seat retries); nothing was changed unless the message says so
  'CERTIFICATE_CHANGED', // the office server shows another certificate than the one this seat pinned: refused, never sent
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface AppErrorData {
  code: ErrorCode;
  message: string;
  /** field path (dot-separated, as in the input) → message to show beside that field */
  fields?: Record<string, string>;
  /** extra machine-readable facts, e.g. { earliestStart: '2022-02-01' } */
  details?: Record<string, unknown>;
}

export type Result<T> = { ok: true; data: T } | { ok: false; error: AppErrorData };

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields?: Record<string, string>,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
  }
  toData(): AppErrorData {
    const data: AppErrorData = { code: this.code, message: this.message };
    if (this.fields) data.fields = this.fields;
    if (this.details) data.details = this.details;
    return data;
  }
}

/** A business validation failure on one field: the message names the field too. */
export function fieldError(field: string, message: string, details?: Record<string, unknown>): AppError {
  return new AppError('VALIDATION', `${capitalize(fieldLabel(field))} ${message}`, { [field]: message }, details);
}

export const notFound = (what: string, id: unknown, field?: string): AppError =>
  new AppError('NOT_FOUND', `${what} ${String(id)} not found`, field ? { [field]: `${what} ${String(id)} not found` } : undefined);

// --- Validation messages in words -------------------------------------------------------------------------------
// The same wording on both sides: dispatch refuses with it, and the forms (renderer/src/hooks/useContractForm.ts)
// check the same contract schemas before sending, so every error shows at once beside its field.

const LABELS: Record<string, string> = {
  ipv4: 'IPv4',
  ipv4Method: 'IPv4 assignment',
  ipv4PoolId: 'IPv4 pool',
  macs: 'MAC(s)',
  portId: 'port ID',
  routerId: 'router',
  planId: 'plan',
  customerId: 'customer',
  partnerId: 'partner',
  unitPrice: 'price',
  payPeriodMonths: 'pay period',
  start: 'start date',
  end: 'end date',
  portalLogin: 'portal login',
  portalPassword: 'portal password',
  email: 'e-mail',
};

/** "internet.ipv4" → "IPv4", "discount.value" → "discount value", "billing.paymentDueDays" → "payment due days". */
export function fieldLabel(path: string): string {
  const parts = path.split('.').filter((p) => !/^\d+$/.test(p));
  const last = parts.at(-1) ?? path;
  const words = LABELS[last] ?? last.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return parts[0] === 'discount' && parts.length > 1 ? `discount ${words}` : words;
}

/** One field's problem, as the form shows it beside the field: "is required", "must be at least 1"… */
export function issueMessage(issue: z.core.$ZodRawIssue): string | undefined {
  const i = issue as z.core.$ZodRawIssue & { minimum?: number | bigint; maximum?: number | bigint; origin?: string; expected?: string; values?: unknown[] };
  switch (i.code) {
    case 'invalid_type':
      if (i.input === undefined || i.input === null) return 'is required';
      return i.expected === 'number' ? 'must be a number' : i.expected === 'string' ? 'must be text' : `must be ${i.expected}`;
    case 'too_small':
      if (i.origin === 'string') return Number(i.minimum) <= 1 ? 'is required' : `must be at least ${i.minimum} characters`;
      if (i.origin === 'array') return `needs at least ${i.minimum}`;
      return `must be at least ${i.minimum}`;
    case 'too_big':
      if (i.origin === 'string') return `must be at most ${i.maximum} characters`;
      if (i.origin === 'array') return `may have at most ${i.maximum}`;
      return `must be at most ${i.maximum}`;
    case 'invalid_value':
      return `must be one of ${(i.values ?? []).map(String).join(', ')}`;
    case 'invalid_format':
      return 'is not in the expected format';
    case 'unrecognized_keys': {
      const keys = ((i as { keys?: string[] }).keys ?? []).map((k) => `"${k}"`);
      return keys.length === 1 ? `${keys[0]} is not an accepted field` : `${keys.join(', ')} are not accepted fields`;
    }
    default:
      return undefined;
  }
}

/** Field path → message, the first problem of each field (the order of the schema). */
export function issuesToFields(issues: readonly { path: readonly PropertyKey[]; message: string }[]): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of issues) {
    const path = issue.path.map(String).join('.') || '(input)';
    if (!fields[path]) fields[path] = issue.message;
  }
  return fields;
}

/** "Not saved: IPv4 is required; MAC(s) must be …" — the summary above a form, in words. */
export function fieldsSummary(fields: Record<string, string>): string {
  return Object.entries(fields)
    .map(([f, m]) => (f === '(input)' ? m : `${capitalize(fieldLabel(f))} ${m}`))
    .join('; ');
}

const capitalize = (s: string): string => (s === 'IPv4' || s.startsWith('IPv4') ? s : s.charAt(0).toUpperCase() + s.slice(1));
