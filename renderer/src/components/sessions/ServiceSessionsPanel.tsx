import { Badge, Button, Group, Stack, Text } from '@mantine/core';
import { IconRefresh } from '@tabler/icons-react';
import { DataTable } from 'mantine-datatable';
import type { SessionRow } from '../../../../main/contract/sessions';
import { formatBytes } from '../../format';
import { useMutation, useQuery } from '../../hooks/useApi';
import { EmptyState, ErrorAlert, LoadingRows } from '../common';
import { OnlineBadge } from './OnlineBadge';
import { formatDuration, formatTime } from './time';
import { t } from '../../i18n';

/**
 * A service's RADIUS sessions (sessions.forService): online now or not, and the last sessions with their times,
 * address, router and bytes. "Read accounting now" imports what the RADIUS server recorded since the last minute.
 */
export function ServiceSessionsPanel({ serviceId }: { serviceId: number }) {
  const sessions = useQuery('sessions.forService', { serviceId, limit: 10 });
  const [importNow, importing] = useMutation('sessions.import');
  // what the import read reaches this panel, the traffic graph and the online marks by push ('network')
  const refresh = () => importNow({});
  const online = sessions.data?.online;
  return (
    <Stack gap={6} data-testid="service-sessions">
      <Group justify="space-between">
        <Group gap="xs">
          <Text fw={600} size="sm">
            {t('Sessions')}
          </Text>
          {sessions.data &&
            (online ? (
              <OnlineBadge session={{ since: online.start, framedIp: online.framedIp, lastUpdate: online.lastUpdate }} />
            ) : (
              <Badge size="xs" color="gray" variant="dot">
                {t('Offline')}
              </Badge>
            ))}
        </Group>
        <Button size="compact-xs" variant="subtle" leftSection={<IconRefresh size={12} />} loading={importing.busy} onClick={() => void refresh()}>
          {t('Read accounting now')}
        </Button>
      </Group>
      <ErrorAlert error={importing.error} title={t('Cannot read RADIUS accounting')} />
      {sessions.error ? (
        <ErrorAlert error={sessions.error} title={t('Cannot load sessions')} />
      ) : !sessions.data ? (
        <LoadingRows rows={3} />
      ) : sessions.data.sessions.length === 0 ? (
        <EmptyState text={t('No RADIUS session recorded for this service')} />
      ) : (
        <DataTable<SessionRow>
          aria-label={t('Last sessions')}
          withTableBorder={false}
          striped
          verticalSpacing={2}
          fz="xs"
          records={sessions.data.sessions}
          columns={[
            { accessor: 'start', title: t('Start'), noWrap: true, render: (s) => formatTime(s.start) },
            {
              accessor: 'stop',
              title: t('Stop'),
              noWrap: true,
              render: (s) => (s.stop === null ? <OnlineBadge /> : `${formatTime(s.stop)}${s.closedAs === 'stale' ? ` ${t('(stale)')}` : ''}`),
            },
            { accessor: 'durationSeconds', title: t('Duration'), noWrap: true, render: (s) => formatDuration(s.durationSeconds) },
            { accessor: 'framedIp', title: t('IP'), render: (s) => s.framedIp || '—' },
            { accessor: 'nasIp', title: t('Router'), render: (s) => s.nasIp || '—' },
            { accessor: 'outputOctets', title: t('Download'), textAlign: 'right', render: (s) => <span title={t('{{count}} bytes', { count: s.outputOctets })}>{formatBytes(s.outputOctets)}</span> },
            { accessor: 'inputOctets', title: t('Upload'), textAlign: 'right', render: (s) => <span title={t('{{count}} bytes', { count: s.inputOctets })}>{formatBytes(s.inputOctets)}</span> },
          ]}
        />
      )}
    </Stack>
  );
}
