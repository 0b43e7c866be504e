import { closeSync, createWriteStream, openSync, readSync, renameSync, rmSync, statSync, utimesSync } from 'node:fs';
import https from 'node:https';
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import tls from 'node:tls';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import type { AppErrorData, Result } from '../contract/errors';
import type { Backend, BackendEvent, CallRequest, ChangeArea, ConnectionEvent } from './types';

// A seat's back end (issue 20 item 4): the office server, over HTTPS, with the server's certificate PINNED by its
// SHA-256 fingerprint (confirmed by a person at first connect). The host — Electron main, or the browser harness in
// tests — calls it through the same `Backend` as a local database, so session tokens stay in the host and the pin is
// checked in Node, where it is testable.
//
// Pinning: every request opens its own TLS connection and compares the certificate's fingerprint BEFORE the request
// (headers, tokens, body) is written; another certificate is refused with CERTIFICATE_CHANGED and nothing is sent.
// The office server's certificate is self-signed, so the usual CA check cannot apply: the pin replaces it (and is
// stricter — one exact certificate).
//
// Unreachable: calls answer OFFLINE in words within the connect timeout; the seat keeps checking (GET /events with a
// staff session seen to work, else GET /hello) with a growing pause, and says `connection` offline/online to every
// listener. Back online, it announces every area changed: the screens refetch what they missed.

/** What GET /hello answers: who this server is, for the first-connect confirmation. */
export const officeHello = z.object({ app: z.literal('isp-back-office'), version: z.string().max(64), name: z.string().max(200) });
export type OfficeHello = z.infer<typeof officeHello>;

/** A certificate's SHA-256 fingerprint as Node and browsers show it: 32 bytes in upper-case hex separated by colons. */
export const certificateFingerprint = z
  .string()
  .transform((s) => s.trim().toUpperCase().replace(/[^0-9A-F]/g, ''))
  .refine((hex) => hex.length === 64, 'must be a SHA-256 fingerprint (64 hexadecimal digits)')
  .transform((hex) => hex.match(/../g)!.join(':'));

/** "192.168.1.5:8443", "https://office.lan:8443/" → the server's origin; plain HTTP and paths are refused. */
export function officeServerUrl(text: string): { ok: true; url: string } | { ok: false; problem: string } {
  const trimmed = text.trim();
  if (!trimmed) return { ok: false, problem: 'The office server address is required (for example 192.168.1.5:8443)' };
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`);
  } catch {
    return { ok: false, problem: `"${trimmed}" is not a server address (for example 192.168.1.5:8443)` };
  }
  if (url.protocol !== 'https:') return { ok: false, problem: 'The office server is reached over HTTPS only (the address must not start with http://)' };
  if (url.username || url.password || (url.pathname !== '/' && url.pathname !== '') || url.search || url.hash)
    return { ok: false, problem: 'Give the office server as an address and port only (for example 192.168.1.5:8443)' };
  return { ok: true, url: url.origin };
}

export interface RemoteBackendOptions {
  /** the office server's origin, https://host:port */
  url: string;
  /** the pinned SHA-256 fingerprint of its certificate */
  fingerprint: string;
  /** how long to wait for a connection (default 5 s): an unreachable server answers OFFLINE after this */
  connectTimeoutMs?: number;
  /** how long to wait for an answer once connected (default 120 s: a billing day on a large ISP takes a while) */
  answerTimeoutMs?: number;
  /** the pause between checks while offline: doubles from `first` up to `max` (default 1 s … 10 s) */
  retry?: { firstMs: number; maxMs: number };
}

export interface RemoteBackend extends Backend {
  readonly url: string;
  /** the latest connection state and its message in words */
  connection(): ConnectionEvent;
  /**
   * Downloads GET /backup/latest into `file` (replaced only by a complete SQLite file), with a staff session seen to
   * work that may read backups (administrator or finance). Never throws.
   */
  downloadLatestBackup(file: string): Promise<Result<{ file: string; bytes: number }>>;
}

/** The office server answered with another certificate than the pinned one. */
export class CertificateChangedError extends Error {
  constructor(
    readonly address: string,
    readonly seen: string,
  ) {
    super(
      `The office server's certificate has changed — this seat refuses to connect to ${address}. If the server was ` +
        'reinstalled or its certificate renewed on purpose, connect this seat again and compare the fingerprint it shows ' +
        'with the one on the server; otherwise another computer may be posing as the office server.',
    );
    this.name = 'CertificateChangedError';
  }
}

