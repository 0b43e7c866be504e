import { Badge, Group, Text } from '@mantine/core';
import { IconArrowsExchange } from '@tabler/icons-react';
import type { DataTableColumn } from 'mantine-datatable';
import type { TicketRow } from '../../../../main/contract/tickets';
import { TicketPriorityBadge, TicketStatusBadge, typeLabel } from './ticketBadges';
import { t } from '../../i18n';
import { formatDate } from '../../format';

// The columns the tickets inbox and a customer's Tickets tab both show, so a ticket reads the same in both lists.

/** A function: the titles are read when a table is drawn, in the language of the moment. */
export const ticketColumns = () => ({
  id: { accessor: 'id', title: '#', width: 60 },
  subject: {
    accessor: 'subject',
    title: t('Subject'),
    render: (r) => (
      <Group gap={6} wrap="nowrap">
        <a href={`#/tickets/${r.id}`} onClick={(e) => e.stopPropagation()} style={{ color: 'inherit', fontWeight: 500, textDecoration: 'none' }}>
          {r.subject}
        </a>
        {/* Where the ticket came from, said only when it is the portal (most are opened by staff). */}
        {r.source === 'portal' && (
          <Badge size="xs" variant="outline" style={{ flexShrink: 0 }}>
            {t('Portal')}
          </Badge>
        )}
        {r.planChange && (
          <Badge size="xs" variant="light" style={{ flexShrink: 0 }} color={r.planChangeApplied ? 'green' : 'grape'} leftSection={<IconArrowsExchange size={10} />}>
            {r.planChangeApplied ? t('Plan change applied') : t('Plan change')}
          </Badge>
        )}
      </Group>
    ),
  },
  status: { accessor: 'status', title: t('Status'), noWrap: true, render: (r) => <TicketStatusBadge status={r.status} /> },
  priority: { accessor: 'priority', title: t('Priority'), render: (r) => <TicketPriorityBadge priority={r.priority} /> },
  type: { accessor: 'type', title: t('Type'), render: (r) => typeLabel(r.type) },
  assignedTo: { accessor: 'assignedTo', title: t('Assigned to'), render: (r) => r.assignedTo ?? <Text size="sm" c="dimmed">—</Text> },
  createdOn: { accessor: 'createdOn', render: (r) => formatDate(r.createdOn), title: t('Created'), noWrap: true },
}) satisfies Record<string, DataTableColumn<TicketRow>>;
