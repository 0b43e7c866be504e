import { createHash } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';

// A UDP listener on 127.0.0.1 that plays a MikroTik's CoA port: it checks each Disconnect-Request's authenticator
// with the shared secret (RFC 5176 §3, computed here independently of main/radius/packet.ts) and answers ACK or NAK.

export interface Received {
  login: string;
  id: number;
  authenticatorValid: boolean;
  bytes: string;
}

export interface FakeRouter {
  port: number;
  received: Received[];
  /** how to answer the next packets: ack (default), nak with an Error-Cause, or stay silent */
  mode: 'ack' | 'nak' | 'silent';
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
    for (let i = 20; i < length; i += msg[i + 1]) if (msg[i] === 1) login = msg.subarray(i + 2, i + msg[i + 1]).toString();
    router.received.push({ login, id: msg[1], authenticatorValid: msg[0] === 40 && expected.equals(msg.subarray(4, 20)), bytes: msg.toString('hex') });
    if (router.mode === 'silent') return;
    const attrs = router.mode === 'nak' ? Buffer.from([101, 6, 0, 0, 0x01, 0xf7]) : Buffer.alloc(0); // Error-Cause 503
    const head = Buffer.from([router.mode === 'ack' ? 41 : 42, msg[1], 0, 20 + attrs.length]);
    const auth = md5(head, msg.subarray(4, 20), attrs, Buffer.from(secret));
    sock.send(Buffer.concat([head, auth, attrs]), from.port, from.address);
  });
  await new Promise<void>((done) => sock.bind(0, '127.0.0.1', () => done()));
  router.port = sock.address().port;
  return router;
}
