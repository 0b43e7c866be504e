import { randomBytes } from 'node:crypto';
import type { AppDb } from '../../db/open';
import type { PortalOpenResult } from '../contract/portal';
import { AppError, notFound } from '../contract/errors';
import { audit } from './audit';
import { actorName, type Actor, type AppContext } from './context';
import { getRow } from './prepared';

// "Login as customer": a staff member opens a portal session bound to one customer. The session lives in memory
// (per open database) and is identified by an unguessable token; hosts turn a token into the portal actor
// `{kind:'portal', customerId, openedBy}` and every portal handler takes the customer from that actor only.

interface PortalSessionEntry {
  customerId: number;
  openedBy: string;
  openedAt: number;
}

const registry = new WeakMap<AppDb, Map<string, PortalSessionEntry>>();
/** tokens are 24 random bytes in base64url: 32 characters of [A-Za-z0-9_-] */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{32}$/;

function sessionsOf(db: AppDb): Map<string, PortalSessionEntry> {
  let m = registry.get(db);
  if (!m) registry.set(db, (m = new Map()));
  return m;
}

/** Staff only (the channel is staff-only too): registers a session for the customer and audits it. */
export function openPortalSession(ctx: AppContext, customerId: number): PortalOpenResult {
  if (ctx.actor.kind === 'portal') throw new AppError('FORBIDDEN', 'A portal session cannot open another portal session');
  const customer = getRow<{ id: number; name: string }>(ctx.db, 'SELECT id, name FROM customers WHERE id = ?', customerId);
  if (!customer) throw notFound('Customer', customerId, 'customerId');
  const token = randomBytes(24).toString('base64url');
  const openedBy = actorName(ctx.actor);
  ctx.db.transaction(() =>
    audit(ctx, { entity: 'customer', entityId: customer.id, customerId: customer.id, action: 'Login as customer (portal session opened)', after: { openedBy } }),
  );
  sessionsOf(ctx.db).set(token, { customerId: customer.id, openedBy, openedAt: Date.now() });
  return { token, customerId: customer.id, customerName: customer.name, hash: `#/portal?portal=${token}` };
}

/** The portal actor of a token, or null when the token is unknown, malformed or its customer is gone. */
export function portalActorFor(db: AppDb, token: unknown): Actor | null {
  if (typeof token !== 'string' || !TOKEN_SHAPE.test(token)) return null;
  const entry = sessionsOf(db).get(token);
  if (!entry) return null;
  if (!getRow(db, 'SELECT 1 FROM customers WHERE id = ?', entry.customerId)) {
    sessionsOf(db).delete(token);
    return null;
  }
  return { kind: 'portal', customerId: entry.customerId, openedBy: entry.openedBy, session: token };
}

/** Ends a session: the Electron host when the portal window closes, and the portal's own "Leave". */
export function closePortalSession(db: AppDb, token: string): void {
  sessionsOf(db).delete(token);
}