const ALL_AREAS: ChangeArea[] = ['customers', 'services', 'plans', 'billing', 'tickets', 'network', 'settings', 'staff', 'days', 'backups', 'imports'];
const SQLITE_HEADER = 'SQLite format 3\0';
const TOKENS_KEPT = 8;
const EVENTS_SILENT_MS = 75_000;

const hostOf = (url: URL) => url.hostname.replace(/^\[|\]$/g, '');
const portOf = (url: URL) => Number(url.port || 443);
const describe = (url: URL) => url.host;

/** Opens a TLS connection and reads the server's certificate fingerprint; nothing is written on it yet. */
function openTls(url: URL, timeoutMs: number): Promise<{ socket: tls.TLSSocket; fingerprint: string }> {
  return new Promise((resolve, reject) => {
    const host = hostOf(url);
    const socket = tls.connect({
      host,
      port: portOf(url),
      servername: isIP(host) ? undefined : host,
      // The certificate is self-signed: no CA can vouch for it. The fingerprint is compared instead (pinnedTls).
      rejectUnauthorized: false,
      ALPNProtocols: ['http/1.1'],
    });
    const timer = setTimeout(() => socket.destroy(new Error(`no answer within ${Math.round(timeoutMs / 1000)} s`)), timeoutMs);
    socket.once('secureConnect', () => {
      clearTimeout(timer);
      socket.removeListener('error', reject);
      const fingerprint = socket.getPeerCertificate().fingerprint256;
      if (!fingerprint) {
        socket.destroy();
        reject(new Error('the server showed no certificate'));
      } else resolve({ socket, fingerprint });
    });
    socket.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

/** A TLS connection to the office server whose certificate IS the pinned one; any other is closed unused. */
async function pinnedTls(url: URL, pinned: string, timeoutMs: number): Promise<tls.TLSSocket> {
  const { socket, fingerprint } = await openTls(url, timeoutMs);
  if (fingerprint !== pinned) {
    socket.destroy();
    throw new CertificateChangedError(describe(url), fingerprint);
  }
  return socket;
}

interface Exchange {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
  /** for the answer's headers (the body is then read or streamed by the caller) */
  timeoutMs: number;
}

/** One HTTP exchange over an already checked TLS socket; resolves with the response head (body unread). */
function exchange(url: URL, socket: tls.TLSSocket, x: Exchange): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { ...x.headers, Host: url.host, Connection: 'close' };
    if (x.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      headers['Content-Length'] = Buffer.byteLength(x.body);
    }
    const req = https.request({ method: x.method, path: x.path, headers, createConnection: () => socket });
    req.setTimeout(x.timeoutMs, () => req.destroy(new Error(`no answer within ${Math.round(x.timeoutMs / 1000)} s`)));
    req.once('response', (res) => {
      req.setTimeout(0);
      resolve(res);
    });
    req.once('error', reject);
    req.end(x.body);
  });
}

