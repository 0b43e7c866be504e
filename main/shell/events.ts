import { EVENT_CHANNEL } from '../../preload/bridge';
import type { BackendEvent } from '../backend/types';
import { eventForScreen } from '../contract/changes';

// The Electron side of push (issue 20 item 2): main hears the back end's events and sends each window what it may
// know, over EVENT_CHANNEL (the preload hands the page the event's data only). A back-office window hears
// everything once a staff member is signed in there; a customer-portal window only its own customer; a hidden
// print window and a window before sign-in nothing.

export interface EventTarget {
  send(channel: string, event: BackendEvent): void;
  /** who is in the window now: null = nobody may hear (not signed in, session ended, print window) */
  audience(): Promise<{ kind: 'staff' } | { kind: 'portal'; customerId: number } | null>;
}

export function forwardEvents(subscribe: (listener: (event: BackendEvent) => void) => () => void, targets: () => Iterable<EventTarget>): () => void {
  // One queue per forwarding: events reach each window in the order they came, after its audience check.
  let queue = Promise.resolve();
  return subscribe((event) => {
    const now = [...targets()];
    queue = queue.then(() =>
      Promise.all(
        now.map(async (target) => {
          try {
            const who = await target.audience();
            if (!who) return;
            const out = eventForScreen(event, who.kind === 'portal' ? who.customerId : undefined);
            if (out) target.send(EVENT_CHANNEL, out);
          } catch {
            // a window closing under us: it needs no news
          }
        }),
      ).then(() => undefined),
    );
  });
}
