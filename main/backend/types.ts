import type { Result } from '../contract/errors';
import type { ProgressRecord } from '../contract/system';

// The seam between a host (the Electron window process, the browser harness, the office server, a seat) and the back
// end that owns the database (issue 20). Every host calls the back end through this interface only, so the same
// host code runs against the back end in this process, in a worker, or on an office server across the network.
// Everything here crosses a thread or a network: plain JSON data only, no functions, no class instances.

/** One call of a contract channel, as a host received it. The back end resolves who is calling from the tokens. */
export interface CallRequest {
  channel: string;
  input: unknown;
  /** the staff session of the window or tab that calls (absent before sign-in) */
  staffToken?: string;
  /** a customer-portal window or tab: the call runs as that customer, never as staff */
  portalToken?: string;
  /** where the call comes from, for sign-in waits counted per source: 'app window 3', 'web 10.0.0.7', 'seat 10.0.0.8' */
  source: string;
}

/**
 * What the back end changed, pushed to every open screen so lists and the customer page refresh themselves (no
 * hand-written reload after a write). `areas` names what kind of record changed; `customerIds`, when known, which
 * customers' pages are concerned (absent = possibly any customer).
 */
export type ChangeArea =
  | 'customers'
  | 'services'
  | 'plans'
  | 'billing' // invoices, credit notes, payments, ledger, balances
  | 'tickets'
  | 'network' // NAS, IP pools, sessions, traffic, outbox
  | 'settings'
  | 'staff'
  | 'days' // the business date moved, a day run finished
  | 'backups'
  | 'imports';

export interface ChangeEvent {
  kind: 'changed';
  areas: ChangeArea[];
  customerIds?: number[];
}

/** Long work under way (catch-up, restore, billing day, bulk apply, import): the latest record of each kind. */
export interface ProgressEvent {
  kind: 'progress';
  work: ProgressRecord[];
}

/** A seat lost (or regained) its office server: the window says so and retries. */
export interface ConnectionEvent {
  kind: 'connection';
  state: 'online' | 'offline';
  /** in words, for the banner: "The office server at 192.168.1.5:8443 does not answer (retrying every 5 s)" */
  message?: string;
}

export type BackendEvent = ChangeEvent | ProgressEvent | ConnectionEvent;

export interface Backend {
  /** Calls a channel; never throws — refusals and faults come back as `{ ok: false, error }`. */
  call(req: CallRequest): Promise<Result<unknown>>;
  /** Hears every event from now on; returns the unsubscribe function. */
  subscribe(listener: (event: BackendEvent) => void): () => void;
  /** Stops timers, closes connections; settles when the database file is closed. */
  close(): Promise<void>;
}
