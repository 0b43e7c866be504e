import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';

// The instance lock of a database file: `<db>.lock` holds the PID of the process that opened the file for
// writing. A second process (another app instance with the same file, the CLI restoring over it, …) sees a live
// PID and opens the database read-only instead; a lock left by a crashed process (dead PID) is taken over.

export interface InstanceLock {
  file: string;
  release(): void;
}

export type LockResult = { ok: true; lock: InstanceLock } | { ok: false; heldBy: number; file: string };

export const lockFileOf = (dbFile: string): string => `${dbFile}.lock`;

/** True when a process with this PID exists (EPERM: it exists but belongs to someone else). */
export function isProcessAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The PID recorded in a lock file, or null when there is none (or it is unreadable). */
export function lockHolder(dbFile: string): number | null {
  try {
    const pid = Number(readFileSync(lockFileOf(dbFile), 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/** The PID of another live process holding the file, or null when nobody else does. */
export function heldByOther(dbFile: string): number | null {
  const pid = lockHolder(dbFile);
  return pid !== null && pid !== process.pid && isProcessAlive(pid) ? pid : null;
}

export function acquireInstanceLock(dbFile: string): LockResult {
  const file = lockFileOf(dbFile);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(file, 'wx'); // exclusive create: of two processes racing, one wins
      try {
        writeSync(fd, String(process.pid));
      } finally {
        closeSync(fd);
      }
      return { ok: true, lock: makeLock(file) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = lockHolder(dbFile);
    if (holder === process.pid) return { ok: true, lock: makeLock(file, false) }; // this process already holds it
    if (holder !== null && isProcessAlive(holder)) return { ok: false, heldBy: holder, file };
    // Stale (the holder crashed, or an empty file from a crash between create and write): take it over.
    try {
      unlinkSync(file);
    } catch {
      // someone else removed it first: try again
    }
  }
  const holder = lockHolder(dbFile) ?? -1;
  return { ok: false, heldBy: holder, file };
}

function makeLock(file: string, owner = true): InstanceLock {
  let released = !owner;
  return {
    file,
    release() {
      if (released) return;
      released = true;
      try {
        if (Number(readFileSync(file, 'utf8').trim()) === process.pid) unlinkSync(file);
      } catch {
        // already gone
      }
    },
  };
}
