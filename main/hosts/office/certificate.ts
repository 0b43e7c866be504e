import 'reflect-metadata'; // @peculiar/x509's dependency injection (tsyringe) needs the Reflect metadata polyfill loaded first
import { createPrivateKey, randomBytes, webcrypto, X509Certificate } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import * as x509 from '@peculiar/x509';

// The office server's TLS identity (issue 20 item 3): a self-signed certificate made on first start and kept beside
// the database, so it survives restarts and moves with the file. Seats do not trust it through a certificate
// authority — an office has none — but pin its SHA-256 fingerprint on first connect (shown to staff to confirm), and
// refuse a changed one. Hence the same certificate on every start: a new one would look like an impostor to every seat.

export interface OfficeCertificate {
  cert: string; // PEM
  key: string; // PEM (PKCS#8)
  /** SHA-256 of the certificate (DER), colon-separated upper-case hex, as browsers show it */
  fingerprint: string;
  certFile: string;
  keyFile: string;
  /** true when this start made it (first start or --regenerate-certificate) */
  created: boolean;
}

export const certificateFilesOf = (dbFile: string) => ({ certFile: `${dbFile}.office-certificate.pem`, keyFile: `${dbFile}.office-key.pem` });

export const fingerprintOf = (certPem: string): string => new X509Certificate(certPem).fingerprint256;

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const YEAR_MS = 365 * 24 * 3600_000;

function pem(label: string, der: ArrayBuffer): string {
  const b64 = Buffer.from(der).toString('base64').replace(/.{1,64}/g, '$&\n');
  return `-----BEGIN ${label}-----\n${b64}-----END ${label}-----\n`;
}

async function generate(names: string[]): Promise<{ cert: string; key: string }> {
  x509.cryptoProvider.set(webcrypto as unknown as Crypto);
  const keys = (await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])) as unknown as CryptoKeyPair;
  const ip = (n: string) => /^[\d.]+$/.test(n) || n.includes(':');
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomBytes(16).toString('hex').replace(/^[89a-f]/, '1'), // positive
    name: 'CN=ISP Back Office office server',
    notBefore: new Date(Date.now() - 24 * 3600_000),
    // Pinned, not checked against a CA: a long life spares the office a re-pin of every seat each year.
    notAfter: new Date(Date.now() + 20 * YEAR_MS),
    signingAlgorithm: ALGORITHM,
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension(names.map((n) => ({ type: ip(n) ? ('ip' as const) : ('dns' as const), value: n.replace(/^\[|\]$/g, '') }))),
    ],
  });
  const key = pem('PRIVATE KEY', (await webcrypto.subtle.exportKey('pkcs8', keys.privateKey)) as ArrayBuffer);
  return { cert: certificate.toString('pem') + '\n', key };
}

/** Reads the pair beside the database; null when there is none. Throws (in words) when it is there but unusable. */
function load(certFile: string, keyFile: string): { cert: string; key: string } | null {
  const hasCert = existsSync(certFile);
  const hasKey = existsSync(keyFile);
  if (!hasCert && !hasKey) return null;
  if (!hasCert || !hasKey)
    throw new Error(`Only one of ${certFile} and ${keyFile} exists: start with --regenerate-certificate to make a new pair (every seat then has to confirm the new fingerprint)`);
  const cert = readFileSync(certFile, 'utf8');
  const key = readFileSync(keyFile, 'utf8');
  try {
    if (!new X509Certificate(cert).checkPrivateKey(createPrivateKey(key))) throw new Error('the key does not belong to the certificate');
  } catch (err) {
    throw new Error(
      `The office server's certificate ${certFile} cannot be used (${err instanceof Error ? err.message : String(err)}): start with --regenerate-certificate to make a new one (every seat then has to confirm the new fingerprint)`,
    );
  }
  // A key readable by others (copied with the file, restored from a USB stick) is made the owner's alone again.
  chmodSync(keyFile, 0o600);
  return { cert, key };
}

/**
 * The certificate beside `dbFile`: reused when present, made when missing (or when `regenerate`). `names`: the
 * addresses put in the certificate when one is made (informative only: seats pin the fingerprint, not the name).
 */
export async function officeCertificate(dbFile: string, opts: { regenerate?: boolean; names?: string[] } = {}): Promise<OfficeCertificate> {
  const { certFile, keyFile } = certificateFilesOf(dbFile);
  const existing = opts.regenerate ? null : load(certFile, keyFile);
  if (existing) return { ...existing, fingerprint: fingerprintOf(existing.cert), certFile, keyFile, created: false };
  const made = await generate([...new Set(['localhost', ...(opts.names ?? [])])]);
  // Written aside and renamed, key first: a crash never leaves a certificate whose key is missing or half written.
  const tmp = (f: string) => `${f}.${process.pid}.tmp`;
  writeFileSync(tmp(keyFile), made.key, { mode: 0o600 });
  chmodSync(tmp(keyFile), 0o600);
  writeFileSync(tmp(certFile), made.cert, { mode: 0o644 });
  renameSync(tmp(keyFile), keyFile);
  renameSync(tmp(certFile), certFile);
  return { ...made, fingerprint: fingerprintOf(made.cert), certFile, keyFile, created: true };
}
