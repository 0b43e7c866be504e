import { z } from 'zod';
import { channel } from './channel';
import { id, language, shortText, type DisplaySettings, type Language } from './common';

export const staffRole = z.enum(['administrator', 'finance', 'support']);
export type StaffRole = z.infer<typeof staffRole>;

export const staffName = shortText(64).min(2, 'needs at least 2 characters').regex(/^[\p{L}\p{N}._@ -]+$/u, 'may hold letters, digits, spaces and . _ @ - only');
/** Long enough to resist guessing; the hash is scrypt, so length matters more than character classes. */
const password = z.string().min(10, 'needs at least 10 characters').max(200, 'must be at most 200 characters');

export interface StaffSession {
  token: string;
  name: string;
  role: StaffRole;
}

export interface AuthStatus {
  /** false on a fresh database: the first start creates the administrator */
  hasStaff: boolean;
  /** language: the member's own choice (null = the ISP's default) */
  signedIn: { name: string; role: StaffRole; language: Language | null } | null;
  /** the language the back office is shown in: the member's choice, else the ISP's display.language */
  language: Language;
  /** false when the host runs without sign-in (CLI, a harness started with --no-auth) */
  required: boolean;
  /**
   * How the ISP writes amounts (Default's display.currency / display.decimalSeparator): answered with the language so
   * the first screen formats money without waiting for settings.get — one round trip fewer before the first list.
   */
  display: DisplaySettings;
}


export interface StaffRow {
  id: number;
  name: string;
  role: StaffRole;
  /** locked by an administrator, or sign-in from some source has to wait after failures */
  locked: boolean;
  lockedUntil: string | null;
  /** failed sign-ins with this name in the last day, from every source */
  failedAttempts: number;
  createdAt: string;
}

export const authChannels = {
  'auth.status': channel<AuthStatus>()(z.object({}), { access: 'public', readOnly: true }),
  /** only while no staff account exists: creates the administrator and signs them in */
  'auth.setup': channel<StaffSession>()(z.object({ name: staffName, password }), { access: 'public' }),
  'auth.signIn': channel<StaffSession>()(z.object({ name: shortText(64), password: z.string().max(200) }), { access: 'public' }),
  'auth.signOut': channel<{ signedOut: true }>()(z.object({})),
  /** the signed-in member's own language (null: the ISP's default); every role may choose theirs */
  'auth.setLanguage': channel<AuthStatus>()(z.object({ language: language.nullable() })),
  'staff.list': channel<StaffRow[]>()(z.object({}), { readOnly: true }),
  'staff.create': channel<StaffRow>()(z.object({ name: staffName, role: staffRole, password })),
  'staff.update': channel<StaffRow>()(
    z.object({
      id,
      role: staffRole.optional(),
      /** a new password: ends the member's sessions everywhere */
      password: password.optional(),
      /** lifts sign-in waits and an administrator's lock */
      unlock: z.boolean().optional(),
      /** locks the account until an administrator unlocks it: ends its sessions everywhere (never the last administrator) */
      lock: z.boolean().optional(),
    }),
  ),
};
