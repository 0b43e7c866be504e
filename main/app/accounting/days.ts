import { mulDivHalfUp } from '../../engine';

// Traffic belongs to the local calendar day it flowed on (the office's day, like the business date). Routers report
// counters, not per-day traffic: what a counter grew between two readings is spread over the days between them in
// proportion to the seconds of each — with an interim every few minutes that is the day of the reading, and a
// session read again after a long gap (the app was closed) is not piled onto the last day.

interface LocalDay {
  day: string;
  /** Unix seconds of its local midnight, and of the next one (23 or 25 hours later on a DST change) */
  start: number;
  end: number;
}

// Nearly every reading of an import falls on the same day or two; the demo generator's import goes through two weeks
// of days for each service in turn. Keep the days looked up last (Date is slow: three of them per day looked up).
const KEPT_DAYS = 64;
const known: LocalDay[] = [];
let last: LocalDay = { day: '', start: 0, end: 0 };

function localDayOf(epochSeconds: number): LocalDay {
  if (epochSeconds >= last.start && epochSeconds < last.end) return last;
  const kept = known.find((k) => epochSeconds >= k.start && epochSeconds < k.end);
  if (kept) return (last = kept);
  const d = new Date(epochSeconds * 1000);
  const p = (n: number) => String(n).padStart(2, '0');
  last = {
    day: `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`,
    start: Math.floor(new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime() / 1000),
    end: Math.floor(new Date(d.getFullYear(), d.getMonth(), d.getDate() + 1).getTime() / 1000),
  };
  if (known.push(last) > KEPT_DAYS) known.shift();
  return last;
}

/** The local calendar date of a Unix time in seconds, YYYY-MM-DD. */
export function localDay(epochSeconds: number): string {
  return localDayOf(epochSeconds).day;
}

/** A gap longer than this (a router clock jump) is not spread: the bytes go to the reading's day. */
const MAX_SPREAD_SECONDS = 400 * 86_400;

/**
 * `bytes` that flowed between the readings at `from` and `to` (Unix seconds), as whole bytes per local day in
 * proportion to the seconds of (from, to] in each; the parts add up to `bytes` exactly.
 */
export function spreadOverDays(bytes: number, from: number, to: number): [day: string, bytes: number][] {
  if (bytes <= 0) return [];
  const span = to - from;
  if (span <= 0 || span > MAX_SPREAD_SECONDS) return [[localDay(to), bytes]];
  const out: [string, number][] = [];
  let elapsed = 0;
  let given = 0;
  const first = localDayOf(from);
  if (to < first.end) return [[first.day, bytes]];
  for (let t = from; t < to; ) {
    const d = localDayOf(t);
    const end = Math.min(d.end, to);
    elapsed += end - t;
    // Cumulative rounding: each day gets round(bytes × elapsed / span) minus what earlier days got.
    const upTo = mulDivHalfUp(bytes, elapsed, span);
    if (upTo > given) out.push([d.day, upTo - given]);
    given = upTo;
    t = end;
  }
  return out;
}
