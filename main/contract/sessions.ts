import { z } from 'zod';
import { channel } from './channel';
import { id } from './common';

// RADIUS accounting sessions (issue 17): who is online and the last sessions of a service, imported from what the
// RADIUS server recorded (main/app/accounting). Times are ISO 8601 UTC; counters are bytes from the customer's side.

export interface SessionRow {
  id: number;
  /** Acct-Session-Id as the router numbers it */
  sessionId: string;
  login: string;
  serviceId: number | null;
  nasIp: string;
  framedIp: string;
  callingStationId: string;
  start: string;
  /** the last reading (Start, Interim-Update or Stop) */
  lastUpdate: string;
  /** null while online */
  stop: string | null;
  /** 'stop': the router ended it; 'stale': closed after network.staleAfterMissedInterims missed interims */
  closedAs: 'stop' | 'stale' | null;
  terminateCause: string;
  durationSeconds: number;
  /** uploaded by the customer (Acct-Input-Octets with gigawords) */
  inputOctets: number;
  /** downloaded by the customer (Acct-Output-Octets with gigawords) */
  outputOctets: number;
}

export interface ServiceSessions {
  /** the open session, if the service is online */
  online: SessionRow | null;
  /** the last sessions, newest first (the open one included) */
  sessions: SessionRow[];
}

export interface OnlineService {
  serviceId: number;
  since: string;
  lastUpdate: string;
  framedIp: string;
  nasIp: string;
}

export interface AccountingImport {
  read: number;
  newSessions: number;
  bytesAdded: number;
  closedStale: number;
}

export const sessionChannels = {
  'sessions.forService': channel<ServiceSessions>()(
    z.object({ serviceId: id, limit: z.number().int().min(1).max(200).default(20) }).strict(),
    { readOnly: true },
  ),
  'sessions.onlineForCustomer': channel<OnlineService[]>()(z.object({ customerId: id }).strict(), { readOnly: true }),
  /** reads what the RADIUS server recorded for this database now (the hosts also do it every minute) */
  'sessions.import': channel<AccountingImport>()(z.object({}).strict()),
};
