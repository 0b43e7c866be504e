import { existsSync, statSync } from 'node:fs';
import { openDatabase } from '../../db/open';
import type { StaffRole } from '../contract/auth';
import { callOn } from '../backend/localCore';
import type { Backend } from '../backend/types';

// The seat's copy of the office server's latest backup (GET /backup/latest), and the read-only back end over it for
// the time the server does not answer: staff can still look a customer up. Every write is refused (the file is opened
// read-only: db/open.ts), no day runs, nothing is sent to routers.
//
// Who is calling: sign-in would write a session, which a read-only file cannot — so a window whose session the office
// server confirmed (the seat saw its name and role) reads the copy as that member; a session already in the copy
// works as usual; anybody else sees the sign-in screen, which explains that the copy is read-only.

export const BACKUP_COPY_NAME = 'office-latest-backup.sqlite';

export interface KnownStaff {
  name: string;
  role: StaffRole;
}

export function backupCopyInfo(file: string): { takenAt: string; bytes: number } | null {
  if (!existsSync(file)) return null;
  const st = statSync(file);
  return { takenAt: st.mtime.toISOString(), bytes: st.size };
}

/** A read-only back end on the backup copy; `known` maps a staff session the office server confirmed to its member. */
export function openBackupCopy(file: string, known: (token: string) => KnownStaff | undefined): Backend {
  const db = openDatabase(file, { readonly: true });
  return {
    async call(req) {
      if (req.portalToken !== undefined)
        return { ok: false, error: { code: 'REFUSED', message: 'The customer portal is not available from a read-only backup copy' } };
      if (req.channel === 'auth.signIn' || req.channel === 'auth.setup')
        return { ok: false, error: { code: 'REFUSED', message: 'This is a read-only copy of the latest backup: nobody can sign in here. Sign in when the office server answers again.' } };
      // a session in the copy is its member; else the member the office server confirmed for it; else nobody
      const member = req.staffToken ? known(req.staffToken) : undefined;
      try {
        return callOn(db, { dbFile: file, mode: 'inline', staffAuth: !member, ...(member ? { implicitStaff: { kind: 'staff', name: member.name, role: member.role } } : {}) }, { ...req, source: 'seat backup copy' });
      } catch (err) {
        return { ok: false, error: { code: 'INTERNAL', message: err instanceof Error ? err.message : String(err) } };
      }
    },
    subscribe: () => () => {},
    async close() {
      db.close();
    },
  };
}
