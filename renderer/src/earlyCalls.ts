import type { InputOf, OutputOf } from '../../main/contract';
import type { Result } from '../../main/contract/errors';
import { SEAT_CALLS } from '../../main/contract/seat';
import { api } from './transport';

// The back office's first questions go out together while React draws its first frame, instead of one after the
// other as each gate mounts: where the data is (host.seat.status, SeatGate), the sign-in status (AuthGate) and long
// work under way (LongWorkProvider) — one round trip and one render fewer before the first list. Each gate takes its
// early answer once. The seat's answer is the host's, from memory, whatever it is; the back end's are taken only
// when good: a refusal (no database chosen yet on a first start, an office server that does not answer) is asked
// again when the gate mounts, so a gate never sees anything it would not have seen by asking itself.

type EarlyChannel = 'auth.status' | 'system.progress';
const early = new Map<EarlyChannel, Promise<Result<unknown>>>();
let seatStatus: Promise<Result<unknown>> | null = null;

/** Sends the early calls (main.tsx, once, before the first render of the back office). */
export function sendEarlyCalls(): void {
  seatStatus = api.seat(SEAT_CALLS.status);
  for (const channel of ['auth.status', 'system.progress'] as const) early.set(channel, api.call(channel, {}));
}

/** SeatGate's first question: the answer sent early (taken once), else asked now. */
export function firstSeatStatus(): Promise<Result<unknown>> {
  const sent = seatStatus;
  seatStatus = null;
  return sent ?? api.seat(SEAT_CALLS.status);
}

/** The gate's first answer: the early one when it was good (taken once), else the call made now. */
export async function firstAnswer<C extends EarlyChannel>(channel: C): Promise<Result<OutputOf<C>>> {
  const sent = early.get(channel);
  early.delete(channel);
  const res = sent ? await sent : null;
  return res?.ok ? (res as Result<OutputOf<C>>) : api.call(channel, {} as InputOf<C>);
}
