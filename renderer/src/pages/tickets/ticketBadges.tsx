import { Badge, Card, Group, Stack, Text } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import {
  type TicketMessage,
  type TicketPriority,
  type TicketStatus,
  type TicketType,
} from '../../../../main/contract/tickets';
import { formatDate, labels } from '../../format';
import { t } from '../../i18n';

// the contract's TICKET_*_LABELS, in the staff member's (or the portal customer's) language
const TICKET_STATUS_LABELS = labels<TicketStatus>({
  new: 'New',
  workInProgress: 'Work in progress',
  resolved: 'Resolved',
  waitingOnCustomer: 'Waiting on customer',
  waitingOnAgent: 'Waiting on agent',
});
const TICKET_TYPE_LABELS = labels<TicketType>({ question: 'Question', incident: 'Incident', problem: 'Problem', featureRequest: 'Feature request', lead: 'Lead' });
const TICKET_PRIORITY_LABELS = labels<TicketPriority>({ low: 'Low', medium: 'Medium', high: 'High', urgent: 'Urgent' });

// Ticket status / priority badges and the message thread, shared by the staff ticket view and the portal.

export const TICKET_STATUS_COLOR: Record<TicketStatus, string> = {
  new: 'blue',
  workInProgress: 'violet',
  resolved: 'green',
  waitingOnCustomer: 'orange',
  waitingOnAgent: 'red',
};
const PRIORITY_COLOR: Record<TicketPriority, string> = { low: 'gray', medium: 'blue', high: 'orange', urgent: 'red' };

// functions: the labels are read when a select is drawn, in the language of the moment
export const STATUS_OPTIONS = () => (Object.keys(TICKET_STATUS_LABELS) as TicketStatus[]).map((v) => ({ value: v, label: TICKET_STATUS_LABELS[v] }));
export const TYPE_OPTIONS = () => (Object.keys(TICKET_TYPE_LABELS) as TicketType[]).map((v) => ({ value: v, label: TICKET_TYPE_LABELS[v] }));
export const PRIORITY_OPTIONS = () => (Object.keys(TICKET_PRIORITY_LABELS) as TicketPriority[]).map((v) => ({ value: v, label: TICKET_PRIORITY_LABELS[v] }));

export function TicketStatusBadge({ status }: { status: TicketStatus }) {
  return (
    <Badge size="sm" variant="light" color={TICKET_STATUS_COLOR[status] ?? 'gray'} data-testid="ticket-status">
      {TICKET_STATUS_LABELS[status] ?? status}
    </Badge>
  );
}

export function TicketPriorityBadge({ priority }: { priority: TicketPriority }) {
  return (
    <Badge size="sm" variant="outline" color={PRIORITY_COLOR[priority] ?? 'gray'}>
      {TICKET_PRIORITY_LABELS[priority] ?? priority}
    </Badge>
  );
}

/** A ticket's status, priority and type side by side, as its header shows them to staff and in the portal. */
export function TicketBadges({ ticket }: { ticket: { status: TicketStatus; priority: TicketPriority; type: TicketType } }) {
  return (
    <Group gap="xs">
      <TicketStatusBadge status={ticket.status} />
      <TicketPriorityBadge priority={ticket.priority} />
      <Badge size="sm" variant="default">
        {typeLabel(ticket.type)}
      </Badge>
    </Group>
  );
}

/** "2024-03-15T10:04:05.123Z" → "2024-03-15 10:04" (the stored timestamp, shortened; dates stay YYYY-MM-DD). */
export function formatTimestamp(ts: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})/.exec(ts);
  return m ? `${formatDate(m[1])} ${m[2]}` : ts;
}

export function typeLabel(type: TicketType): string {
  return TICKET_TYPE_LABELS[type] ?? type;
}

/** Oldest first. Internal notes (staff only) are set apart in yellow with a lock. */
export function MessageThread({ messages, showInternal = true }: { messages: TicketMessage[]; showInternal?: boolean }) {
  const shown = showInternal ? messages : messages.filter((m) => !m.internal);
  if (shown.length === 0)
    return (
      <Text size="sm" c="dimmed">
        {t('No messages.')}
      </Text>
    );
  return (
    <Stack gap="xs" data-testid="ticket-messages">
      {shown.map((m) => (
        <Card
          key={m.id}
          withBorder
          padding="xs"
          bg={m.internal ? 'yellow.0' : m.authorKind === 'system' ? 'gray.0' : m.authorKind === 'customer' ? 'blue.0' : undefined}
          data-testid={m.internal ? 'internal-note' : 'ticket-message'}
        >
          <Group justify="space-between" gap="xs" mb={2}>
            <Group gap={6}>
              <Text size="sm" fw={600}>
                {m.author}
              </Text>
              <Badge size="xs" variant="light" color={m.authorKind === 'customer' ? 'blue' : m.authorKind === 'system' ? 'gray' : 'teal'}>
                {m.authorKind === 'customer' ? t('Customer') : m.authorKind === 'system' ? t('System') : t('Staff')}
              </Badge>
              {m.internal && (
                <Badge size="xs" color="yellow" leftSection={<IconLock size={10} />}>
                  {t('Internal note')}
                </Badge>
              )}
            </Group>
            <Text size="xs" c="dimmed">
              {formatTimestamp(m.createdAt)}
            </Text>
          </Group>
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {m.body}
          </Text>
        </Card>
      ))}
    </Stack>
  );
}
