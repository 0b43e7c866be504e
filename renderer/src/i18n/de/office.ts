import type { office as en } from '../en/office';

export const office: Record<keyof typeof en, string> = {
  'Serve this database to the office': 'Diese Datenbank im Büro bereitstellen',
  'Serving this database to the office is available in the desktop app only (or on a server computer with npm run serve).':
    'Die Bereitstellung im Büro gibt es nur in der Desktop-App (oder auf einem Server-Rechner mit npm run serve).',
  'Stop serving this database?': 'Bereitstellung dieser Datenbank beenden?',
  'The other PCs of the office lose their connection until you start serving again.': 'Die anderen PCs im Büro verlieren die Verbindung, bis Sie die Bereitstellung wieder starten.',
  'Stop serving': 'Bereitstellung beenden',
  'Serving to the office': 'Im Büro bereitgestellt',
  'On another PC, choose "Connect to an office server" and give this address:': 'Wählen Sie auf einem anderen PC „Mit einem Büro-Server verbinden“ und geben Sie diese Adresse ein:',
  'Check that the fingerprint the other PC shows is exactly this one before confirming it:':
    'Prüfen Sie, dass der Fingerabdruck, den der andere PC zeigt, genau dieser ist, bevor Sie ihn bestätigen:',
  'Other PCs of the office can work on this database over the network (encrypted, staff sign-in required). Keep this app open while they work.':
    'Andere PCs im Büro können über das Netzwerk mit dieser Datenbank arbeiten (verschlüsselt, Anmeldung der Mitarbeiter erforderlich). Lassen Sie diese App geöffnet, solange sie arbeiten.',
  'Address of this computer': 'Adresse dieses Computers',
  'Port': 'Port',
  'Start serving': 'Bereitstellung starten',
  'The office server': 'Der Büro-Server',
  'Not serving the office since this start': 'Seit diesem Start nicht für das Büro bereitgestellt',
  'Served again at every start of this app until you stop serving.': 'Wird bei jedem Start dieser App wieder bereitgestellt, bis Sie die Bereitstellung beenden.',
};
