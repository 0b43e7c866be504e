import type { AppDb } from '../../db/open';

/** The business date source. Hosts decide what "today" is (wall clock, training clock, scenario day). */
export interface Clock {
  today(): string; // YYYY-MM-DD
}

/** Who is calling. Every channel's access rule and every audit entry is decided from this. */
export type Actor =
  | { kind: 'staff'; name: string; role?: 'administrator' | 'finance' | 'support' }
  | { kind: 'portal'; customerId: number; openedBy: string }
  | { kind: 'system'; name: string };

export interface AppContext {
  db: AppDb;
  clock: Clock;
  actor: Actor;
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
  }
}
