import { Alert, Autocomplete, Button, Code, Group, NumberInput, Stack, Text, Title } from '@mantine/core';
import { modals } from '@mantine/modals';
import { IconBuildingBroadcastTower, IconPlayerStop } from '@tabler/icons-react';
import { useCallback, useEffect, useState } from 'react';
import type { AppErrorData } from '../../../../main/contract/errors';
import { OFFICE_SERVING_CALLS, type OfficeServingStatus } from '../../../../main/contract/officeServing';
import { useAuth } from '../../auth/AuthGate';
import { ErrorAlert } from '../../components/common';
import { t } from '../../i18n';
import { api } from '../../transport';

// Config → System, "Serve this database to the office" (issue 20 item 3): an administrator starts the office server
// in the desktop app (HTTPS, sign-in always on), and reads here the address and the certificate fingerprint the other
// PCs (seats) confirm when they first connect. In a browser there is no such host: the section says so.

export function OfficeServingSection() {
  const { staff, required } = useAuth();
  const administrator = !required || staff?.role === 'administrator';
  if (!administrator) return null;
  return (
    <Stack gap="xs" data-testid="office-serving">
      <Title order={3} size="h5">
        {t('Serve this database to the office')}
      </Title>
      {api.kind === 'electron' ? (
        <ServingControls />
      ) : (
        <Text size="sm" c="dimmed">
          {t('Serving this database to the office is available in the desktop app only (or on a server computer with npm run serve).')}
        </Text>
      )}
    </Stack>
  );
}

function ServingControls() {
  const [status, setStatus] = useState<OfficeServingStatus | null>(null);
  const [error, setError] = useState<AppErrorData | null>(null);
  const [busy, setBusy] = useState(false);
  const [host, setHost] = useState('');
  const [port, setPort] = useState<number | string>('');

  const run = useCallback(async (call: (typeof OFFICE_SERVING_CALLS)[keyof typeof OFFICE_SERVING_CALLS], input: unknown = {}) => {
    setBusy(true);
    const res = await api.host(call, input);
    setBusy(false);
    if (!res.ok) return setError(res.error);
    setError(null);
    const next = res.data as OfficeServingStatus;
    setStatus(next);
    setHost((h) => h || next.addresses[0] || '');
    setPort((p) => (p === '' ? next.defaultPort : p));
  }, []);

  useEffect(() => void run(OFFICE_SERVING_CALLS.status), [run]);

  if (!status) return error ? <ErrorAlert error={error} /> : <Text size="sm">{t('Loading')}</Text>;
  const serving = status.serving;
  const confirmStop = () =>
    modals.openConfirmModal({
      title: t('Stop serving this database?'),
      children: <Text size="sm">{t('The other PCs of the office lose their connection until you start serving again.')}</Text>,
      labels: { confirm: t('Stop serving'), cancel: t('Cancel') },
      confirmProps: { color: 'red' },
      onConfirm: () => void run(OFFICE_SERVING_CALLS.stop),
    });
  return (
    <Stack gap="xs" maw={900}>
      {serving ? (
        <Alert color="green" variant="light" icon={<IconBuildingBroadcastTower size={16} />} title={t('Serving to the office')}>
          <Stack gap={4}>
            <Text size="sm">{t('On another PC, choose "Connect to an office server" and give this address:')}</Text>
            <Text size="xs" c="dimmed">
              {t('Served again at every start of this app until you stop serving.')}
            </Text>
            <Code data-testid="office-url">{serving.url}</Code>
            <Text size="sm">{t('Check that the fingerprint the other PC shows is exactly this one before confirming it:')}</Text>
            <Code block data-testid="office-fingerprint" style={{ wordBreak: 'break-all' }}>
              {serving.fingerprint}
            </Code>
            <Group>
              <Button size="xs" color="red" variant="light" leftSection={<IconPlayerStop size={14} />} loading={busy} onClick={confirmStop}>
                {t('Stop serving')}
              </Button>
            </Group>
          </Stack>
        </Alert>
      ) : (
        <>
          <Text size="sm">
            {t('Other PCs of the office can work on this database over the network (encrypted, staff sign-in required). Keep this app open while they work.')}
          </Text>
          {status.resumeProblem && (
            <Alert color="orange" variant="light" title={t('Not serving the office since this start')}>
              {status.resumeProblem}
            </Alert>
          )}
          <Group align="flex-end">
            <Autocomplete label={t('Address of this computer')} data={status.addresses} value={host} onChange={setHost} w={220} />
            <NumberInput label={t('Port')} value={port} onChange={setPort} min={1} max={65535} allowDecimal={false} w={120} />
            <Button size="sm" leftSection={<IconBuildingBroadcastTower size={14} />} loading={busy} onClick={() => void run(OFFICE_SERVING_CALLS.start, { host: host.trim(), port: Number(port) })}>
              {t('Start serving')}
            </Button>
          </Group>
        </>
      )}
      <ErrorAlert error={error} title={t('The office server')} />
    </Stack>
  );
}
