import { radacctFileFor } from '../radius/radacctPath';
import { AppError } from '../contract/errors';
import { importRadacctFile, type ImportSummary } from './accounting/importer';
import { onlineServicesOf, sessionsOfService } from './accounting/queries';
import type { AppContext } from './context';
import type { Handler } from './handlers';
import { one } from './sql';

// Channels of RADIUS accounting (main/contract/sessions.ts).

/**
 * Imports what the RADIUS server of this database recorded (its radacct file beside the database, see
 * main/radius/radacctPath.ts). Nothing to do for an in-memory or read-only database. Hosts call it every minute.
 */
export function importAccounting(ctx: AppContext): ImportSummary {
  const file = ctx.db.file;
  if (!file || file === ':memory:' || ctx.db.readOnly) return { read: 0, newSessions: 0, bytesAdded: 0, closedStale: 0 };
  return importRadacctFile(ctx, radacctFileFor(file), Math.floor((ctx.now?.() ?? Date.now()) / 1000));
}

function serviceExists(ctx: AppContext, serviceId: number): void {
  if (!one(ctx.db, 'SELECT 1 FROM services WHERE id = ?', serviceId))
    throw new AppError('NOT_FOUND', `Service #${serviceId} does not exist`, { serviceId: 'no such service' });
}

function customerExists(ctx: AppContext, customerId: number): void {
  if (!one(ctx.db, 'SELECT 1 FROM customers WHERE id = ?', customerId))
    throw new AppError('NOT_FOUND', `Customer #${customerId} does not exist`, { customerId: 'no such customer' });
}

export const sessionHandlers = {
  'sessions.forService': (ctx, input) => {
    serviceExists(ctx, input.serviceId);
    const sessions = sessionsOfService(ctx, input.serviceId, input.limit);
    return { online: sessions.find((s) => s.stop === null) ?? null, sessions };
  },
  'sessions.onlineForCustomer': (ctx, input) => {
    customerExists(ctx, input.customerId);
    return onlineServicesOf(ctx, input.customerId);
  },
  'sessions.import': (ctx) => importAccounting(ctx),
} satisfies { [K in 'sessions.forService' | 'sessions.onlineForCustomer' | 'sessions.import']: Handler<K> };
