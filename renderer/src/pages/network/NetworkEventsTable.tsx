import { Badge, Group, Select, Stack, Text, Tooltip } from '@mantine/core';
import { DataTable } from 'mantine-datatable';
import { useState } from 'react';
import type { NetworkAnswerSummary, NetworkEvent, NetworkEventStatus } from '../../../../main/contract/network';
import { EmptyState, ErrorAlert } from '../../components/common';
import { useQuery } from '../../hooks/useApi';
import { t, tk, type CatalogueKey } from '../../i18n';
import { pagerTexts } from '../../i18n/tableTexts';

// The network log: each request to a router queued when a login's answer changed (a Disconnect-Request, or a
// CoA-Request for a speed change alone), with what it was told before and after and what the router said. Used whole (Config → Network) and per service (the service's Network panel).

const STATUS: Record<NetworkEventStatus, { label: CatalogueKey; color: string; hint: CatalogueKey }> = {
  pending: { label: 'Waiting', color: 'yellow', hint: 'queued or sent without an answer yet; retried with backoff' },
  acked: { label: 'ACK', color: 'green', hint: 'the router disconnected the session' },
  nakked: { label: 'NAK', color: 'orange', hint: 'the router refused (often: no session of that login was online)' },
  noRouter: { label: 'Not sent', color: 'gray', hint: 'the service has no router with a NAS IP and a secret' },
  training: { label: 'Training', color: 'grape', hint: 'a demo database never sends to routers' },
};

export function summaryText(s: NetworkAnswerSummary): string {
  const attrs = Object.entries(s.attributes).map(([k, v]) => `${k} ${v}`);
  return `${s.result}${attrs.length ? `: ${attrs.join(', ')}` : ''}`;
}

const PAGE_SIZE = 20;

export function NetworkEventsTable({ filter }: { filter: { serviceId?: number; customerId?: number } }) {
  const [page, setPage] = useState(1);
  const [status, setStatus] = useState<'all' | NetworkEventStatus>('all');
  const events = useQuery('network.events', { ...filter, status, page, pageSize: PAGE_SIZE }, { keepPrevious: true });
  if (events.error) return <ErrorAlert error={events.error} title={t('Cannot load the network log')} />;
  return (
    <Stack gap={6}>
      <Group justify="flex-end">
        <Select
          size="xs"
          w={180}
          aria-label={t('Status')}
          value={status}
          allowDeselect={false}
          onChange={(v) => {
            setStatus((v ?? 'all') as typeof status);
            setPage(1);
          }}
          data={[{ value: 'all', label: t('Every status') }, ...Object.entries(STATUS).map(([value, s]) => ({ value, label: tk(s.label) }))]}
        />
      </Group>
      <DataTable<NetworkEvent>
        aria-label={t('Requests to routers')}
        withTableBorder
        striped
        verticalSpacing={4}
        fz="sm"
        minHeight={events.data?.rows.length ? undefined : 140}
        fetching={events.loading}
        records={events.data?.rows ?? []}
        totalRecords={events.data?.total ?? 0}
        recordsPerPage={PAGE_SIZE}
        page={page}
        onPageChange={setPage}
        paginationText={pagerTexts().paginationText}
        emptyState={events.loading ? <span /> : <EmptyState text={t('No request to a router yet: no online login\'s answer has changed')} />}
        columns={[
          { accessor: 'createdAt', title: t('Queued (UTC)'), width: 150, render: (e) => e.createdAt.replace('T', ' ').slice(0, 19) },
          { accessor: 'login', title: t('Login'), width: 110 },
          { accessor: 'routerTitle', title: t('Router'), width: 110, render: (e) => e.routerTitle ?? '—' },
          {
            accessor: 'change',
            title: t('Answer before → now'),
            render: (e) => (
              <Text size="xs">
                {summaryText(e.before)} → <b>{summaryText(e.after)}</b>
              </Text>
            ),
          },
          {
            accessor: 'status',
            title: t('Router said'),
            width: 120,
            render: (e) => (
              <Tooltip
                label={`${tk(e.request === 'coa' && e.status === 'acked' && !e.lastError ? 'the router changed the online session\'s speed in place' : STATUS[e.status].hint)}${e.lastError ? ` — ${e.lastError}` : ''}${e.attempts ? ` (${t('{{count}} attempts', { count: e.attempts })})` : ''}`}
                withinPortal
                multiline
                w={260}
              >
                <Group gap={4} wrap="nowrap">
                  <Badge color={STATUS[e.status].color} variant="light">
                    {tk(STATUS[e.status].label)}
                  </Badge>
                  {e.request === 'coa' && (
                    <Badge color="blue" variant="outline" size="xs" title={t('CoA')}>
                      {t('CoA')}
                    </Badge>
                  )}
                </Group>
              </Tooltip>
            ),
          },
        ]}
      />
    </Stack>
  );
}
