import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

// RADIUS packets (RFC 2865 / 2866 / 5176) as far as the back office needs them: the Disconnect- and CoA-Requests it
// sends to a router, the Status-Server that tells when the FreeRADIUS it started answers, the Access-Request of the benchmark,
// and the checks of the answers' authenticators.

export const CODE = {
  accessRequest: 1,
  accessAccept: 2,
  accessReject: 3,
  accountingRequest: 4,
  accountingResponse: 5,
  statusServer: 12,
  disconnectRequest: 40,
  disconnectAck: 41,
  disconnectNak: 42,
  coaRequest: 43,
  coaAck: 44,
  coaNak: 45,
} as const;

export const ATTR = {
  userName: 1,
  userPassword: 2,
  nasIpAddress: 4,
  framedIpAddress: 8,
  acctSessionId: 44,
  messageAuthenticator: 80,
  vendorSpecific: 26,
  errorCause: 101,
} as const;

/** MikroTik's vendor id and the Mikrotik-Rate-Limit attribute of its dictionary (FreeRADIUS dictionary.mikrotik). */
export const MIKROTIK = { vendorId: 14988, rateLimit: 8 } as const;

export type Attribute = [type: number, value: Buffer];

export interface Packet {
  code: number;
  id: number;
  authenticator: Buffer;
  attributes: Attribute[];
}

const md5 = (...parts: Buffer[]) => {
  const h = createHash('md5');
  for (const p of parts) h.update(p);
  return h.digest();
};

function encodeAttributes(attributes: Attribute[]): Buffer {
  const parts: Buffer[] = [];
  for (const [type, value] of attributes) {
    if (value.length > 253) throw new Error(`RADIUS attribute ${type} is longer than 253 bytes`);
    parts.push(Buffer.from([type, value.length + 2]), value);
  }
  return Buffer.concat(parts);
}

function header(code: number, id: number, length: number): Buffer {
  const h = Buffer.alloc(4);
  h.writeUInt8(code, 0);
  h.writeUInt8(id & 255, 1);
  h.writeUInt16BE(length, 2);
  return h;
}

export function decodePacket(buf: Buffer): Packet | null {
  if (buf.length < 20) return null;
  const length = buf.readUInt16BE(2);
  if (length < 20 || length > buf.length) return null;
  const attributes: Attribute[] = [];
  for (let i = 20; i < length; ) {
    const type = buf[i];
    const len = buf[i + 1];
    if (len < 2 || i + len > length) return null;
    attributes.push([type, buf.subarray(i + 2, i + len)]);
    i += len;
  }
  return { code: buf[0], id: buf[1], authenticator: buf.subarray(4, 20), attributes };
}

export const textAttribute = (type: number, text: string): Attribute => [type, Buffer.from(text, 'utf8')];
export function ipv4Attribute(type: number, ip: string): Attribute {
  return [type, Buffer.from(ip.split('.').map(Number))];
}

/** A Vendor-Specific attribute (RFC 2865 §5.26) holding one vendor attribute: what a MikroTik reads its rate limit from. */
export function vendorAttribute(vendorId: number, type: number, text: string): Attribute {
  const value = Buffer.from(text, 'utf8');
  const vsa = Buffer.alloc(6 + value.length);
  vsa.writeUInt32BE(vendorId, 0);
  vsa.writeUInt8(type, 4);
  vsa.writeUInt8(value.length + 2, 5);
  value.copy(vsa, 6);
  return [ATTR.vendorSpecific, vsa];
}

/**
 * A Disconnect-Request or CoA-Request (RFC 5176 §3): its Request Authenticator is MD5(Code + Identifier + Length + 16
 * zero octets + Attributes + Secret), as for an Accounting-Request, so the router can tell it comes from someone
 * holding the secret.
 */
export function nasRequest(code: typeof CODE.disconnectRequest | typeof CODE.coaRequest, id: number, secret: string, attributes: Attribute[]): Buffer {
  const attrs = encodeAttributes(attributes);
  const head = header(code, id, 20 + attrs.length);
  const auth = md5(head, Buffer.alloc(16), attrs, Buffer.from(secret, 'utf8'));
  return Buffer.concat([head, auth, attrs]);
}

export const disconnectRequest = (id: number, secret: string, attributes: Attribute[]): Buffer => nasRequest(CODE.disconnectRequest, id, secret, attributes);

/** True when a Disconnect/CoA/Accounting request carries the authenticator its secret gives (what a router checks). */
export function verifyRequestAuthenticator(buf: Buffer, secret: string): boolean {
  const p = decodePacket(buf);
  if (!p) return false;
  const length = buf.readUInt16BE(2);
  const expected = md5(buf.subarray(0, 4), Buffer.alloc(16), buf.subarray(20, length), Buffer.from(secret, 'utf8'));
  return timingSafeEqual(expected, p.authenticator);
}

/** True when an answer (ACK/NAK, Access-Accept/Reject) is the answer to `requestAuthenticator` signed with `secret`. */
export function verifyResponse(buf: Buffer, requestAuthenticator: Buffer, secret: string): boolean {
  const p = decodePacket(buf);
  if (!p) return false;
  const length = buf.readUInt16BE(2);
  const expected = md5(buf.subarray(0, 4), requestAuthenticator, buf.subarray(20, length), Buffer.from(secret, 'utf8'));
  return timingSafeEqual(expected, p.authenticator);
}

/** An answer signed for a request (what a router sends back): Response Authenticator over the request's authenticator. */
export function response(code: number, id: number, requestAuthenticator: Buffer, secret: string, attributes: Attribute[] = []): Buffer {
  const attrs = encodeAttributes(attributes);
  const head = header(code, id, 20 + attrs.length);
  const auth = md5(head, requestAuthenticator, attrs, Buffer.from(secret, 'utf8'));
  return Buffer.concat([head, auth, attrs]);
}

/** Access-Request or Status-Server with a random authenticator and a Message-Authenticator (HMAC-MD5). */
function signedRequest(code: number, id: number, secret: string, attributes: Attribute[]): { packet: Buffer; authenticator: Buffer } {
  const authenticator = randomBytes(16);
  const withMa: Attribute[] = [...attributes.map(([t, v]): Attribute => (t === ATTR.userPassword ? [t, hidePassword(v, secret, authenticator)] : [t, v])), [ATTR.messageAuthenticator, Buffer.alloc(16)]];
  const attrs = encodeAttributes(withMa);
  const packet = Buffer.concat([header(code, id, 20 + attrs.length), authenticator, attrs]);
  const mac = createHmac('md5', secret).update(packet).digest();
  mac.copy(packet, packet.length - 16);
  return { packet, authenticator };
}

/** User-Password hiding of RFC 2865 §5.2. */
function hidePassword(plain: Buffer, secret: string, authenticator: Buffer): Buffer {
  const padded = Buffer.alloc(Math.max(16, Math.ceil(plain.length / 16) * 16));
  plain.copy(padded);
  const out = Buffer.alloc(padded.length);
  let prev = authenticator;
  for (let i = 0; i < padded.length; i += 16) {
    const b = md5(Buffer.from(secret, 'utf8'), prev);
    for (let j = 0; j < 16; j++) out[i + j] = padded[i + j] ^ b[j];
    prev = out.subarray(i, i + 16);
  }
  return out;
}

export const statusServer = (id: number, secret: string) => signedRequest(CODE.statusServer, id, secret, []);

export const accessRequest = (id: number, secret: string, login: string, password: string) =>
  signedRequest(CODE.accessRequest, id, secret, [textAttribute(ATTR.userName, login), [ATTR.userPassword, Buffer.from(password, 'utf8')]]);
