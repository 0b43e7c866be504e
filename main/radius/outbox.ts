import { createSocket } from 'node:dgram';
import type { AppDb } from '../../db/open';
import { announceChange } from '../app/changes';
import type { NetworkAnswerSummary } from '../contract/network';
import { requestFor, type NasRequest } from './coa';
import { ATTR, CODE, MIKROTIK, decodePacket, nasRequest, textAttribute, vendorAttribute, verifyResponse } from './packet';

// Sends the Disconnect- and CoA-Requests that transactions queued in network_outbox (db/networkAnswers.ts) once they
// have committed (which of the two: main/radius/coa.ts; a CoA the router refuses is followed by a Disconnect): each event to its router's NAS IP and CoA port, signed with the router's secret, retried with backoff
// until the router answers ACK or NAK. Whichever host runs sends them (the app, the harness, a CLI day run); a
// host killed between commit and send leaves the row pending and the next host sends it. Sending claims a row
// first (its next attempt moves past the answer's timeout), so two hosts on one file never send one event twice.
// A demo (training) database never sends.

export interface SenderOptions {
  /** wall-clock milliseconds (tests pass their own) */
  now?: () => number;
  /** how long to wait for the router's answer (default 3 s) */
  timeoutMs?: number;
  /** events sent at once (default 32) */
  batch?: number;
}

export interface SendSummary {
  acked: number;
  nakked: number;
  unanswered: number;
  notSent: number;
}

/** The wait before attempt n + 1 after n unanswered attempts: 2 s, 4 s, 8 s … at most 5 minutes. */
export function backoffMs(attempts: number): number {
  return Math.min(2000 * 2 ** Math.max(0, attempts - 1), 300_000);
}

interface DueRow {
  id: number;
  login: string;
  attempts: number;
  router_id: number | null;
  nas_ip: string | null;
  address: string | null;
  coa_port: number | null;
  radius_secret: string | null;
  before: string;
  after: string;
}

const ERROR_CAUSES: Record<number, string> = {
  201: 'Residual Session Context Removed',
  401: 'Unsupported Attribute',
  402: 'Missing Attribute',
  403: 'NAS Identification Mismatch',
  404: 'Invalid Request',
  405: 'Unsupported Service',
  406: 'Unsupported Extension',
  501: 'Administratively Prohibited',
  502: 'Request Not Routable (Proxy)',
  503: 'Session Context Not Found',
  504: 'Session Context Not Removable',
  506: 'Resources Unavailable',
};

/** Claims the events due now: each one's next attempt moves to now + backoff, in one transaction. */
function claim(db: AppDb, now: number, limit: number): DueRow[] {
  return db.transaction(() => {
    const demo = db.sqlite.prepare(`SELECT value FROM app_state WHERE key = 'demo'`).get() as { value: string } | undefined;
    if (demo?.value === 'true') {
      db.sqlite.prepare(`UPDATE network_outbox SET status = 'training' WHERE status = 'pending'`).run();
      return [];
    }
    const rows = db.sqlite
      .prepare(
        `SELECT o.id, o.login, o.attempts, o.router_id, r.nas_ip, r.address, r.coa_port, r.radius_secret, o.before, o.after
         FROM network_outbox o LEFT JOIN routers r ON r.id = o.router_id
         WHERE o.status = 'pending' AND o.next_attempt_at <= ? ORDER BY o.id LIMIT ?`,
      )
      .all(now, limit) as DueRow[];
    const mark = db.sqlite.prepare(
      `UPDATE network_outbox SET attempts = attempts + 1, next_attempt_at = ?, sent_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?`,
    );
    for (const r of rows) mark.run(now + backoffMs(r.attempts + 1), r.id);
    return rows;
  });
}

function record(db: AppDb, id: number, status: 'acked' | 'nakked' | 'noRouter' | null, error: string | null): void {
  db.transaction(() => {
    if (status)
      db.sqlite
        .prepare(`UPDATE network_outbox SET status = ?, last_error = ?, answered_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ? AND status = 'pending'`)
        .run(status, error, id);
    else db.sqlite.prepare(`UPDATE network_outbox SET last_error = ? WHERE id = ? AND status = 'pending'`).run(error, id);
  });
}

type Outcome = { kind: 'ack' } | { kind: 'nak'; cause: string } | { kind: 'timeout' } | { kind: 'error'; message: string };

const ANSWERS = {
  [CODE.disconnectRequest]: { ack: CODE.disconnectAck, nak: CODE.disconnectNak },
  [CODE.coaRequest]: { ack: CODE.coaAck, nak: CODE.coaNak },
} as const;

