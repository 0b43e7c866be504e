import { Anchor, Badge, Breadcrumbs, Button, Card, Group, Select, SimpleGrid, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlus, IconSend } from '@tabler/icons-react';
import { useState } from 'react';
import type { PlanChangeRequestView, TicketPriority, TicketType } from '../../../main/contract/tickets';
import { EmptyState, ErrorAlert, Field, LoadingRows } from '../components/common';
import { formatMoney } from '../format';
import { FormDialog, useChannelForm } from '../components/FormDialog';
import { useMutation, useQuery } from '../hooks/useApi';
import { navigate } from '../router';
import { MessageThread, PRIORITY_OPTIONS, TicketBadges, TicketPriorityBadge, TicketStatusBadge, TYPE_OPTIONS, typeLabel } from '../pages/tickets/ticketBadges';
import { portalPath } from './PortalApp';
import { priceOfChange } from './QuoteBreakdown';

/** Portal → Tickets: the customer's tickets, one ticket with its public messages, a new ticket, a reply. */
export function PortalTicketsPage({ ticketId }: { ticketId: number | null }) {
  return ticketId ? <PortalTicketView key={ticketId} ticketId={ticketId} /> : <PortalTicketList />;
}

function PortalTicketList() {
  const list = useQuery('portal.tickets', {});
  const [creating, setCreating] = useState(false);
  const rows = list.data ?? [];
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={2} size="h3">
          Tickets
        </Title>
        <Button size="xs" leftSection={<IconPlus size={14} />} onClick={() => setCreating(true)}>
          Open a ticket
        </Button>
      </Group>
      <ErrorAlert error={list.error} />
      {!list.data && list.loading && <LoadingRows />}
      {list.data && rows.length === 0 && <EmptyState text="You have no tickets" />}
      {rows.length > 0 && (
        <Card withBorder padding={0}>
          <Table striped highlightOnHover fz="sm" verticalSpacing={5} aria-label="My tickets">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>#</Table.Th>
                <Table.Th>Subject</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Priority</Table.Th>
                <Table.Th>Type</Table.Th>
                <Table.Th>Created</Table.Th>
                <Table.Th>Messages</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((t) => (
                <Table.Tr key={t.id} style={{ cursor: 'pointer' }} onClick={() => navigate(portalPath('tickets', t.id))}>
                  <Table.Td>{t.id}</Table.Td>
                  <Table.Td>
                    <Anchor size="sm" href={`#${portalPath('tickets', t.id)}`} onClick={(e) => e.stopPropagation()}>
                      {t.subject}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <TicketStatusBadge status={t.status} />
                  </Table.Td>
                  <Table.Td>
                    <TicketPriorityBadge priority={t.priority} />
                  </Table.Td>
                  <Table.Td>{typeLabel(t.type)}</Table.Td>
                  <Table.Td>{t.createdOn}</Table.Td>
                  <Table.Td>{t.messageCount}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Card>
      )}
      {creating && <NewPortalTicket onClose={() => setCreating(false)} />}
    </Stack>
  );
}

function NewPortalTicket({ onClose }: { onClose: () => void }) {
  const state = useChannelForm('portal.createTicket', {
    initialValues: { subject: '', message: '', priority: 'low' as TicketPriority, type: 'question' as TicketType },
    toInput: (v) => ({ input: v, errors: {} }),
    onSaved: (t) => {
      notifications.show({ color: 'teal', message: `Ticket #${t.id} created` });
      onClose();
      navigate(portalPath('tickets', t.id));
    },
  });
  const { form } = state;
  return (
    <FormDialog state={state} onClose={onClose} title="Open a ticket" size="lg" submitLabel="Create ticket">
      <TextInput label="Subject" data-autofocus {...form.getInputProps('subject')} />
      <SimpleGrid cols={2} spacing="sm">
        <Select label="Priority" data={PRIORITY_OPTIONS} allowDeselect={false} {...form.getInputProps('priority')} />
        <Select label="Type" data={TYPE_OPTIONS} allowDeselect={false} {...form.getInputProps('type')} />
      </SimpleGrid>
      <Textarea label="Message" autosize minRows={4} maxRows={12} {...form.getInputProps('message')} />
    </FormDialog>
  );
}

/** The plan-change request attached to a ticket, as the customer sees it (read-only). */
export function PlanChangeRequestSummary({ request }: { request: PlanChangeRequestView }) {
  const q = request.quote;
  return (
    <Card withBorder padding="sm" data-testid="plan-change-request">
      <Group justify="space-between" mb={4}>
        <Text fw={600} size="sm">
          Tariff plan change request
        </Text>
        {request.outcome ? (
          <Badge color={request.outcome.result === 'applied' ? 'green' : 'gray'} variant="light">
            {request.outcome.result === 'applied' ? 'Applied' : 'Declined'}
          </Badge>
        ) : (
          <Badge color="blue" variant="light">
            Waiting for approval
          </Badge>
        )}
      </Group>
      <SimpleGrid cols={{ base: 2, md: 4 }} spacing="xs">
        <Field label="Service">{request.serviceDescription}</Field>
        <Field label="Current plan">{request.currentPlanName}</Field>
        <Field label="New plan">{request.planName}</Field>
        <Field label="New plan start date">{request.start}</Field>
        <Field label="Price of change">{formatMoney(priceOfChange(q))}</Field>
        <Field label="Invoice now">{formatMoney(q.invoiceTotal)}</Field>
        <Field label="Refund">{formatMoney(q.refundTotal)}</Field>
        <Field label="Requested on">{request.requestedOn}</Field>
      </SimpleGrid>
      {request.outcome && (
        <Text size="sm" mt="xs" c={request.outcome.result === 'applied' ? 'green.8' : undefined} data-testid="request-outcome">
          {request.outcome.message}
        </Text>
      )}
    </Card>
  );
}

function PortalTicketView({ ticketId }: { ticketId: number }) {
  const t = useQuery('portal.ticket', { id: ticketId });
  const [reply, state] = useMutation('portal.replyTicket');
  const [body, setBody] = useState('');
  const d = t.data;
  return (
    <Stack gap="sm">
      <Breadcrumbs fz="sm">
        <Anchor href={`#${portalPath('tickets')}`} size="sm">
          Tickets
        </Anchor>
        <Text size="sm">#{ticketId}</Text>
      </Breadcrumbs>
      <ErrorAlert error={t.error} />
      {!d && t.loading && <LoadingRows />}
      {d && (
        <>
          <Group justify="space-between">
            <Title order={2} size="h3" data-testid="ticket-subject">
              {d.subject}
            </Title>
            <TicketBadges ticket={d} />
          </Group>
          {d.planChangeRequest && <PlanChangeRequestSummary request={d.planChangeRequest} />}
          <MessageThread messages={d.messages} showInternal={false} />
          <Card withBorder padding="sm">
            <form
              onSubmit={async (e) => {
                e.preventDefault();
                const res = await reply({ ticketId, body });
                if (res) {
                  setBody('');
                  t.reload();
                }
              }}
            >
              <Stack gap="xs">
                <Textarea label="Reply" value={body} onChange={(e) => setBody(e.currentTarget.value)} autosize minRows={2} maxRows={8} required />
                <ErrorAlert error={state.error} title="Refused" />
                <Group justify="flex-end">
                  <Button type="submit" size="xs" leftSection={<IconSend size={14} />} loading={state.busy} disabled={body.trim() === ''}>
                    Send reply
                  </Button>
                </Group>
              </Stack>
            </form>
          </Card>
        </>
      )}
    </Stack>
  );
}
