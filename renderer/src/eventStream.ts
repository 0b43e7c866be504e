import type { BackendEvent } from '../../main/backend/types';
import { ALL_AREAS } from '../../main/contract/changes';

// Browser mode of push (issue 20 item 2): GET /events read with fetch streaming — EventSource cannot send the session
// header — one JSON BackendEvent per `data:` line. After a drop it reconnects (1 s, doubling up to 15 s) and, once
// open again, tells the screens that anything may have changed meanwhile, so they fetch what they show once.

const FIRST_RETRY_MS = 1000;
const LAST_RETRY_MS = 15_000;

export interface EventStream {
  /** reconnect now, with the headers as they are now (a staff member just signed in or out) */
  restart(): void;
}

export function startEventStream(headers: () => Record<string, string>, emit: (event: BackendEvent) => void): EventStream {
  let abort: AbortController | null = null;
  let wakeUp: (() => void) | null = null;
  let opens = 0;
  let hurry = false;

  /** waits ms, or (null) until restart() */
  const pause = (ms: number | null) =>
    new Promise<void>((resolve) => {
      const timer = ms === null ? undefined : setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wakeUp = null;
        resolve();
      }
      wakeUp = done;
    });

  /** One connection, until it drops: 'open' when it was open (the next wait starts short again). */
  const connectOnce = async (): Promise<'open' | 'refused' | 'failed'> => {
    abort = new AbortController();
    const res = await fetch('/events', { headers: headers(), signal: abort.signal, cache: 'no-store' });
    // not signed in (yet), or the session ended: asking again changes nothing until a sign-in restarts the stream
    if (res.status === 401 || res.status === 403) return 'refused';
    if (!res.ok || !res.body) return 'failed';
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    let wasOpen = false;
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return wasOpen ? 'open' : 'failed';
      buffer += decoder.decode(value, { stream: true }).replace(/\r\n/g, '\n');
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (block === ': open' && !wasOpen) {
          wasOpen = true;
          // missed while away: every screen fetches what it shows once more
          if (opens++ > 0) emit({ kind: 'changed', areas: [...ALL_AREAS] });
        }
        for (const line of block.split('\n'))
          if (line.startsWith('data:'))
            try {
              emit(JSON.parse(line.slice(5).trim()) as BackendEvent);
            } catch {
              // a line this version does not understand: skipped
            }
      }
    }
  };

  void (async () => {
    let wait = FIRST_RETRY_MS / 2;
    for (;;) {
      let outcome: 'open' | 'refused' | 'failed' = 'failed';
      hurry = false;
      try {
        outcome = await connectOnce();
      } catch {
        // dropped (server restarted, network, restart()): reconnect below
      }
      abort = null;
      wait = outcome === 'open' ? FIRST_RETRY_MS / 2 : Math.min(wait * 2, LAST_RETRY_MS);
      if (!hurry) await pause(outcome === 'refused' ? null : wait);
    }
  })();

  return {
    restart() {
      hurry = true;
      abort?.abort();
      wakeUp?.();
    },
  };
}
