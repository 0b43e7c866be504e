import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { certificateFingerprint, officeServerUrl } from '../backend/remote';

// The seat file: where this workstation's data is — a database on this computer (today's behaviour) or an office
// server with its pinned certificate fingerprint. Kept in the user-data folder beside the local database. Read with
// zod: a broken file is reported in words and the window offers the choice again; nothing crashes on it.

export const SEAT_FILE_NAME = 'seat.json';
export const seatFileOf = (userDataDir: string): string => join(userDataDir, SEAT_FILE_NAME);

const officeUrl = z.string().superRefine((s, ctx) => {
  const r = officeServerUrl(s);
  if (!r.ok) ctx.addIssue({ code: 'custom', message: r.problem });
});

export const seatConfig = z.discriminatedUnion('use', [
  z.object({ use: z.literal('local') }).strict(),
  z
    .object({
      use: z.literal('office'),
      url: officeUrl,
      fingerprint: certificateFingerprint,
      /** the server's own name (GET /hello), shown in the banner */
      name: z.string().max(200),
      /** when a person confirmed the fingerprint (ISO time): for support */
      confirmedAt: z.string().max(40),
    })
    .strict(),
]);
export type SeatConfig = z.output<typeof seatConfig>;

export type SeatFile = { state: 'unset' } | { state: 'ok'; config: SeatConfig } | { state: 'broken'; problem: string };

/** Reads the seat file; never throws. */
export function readSeatFile(file: string): SeatFile {
  if (!existsSync(file)) return { state: 'unset' };
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    return { state: 'broken', problem: `The seat settings in ${file} cannot be read (${err instanceof Error ? err.message : String(err)}). Choose again where this workstation's data is.` };
  }
  const parsed = seatConfig.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
    return { state: 'broken', problem: `The seat settings in ${file} are not valid (${where}${issue?.message ?? 'unknown problem'}). Choose again where this workstation's data is.` };
  }
  return { state: 'ok', config: parsed.data };
}

/** Writes the seat file whole (a temporary file renamed over it): a crash never leaves half a file. */
export function writeSeatFile(file: string, config: SeatConfig): void {
  const checked = seatConfig.parse(config);
  const tmp = `${file}.tmp`;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(tmp, `${JSON.stringify(checked, null, 2)}\n`, { mode: 0o600 });
  renameSync(tmp, file);
}
