import type { ApiBridge } from '../../preload/bridge';
import type { ChannelName, InputOf, OutputOf } from '../../main/contract';
import type { PrintTarget } from '../../main/contract/documents';
import type { OfficeServingCall } from '../../main/contract/officeServing';
import type { SeatCallName } from '../../main/contract/seat';
import { AppError, type Result } from '../../main/contract/errors';
import type { BackendEvent } from '../../main/backend/types';
import { startEventStream, type EventStream } from './eventStream';

// The renderer's only way to the application. Under Electron the preload gives `window.api` (IPC); in a plain
// browser (the web harness, Playwright) the same calls go to POST /rpc/<channel> on the page's own origin.
// Either way the answer is the same Result envelope, produced by main/app/dispatch.ts.

declare global {
  interface Window {
    api?: ApiBridge;
  }
}

export type TransportKind = 'electron' | 'http';

/**
 * Browser mode only: a customer-portal tab ("Login as customer") carries its session token in the hash
 * (`#/portal?portal=<token>`) and sends it with every call; the server then answers as that customer.
 * (Electron binds the portal window to its session in main, so no token is needed there.)
 */
export function portalTokenFromHash(hash: string): string | null {
  const m = /[?&]portal=([A-Za-z0-9_-]+)/.exec(hash);
  return m ? m[1] : null;
}

const PORTAL_TOKEN_KEY = 'isp.portalSession';

/** The tab's portal token: from the hash, else (inside #/portal routes, after in-portal navigation) the one this tab saw. */
function currentPortalToken(): string | null {
  if (typeof window === 'undefined') return null;
  const hash = window.location.hash;
  const fromHash = portalTokenFromHash(hash);
  try {
    if (fromHash) window.sessionStorage.setItem(PORTAL_TOKEN_KEY, fromHash);
    else if (hash.startsWith('#/portal')) return window.sessionStorage.getItem(PORTAL_TOKEN_KEY);
  } catch {
    // storage unavailable: the hash alone decides
  }
  return fromHash;
}

const STAFF_TOKEN_KEY = 'isp.staffSession';

/**
 * Browser mode only: the staff session of this tab, kept for reloads in sessionStorage (Electron keeps it in main,
 * bound to the window, and never hands it to the page).
 */
const staffToken = {
  get(): string | null {
    try {
      return window.sessionStorage.getItem(STAFF_TOKEN_KEY);
    } catch {
      return null;
    }
  },
  set(token: string | null): void {
    try {
      if (token) window.sessionStorage.setItem(STAFF_TOKEN_KEY, token);
      else window.sessionStorage.removeItem(STAFF_TOKEN_KEY);
    } catch {
      // storage unavailable: the session lasts as long as this page
    }
    eventStream?.restart(); // the stream is heard as the new session (or not at all)
  },
};

/** The session headers of this tab: its portal session, else its staff session (none before sign-in). */
function sessionHeaders(): Record<string, string> {
  const portalToken = currentPortalToken();
  if (portalToken) return { 'X-Portal-Session': portalToken };
  const token = staffToken.get();
  return token ? { 'X-Staff-Session': token } : {};
}

async function httpCall(channel: string, input: unknown): Promise<Result<unknown>> {
  try {
    const res = await fetch(`/rpc/${encodeURIComponent(channel)}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...sessionHeaders() },
      body: JSON.stringify(input ?? {}),
    });
    const body = (await res.json()) as Result<unknown>;
    if (body && typeof body === 'object' && 'ok' in body) {
      if ((channel === 'auth.signIn' || channel === 'auth.setup') && body.ok) staffToken.set((body.data as { token: string }).token);
      if (channel === 'auth.signOut') staffToken.set(null);
      return body;
    }
    return { ok: false, error: { code: 'INTERNAL', message: `Unexpected answer from the server (HTTP ${res.status})` } };
  } catch (err) {
    return { ok: false, error: { code: 'INTERNAL', message: `Cannot reach the application: ${String(err)}` } };
  }
}

const bridge = typeof window !== 'undefined' ? window.api : undefined;
const signedOutListeners = new Set<() => void>();
const eventListeners = new Set<(event: BackendEvent) => void>();
/** Browser mode: GET /events, opened with the first listener and kept for the life of the page. */
let eventStream: EventStream | null = null;
let bridgeEvents: (() => void) | null = null;
const emitEvent = (event: BackendEvent) => {
  for (const listener of eventListeners)
    try {
      listener(event);
    } catch {
      // one screen's failure does not keep the news from the others
    }
};

export const api = {
  kind: (bridge ? 'electron' : 'http') as TransportKind,

  /** Calls a channel; never throws — refusals and errors come back as `{ ok: false, error }`. */
  async call<C extends ChannelName>(channel: C, input: InputOf<C>): Promise<Result<OutputOf<C>>> {
    const res = (await (bridge ? bridge.call(channel, input) : httpCall(channel, input))) as Result<OutputOf<C>>;
    // The session ended (signed out, password reset or lock — possibly in another window or process): tell the gate.
    if (!res.ok && res.error.details?.signedOut === true) for (const listener of signedOutListeners) listener();
    return res;
  },

  /** The app's "Save PDF" (Electron only; a browser prints with its own "Save as PDF"). */
  savePdf: bridge ? (target: PrintTarget) => bridge.savePdf(target) : undefined,

  /**
   * A host call (main/contract/officeServing.ts, main/contract/seat.ts): Electron main (or the seat harness) answers
   * it itself, before any back end, over the same door as channels. A host without it answers UNKNOWN_CHANNEL.
   */
  host(name: OfficeServingCall | SeatCallName, input: unknown = {}): Promise<Result<unknown>> {
    return bridge ? bridge.call(name as never, input as never) : httpCall(name, input);
  },

  /**
   * Hears what the back end changed (and its other events) — Electron over the preload's event channel, a browser
   * over GET /events. Returns the unsubscribe function. Screens use it through useQuery (refresh by area).
   */
  onEvent(listener: (event: BackendEvent) => void): () => void {
    eventListeners.add(listener);
    if (bridge && !bridgeEvents) bridgeEvents = bridge.onEvent(emitEvent);
    if (!bridge && !eventStream && typeof fetch === 'function') eventStream = startEventStream(sessionHeaders, emitEvent);
    return () => eventListeners.delete(listener);
  },

  /** A host call of the seat (where this workstation's data is): see host(). */
  seat(name: SeatCallName, input: unknown = {}): Promise<Result<unknown>> {
    return api.host(name, input);
  },

  /** Called when a call finds the staff session ended; returns the unsubscribe function. */
  onSignedOut(listener: () => void): () => void {
    signedOutListeners.add(listener);
    return () => signedOutListeners.delete(listener);
  },

  /** For React code that prefers exceptions: the data, or throws an AppError carrying code/fields/details. */
  async query<C extends ChannelName>(channel: C, input: InputOf<C>): Promise<OutputOf<C>> {
    const res = await api.call(channel, input);
    if (!res.ok) throw new AppError(res.error.code, res.error.message, res.error.fields, res.error.details);
    return res.data;
  },
};

export { AppError };
