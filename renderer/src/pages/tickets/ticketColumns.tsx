import { Badge, Group, Text } from '@mantine/core';
import { IconArrowsExchange } from '@tabler/icons-react';
import type { DataTableColumn } from 'mantine-datatable';
import type { TicketRow } from '../../../../main/contract/tickets';
import { TicketPriorityBadge, TicketStatusBadge, typeLabel } from './ticketBadges';

// The columns the tickets inbox and a customer's Tickets tab both show, so a ticket reads the same in both lists.

export const TICKET_COLUMNS = {
  id: { accessor: 'id', title: '#', width: 60 },
  subject: {
    accessor: 'subject',
    title: 'Subject',
    render: (r) => (
      <Group gap={6} wrap="nowrap">
        <a href={`#/tickets/${r.id}`} onClick={(e) => e.stopPropagation()} style={{ color: 'inherit', fontWeight: 500, textDecoration: 'none' }}>
          {r.subject}
        </a>
        {r.planChange && (
          <Badge size="xs" variant="light" style={{ flexShrink: 0 }} color={r.planChangeApplied ? 'green' : 'grape'} leftSection={<IconArrowsExchange size={10} />}>
            {r.planChangeApplied ? 'Plan change applied' : 'Plan change'}
          </Badge>
        )}
      </Group>
    ),
  },
  status: { accessor: 'status', title: 'Status', noWrap: true, render: (r) => <TicketStatusBadge status={r.status} /> },
  priority: { accessor: 'priority', title: 'Priority', render: (r) => <TicketPriorityBadge priority={r.priority} /> },
  type: { accessor: 'type', title: 'Type', render: (r) => typeLabel(r.type) },
  assignedTo: { accessor: 'assignedTo', title: 'Assigned to', render: (r) => r.assignedTo ?? <Text size="sm" c="dimmed">—</Text> },
  createdOn: { accessor: 'createdOn', title: 'Created', noWrap: true },
} satisfies Record<string, DataTableColumn<TicketRow>>;
