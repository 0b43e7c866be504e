import { Anchor, Button, Card, Group, Text } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import type { TicketRow } from '../../../../main/contract/tickets';
import { ErrorAlert } from '../../components/common';
import { ServerTable } from '../../components/ServerTable';
import { useQuery } from '../../hooks/useApi';
import { navigate } from '../../router';
import { NewTicketDialog } from './NewTicketDialog';
import { ticketColumns } from './ticketColumns';
import { t } from '../../i18n';

/** Customer profile → Tickets: that customer's tickets (tickets.list with customerId, paged on the server). */
export function CustomerTicketsTab({ customerId }: { customerId: number }) {
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  const pageSize = 15;
  const list = useQuery('tickets.list', { page, pageSize, status: 'all', customerId, type: null, priority: null, assignee: null, search: '' }, { keepPrevious: true });
  const C = ticketColumns();
  return (
    <Card withBorder padding="sm">
      <Group justify="space-between" mb="xs">
        <Text fw={600} size="sm">
          {t('Tickets')}
          {list.data ? ` (${list.data.total})` : ''}
        </Text>
        <Group gap="xs">
          <Anchor size="xs" href={`#/tickets?customer=${customerId}`}>
            {t('Open in the inbox')}
          </Anchor>
          <Button size="xs" variant="light" leftSection={<IconPlus size={14} />} onClick={() => setCreating(true)}>
            {t('New ticket')}
          </Button>
        </Group>
      </Group>
      {list.error && <ErrorAlert error={list.error} title={t('Cannot load tickets')} />}
      <ServerTable<TicketRow>
        label={t('Customer tickets')}
        query={list}
        page={page}
        onPageChange={setPage}
        pageSize={pageSize}
        onRowClick={(r) => navigate(`/tickets/${r.id}`)}
        emptyText={t('No tickets yet')}
        emptyMinHeight={150}
        columns={[C.id, C.subject, C.status, C.priority, C.type, C.assignedTo, C.createdOn]}
      />
      {creating && (
        <NewTicketDialog
          customerId={customerId}
          onClose={() => setCreating(false)}
          onCreated={(t) => {
            setCreating(false);
            navigate(`/tickets/${t.id}`);
          }}
        />
      )}
    </Card>
  );
}
