import { z } from 'zod';

// "Serve this database to the office" (issue 20 item 3), Config → System in the desktop app. HOST calls, not
// contract channels: Electron main answers them itself (it starts the office server in its own process over the
// app's back end), as it answers "Save PDF". A browser has no such host: /rpc answers UNKNOWN_CHANNEL, and the
// section says it is available in the desktop app only.

export const OFFICE_SERVING_CALLS = {
  status: 'host.officeServer.status',
  start: 'host.officeServer.start',
  stop: 'host.officeServer.stop',
} as const;
export type OfficeServingCall = (typeof OFFICE_SERVING_CALLS)[keyof typeof OFFICE_SERVING_CALLS];
export const isOfficeServingCall = (name: string): name is OfficeServingCall => (Object.values(OFFICE_SERVING_CALLS) as string[]).includes(name);

export const DEFAULT_OFFICE_PORT = 8443;

export const officeServingStartInput = z
  .object({
    host: z
      .string()
      .trim()
      .min(1, 'give an address of this computer')
      .max(100, 'must be at most 100 characters')
      .regex(/^[A-Za-z0-9.:[\]-]+$/, 'must be an IP address or a computer name'),
    port: z.number().int('must be a whole number').min(1, 'must be 1 to 65535').max(65535, 'must be 1 to 65535'),
  })
  .strict();
export type OfficeServingStartInput = z.infer<typeof officeServingStartInput>;

export interface OfficeServingStatus {
  /** null: not serving */
  serving: {
    /** what a seat types in "Connect to an office server" */
    url: string;
    host: string;
    port: number;
    /** SHA-256 of the certificate, colon hex: staff compare it with what a seat shows on first connect */
    fingerprint: string;
    name: string;
    since: string;
  } | null;
  /** this computer's LAN addresses (IPv4, not loopback), to choose from */
  addresses: string[];
  /** the app served the office when it last closed, and serving again at start failed: why, in words */
  resumeProblem?: string;
  defaultPort: number;
}
