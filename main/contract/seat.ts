import { z } from 'zod';

// Where this workstation's data is (issue 20 item 4): a database on this computer, or an office server. These are
// HOST calls, not contract channels: the host that holds the window (Electron main, the browser harness) answers them
// itself, before any back end — as "Save PDF" (host.savePdf). The renderer sends them over the same door as channels.

export const SEAT_CALLS = {
  /** what this seat uses now, the office server's connection, the backup copy */
  status: 'host.seat.status',
  /** first connect: the fingerprint and name of the server at an address (nothing is saved) */
  probe: 'host.seat.probe',
  /** saves the office server with the fingerprint the person confirmed, and connects */
  connect: 'host.seat.connect',
  /** saves "a database on this computer" and opens it (today's behaviour) */
  useLocal: 'host.seat.useLocal',
  /** while the office server does not answer: the latest backup copy, read-only */
  openBackup: 'host.seat.openBackup',
  /** back from the backup copy to the office server */
  closeBackup: 'host.seat.closeBackup',
} as const;
export type SeatCallName = (typeof SEAT_CALLS)[keyof typeof SEAT_CALLS];
export const isSeatCall = (name: string): name is SeatCallName => (Object.values(SEAT_CALLS) as string[]).includes(name);

export interface SeatStatus {
  /**
   * `choose`: nothing chosen yet (first start, or a seat file that could not be read): the window offers both ways.
   * `local`: a database on this computer. `office`: an office server. `backup`: the latest backup copy, read-only.
   */
  mode: 'choose' | 'local' | 'office' | 'backup';
  /** the seat file could not be read: why, in words (the window offers the choice again) */
  problem?: string;
  server?: { url: string; name: string; fingerprint: string };
  connection?: { state: 'online' | 'offline'; message?: string };
  /** the copy of the office server's latest backup this seat keeps (null: none yet) */
  backupCopy?: { takenAt: string; bytes: number } | null;
  /**
   * `local` only: this computer's database is being upgraded to this version's schema (the first start after an
   * update; minutes with years of history). The window waits and says so. `starting`: before the back end has begun.
   */
  upgrading?: { from: number; to: number; phase: 'starting' | 'backup' | 'migrating' | 'statistics'; step: number; steps: number };
}

export const seatProbeInput = z.object({ address: z.string().max(300) }).strict();
export const seatConnectInput = z
  .object({ url: z.string().max(300), fingerprint: z.string().max(200), name: z.string().max(200) })
  .strict();

export interface SeatProbe {
  url: string;
  fingerprint: string;
  name: string;
  version: string;
}