async function readAll(res: IncomingMessage, limit = 64 * 1024 * 1024): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new Error('the answer is too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * First connect: who answers at this address, and the fingerprint of its certificate, for a person to compare with
 * the one the office server shows before the seat pins it. Nothing but GET /hello is sent.
 */
export async function probeOfficeServer(address: string, opts: { timeoutMs?: number } = {}): Promise<Result<{ url: string; fingerprint: string; hello: OfficeHello }>> {
  const parsed = officeServerUrl(address);
  if (!parsed.ok) return { ok: false, error: { code: 'VALIDATION', message: parsed.problem, fields: { address: parsed.problem } } };
  const url = new URL(parsed.url);
  const timeoutMs = opts.timeoutMs ?? 5000;
  try {
    const { socket, fingerprint } = await openTls(url, timeoutMs);
    const res = await exchange(url, socket, { method: 'GET', path: '/hello', timeoutMs });
    const body = await readAll(res, 64 * 1024);
    let hello: OfficeHello | null = null;
    try {
      const parsedHello = officeHello.safeParse(JSON.parse(body.toString('utf8')));
      if (parsedHello.success && res.statusCode === 200) hello = parsedHello.data;
    } catch {
      // not JSON: answered below
    }
    if (!hello) return { ok: false, error: { code: 'REFUSED', message: `${describe(url)} answers, but it is not an ISP Back Office office server` } };
    return { ok: true, data: { url: url.origin, fingerprint, hello } };
  } catch (err) {
    return { ok: false, error: offlineError(url, err) };
  }
}

function offlineError(url: URL, err: unknown): AppErrorData {
  if (err instanceof CertificateChangedError) return { code: 'CERTIFICATE_CHANGED', message: err.message, details: { seen: err.seen } };
  const reason = err instanceof Error ? ((err as NodeJS.ErrnoException).code ?? err.message) : String(err);
  return { code: 'OFFLINE', message: `The office server at ${describe(url)} does not answer (${reason}). Nothing was sent; the seat retries.`, details: { reason } };
}

export function createRemoteBackend(opts: RemoteBackendOptions): RemoteBackend {
  const url = new URL(opts.url);
  const pinned = certificateFingerprint.parse(opts.fingerprint);
  const connectTimeoutMs = opts.connectTimeoutMs ?? 5000;
  const answerTimeoutMs = opts.answerTimeoutMs ?? 120_000;
  const retry = opts.retry ?? { firstMs: 1000, maxMs: 10_000 };
  const listeners = new Set<(e: BackendEvent) => void>();
  /** staff sessions the server accepted, newest first: one of them carries GET /events and the backup download */
  const tokens: string[] = [];
  let state: ConnectionEvent = { kind: 'connection', state: 'online' };
  let closed = false;
  let events: IncomingMessage | null = null;
  let wake: (() => void) | null = null;
  /** woken while not pausing (a sign-in answered while the watch was at /hello): its next pause is skipped */
  let wokenEarly = false;
  /** ends the watch's pause now, or skips its next one */
  const wakeUp = () => {
    if (wake) wake();
    else wokenEarly = true;
  };
  let pauseMs = retry.firstMs;

  const emit = (e: BackendEvent) => {
    for (const fn of listeners)
      try {
        fn(e);
      } catch {
        // one screen that cannot be told does not stop the others
      }
  };
  const retryWords = () => `retrying every ${Math.max(1, Math.round(retry.maxMs / 1000))} s`;
  function setOffline(err: unknown): void {
    const data = offlineError(url, err);
    const message =
      data.code === 'CERTIFICATE_CHANGED' ? data.message : `The office server at ${describe(url)} does not answer — ${retryWords()}.`;
    if (state.state === 'offline' && state.message === message) return;
    state = { kind: 'connection', state: 'offline', message };
    emit(state);
    wakeUp();
  }
  /** Online; true when the seat was offline (then every open screen was told to refetch). */
  function setOnline(): boolean {
    pauseMs = retry.firstMs;
    if (state.state === 'online') return false;
    state = { kind: 'connection', state: 'online', message: `Connected to the office server at ${describe(url)}.` };
    emit(state);
    // whatever changed while this seat could not hear: every open screen refetches
    emit({ kind: 'changed', areas: [...ALL_AREAS] });
    return true;
  }
  function rememberToken(token: string): void {
    const i = tokens.indexOf(token);
    if (i === 0) return;
    if (i > 0) tokens.splice(i, 1);
    tokens.unshift(token);
    tokens.length = Math.min(tokens.length, TOKENS_KEPT);
    wakeUp();
  }
  function forgetToken(token: string): void {
    const i = tokens.indexOf(token);
    if (i >= 0) tokens.splice(i, 1);
  }

  async function call(req: CallRequest): Promise<Result<unknown>> {
    if (closed) return { ok: false, error: { code: 'OFFLINE', message: 'This seat is closing' } };
    let socket: tls.TLSSocket;
    try {
      socket = await pinnedTls(url, pinned, connectTimeoutMs);
    } catch (err) {
      setOffline(err);
      return { ok: false, error: offlineError(url, err) };
    }
    const headers: Record<string, string> = {};
    if (req.staffToken) headers['X-Staff-Session'] = req.staffToken;
    if (req.portalToken) headers['X-Portal-Session'] = req.portalToken;
    let sent = false;
    try {
      const res = await exchange(url, socket, {
        method: 'POST',
        path: `/rpc/${encodeURIComponent(req.channel)}`,
        headers,
        body: JSON.stringify(req.input ?? {}),
        timeoutMs: answerTimeoutMs,
      });
      sent = true;
      const body = JSON.parse((await readAll(res)).toString('utf8')) as Result<unknown>;
      if (!body || typeof body !== 'object' || typeof body.ok !== 'boolean')
        return { ok: false, error: { code: 'INTERNAL', message: `Unexpected answer from the office server (HTTP ${res.statusCode})` } };
      setOnline();
      if (req.staffToken) {
        if (body.ok) rememberToken(req.staffToken);
        else if (body.error.details?.signedOut === true) forgetToken(req.staffToken);
      }
      if (req.channel === 'auth.signIn' || req.channel === 'auth.setup') {
        if (body.ok) rememberToken((body.data as { token: string }).token);
      }
      if (req.channel === 'auth.signOut' && req.staffToken) forgetToken(req.staffToken);
      return body;
    } catch (err) {
      socket.destroy();
      setOffline(err);
      // Sent and then no answer: the server may have done it. Say so, so nobody posts a payment twice.
      const message = sent
        ? `The office server at ${describe(url)} stopped answering. The change may or may not have been saved: check before repeating it.`
        : `The office server at ${describe(url)} did not answer in time. The change may or may not have been saved: check before repeating it.`;
      return { ok: false, error: { code: 'OFFLINE', message, details: { reason: err instanceof Error ? err.message : String(err) } } };
    }
  }

  /** Listens to GET /events until the stream ends; false when the server refused the session. */
  async function listen(token: string): Promise<boolean> {
    const socket = await pinnedTls(url, pinned, connectTimeoutMs);
    const res = await exchange(url, socket, {
      method: 'GET',
      path: '/events',
      headers: { Accept: 'text/event-stream', 'X-Staff-Session': token },
      timeoutMs: connectTimeoutMs,
    });
    if (res.statusCode !== 200) {
      res.resume();
      // the server answered: it is up; this session may no longer read events
      setOnline();
      return false;
    }
    // Changes made before this stream opened were not heard: since the sign-in (the screens loaded meanwhile), or
    // while a stream that ended was being opened again. Every open screen fetches what it shows once.
    if (!setOnline()) emit({ kind: 'changed', areas: [...ALL_AREAS] });
    events = res;
    // The server sends a heartbeat every 25 s: a stream silent for longer is a server (or cable) gone without a word.
    socket.setTimeout(EVENTS_SILENT_MS, () => socket.destroy(new Error('the event stream went silent')));
    res.setEncoding('utf8');
    let buffer = '';
    let data: string[] = [];
    try {
      for await (const chunk of res) {
        buffer += chunk as string;
        let nl: number;
        while ((nl = buffer.indexOf('\n')) >= 0) {
          const line = buffer.slice(0, nl).replace(/\r$/, '');
          buffer = buffer.slice(nl + 1);
          if (line === '') {
            if (data.length) deliver(data.join('\n'));
            data = [];
          } else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
        }
      }
    } finally {
      events = null;
    }
    return true;
  }

  function deliver(text: string): void {
    try {
      const event = JSON.parse(text) as BackendEvent;
      if (event && (event.kind === 'changed' || event.kind === 'progress')) emit(event);
    } catch {
      // a line this version does not understand is skipped
    }
  }

  async function hello(): Promise<void> {
    const socket = await pinnedTls(url, pinned, connectTimeoutMs);
    const res = await exchange(url, socket, { method: 'GET', path: '/hello', timeoutMs: connectTimeoutMs });
    await readAll(res, 64 * 1024);
    if (res.statusCode !== 200) throw new Error(`GET /hello answered HTTP ${res.statusCode}`);
  }

  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      if (wokenEarly) {
        wokenEarly = false;
        return resolve();
      }
      const timer = setTimeout(() => {
        wake = null;
        resolve();
      }, ms);
      timer.unref?.();
      wake = () => {
        clearTimeout(timer);
        wake = null;
        resolve();
      };
    });

  /** The seat's watch: events while a session is known, else a look at /hello; paused longer while offline. */
  async function watch(): Promise<void> {
    while (!closed) {
      const token = tokens[0];
      try {
        if (token) {
          const accepted = await listen(token);
          if (!accepted) forgetToken(token);
          // the stream ended (server restart, idle proxy): look again at once, then after a pause
          if (accepted && !closed) await hello();
          continue;
        }
        await hello();
        setOnline();
        // online, nobody signed in yet: calls notice a failure; look again later or when a session is known
        await pause(retry.maxMs * 3);
      } catch (err) {
        if (closed) return;
        setOffline(err);
        await pause(pauseMs);
        pauseMs = Math.min(pauseMs * 2, retry.maxMs);
      }
    }
  }
  void watch();

  async function downloadLatestBackup(file: string): Promise<Result<{ file: string; bytes: number }>> {
    if (tokens.length === 0) return { ok: false, error: { code: 'FORBIDDEN', message: 'Nobody with access to backups has signed in on this seat yet' } };
    let refused: AppErrorData = { code: 'FORBIDDEN', message: 'No one signed in on this seat may read backups (administrator or finance)' };
    for (const token of [...tokens]) {
      const partial = `${file}.partial`;
      try {
        const socket = await pinnedTls(url, pinned, connectTimeoutMs);
        const res = await exchange(url, socket, { method: 'GET', path: '/backup/latest', headers: { 'X-Staff-Session': token }, timeoutMs: answerTimeoutMs });
        if (res.statusCode === 404) {
          res.resume();
          return { ok: false, error: { code: 'NOT_FOUND', message: 'The office server has no backup yet' } };
        }
        if (res.statusCode !== 200) {
          res.resume();
          refused = { code: 'FORBIDDEN', message: `The office server refused the backup (HTTP ${res.statusCode})` };
          continue;
        }
        await pipeline(res, createWriteStream(partial));
        if (!isSqliteFile(partial)) {
          rmSync(partial, { force: true });
          return { ok: false, error: { code: 'REFUSED', message: 'The office server sent something that is not a database backup; the old copy was kept' } };
        }
        // the file's time is when the server took the backup (X-Backup-Taken-At), shown as "the backup of …"
        const takenAt = Date.parse(String(res.headers['x-backup-taken-at'] ?? ''));
        if (Number.isFinite(takenAt)) utimesSync(partial, new Date(), new Date(takenAt));
        renameSync(partial, file);
        return { ok: true, data: { file, bytes: statSync(file).size } };
      } catch (err) {
        rmSync(partial, { force: true });
        return { ok: false, error: offlineError(url, err) };
      }
    }
    return { ok: false, error: refused };
  }

  return {
    url: url.origin,
    call,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    connection: () => state,
    downloadLatestBackup,
    async close() {
      closed = true;
      wakeUp();
      events?.destroy();
      listeners.clear();
    },
  };
}

function isSqliteFile(file: string): boolean {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(16);
    return readSync(fd, buf, 0, 16, 0) === 16 && buf.toString('latin1') === SQLITE_HEADER;
  } finally {
    closeSync(fd);
  }
}
