import { createReadStream, statSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { extname, resolve, sep } from 'node:path';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { StaffRole } from '../../contract/auth';
import type { BackupList } from '../../contract/backup';
import type { AppErrorData, Result } from '../../contract/errors';
import type { PortalSession } from '../../contract/portal';
import type { AuthStatus } from '../../contract/auth';
import type { Backend } from '../../backend/types';
import { eventForScreen } from '../../contract/changes';
import { CONTENT_SECURITY_POLICY } from '../../shell/security';

// The one HTTP front of the back end (issue 20 item 3): the office server on the LAN (HTTPS, sign-in always on) and
// the loopback browser harness (plain HTTP) are this same Fastify app, so /rpc, /events, /hello, /backup/latest and
// the static renderer behave alike everywhere. It holds no database: every call goes through the Backend, which
// resolves the actor from the session tokens and validates every input in dispatch.

/** Header the back office sends with its staff session token once signed in (lower case: Node's header keys). */
export const STAFF_SESSION_HEADER = 'x-staff-session';
/** Header a customer-portal tab sends with its session token. */
export const PORTAL_SESSION_HEADER = 'x-portal-session';
/**
 * Largest /rpc body. The CSV import sends a file of up to 2 MB (MAX_IMPORT_CHARS) inside JSON, where quotes and line
 * ends are escaped (2 bytes) and accented letters take 2–3 bytes: 8 MiB holds the worst realistic file.
 */
export const MAX_BODY_BYTES = 8 * 1024 * 1024;
export const APP_ID = 'isp-back-office';

/** The answer of GET /hello (public): what a seat shows before it pins the server. */
export interface OfficeHello {
  app: typeof APP_ID;
  version: string;
  name: string;
}

export const SECURITY_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
} as const;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** Sign-in calls counted by the per-address rate limit (on top of the app's own per-name waits). */
export const SIGN_IN_CHANNELS = ['auth.signIn', 'auth.setup'] as const;

export interface SignInLimit {
  /** sign-in calls allowed per client address and window */
  max: number;
  windowMs: number;
}
export const DEFAULT_SIGN_IN_LIMIT: SignInLimit = { max: 20, windowMs: 60_000 };

export interface OfficeAppOptions {
  backend: Backend;
  tls?: { key: string; cert: string };
  /** the address it listens on: decides the Host/Origin names accepted (see allowedAuthorities) */
  host: string;
  /** other names seats may use for this machine (its DNS name): accepted in Host and Origin */
  extraNames?: readonly string[];
  /** the renderer folder (out/renderer); static files come from here only */
  staticDir: string;
  /** 'seat' or 'web': the prefix of the sign-in source ("seat 192.168.1.7"), so waits count per address */
  sourcePrefix: string;
  hello: OfficeHello;
  /**
   * Sign-in required (always, off loopback). false: the loopback harness without sign-in, whose back end runs staff
   * calls as the implicit member — /events and /backup/latest then need no session either.
   */
  sessionRequired: boolean;
  signInLimit?: SignInLimit;
  /** an SSE comment every so often keeps idle streams open through the socket timeout and finds dead peers */
  heartbeatMs?: number;
}

export interface OfficeApp {
  app: FastifyInstance;
  /** the names a request's Host header may carry, once the port is known */
  setPort(port: number): void;
}

const envelope = (code: AppErrorData['code'], message: string, details?: Record<string, unknown>): Result<never> => ({
  ok: false,
  error: details ? { code, message, details } : { code, message },
});

const LOOPBACK_NAMES = new Set(['127.0.0.1', '::1', '[::1]', 'localhost']);
export const isLoopbackHost = (host: string): boolean => LOOPBACK_NAMES.has(host.trim().toLowerCase());

const bracket = (h: string) => (h.includes(':') && !h.startsWith('[') ? `[${h}]` : h);

/**
 * Host and Origin must name this server (the harness's sameOrigin rule, for a LAN address too): blocks DNS
 * rebinding and web pages of other sites posting to it. Loopback accepts its three names.
 */
function allowedAuthorities(host: string, port: number, extra: readonly string[]): Set<string> {
  const names = isLoopbackHost(host) ? ['127.0.0.1', 'localhost', '::1'] : [host, ...extra];
  return new Set(names.map((n) => `${bracket(n.toLowerCase())}:${port}`));
}

const header = (req: FastifyRequest, name: string): string | undefined => {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
};

const milliseconds = (ms: number) => `${Math.ceil(ms / 1000)} s`;

class TransportRefusal extends Error {
  constructor(
    readonly code: AppErrorData['code'],
    message: string,
    readonly details?: Record<string, unknown>,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

export function buildOfficeApp(opts: OfficeAppOptions): OfficeApp {
  const { backend } = opts;
  const staticDir = resolve(opts.staticDir);
  const scheme = opts.tls ? 'https' : 'http';
  let allowed = new Set<string>();
  const limit = opts.signInLimit ?? DEFAULT_SIGN_IN_LIMIT;

  const app = Fastify({
    logger: false, // our host log writes what matters, redacted; Fastify's would carry headers (session tokens)
    bodyLimit: MAX_BODY_BYTES,
    forceCloseConnections: true, // close() ends open /events streams too
    return503OnClosing: true,
    // The server itself, so the TLS options and header limits are ours: 16 KiB of headers, 60 s for a whole request
    // (an 8 MiB import on a slow link), 10 s to send the headers (slow-loris), idle sockets closed after 2 minutes.
    serverFactory: (handler) => {
      const limits = { maxHeaderSize: 16 * 1024, requestTimeout: 60_000, headersTimeout: 10_000, keepAliveTimeout: 5_000 };
      const server = opts.tls ? https.createServer({ ...limits, key: opts.tls.key, cert: opts.tls.cert, minVersion: 'TLSv1.2' }, handler) : http.createServer(limits, handler);
      server.maxHeadersCount = 100;
      server.setTimeout(120_000);
      return server as unknown as http.Server;
    },
  });

  const source = (req: FastifyRequest) => `${opts.sourcePrefix} ${req.ip ?? 'unknown'}`;
  const sameOrigin = (req: FastifyRequest): boolean => {
    if (!allowed.has((req.headers.host ?? '').toLowerCase())) return false;
    const origin = req.headers.origin;
    return origin === undefined || [...allowed].some((a) => origin.toLowerCase() === `${scheme}://${a}`);
  };

  // Bodies are read as bytes and parsed by /rpc itself: an empty body is `{}`, and a wrong type is a coded envelope.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  // Every refusal before the handler (body too large, rate limit, bad JSON) is an envelope like any other answer.
  app.setErrorHandler((err: Error & { code?: string; statusCode?: number }, req, reply) => {
    let data: Result<never>;
    if (err instanceof TransportRefusal) {
      data = envelope(err.code, err.message, err.details);
      if (err.retryAfterSeconds !== undefined) void reply.header('Retry-After', String(err.retryAfterSeconds));
    } else if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      void reply.header('Connection', 'close');
      data = envelope('BAD_REQUEST', `Request body larger than ${MAX_BODY_BYTES} bytes (${MAX_BODY_BYTES / 1024 / 1024} MiB), the limit of this server`, { limitBytes: MAX_BODY_BYTES });
    } else if (typeof err.statusCode === 'number' && err.statusCode < 500) data = envelope('BAD_REQUEST', `Malformed request: ${err.message.slice(0, 200)}`);
    else data = envelope('INTERNAL', `Internal error: ${err.message.slice(0, 300)}`);
    // /rpc answers are envelopes with status 200 (clients read `ok`); elsewhere the status says it too.
    const status = req.url.startsWith('/rpc/') ? 200 : err.statusCode && err.statusCode < 600 ? err.statusCode : 500;
    return reply.code(status).headers(SECURITY_HEADERS).type('application/json; charset=utf-8').send(data);
  });

  app.addHook('onRequest', (req, reply, done) => {
    void reply.headers(SECURITY_HEADERS);
    done();
  });

  async function handleRpc(req: FastifyRequest, reply: FastifyReply): Promise<Result<unknown>> {
    const pathname = (req.raw.url ?? '').split('?')[0];
    const channel = decodeURIComponentSafe(pathname.slice('/rpc/'.length));
    if (req.method !== 'POST') return envelope('BAD_REQUEST', 'Use POST for /rpc');
    if (!sameOrigin(req)) return envelope('FORBIDDEN', 'Cross-origin request refused');
    // Requiring JSON makes any cross-site form/fetch a CORS preflight, which this server never approves.
    if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) return envelope('BAD_REQUEST', 'Content-Type must be application/json');
    const body = req.body as Buffer | undefined;
    let input: unknown;
    try {
      input = !body || body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
    } catch {
      return envelope('BAD_REQUEST', 'Request body is not valid JSON');
    }
    void reply;
    return backend.call({ channel: channel ?? '', input, staffToken: header(req, STAFF_SESSION_HEADER), portalToken: header(req, PORTAL_SESSION_HEADER), source: source(req) });
  }

  const rpcRoute = { handler: handleRpc };
  void app.register(async (scope) => {
    await scope.register(rateLimit, {
      global: false,
      // Sign-in from one address: beyond `max` a minute, refused before the password is even looked at.
      errorResponseBuilder: (_req, ctx) =>
        new TransportRefusal(
          'REFUSED',
          `Too many sign-in attempts from this address: try again in ${milliseconds(ctx.ttl)} (at most ${ctx.max} a ${milliseconds(limit.windowMs).replace(/^60 s$/, 'minute')})`,
          { rateLimited: true, limit: ctx.max, retryAfterSeconds: Math.ceil(ctx.ttl / 1000) },
          Math.ceil(ctx.ttl / 1000),
        ),
    });
    for (const ch of SIGN_IN_CHANNELS)
      scope.route({ method: ['POST', 'GET'], url: `/rpc/${ch}`, config: { rateLimit: { max: limit.max, timeWindow: limit.windowMs } }, ...rpcRoute });
  });
  app.route({ method: ['POST', 'GET', 'PUT', 'DELETE', 'PATCH'], url: '/rpc/*', ...rpcRoute });

  app.get('/hello', async () => opts.hello);

  /** Who is calling, from the session headers: a staff member (name, role), a portal customer, or nobody. */
  async function sessionOf(req: FastifyRequest): Promise<{ staff: { name: string; role: StaffRole } } | { customerId: number } | null> {
    const portalToken = header(req, PORTAL_SESSION_HEADER);
    if (portalToken !== undefined) {
      const res = await backend.call({ channel: 'portal.session', input: {}, portalToken, source: source(req) });
      return res.ok ? { customerId: (res.data as PortalSession).customerId } : null;
    }
    if (!opts.sessionRequired) return { staff: { name: 'staff', role: 'administrator' } };
    const staffToken = header(req, STAFF_SESSION_HEADER);
    if (staffToken === undefined) return null;
    const res = await backend.call({ channel: 'auth.status', input: {}, staffToken, source: source(req) });
    const signedIn = res.ok ? (res.data as AuthStatus).signedIn : null;
    return signedIn ? { staff: { name: signedIn.name, role: signedIn.role } } : null;
  }

  const refuse = (reply: FastifyReply, status: number, code: AppErrorData['code'], message: string, details?: Record<string, unknown>) =>
    reply.code(status).type('application/json; charset=utf-8').send(envelope(code, message, details));

  // Push over the same connection: every BackendEvent as one `data:` line of JSON (Server-Sent Events).
  app.get('/events', async (req, reply) => {
    if (!sameOrigin(req)) return refuse(reply, 403, 'FORBIDDEN', 'Cross-origin request refused');
    const who = await sessionOf(req);
    if (!who && header(req, PORTAL_SESSION_HEADER) !== undefined) return refuse(reply, 403, 'FORBIDDEN', 'The customer-portal session is not valid (it may have ended)');
    if (!who) return refuse(reply, 401, 'FORBIDDEN', 'Sign in first: /events needs a signed-in staff member', { signedOut: true });
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': 'text/event-stream; charset=utf-8', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
    // The first line tells the client the stream is open (it fetches again what it shows: it may have missed events).
    res.write(': open\n\n');
    // The session is checked again before each event and heartbeat: a member signed out (or locked, reset) elsewhere
    // hears nothing more, and the stream ends so the seat goes back to its sign-in.
    let queue = Promise.resolve();
    let closed = false;
    const stillSignedIn = async () => (await sessionOf(req)) !== null;
    const end = () => {
      if (closed) return;
      closed = true;
      unsubscribe();
      clearInterval(heartbeat);
      res.end();
    };
    const send = (text: string) =>
      (queue = queue.then(async () => {
        if (closed) return;
        if (!(await stillSignedIn())) return end();
        if (!closed) res.write(text);
      }));
    const unsubscribe = backend.subscribe((event) => {
      // a server's own back end has no connection to lose; everything else through the one audience filter of every host
      const forwarded = event.kind === 'connection' ? null : eventForScreen(event, 'customerId' in who ? who.customerId : undefined);
      if (forwarded) void send(`data: ${JSON.stringify(forwarded)}\n\n`);
    });
    const heartbeat = setInterval(() => void send(': ping\n\n'), opts.heartbeatMs ?? 25_000);
    heartbeat.unref?.();
    req.raw.on('close', end);
    res.on('error', end);
  });

  // A seat's read-only copy: the newest file of the backup folder (administrator and finance staff only).
  app.get('/backup/latest', async (req, reply) => {
    if (!sameOrigin(req)) return refuse(reply, 403, 'FORBIDDEN', 'Cross-origin request refused');
    const who = await sessionOf(req);
    if (!who || !('staff' in who)) return refuse(reply, 401, 'FORBIDDEN', 'Sign in first: the latest backup needs a signed-in staff member', { signedOut: true });
    if (who.staff.role !== 'administrator' && who.staff.role !== 'finance')
      return refuse(reply, 403, 'FORBIDDEN', `${who.staff.name} (${who.staff.role}) may not copy the backup: it needs the finance or administrator role`);
    const list = await backend.call({ channel: 'backup.list', input: {}, staffToken: header(req, STAFF_SESSION_HEADER), source: source(req) });
    if (!list.ok) return refuse(reply, 403, list.error.code, list.error.message);
    const newest = [...(list.data as BackupList).backups].sort((a, b) => b.takenAt.localeCompare(a.takenAt))[0];
    const st = newest ? statSync(newest.path, { throwIfNoEntry: false }) : undefined;
    if (!newest || !st?.isFile()) return refuse(reply, 404, 'NOT_FOUND', 'There is no backup yet: Config → System → Back up now makes one');
    return reply
      .type('application/vnd.sqlite3')
      .headers({ 'Content-Length': String(st.size), 'Content-Disposition': `attachment; filename="${newest.name.replace(/[^\w.-]/g, '_')}"`, 'X-Backup-Name': encodeURIComponent(newest.name), 'X-Backup-Taken-At': newest.takenAt })
      .send(createReadStream(newest.path));
  });

  // The built renderer, with the single-page fallback; never a file outside its folder.
  app.get('/*', async (req, reply) => {
    let rel: string;
    try {
      rel = decodeURIComponent((req.raw.url ?? '/').split('?')[0].split('#')[0]);
    } catch {
      return reply.code(400).type('text/plain; charset=utf-8').send('Bad path');
    }
    if (rel.includes('\0') || rel.includes('\\')) return reply.code(400).type('text/plain; charset=utf-8').send('Bad path');
    if (rel.endsWith('/')) rel += 'index.html';
    const file = resolve(staticDir, `.${rel}`);
    if (file !== staticDir && !file.startsWith(staticDir + sep)) return reply.code(403).type('text/plain; charset=utf-8').send('Forbidden');
    let target = file;
    let st = statSync(target, { throwIfNoEntry: false });
    // Paths without an extension are app routes: answer with the app (single-page fallback).
    if (!st?.isFile() && extname(rel) === '') {
      target = resolve(staticDir, 'index.html');
      st = statSync(target, { throwIfNoEntry: false });
    }
    if (!st?.isFile()) return reply.code(404).type('text/plain; charset=utf-8').send(st || extname(rel) ? 'Not found' : 'Not found (run `npm run build` first)');
    void reply.type(CONTENT_TYPES[extname(target).toLowerCase()] ?? 'application/octet-stream').header('Content-Length', String(st.size));
    return reply.send(createReadStream(target));
  });

  return {
    app,
    setPort(port) {
      allowed = allowedAuthorities(opts.host, port, opts.extraNames ?? []);
    },
  };
}

function decodeURIComponentSafe(s: string): string | undefined {
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
}
