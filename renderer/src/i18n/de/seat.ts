import type { seat as en } from '../en/seat';

export const seat: Record<keyof typeof en, string> = {
  'Where is this workstation’s data?': 'Wo liegen die Daten dieses Arbeitsplatzes?',
  'The seat settings could not be read': 'Die Arbeitsplatz-Einstellungen konnten nicht gelesen werden',
  'Use a database on this computer': 'Eine Datenbank auf diesem Computer verwenden',
  'This computer keeps the ISP’s data: a single workstation, or the computer that serves the office.':
    'Dieser Computer hält die Daten des Providers: ein einzelner Arbeitsplatz oder der Computer, der das Büro bedient.',
  'Connect to an office server': 'Mit einem Büro-Server verbinden',
  'Another computer in the office serves the data; this workstation works on it over the network.':
    'Ein anderer Computer im Büro stellt die Daten bereit; dieser Arbeitsplatz arbeitet über das Netzwerk damit.',
  'The office server {{name}} answers at {{url}} (version {{version}}).': 'Der Büro-Server {{name}} antwortet unter {{url}} (Version {{version}}).',
  'Its certificate fingerprint (SHA-256):': 'Fingerabdruck seines Zertifikats (SHA-256):',
  'Compare it with the fingerprint shown on the office server. Connect only if they are the same: this workstation will then refuse any other certificate.':
    'Vergleichen Sie ihn mit dem Fingerabdruck, den der Büro-Server anzeigt. Verbinden Sie nur, wenn beide gleich sind: Dieser Arbeitsplatz lehnt dann jedes andere Zertifikat ab.',
  'The fingerprints match — connect': 'Die Fingerabdrücke stimmen überein — verbinden',
  'Office server address': 'Adresse des Büro-Servers',
  'As the office server shows it, for example 192.168.1.5:8443': 'Wie der Büro-Server sie anzeigt, zum Beispiel 192.168.1.5:8443',
  'Look up the server': 'Server abfragen',
  'Read-only: the office server’s latest backup': 'Nur lesen: die neueste Sicherung des Büro-Servers',
  'The office server’s certificate has changed': 'Das Zertifikat des Büro-Servers hat sich geändert',
  'The office server {{server}} does not answer — retrying': 'Der Büro-Server {{server}} antwortet nicht — neuer Versuch läuft',
  'You are looking at the backup of {{time}}: every change is refused. Work done since then is not in it.':
    'Sie sehen die Sicherung vom {{time}}: Jede Änderung wird abgelehnt. Was seitdem erfasst wurde, fehlt darin.',
  'The office server answers again.': 'Der Büro-Server antwortet wieder.',
  'Changes cannot be saved until it answers. Nothing you saved before is lost.':
    'Bis er antwortet, können keine Änderungen gespeichert werden. Bereits Gespeichertes geht nicht verloren.',
  'Back to the office server': 'Zurück zum Büro-Server',
  'Open the latest backup (read-only)': 'Neueste Sicherung öffnen (nur lesen)',
  'No backup copy on this workstation yet.': 'Auf diesem Arbeitsplatz liegt noch keine Sicherungskopie.',
  'Updating the database': 'Die Datenbank wird aktualisiert',
  'This version of ISP Back Office brings the database up to date (schema {{from}} → {{to}}). With years of history this can take several minutes; please keep the window open. The back office opens by itself when it is done.':
    'Diese Version von ISP Back Office bringt die Datenbank auf den neuen Stand (Schema {{from}} → {{to}}). Mit Jahren an Daten kann das einige Minuten dauern; bitte lassen Sie das Fenster offen. Das Back Office öffnet sich danach von selbst.',
  'Keeping a copy of the database as it was before the update…': 'Eine Kopie der Datenbank vor dem Update wird gesichert…',
  'Step {{step}} of {{steps}}': 'Schritt {{step}} von {{steps}}',
  'Measuring the new indexes…': 'Die neuen Indizes werden vermessen…',
  'Starting…': 'Wird gestartet…',
};
