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
import { t } from '../i18n';

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
          {t('Tickets')}
        </Title>
        <Button size="xs" leftSection={<IconPlus size={14} />} onClick={() => setCreating(true)}>
          {t('Open a ticket')}
        </Button>
      </Group>
      <ErrorAlert error={list.error} />
      {!list.data && list.loading && <LoadingRows />}
      {list.data && rows.length === 0 && <EmptyState text={t('You have no tickets')} />}
      {rows.length > 0 && (
        <Card withBorder padding={0}>
          <Table striped highlightOnHover fz="sm" verticalSpacing={5} aria-label={t('My tickets')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>#</Table.Th>
                <Table.Th>{t('Subject')}</Table.Th>
                <Table.Th>{t('Status')}</Table.Th>
                <Table.Th>{t('Priority')}</Table.Th>
                <Table.Th>{t('Type')}</Table.Th>
                <Table.Th>{t('Created')}</Table.Th>
                <Table.Th>{t('Messages')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((row) => (
                <Table.Tr key={row.id} style={{ cursor: 'pointer' }} onClick={() => navigate(portalPath('tickets', row.id))}>
                  <Table.Td>{row.id}</Table.Td>
                  <Table.Td>
                    <Anchor size="sm" href={`#${portalPath('tickets', row.id)}`} onClick={(e) => e.stopPropagation()}>
                      {row.subject}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <TicketStatusBadge status={row.status} />
                  </Table.Td>
                  <Table.Td>
                    <TicketPriorityBadge priority={row.priority} />
                  </Table.Td>
                  <Table.Td>{typeLabel(row.type)}</Table.Td>
                  <Table.Td>{row.createdOn}</Table.Td>
                  <Table.Td>{row.messageCount}</Table.Td>
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
    onSaved: (created) => {
      notifications.show({ color: 'teal', message: t('Ticket #{{id}} created', { id: created.id }) });
      onClose();
      navigate(portalPath('tickets', created.id));
    },
  });
  const { form } = state;
  return (
    <FormDialog state={state} onClose={onClose} title={t('Open a ticket')} size="lg" submitLabel={t('Create ticket')}>
      <TextInput label={t('Subject')} data-autofocus {...form.getInputProps('subject')} />
      <SimpleGrid cols={2} spacing="sm">
        <Select label={t('Priority')} data={PRIORITY_OPTIONS()} allowDeselect={false} {...form.getInputProps('priority')} />
        <Select label={t('Type')} data={TYPE_OPTIONS()} allowDeselect={false} {...form.getInputProps('type')} />
      </SimpleGrid>
      <Textarea label={t('Message')} autosize minRows={4} maxRows={12} {...form.getInputProps('message')} />
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
          {t('Tariff plan change request')}
        </Text>
        {request.outcome ? (
          <Badge color={request.outcome.result === 'applied' ? 'green' : 'gray'} variant="light">
            {request.outcome.result === 'applied' ? t('Applied') : t('Declined')}
          </Badge>
        ) : (
          <Badge color="blue" variant="light">
            {t('Waiting for approval')}
          </Badge>
        )}
      </Group>
      <SimpleGrid cols={{ base: 2, md: 4 }} spacing="xs">
        <Field label={t('Service')}>{request.serviceDescription}</Field>
        <Field label={t('Current plan')}>{request.currentPlanName}</Field>
        <Field label={t('New plan')}>{request.planName}</Field>
        <Field label={t('New plan start date')}>{request.start}</Field>
        <Field label={t('Price of change')}>{formatMoney(priceOfChange(q))}</Field>
        <Field label={t('Invoice now')}>{formatMoney(q.invoiceTotal)}</Field>
        <Field label={t('Refund')}>{formatMoney(q.refundTotal)}</Field>
        <Field label={t('Requested on')}>{request.requestedOn}</Field>
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
  const ticket = useQuery('portal.ticket', { id: ticketId });
  const [reply, state] = useMutation('portal.replyTicket');
  const [body, setBody] = useState('');
  const d = ticket.data;
  return (
    <Stack gap="sm">
      <Breadcrumbs fz="sm">
        <Anchor href={`#${portalPath('tickets')}`} size="sm">
          {t('Tickets')}
        </Anchor>
        <Text size="sm">#{ticketId}</Text>
      </Breadcrumbs>
      <ErrorAlert error={ticket.error} />
      {!d && ticket.loading && <LoadingRows />}
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
                if (res) setBody('');
              }}
            >
              <Stack gap="xs">
                <Textarea label={t('Reply')} value={body} onChange={(e) => setBody(e.currentTarget.value)} autosize minRows={2} maxRows={8} required />
                <ErrorAlert error={state.error} title={t('Refused')} />
                <Group justify="flex-end">
                  <Button type="submit" size="xs" leftSection={<IconSend size={14} />} loading={state.busy} disabled={body.trim() === ''}>
                    {t('Send reply')}
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
