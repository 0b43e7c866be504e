import { same } from '../same';
// Where this workstation's data is: the first-start choice, connecting to an office server, the offline banner.
export const seat = {
  ...same(
    'Where is this workstation’s data?',
    'The seat settings could not be read',
    'Use a database on this computer',
    'This computer keeps the ISP’s data: a single workstation, or the computer that serves the office.',
    'Connect to an office server',
    'Another computer in the office serves the data; this workstation works on it over the network.',
    'The office server {{name}} answers at {{url}} (version {{version}}).',
    'Its certificate fingerprint (SHA-256):',
    'Compare it with the fingerprint shown on the office server. Connect only if they are the same: this workstation will then refuse any other certificate.',
    'The fingerprints match — connect',
    'Office server address',
    'As the office server shows it, for example 192.168.1.5:8443',
    'Look up the server',
    'Read-only: the office server’s latest backup',
    'The office server’s certificate has changed',
    'The office server {{server}} does not answer — retrying',
    'You are looking at the backup of {{time}}: every change is refused. Work done since then is not in it.',
    'The office server answers again.',
    'Changes cannot be saved until it answers. Nothing you saved before is lost.',
    'Back to the office server',
    'Open the latest backup (read-only)',
    'No backup copy on this workstation yet.',
  ),
} as const;
