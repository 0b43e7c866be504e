import { z } from 'zod';
import { channel } from './channel';
import { id, pageInput, type Page } from './common';

// Network enforcement (decision 25): what RADIUS answers a service's login now, and the Disconnect-Requests sent
// to routers when that answer changed (the network log).

export type AnswerReason =
  | 'active'
  | 'blockedPool'
  | 'serviceNotActive'
  | 'customerNew'
  | 'customerInactive'
  | 'blockedReject'
  | 'noPassword'
  | 'noLogin'
  | 'unknownLogin';

export interface NetworkAnswer {
  serviceId: number;
  login: string | null;
  result: 'accept' | 'reject';
  reason: AnswerReason;
  /** why, in the ISP's words: "Blocked customer → blocked pool 'blocked' (partner North)" */
  sentence: string;
  /** reply attributes of an accept (and Calling-Station-Id when the router binds MACs); empty on reject */
  attributes: Record<string, string>;
  /** whose password the login takes: the service's own, or the customer's portal password (PAP only) */
  passwordFrom: 'service' | 'customer' | null;
  /** the service whose row answers the login (another one when this service is not the Active one) */
  answeredByServiceId: number | null;
}

export type NetworkEventStatus = 'pending' | 'acked' | 'nakked' | 'noRouter' | 'training';

export interface NetworkAnswerSummary {
  result: 'accept' | 'reject';
  reason: string;
  attributes: Record<string, string>;
}

export interface NetworkEvent {
  id: number;
  /** wall-clock time it was queued (UTC ISO) */
  createdAt: string;
  login: string;
  serviceId: number | null;
  customerId: number | null;
  routerId: number | null;
  routerTitle: string | null;
  before: NetworkAnswerSummary;
  after: NetworkAnswerSummary;
  /** what was sent: a CoA-Request for a speed change alone, else a Disconnect-Request (main/radius/coa.ts) */
  request: 'disconnect' | 'coa';
  status: NetworkEventStatus;
  attempts: number;
  lastError: string | null;
  sentAt: string | null;
  answeredAt: string | null;
}

export const networkChannels = {
  'network.answer': channel<NetworkAnswer>()(z.object({ serviceId: id }).strict(), { readOnly: true }),
  /** the network log: every request to a router (Disconnect or CoA), newest first; of one service or one customer when given */
  'network.events': channel<Page<NetworkEvent>>()(
    pageInput
      .extend({
        serviceId: id.optional(),
        customerId: id.optional(),
        status: z.enum(['all', 'pending', 'acked', 'nakked', 'noRouter', 'training']).default('all'),
      })
      .strict(),
    { readOnly: true },
  ),
};
