import type { ApiBridge } from '../../preload/bridge';
import type { ChannelName, InputOf, OutputOf } from '../../main/contract';
import { AppError, type Result } from '../../main/contract/errors';

// The renderer's only way to the application. Under Electron the preload gives `window.api` (IPC); in a plain
// browser (the web harness, Playwright) the same calls go to POST /rpc/<channel> on the page's own origin.
// Either way the answer is the same Result envelope, produced by main/app/dispatch.ts.

declare global {
  interface Window {
    api?: ApiBridge;
  }
}

export type TransportKind = 'electron' | 'http';

async function httpCall(channel: string, input: unknown): Promise<Result<unknown>> {
  try {
    const res = await fetch(`/rpc/${encodeURIComponent(channel)}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(input ?? {}),
    });
    const body = (await res.json()) as Result<unknown>;
    if (body && typeof body === 'object' && 'ok' in body) return body;
    return { ok: false, error: { code: 'INTERNAL', message: `Unexpected answer from the server (HTTP ${res.status})` } };
  } catch (err) {
    return { ok: false, error: { code: 'INTERNAL', message: `Cannot reach the application: ${String(err)}` } };
  }
}

const bridge = typeof window !== 'undefined' ? window.api : undefined;

export const api = {
  kind: (bridge ? 'electron' : 'http') as TransportKind,

  /** Calls a channel; never throws — refusals and errors come back as `{ ok: false, error }`. */
  call<C extends ChannelName>(channel: C, input: InputOf<C>): Promise<Result<OutputOf<C>>> {
    if (bridge) return bridge.call(channel, input);
    return httpCall(channel, input) as Promise<Result<OutputOf<C>>>;
  },

  /** For React code that prefers exceptions: the data, or throws an AppError carrying code/fields/details. */
  async query<C extends ChannelName>(channel: C, input: InputOf<C>): Promise<OutputOf<C>> {
    const res = await api.call(channel, input);
    if (!res.ok) throw new AppError(res.error.code, res.error.message, res.error.fields, res.error.details);
    return res.data;
  },
};

export { AppError };
