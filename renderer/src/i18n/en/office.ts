import { same } from '../same';
// Config → System, "Serve this database to the office" (issue 20 item 3).
export const office = {
  ...same(
    'Serve this database to the office',
    'Serving this database to the office is available in the desktop app only (or on a server computer with npm run serve).',
    'Stop serving this database?',
    'The other PCs of the office lose their connection until you start serving again.',
    'Stop serving',
    'Serving to the office',
    'On another PC, choose "Connect to an office server" and give this address:',
    'Check that the fingerprint the other PC shows is exactly this one before confirming it:',
    'Other PCs of the office can work on this database over the network (encrypted, staff sign-in required). Keep this app open while they work.',
    'Address of this computer',
    'Port',
    'Start serving',
    'The office server',
    'Not serving the office since this start',
    'Served again at every start of this app until you stop serving.',
  ),
};
