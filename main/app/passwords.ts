import { createHash, randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import type { AppDb } from '../../db/open';
import { isPapHexForm } from '../../db/papHexRepair';
import { run } from './prepared';

// Portal passwords are kept only as salted scrypt hashes: "scrypt$N$r$p$salt$hash" (base64), so the cost
// parameters travel with the hash and can be raised later without breaking existing logins.

const N = 16384;
const R = 8;
const P = 1;
const KEY_LEN = 32;

export function hashPassword(plain: string): string {
  const salt = randomBytes(16);
  const hash = scryptSync(plain.normalize('NFKC'), salt, KEY_LEN, { N, r: R, p: P });
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

/** True when `plain` is the password behind `stored`; false for anything malformed. Constant-time compare. */
export function verifyPassword(plain: string, stored: string | null | undefined): boolean {
  if (!stored) return false;
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [n, r, p] = parts.slice(1, 4).map(Number);
  const salt = Buffer.from(parts[4], 'base64');
  const expected = Buffer.from(parts[5], 'base64');
  if (![n, r, p].every((x) => Number.isInteger(x) && x > 0) || expected.length === 0) return false;
  const actual = scryptSync(plain.normalize('NFKC'), salt, expected.length, { N: n, r, p, maxmem: 256 * n * r + 1024 * 1024 });
  return timingSafeEqual(actual, expected);
}

// RADIUS PAP cannot check scrypt, so a customer's portal password is also kept in the form FreeRADIUS's pap module
// checks: SSHA2-512-Password = base64(SHA-512(password + salt) + salt), a 16-byte random salt. It is a fast hash
// (weaker than scrypt against a stolen file) and only exists so a service without a password of its own can log in
// with the customer's (decision 25). No channel ever returns it.

//
// FreeRADIUS reads the value as an octets attribute: text starting with "0x" is taken for hex, fails to decode, and
// the login is rejected — one random salt in 2 048 gives such a value (found by the real-server scenario test). A
// salt is drawn again until the value cannot be mistaken for hex (values stored before that: db/papHexRepair.ts).
export function papSsha512(plain: string, salts: () => Buffer = () => randomBytes(16)): string {
  for (;;) {
    const salt = salts();
    const digest = createHash('sha512').update(Buffer.from(plain, 'utf8')).update(salt).digest();
    const value = Buffer.concat([digest, salt]).toString('base64');
    if (!/^0x/i.test(value)) return value;
  }
}

/** True when `plain` is the password behind an SSHA2-512-Password value (what FreeRADIUS's pap module checks). */
export function verifyPapSsha512(plain: string, stored: string): boolean {
  // the hex form db/papHexRepair.ts gives a value that FreeRADIUS would otherwise misread
  const raw = isPapHexForm(stored) ? Buffer.from(stored.slice(2), 'hex') : Buffer.from(stored, 'base64');
  if (raw.length <= 64) return false;
  const expected = raw.subarray(0, 64);
  const actual = createHash('sha512').update(Buffer.from(plain, 'utf8')).update(raw.subarray(64)).digest();
  return timingSafeEqual(actual, expected);
}

/** Writes the PAP form of a customer's portal password; the caller writes the scrypt hash in the same transaction. */
export function setPapPassword(db: Pick<AppDb, 'sqlite'>, customerId: number, plain: string): void {
  run(db, `UPDATE customers SET pap_password_ssha512 = ? WHERE id = ?`, papSsha512(plain), customerId);
}
