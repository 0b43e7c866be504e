import { loginService, radiusRows, summarise } from '../../db/networkAnswers';
import type { AnswerReason, NetworkAnswerSummary, NetworkEvent } from '../contract/network';
import type { Handler } from './handlers';
import { getRow } from './prepared';
import { pagedRows } from './sql';
import { requestFor } from '../radius/coa';
import { loadService } from './services';

// The service's Network panel and the network log (decision 25). The answer comes from the same queries FreeRADIUS
// runs (db/networkAnswers.ts); the sentence says why in the ISP's words.

const STATUS_WORDS: Record<string, string> = { active: 'Active', disabled: 'Disabled', stopped: 'Stopped', pending: 'Pending', archived: 'Archived' };

function sentence(reason: AnswerReason, attrs: Record<string, string>, facts: { partner: string; serviceStatus: string; answeredBy: number | null; self: number }): string {
  const partner = `(partner ${facts.partner})`;
  const other = facts.answeredBy !== null && facts.answeredBy !== facts.self ? ` — the login is answered for service #${facts.answeredBy}` : '';
  switch (reason) {
    case 'active': {
      const parts = [
        attrs['Framed-IP-Address'] ? `IPv4 ${attrs['Framed-IP-Address']}` : attrs['Framed-Pool'] ? `an address from pool '${attrs['Framed-Pool']}'` : "the router's own addresses",
        attrs['Framed-Route'] ? `route ${attrs['Framed-Route'].split(' ')[0]}` : null,
        attrs['Mikrotik-Rate-Limit'] ? `speed ${attrs['Mikrotik-Rate-Limit']} (upload/download)` : 'no speed limit',
      ].filter(Boolean);
      return `Active customer → accepted with ${parts.join(', ')}${other}`;
    }
    case 'blockedPool':
      return `Blocked customer → blocked pool '${attrs['Framed-Pool']}', address list '${attrs['Mikrotik-Address-List']}' ${partner}${other}`;
    case 'blockedReject':
      return `Blocked customer → rejected: the blocking method is "reject" ${partner}${other}`;
    case 'customerNew':
      return `New customer → rejected until the customer is Active${other}`;
    case 'customerInactive':
      return `Inactive customer → rejected until a payment reactivates the customer${other}`;
    case 'serviceNotActive':
      return `${STATUS_WORDS[facts.serviceStatus] ?? facts.serviceStatus} service → rejected: only an Active service is online${other}`;
    case 'noPassword':
      return `No password → rejected: the service has none and the customer has no portal password${other}`;
    case 'noLogin':
      return 'No login: the network has nothing to authorise for this service';
    case 'unknownLogin':
      return 'Unknown login → rejected';
  }
}

const answer: Handler<'network.answer'> = (ctx, input) => {
  const s = loadService(ctx, input.serviceId, 'serviceId');
  const partner = getRow<{ name: string }>(ctx.db, `SELECT p.name FROM customers c JOIN partners p ON p.id = c.partner_id WHERE c.id = ?`, s.customer_id)!.name;
  if (s.kind !== 'internet' || !s.login)
    return { serviceId: s.id, login: null, result: 'reject', reason: 'noLogin', sentence: sentence('noLogin', {}, { partner, serviceStatus: s.status, answeredBy: null, self: s.id }), attributes: {}, passwordFrom: null, answeredByServiceId: null };
  const rows = radiusRows(ctx.db.sqlite, s.login);
  const decided = loginService(ctx.db.sqlite, s.login);
  const summary = summarise(rows, decided?.reason ?? 'unknownLogin');
  const password = rows.check.find((r) => r.attribute.endsWith('-Password'));
  return {
    serviceId: s.id,
    login: s.login,
    result: summary.result,
    reason: summary.reason,
    sentence: sentence(summary.reason, summary.attributes, { partner, serviceStatus: decided?.service_status ?? s.status, answeredBy: decided?.service_id ?? null, self: s.id }),
    attributes: summary.attributes,
    passwordFrom: !password ? (s.password ? 'service' : null) : password.attribute === 'Cleartext-Password' ? 'service' : 'customer',
    answeredByServiceId: decided?.service_id ?? null,
  };
};

interface EventDbRow {
  id: number;
  created_at: string;
  login: string;
  service_id: number | null;
  customer_id: number | null;
  router_id: number | null;
  router_title: string | null;
  before: string;
  after: string;
  status: NetworkEvent['status'];
  attempts: number;
  last_error: string | null;
  sent_at: string | null;
  answered_at: string | null;
}

const events: Handler<'network.events'> = (ctx, input) => {
  const where: string[] = [];
  const params: unknown[] = [];
  if (input.serviceId !== undefined) where.push('o.service_id = ?'), params.push(input.serviceId);
  if (input.customerId !== undefined) where.push('o.customer_id = ?'), params.push(input.customerId);
  if (input.status !== 'all') where.push('o.status = ?'), params.push(input.status);
  const { rows, total } = pagedRows<EventDbRow>(ctx.db, {
    select: 'o.*, r.name AS router_title',
    from: `FROM network_outbox o LEFT JOIN routers r ON r.id = o.router_id ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`,
    orderBy: 'o.id DESC',
    params,
    page: input.page,
    pageSize: input.pageSize,
  });
  return {
    rows: rows.map((r) => {
      const before = JSON.parse(r.before) as NetworkAnswerSummary;
      const after = JSON.parse(r.after) as NetworkAnswerSummary;
      return {
      id: r.id,
      createdAt: r.created_at,
      login: r.login,
      serviceId: r.service_id,
      customerId: r.customer_id,
      routerId: r.router_id,
      routerTitle: r.router_title,
      before,
      after,
      request: requestFor(before, after).kind,
      status: r.status,
      attempts: r.attempts,
      lastError: r.last_error,
      sentAt: r.sent_at,
      answeredAt: r.answered_at,
      };
    }),
    total,
    page: input.page,
    pageSize: input.pageSize,
  };
};

export const networkHandlers = {
  'network.answer': answer,
  'network.events': events,
} satisfies { [K in 'network.answer' | 'network.events']: Handler<K> };