/** One Disconnect- or CoA-Request and its answer (a reply whose authenticator does not verify is ignored). */
export function sendNasRequest(host: string, port: number, secret: string, id: number, login: string, request: NasRequest, timeoutMs: number): Promise<Outcome> {
  return new Promise((done) => {
    const sock = createSocket('udp4');
    const code = request.kind === 'coa' ? CODE.coaRequest : CODE.disconnectRequest;
    const attributes = [textAttribute(ATTR.userName, login)];
    if (request.kind === 'coa') attributes.push(vendorAttribute(MIKROTIK.vendorId, MIKROTIK.rateLimit, request.rateLimit));
    const packet = nasRequest(code, id, secret, attributes);
    const authenticator = packet.subarray(4, 20);
    const finish = (o: Outcome) => {
      clearTimeout(timer);
      sock.close();
      done(o);
    };
    const timer = setTimeout(() => finish({ kind: 'timeout' }), timeoutMs);
    sock.on('message', (msg) => {
      const p = decodePacket(msg);
      if (!p || p.id !== (id & 255) || !verifyResponse(msg, authenticator, secret)) return;
      if (p.code === ANSWERS[code].ack) finish({ kind: 'ack' });
      else if (p.code === ANSWERS[code].nak) {
        const cause = p.attributes.find(([t]) => t === ATTR.errorCause)?.[1];
        const causeCode = cause && cause.length === 4 ? cause.readUInt32BE(0) : null;
        finish({ kind: 'nak', cause: causeCode === null ? 'no Error-Cause' : `${causeCode} ${ERROR_CAUSES[causeCode] ?? ''}`.trim() });
      }
    });
    sock.on('error', (err) => finish({ kind: 'error', message: err.message }));
    sock.send(packet, port, host, (err) => err && finish({ kind: 'error', message: err.message }));
  });
}

/** The request a queued event sends: a CoA for a speed change alone, else a Disconnect (main/radius/coa.ts). */
function requestOf(r: DueRow): NasRequest {
  try {
    return requestFor(JSON.parse(r.before) as NetworkAnswerSummary, JSON.parse(r.after) as NetworkAnswerSummary);
  } catch {
    return { kind: 'disconnect' };
  }
}

/** Sends every event due now once (one attempt each) and records the answers. */
export async function sendDue(db: AppDb, opts: SenderOptions = {}): Promise<SendSummary> {
  const now = opts.now ?? Date.now;
  const summary: SendSummary = { acked: 0, nakked: 0, unanswered: 0, notSent: 0 };
  for (;;) {
    const rows = claim(db, now(), opts.batch ?? 32);
    if (!rows.length) return summary;
    await Promise.all(
      rows.map(async (r) => {
        const host = r.nas_ip || r.address;
        if (!host || !r.radius_secret || r.coa_port === null) {
          record(db, r.id, 'noRouter', r.router_id === null ? 'the service has no router' : 'the router has no NAS IP or no RADIUS secret');
          summary.notSent++;
          return;
        }
        const timeout = opts.timeoutMs ?? 3000;
        const request = requestOf(r);
        let o = await sendNasRequest(host, r.coa_port, r.radius_secret, r.id & 255, r.login, request, timeout);
        // A router that cannot change the session in place (no CoA support, or the session's queue is not its own)
        // still has to apply the new speed: end the session, the next login gets it. The note says what happened.
        let note: string | null = null;
        if (request.kind === 'coa' && o.kind === 'nak') {
          note = `CoA refused (${o.cause}): disconnected instead`;
          o = await sendNasRequest(host, r.coa_port, r.radius_secret, (r.id + 128) & 255, r.login, { kind: 'disconnect' }, timeout);
        }
        if (o.kind === 'ack') (record(db, r.id, 'acked', note), summary.acked++);
        else if (o.kind === 'nak') (record(db, r.id, 'nakked', `${note ? `${note}; ` : ''}NAK: ${o.cause}`), summary.nakked++);
        else (record(db, r.id, null, o.kind === 'timeout' ? `no answer from ${host}:${r.coa_port}` : o.message), summary.unanswered++);
      }),
    );
    // the Network panel's events show each attempt (a database closed meanwhile has no screens left to tell)
    if (db.sqlite.open) announceChange(db, { areas: ['network'] });
  }
}

export interface OutboxSender {
  /** send what is due now (also called after every commit that queued an event) */
  kick(): void;
  /** stops polling and waits for the sends under way */
  stop(): Promise<void>;
}

/** Polls the outbox (retries, events of other processes) and sends at once after a commit that queued one. */
export function startOutboxSender(db: AppDb, opts: SenderOptions & { pollMs?: number; onError?: (err: unknown) => void } = {}): OutboxSender {
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;
  const run = () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      do {
        again = false;
        try {
          await sendDue(db, opts);
        } catch (err) {
          (opts.onError ?? ((e) => console.error('Network outbox:', e)))(err);
        }
      } while (again && !stopped);
    })().finally(() => (running = null));
  };
  db.outboxListeners.add(run);
  const timer = setInterval(run, opts.pollMs ?? 1000);
  timer.unref?.();
  run();
  return {
    kick: run,
    async stop() {
      stopped = true;
      clearInterval(timer);
      db.outboxListeners.delete(run);
      await running;
    },
  };
}
