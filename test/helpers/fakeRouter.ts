import { createHash } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';

// A UDP listener on 127.0.0.1 that plays a MikroTik's CoA port: it checks each Disconnect- or CoA-Request's
// authenticator with the shared secret (RFC 5176 §3, computed here independently of main/radius/packet.ts), reads the
// Mikrotik-Rate-Limit of a CoA (vendor 14988, attribute 8) and answers ACK or NAK of the request's kind.

export interface Received {
  kind: 'disconnect' | 'coa' | 'other';
  login: string;
  /** a CoA's Mikrotik-Rate-Limit */
  rateLimit?: string;
  id: number;
  authenticatorValid: boolean;
  bytes: string;
}

export interface FakeRouter {
  port: number;
  received: Received[];
  /** how to answer the next packets: ack (default), nak with an Error-Cause, or stay silent */
  mode: 'ack' | 'nak' | 'silent';
  /** how to answer CoA-Requests when it differs from `mode` (a router without CoA support: 'nak') */
  coaMode?: 'ack' | 'nak' | 'silent';
  close(): Promise<void>;
}

const md5 = (...b: Buffer[]) => b.reduce((h, x) => h.update(x), createHash('md5')).digest();

export async function fakeRouter(secret: string): Promise<FakeRouter> {
  const sock: Socket = createSocket('udp4');
  const router: FakeRouter = { port: 0, received: [], mode: 'ack', close: () => new Promise((done) => sock.close(() => done())) };
  sock.on('message', (msg, from) => {
    const length = msg.readUInt16BE(2);
    const expected = md5(msg.subarray(0, 4), Buffer.alloc(16), msg.subarray(20, length), Buffer.from(secret));
    let login = '';
    let rateLimit: string | undefined;
    for (let i = 20; i < length; i += msg[i + 1]) {
      if (msg[i] === 1) login = msg.subarray(i + 2, i + msg[i + 1]).toString();
      if (msg[i] === 26 && msg.readUInt32BE(i + 2) === 14988 && msg[i + 6] === 8) rateLimit = msg.subarray(i + 8, i + 2 + msg[i + 1]).toString();
    }
    const kind = msg[0] === 40 ? 'disconnect' : msg[0] === 43 ? 'coa' : 'other';
    router.received.push({ kind, login, ...(rateLimit === undefined ? {} : { rateLimit }), id: msg[1], authenticatorValid: kind !== 'other' && expected.equals(msg.subarray(4, 20)), bytes: msg.toString('hex') });
    const mode = kind === 'coa' ? (router.coaMode ?? router.mode) : router.mode;
    if (mode === 'silent') return;
    const attrs = mode === 'nak' ? Buffer.from([101, 6, 0, 0, 0x01, 0xf7]) : Buffer.alloc(0); // Error-Cause 503
    const head = Buffer.from([msg[0] + (mode === 'ack' ? 1 : 2), msg[1], 0, 20 + attrs.length]);
    const auth = md5(head, msg.subarray(4, 20), attrs, Buffer.from(secret));
    sock.send(Buffer.concat([head, auth, attrs]), from.port, from.address);
  });
  await new Promise<void>((done) => sock.bind(0, '127.0.0.1', () => done()));
  router.port = sock.address().port;
  return router;
}
