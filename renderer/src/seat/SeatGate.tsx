import { Alert, Button, Center, Code, Group, Loader, Modal, Progress, Stack, Text, TextInput, UnstyledButton } from '@mantine/core';
import { IconBuildingSkyscraper, IconDatabase } from '@tabler/icons-react';
import { useCallback, useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { AppErrorData } from '../../../main/contract/errors';
import { SEAT_CALLS, type SeatProbe, type SeatStatus } from '../../../main/contract/seat';
import { formatDateTime } from '../format';
import { t } from '../i18n';
import { errorText, fieldMessages } from '../i18n/errors';
import { api } from '../transport';
import { GateFrame } from '../components/GateFrame';
import { firstSeatStatus } from '../earlyCalls';

// Where this workstation's data is (issue 20 item 4). Before anything calls the back end the host is asked
// (host.seat.status): nothing chosen yet → the first-start choice; a seat of an office server → the app, with a
// banner while the server does not answer ("… retrying", the latest backup read-only). A host without seats (the
// plain browser harness) answers UNKNOWN_CHANNEL: the app as always.

/** How often the host's connection state is asked (it answers from memory: no network behind it). */
const POLL_ONLINE_MS = 4000;
const POLL_OFFLINE_MS = 1000;
/** While this computer's database is upgraded (the host answers from memory). */
const POLL_UPGRADE_MS = 1000;

async function seatStatus(first = false): Promise<SeatStatus | null> {
  const res = await (first ? firstSeatStatus() : api.seat(SEAT_CALLS.status));
  return res.ok ? (res.data as SeatStatus) : null;
}

export function SeatGate({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<SeatStatus | null | undefined>(undefined);
  const refresh = useCallback(async () => setStatus(await seatStatus()), []);
  // the first answer may be the one sent while the page was drawn (earlyCalls.ts)
  useEffect(() => void seatStatus(true).then(setStatus), []);
  const mode = status?.mode;
  const offline = status?.connection?.state === 'offline';
  const upgrading = Boolean(status?.upgrading);
  useEffect(() => {
    if (mode !== 'office' && mode !== 'backup' && !upgrading) return;
    const timer = setInterval(() => void refresh(), upgrading ? POLL_UPGRADE_MS : offline || mode === 'backup' ? POLL_OFFLINE_MS : POLL_ONLINE_MS);
    return () => clearInterval(timer);
  }, [mode, offline, upgrading, refresh]);

  if (status === undefined) return <Center h="100vh"><Loader aria-label={t('Loading')} /></Center>;
  if (status?.mode === 'choose') return <ChooseSeat problem={status.problem} onDone={setStatus} />;
  if (status?.upgrading) return <Upgrading upgrade={status.upgrading} />;
  return (
    <>
      {/* the back office redraws from scratch when it moves between the office server and the backup copy */}
      <div key={mode === 'backup' ? 'backup' : 'live'} style={{ display: 'contents' }}>
        {children}
      </div>
      {status && (mode === 'backup' || offline) && <OfficeBanner status={status} onChange={setStatus} />}
    </>
  );
}

/**
 * The first start after an update upgrades this computer's database: with years of history that takes minutes (the
 * copy kept before it, indexes built over every invoice). Said, with the step, so nobody closes a window that looks
 * stuck; the back office opens by itself when it is done.
 */
function Upgrading({ upgrade }: { upgrade: NonNullable<SeatStatus['upgrading']> }) {
  const what =
    upgrade.phase === 'backup'
      ? t('Keeping a copy of the database as it was before the update…')
      : upgrade.phase === 'migrating'
        ? t('Step {{step}} of {{steps}}', { step: upgrade.step, steps: upgrade.steps })
        : upgrade.phase === 'statistics'
          ? t('Measuring the new indexes…')
          : t('Starting…');
  const done = upgrade.phase === 'statistics' ? 1 : upgrade.phase === 'migrating' ? (upgrade.step - 1) / Math.max(1, upgrade.steps) : 0;
  return (
    <GateFrame width={520} title={t('Updating the database')}>
      <Text size="sm">{t('This version of ISP Back Office brings the database up to date (schema {{from}} → {{to}}). With years of history this can take several minutes; please keep the window open. The back office opens by itself when it is done.', { from: upgrade.from, to: upgrade.to })}</Text>
      {/* a sliver while nothing is measured yet: a moving bar says it works */}
      <Progress value={Math.max(5, Math.round(done * 100))} animated aria-label={t('Updating the database')} />
      <Text size="sm" c="dimmed" role="status">
        {what}
      </Text>
    </GateFrame>
  );
}

function Choice({ icon, title, text, onClick }: { icon: ReactNode; title: string; text: string; onClick: () => void }) {
  return (
    <UnstyledButton onClick={onClick} p="md" style={{ border: '1px solid var(--mantine-color-default-border)', borderRadius: 'var(--mantine-radius-md)' }}>
      <Group wrap="nowrap" align="flex-start">
        {icon}
        <div>
          <Text fw={600}>{title}</Text>
          <Text size="sm" c="dimmed">
            {text}
          </Text>
        </div>
      </Group>
    </UnstyledButton>
  );
}

/** First start: a database on this computer, or a seat of an office server. */
function ChooseSeat({ problem, onDone }: { problem?: string; onDone: (s: SeatStatus) => void }) {
  const [connecting, setConnecting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const useLocal = async () => {
    const res = await api.seat(SEAT_CALLS.useLocal);
    if (res.ok) onDone(res.data as SeatStatus);
    else setError(errorText(res.error));
  };
  if (connecting)
    return (
      <GateFrame width={520} title={t('Connect to an office server')}>
        <ConnectOffice onDone={onDone} onBack={() => setConnecting(false)} />
      </GateFrame>
    );
  return (
    <GateFrame width={520} title={t('Where is this workstation’s data?')}>
      {problem && (
        <Alert color="orange" title={t('The seat settings could not be read')}>
          {problem}
        </Alert>
      )}
      <Choice
        icon={<IconDatabase size={28} stroke={1.5} />}
        title={t('Use a database on this computer')}
        text={t('This computer keeps the ISP’s data: a single workstation, or the computer that serves the office.')}
        onClick={() => void useLocal()}
      />
      <Choice
        icon={<IconBuildingSkyscraper size={28} stroke={1.5} />}
        title={t('Connect to an office server')}
        text={t('Another computer in the office serves the data; this workstation works on it over the network.')}
        onClick={() => setConnecting(true)}
      />
      {error && <Alert color="red">{error}</Alert>}
    </GateFrame>
  );
}

/** Address → probe → the server's name and certificate fingerprint, confirmed by the person → saved and connected. */
export function ConnectOffice({ onDone, onBack }: { onDone: (s: SeatStatus) => void; onBack: () => void }) {
  const [address, setAddress] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppErrorData | null>(null);
  const [probe, setProbe] = useState<SeatProbe | null>(null);
  const lookUp = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const res = await api.seat(SEAT_CALLS.probe, { address });
    setBusy(false);
    if (res.ok) setProbe(res.data as SeatProbe);
    else setError(res.error);
  };
  const connect = async () => {
    if (!probe) return;
    setBusy(true);
    setError(null);
    const res = await api.seat(SEAT_CALLS.connect, { url: probe.url, fingerprint: probe.fingerprint, name: probe.name });
    setBusy(false);
    if (res.ok) onDone(res.data as SeatStatus);
    else setError(res.error);
  };
  if (probe)
    return (
      <Stack gap="sm">
        <Text size="sm">{t('The office server {{name}} answers at {{url}} (version {{version}}).', { name: probe.name, url: probe.url, version: probe.version })}</Text>
        <Text size="sm" fw={600}>
          {t('Its certificate fingerprint (SHA-256):')}
        </Text>
        <Code block data-testid="seat-fingerprint" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
          {probe.fingerprint}
        </Code>
        <Text size="sm">
          {t('Compare it with the fingerprint shown on the office server. Connect only if they are the same: this workstation will then refuse any other certificate.')}
        </Text>
        {error && <Alert color="red">{errorText(error)}</Alert>}
        <Group justify="flex-end">
          <Button variant="default" onClick={() => setProbe(null)}>
            {t('Back')}
          </Button>
          <Button onClick={() => void connect()} loading={busy}>
            {t('The fingerprints match — connect')}
          </Button>
        </Group>
      </Stack>
    );
  return (
    <form onSubmit={lookUp}>
      <Stack gap="sm">
        <TextInput
          label={t('Office server address')}
          description={t('As the office server shows it, for example 192.168.1.5:8443')}
          value={address}
          onChange={(e) => setAddress(e.currentTarget.value)}
          autoFocus
          error={fieldMessages(error?.fields).address}
        />
        {error && !error.fields?.address && <Alert color="red">{errorText(error)}</Alert>}
        <Group justify="flex-end">
          <Button variant="default" onClick={onBack}>
            {t('Back')}
          </Button>
          <Button type="submit" loading={busy}>
            {t('Look up the server')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The office server does not answer (the seat retries), or the latest backup is open read-only. */
function OfficeBanner({ status, onChange }: { status: SeatStatus; onChange: (s: SeatStatus) => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [reconnect, setReconnect] = useState(false);
  const alive = useRef(true);
  useEffect(() => () => void (alive.current = false), []);
  const hostCall = async (name: typeof SEAT_CALLS.openBackup | typeof SEAT_CALLS.closeBackup) => {
    setBusy(true);
    setError(null);
    const res = await api.seat(name);
    if (!alive.current) return;
    setBusy(false);
    if (res.ok) onChange(res.data as SeatStatus);
    else setError(errorText(res.error));
  };
  const server = status.server ? `${status.server.name} (${new URL(status.server.url).host})` : '';
  const certificate = /certificate has changed/.test(status.connection?.message ?? '');
  const copy = status.backupCopy;
  return (
    <div style={{ position: 'fixed', left: 16, right: 16, bottom: 16, zIndex: 300, display: 'flex', justifyContent: 'center', pointerEvents: 'none' }}>
      <Alert
        role="alert"
        data-testid="office-banner"
        color={status.mode === 'backup' ? 'blue' : 'orange'}
        title={
          status.mode === 'backup'
            ? t('Read-only: the office server’s latest backup')
            : certificate
              ? t('The office server’s certificate has changed')
              : t('The office server {{server}} does not answer — retrying', { server })
        }
        style={{ maxWidth: 720, width: '100%', pointerEvents: 'auto', boxShadow: 'var(--mantine-shadow-md)' }}
      >
        <Stack gap="xs">
          {status.mode === 'backup' ? (
            <Text size="sm">
              {t('You are looking at the backup of {{time}}: every change is refused. Work done since then is not in it.', { time: copy ? formatDateTime(copy.takenAt) : '—' })}
              {status.connection?.state === 'online' ? ` ${t('The office server answers again.')}` : ''}
            </Text>
          ) : (
            <Text size="sm">{certificate ? status.connection?.message : t('Changes cannot be saved until it answers. Nothing you saved before is lost.')}</Text>
          )}
          {error && (
            <Text size="sm" c="red">
              {error}
            </Text>
          )}
          <Group gap="xs">
            {status.mode === 'backup' ? (
              <Button size="xs" loading={busy} onClick={() => void hostCall(SEAT_CALLS.closeBackup)}>
                {t('Back to the office server')}
              </Button>
            ) : (
              <Button size="xs" variant="white" loading={busy} disabled={!copy} onClick={() => void hostCall(SEAT_CALLS.openBackup)}>
                {t('Open the latest backup (read-only)')}
              </Button>
            )}
            {status.mode !== 'backup' && !copy && <Text size="xs">{t('No backup copy on this workstation yet.')}</Text>}
            {certificate && (
              <Button size="xs" variant="default" onClick={() => setReconnect(true)}>
                {t('Connect to an office server')}
              </Button>
            )}
          </Group>
        </Stack>
      </Alert>
      <Modal opened={reconnect} onClose={() => setReconnect(false)} title={t('Connect to an office server')}>
        <ConnectOffice
          onBack={() => setReconnect(false)}
          onDone={(s) => {
            setReconnect(false);
            onChange(s);
          }}
        />
      </Modal>
    </div>
  );
}
