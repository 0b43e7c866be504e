import { Button, Group, Select, SegmentedControl, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconPlus, IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import type { TicketCounts, TicketPriority, TicketRow, TicketStatus, TicketType } from '../../../../main/contract/tickets';
import { ErrorAlert, PageHeader } from '../../components/common';
import { ServerTable } from '../../components/ServerTable';
import { useQuery } from '../../hooks/useApi';
import { navigate, useRoute } from '../../router';
import { CustomerPicker } from './CustomerPicker';
import { NewTicketDialog } from './NewTicketDialog';
import { PRIORITY_OPTIONS, TYPE_OPTIONS } from './ticketBadges';
import { ticketColumns } from './ticketColumns';
import { TicketView } from './TicketView';
import { t, tk, type CatalogueKey } from '../../i18n';

// Staff → Tickets (splynx-rules §13): the inbox (filters by status, customer, type, priority, assignee and a
// search; paged on the server) and, at #/tickets/<id>, one ticket.

type StatusFilter = TicketStatus | 'open' | 'all';
const STATUS_SEGMENTS: { value: StatusFilter; label: CatalogueKey; count: keyof TicketCounts }[] = [
  { value: 'open', label: 'ticketFilter.open', count: 'open' },
  { value: 'new', label: 'New', count: 'new' },
  { value: 'workInProgress', label: 'Work in progress', count: 'workInProgress' },
  { value: 'waitingOnCustomer', label: 'Waiting on customer', count: 'waitingOnCustomer' },
  { value: 'waitingOnAgent', label: 'Waiting on agent', count: 'waitingOnAgent' },
  { value: 'resolved', label: 'Resolved', count: 'resolved' },
  { value: 'all', label: 'All', count: 'all' },
];

export function TicketsPage() {
  const route = useRoute();
  const id = route.segments[1];
  if (id && /^\d+$/.test(id)) return <TicketView key={id} ticketId={Number(id)} />;
  const customer = route.query.get('customer');
  return <TicketInbox initialCustomerId={customer && /^\d+$/.test(customer) ? customer : null} />;
}

function TicketInbox({ initialCustomerId }: { initialCustomerId: string | null }) {
  const [status, setStatus] = useState<StatusFilter>('open');
  const [customerId, setCustomerId] = useState<string | null>(initialCustomerId);
  const [type, setType] = useState<string | null>(null);
  const [priority, setPriority] = useState<string | null>(null);
  const [assignee, setAssignee] = useState<string | null>(null);
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 150);
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(25);
  const [creating, setCreating] = useState(false);
  const assignees = useQuery('tickets.assignees', {});

  const list = useQuery(
    'tickets.list',
    {
      page,
      pageSize,
      status,
      customerId: customerId ? Number(customerId) : null,
      type: (type as TicketType | null) ?? null,
      priority: (priority as TicketPriority | null) ?? null,
      assignee: assignee === null ? null : assignee === '__none__' ? '' : assignee,
      search: debounced.trim(),
    },
    { keepPrevious: true },
  );
  const counts = list.data?.counts;
  const C = ticketColumns();
  const reset = <T,>(set: (v: T) => void) => (v: T) => {
    set(v);
    setPage(1);
  };

  return (
    <>
      <PageHeader title={t('Tickets')}>
        <Button size="xs" leftSection={<IconPlus size={14} />} onClick={() => setCreating(true)}>
          {t('New ticket')}
        </Button>
      </PageHeader>
      <SegmentedControl
        size="xs"
        mb="xs"
        aria-label={t('Status')}
        value={status}
        onChange={(v) => reset(setStatus)(v as StatusFilter)}
        data={STATUS_SEGMENTS.map((s) => ({ value: s.value, label: counts ? `${tk(s.label)} (${counts[s.count]})` : tk(s.label) }))}
      />
      <Group gap="xs" mb="xs" align="flex-end">
        <TextInput
          label={t('Search')}
          size="xs"
          w={240}
          placeholder={t('Subject, customer, ticket number')}
          leftSection={<IconSearch size={14} />}
          type="search"
          value={search}
          onChange={(e) => reset(setSearch)(e.currentTarget.value)}
        />
        <CustomerPicker value={customerId} onChange={reset(setCustomerId)} w={220} />
        <Select label={t('Type')} size="xs" w={150} clearable placeholder={t('Any')} data={TYPE_OPTIONS()} value={type} onChange={reset(setType)} />
        <Select label={t('Priority')} size="xs" w={120} clearable placeholder={t('Any')} data={PRIORITY_OPTIONS()} value={priority} onChange={reset(setPriority)} />
        <Select
          label={t('Assigned to')}
          size="xs"
          w={160}
          clearable
          placeholder={t('Anyone')}
          data={[{ value: '__none__', label: t('Unassigned') }, ...(assignees.data ?? []).map((a) => ({ value: a, label: a }))]}
          value={assignee}
          onChange={reset(setAssignee)}
        />
      </Group>
      {list.error && <ErrorAlert error={list.error} title={t('Cannot load tickets')} />}
      <ServerTable<TicketRow>
        label={t('Tickets')}
        query={list}
        page={page}
        onPageChange={setPage}
        pageSize={pageSize}
        onPageSizeChange={setPageSize}
        onRowClick={(r) => navigate(`/tickets/${r.id}`)}
        emptyText={t('No tickets match the filters')}
        columns={[
          C.id,
          C.subject,
          {
            accessor: 'customerName',
            title: t('Customer'),
            render: (r) => (
              <a href={`#/customers/${r.customerId}`} onClick={(e) => e.stopPropagation()} style={{ color: 'inherit' }}>
                {r.customerName}
              </a>
            ),
          },
          C.status,
          C.priority,
          C.type,
          C.assignedTo,
          C.createdOn,
          { accessor: 'messageCount', title: t('Msgs'), width: 72, textAlign: 'right' },
        ]}
      />
      {creating && (
        <NewTicketDialog
          customerId={customerId ? Number(customerId) : null}
          onClose={() => setCreating(false)}
          onCreated={(t) => {
            setCreating(false);
            navigate(`/tickets/${t.id}`);
          }}
        />
      )}
    </>
  );
}
