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
  return new AppError('VALIDATION', `${field}: ${message}`, { [field]: message }, details);
}

export const notFound = (what: string, id: unknown, field?: string): AppError =>
  new AppError('NOT_FOUND', `${what} ${String(id)} not found`, field ? { [field]: `${what} ${String(id)} not found` } : undefined);
