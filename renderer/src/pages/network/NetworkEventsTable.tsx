import { Badge, Group, Select, Stack, Text, Tooltip } from '@mantine/core';
import { DataTable } from 'mantine-datatable';
import { useState } from 'react';
import type { NetworkAnswerSummary, NetworkEvent, NetworkEventStatus } from '../../../../main/contract/network';
import { EmptyState, ErrorAlert } from '../../components/common';
import { useQuery } from '../../hooks/useApi';

// The network log: each Disconnect-Request queued when a login's answer changed, with what it was told before and
// after and what the router said. Used whole (Config → Network) and per service (the service's Network panel).

const STATUS: Record<NetworkEventStatus, { label: string; color: string; hint: string }> = {
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
  if (events.error) return <ErrorAlert error={events.error} title="Cannot load the network log" />;
  return (
    <Stack gap={6}>
      <Group justify="flex-end">
        <Select
          size="xs"
          w={180}
          aria-label="Status"
          value={status}
          allowDeselect={false}
          onChange={(v) => {
            setStatus((v ?? 'all') as typeof status);
            setPage(1);
          }}
          data={[{ value: 'all', label: 'Every status' }, ...Object.entries(STATUS).map(([value, s]) => ({ value, label: s.label }))]}
        />
      </Group>
      <DataTable<NetworkEvent>
        aria-label="Disconnect-Requests"
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
        emptyState={events.loading ? <span /> : <EmptyState text="No Disconnect-Request yet: no online login's answer has changed" />}
        columns={[
          { accessor: 'createdAt', title: 'Queued (UTC)', width: 150, render: (e) => e.createdAt.replace('T', ' ').slice(0, 19) },
          { accessor: 'login', title: 'Login', width: 110 },
          { accessor: 'routerTitle', title: 'Router', width: 110, render: (e) => e.routerTitle ?? '—' },
          {
            accessor: 'change',
            title: 'Answer before → now',
            render: (e) => (
              <Text size="xs">
                {summaryText(e.before)} → <b>{summaryText(e.after)}</b>
              </Text>
            ),
          },
          {
            accessor: 'status',
            title: 'Router said',
            width: 120,
            render: (e) => (
              <Tooltip label={`${STATUS[e.status].hint}${e.lastError ? ` — ${e.lastError}` : ''}${e.attempts ? ` (${e.attempts} attempt${e.attempts > 1 ? 's' : ''})` : ''}`} withinPortal multiline w={260}>
                <Badge color={STATUS[e.status].color} variant="light">
                  {STATUS[e.status].label}
                </Badge>
              </Tooltip>
            ),
          },
        ]}
      />
    </Stack>
  );
}
