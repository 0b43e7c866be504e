import type { AppErrorData } from '../contract/errors';

// SQLite's own refusals (a CHECK, NOT NULL, UNIQUE or FOREIGN KEY rule that an application check missed, a
// read-only file) turned into coded errors in words. The raw SQLite text ("CHECK constraint failed: …") never
// reaches a person: it names tables and columns, not what the person did. The rule's name goes in `details`
// for whoever reads the logs.

interface SqliteLikeError {
  code?: unknown;
  message?: unknown;
}

const words = (name: string) => name.replace(/[_.]+/g, ' ').trim();

/**
 * A unique index on an expression is refused as "index 'name'" instead of its columns: the columns it stands for, so
 * the sentence is the one the columns gave (invoice_lines_service_recurring_unique replaced a partial unique index on
 * (service_id, date_from) in migration 0014).
 */
const INDEX_COLUMNS: Record<string, string> = {
  invoice_lines_service_recurring_unique: 'invoice_lines.service_id, invoice_lines.date_from',
};
const columnsOf = (rule: string): string => {
  const index = /^index '([^']+)'$/.exec(rule)?.[1];
  return (index && INDEX_COLUMNS[index]) ?? rule;
};

/** The coded error for a SQLite error, or null when the error is not one of SQLite's rule refusals. */
export function sqliteErrorData(err: unknown): AppErrorData | null {
  if (!(err instanceof Error)) return null;
  const { code } = err as SqliteLikeError;
  const message = err.message;
  const nothing = 'Nothing was changed.';
  if (code === 'SQLITE_READONLY' || /attempt to write a readonly database/i.test(message))
    return { code: 'REFUSED', message: 'The database is open read-only (another instance of the application is using it): nothing was changed.', details: { readOnlyDatabase: true } };
  if (typeof code !== 'string' || !code.startsWith('SQLITE_CONSTRAINT')) return null;
  // "CHECK constraint failed: invoices_paid", "UNIQUE constraint failed: services.login, services.x", …
  const rule = /constraint failed: (.+)$/i.exec(message)?.[1]?.slice(0, 200) ?? '';
  const details = rule ? { constraint: rule } : undefined;
  const withDetails = (data: AppErrorData): AppErrorData => (details ? { ...data, details } : data);
  switch (code) {
    case 'SQLITE_CONSTRAINT_CHECK':
      return withDetails({ code: 'VALIDATION', message: `Not saved: a value is outside what the records allow${rule ? ` (rule: ${words(rule)})` : ''}. ${nothing}` });
    case 'SQLITE_CONSTRAINT_NOTNULL':
      return withDetails({ code: 'VALIDATION', message: `Not saved: a required value is missing${rule ? ` (${words(rule)})` : ''}. ${nothing}` });
    case 'SQLITE_CONSTRAINT_UNIQUE':
    case 'SQLITE_CONSTRAINT_PRIMARYKEY':
      return withDetails({ code: 'CONFLICT', message: `Not saved: another record already has the same ${rule ? words(columnsOf(rule).split(',')[0]) : 'value'}. ${nothing}` });
    case 'SQLITE_CONSTRAINT_FOREIGNKEY':
      return { code: 'CONFLICT', message: `Not saved: it refers to a record that does not exist, or a record other records still refer to. ${nothing}` };
    case 'SQLITE_CONSTRAINT_TRIGGER':
      // our triggers RAISE with a sentence written for people (e.g. "The Default partner cannot be deleted")
      return { code: 'REFUSED', message: `${message.slice(0, 300)}. ${nothing}` };
    default:
      return { code: 'CONFLICT', message: `Not saved: the records do not allow this change. ${nothing}` };
  }
}
