import { readFileSync } from 'node:fs';
import os from 'node:os';
import { resolve } from 'node:path';
import type { Backend } from '../../backend/types';
import { officeCertificate } from './certificate';
import { APP_ID, buildOfficeApp, isLoopbackHost, type OfficeHello, type SignInLimit } from './http';

// The office server (issue 20 item 3): the back end served to the office network, so two to five staff PCs (seats)
// work on the one database file this machine holds. HTTPS with a certificate made on first start and pinned by the
// seats; staff sign-in always on. Off loopback, plain HTTP and --no-auth are refused before anything listens.

export interface OfficeServerOptions {
  /** the back end it serves (Electron: the app's own; `npm run serve`: one opened on --db) — not closed by close() */
  backend: Backend;
  /** the database file: the certificate is kept beside it (`<db>.office-certificate.pem`, `<db>.office-key.pem`) */
  dbFile: string;
  /** address to listen on: a LAN address of this machine (192.168.1.5), 0.0.0.0, or loopback */
  host: string;
  port: number; // 0 = any free port
  /** plain HTTP: refused unless the host is loopback (127.0.0.1, ::1, localhost) */
  tls?: boolean; // default true
  /**
   * Sign-in is always on for the office server; `false` is the loopback-only harness mode (refused elsewhere): the
   * back end then runs calls without a session as its default actor. The server itself never bypasses the back end.
   */
  auth?: boolean; // default true
  /** make a new certificate even if one exists (every seat must then confirm the new fingerprint) */
  regenerateCertificate?: boolean;
  /** the office's name shown to a seat before it connects (GET /hello); default: this computer's name */
  name?: string;
  /** default: the package version */
  version?: string;
  /** the built renderer (out/renderer) served to browsers */
  staticDir?: string;
  /** other names seats may use for this machine in Host/Origin (its DNS name) */
  extraNames?: string[];
  signInLimit?: SignInLimit;
  heartbeatMs?: number;
}

export interface OfficeServer {
  /** https://ADDRESS:PORT/ — what a seat connects to */
  url: string;
  host: string;
  port: number;
  tls: boolean;
  /** SHA-256 of the certificate, colon hex as browsers show it (null without TLS) */
  fingerprint: string | null;
  certificateFile: string | null;
  /** true when this start made the certificate */
  certificateCreated: boolean;
  /** stops listening and ends open streams; the back end stays open (its owner closes it) */
  close(): Promise<void>;
}

/** A start refused for a reason the person must fix (printed as is, exit code 2). */
export class OfficeServerRefusal extends Error {}

const DEFAULT_STATIC_DIR = resolve(import.meta.dirname, '../../../out/renderer');

function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(resolve(import.meta.dirname, '../../../package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return process.env.npm_package_version ?? 'unknown';
  }
}

/** The refusals at start, in words (also used by the app's "Serve this database to the office" before it starts). */
export function refusalOf(opts: { host: string; tls?: boolean; auth?: boolean }): string | null {
  const host = opts.host.trim();
  if (host === '') return 'Give the address to serve on (--host): a LAN address of this computer, such as 192.168.1.5';
  if (isLoopbackHost(host)) return null;
  if (opts.tls === false)
    return `Refused: ${host} is not a loopback address (127.0.0.1, ::1, localhost), and without TLS (--no-tls) staff passwords, session tokens and customer data would cross the office network unencrypted. Leave out --no-tls (the server makes its own certificate).`;
  if (opts.auth === false)
    return `Refused: --no-auth is allowed on loopback (127.0.0.1, ::1, localhost) only — on ${host} anyone on the office network could use the back office without signing in. Leave out --no-auth.`;
  return null;
}

const bracket = (h: string) => (h.includes(':') && !h.startsWith('[') ? `[${h}]` : h);

export async function startOfficeServer(opts: OfficeServerOptions): Promise<OfficeServer> {
  const refusal = refusalOf(opts);
  if (refusal) throw new OfficeServerRefusal(refusal);
  const host = opts.host.trim();
  const tls = opts.tls !== false;
  const hostName = os.hostname();
  // Listening on every interface (0.0.0.0, ::): seats may use any of this machine's addresses.
  const everywhere = host === '0.0.0.0' || host === '::' || host === '[::]';
  const interfaces = everywhere ? Object.values(os.networkInterfaces()).flatMap((list) => (list ?? []).map((i) => i.address)) : [];
  const extraNames = [...(opts.extraNames ?? []), ...(isLoopbackHost(host) ? [] : [hostName, `${hostName}.local`, ...interfaces])];
  const certificate = tls ? await officeCertificate(opts.dbFile, { regenerate: opts.regenerateCertificate, names: [host, hostName, ...extraNames] }) : null;
  const hello: OfficeHello = { app: APP_ID, version: opts.version ?? packageVersion(), name: opts.name ?? hostName };
  const office = buildOfficeApp({
    backend: opts.backend,
    tls: certificate ? { key: certificate.key, cert: certificate.cert } : undefined,
    host: host === 'localhost' ? '127.0.0.1' : host,
    extraNames,
    staticDir: opts.staticDir ?? DEFAULT_STATIC_DIR,
    sourcePrefix: isLoopbackHost(host) && !tls ? 'web' : 'seat',
    hello,
    sessionRequired: opts.auth !== false,
    signInLimit: opts.signInLimit,
    heartbeatMs: opts.heartbeatMs,
  });
  await office.app.listen({ host: host === 'localhost' ? '127.0.0.1' : host.replace(/^\[|\]$/g, ''), port: opts.port });
  const address = office.app.server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  office.setPort(port);
  return {
    url: `${tls ? 'https' : 'http'}://${bracket(host === 'localhost' ? '127.0.0.1' : host.replace(/^\[|\]$/g, ''))}:${port}/`,
    host,
    port,
    tls,
    fingerprint: certificate?.fingerprint ?? null,
    certificateFile: certificate?.certFile ?? null,
    certificateCreated: certificate?.created ?? false,
    close: () => office.app.close(),
  };
}
