import type { AppDb } from '../../db/open';

/** The business date source. Hosts decide what "today" is (wall clock, training clock, scenario day). */
export interface Clock {
  today(): string; // YYYY-MM-DD
}

/** Who is calling. Every channel's access rule and every audit entry is decided from this. */
export type Actor =
  /** role absent: a host that runs without sign-in (CLI, tests, a harness started with --no-auth) — full rights */
  | { kind: 'staff'; name: string; role?: 'administrator' | 'finance' | 'support'; session?: string }
  /** a caller of a host that requires sign-in, before signing in: only public channels */
  | { kind: 'anonymous' }
  /** session: the portal session's token when a host made the actor from one (absent in the scenario runner and tests) */
  | { kind: 'portal'; customerId: number; openedBy: string; session?: string }
  | { kind: 'system'; name: string };

export interface AppContext {
  db: AppDb;
  clock: Clock;
  actor: Actor;
  /** wall-clock milliseconds, for sign-in waits and sessions (never for the business date); Date.now when absent */
  now?: () => number;
  /**
   * Where the call comes from, for sign-in waits counted per name and source: the harness's remote address, the
   * app's window, 'cli'. Absent: 'local'.
   */
  source?: string;
}

export const fixedClock = (date: string): Clock => ({ today: () => date });

export function actorName(actor: Actor): string {
  switch (actor.kind) {
    case 'staff':
      return actor.name;
    case 'portal':
      return `customer #${actor.customerId} (portal, opened by ${actor.openedBy})`;
    case 'system':
      return actor.name;
    case 'anonymous':
      return 'not signed in';
  }
}
