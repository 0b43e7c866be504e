import os from 'node:os';
import { getAppState } from '../../db/appState';
import type { AppDb } from '../../db/open';
import type { Actor, Clock } from '../app/context';
import { isoDate } from '../contract/common';

// What every host does at its edge: decide "today" and who is calling. Nothing below the hosts reads the wall clock.

/** The local calendar date of `now` as YYYY-MM-DD (local, not UTC: the office's day is what counts). */
export function localIsoDate(now: Date = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`;
}

/** The wall clock, read on every call so a window left open over midnight moves to the new day. */
export const wallClock = (): Clock => ({ today: () => localIsoDate() });

/**
 * The business date for one call when the host was given no fixed date: a demo (training) database may pin its
 * own date in app_state.businessDateOverride; otherwise the local wall-clock date.
 */
export function hostBusinessDate(db: AppDb, now: Date = new Date()): string {
  return getAppState(db, 'businessDateOverride') ?? localIsoDate(now);
}

/** A --date option: validated here so a typo never becomes a business date. */
export function parseBusinessDate(value: string): string {
  const r = isoDate.safeParse(value);
  if (!r.success) throw new Error(`--date ${JSON.stringify(value)} is not a valid date YYYY-MM-DD`);
  return r.data;
}

/** The operating-system user, as the staff actor recorded in the audit log. */
export function staffActor(): Actor {
  let name = 'staff';
  try {
    name = os.userInfo().username || name;
  } catch {
    // some containers have no passwd entry for the uid; fall back to a generic name
  }
  return { kind: 'staff', name };
}
