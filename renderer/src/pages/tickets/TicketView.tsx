import { Anchor, Breadcrumbs, Button, Card, Grid, Group, Select, SimpleGrid, Skeleton, Stack, Switch, Text, Textarea, Title } from '@mantine/core';
import { IconLock, IconSend } from '@tabler/icons-react';
import { useState } from 'react';
import type { TicketDetail, TicketStatus } from '../../../../main/contract/tickets';
import { ErrorAlert, Field } from '../../components/common';
import { useMutation, useQuery } from '../../hooks/useApi';
import { PlanChangeApproval } from './PlanChangeApproval';
import { formatTimestamp, MessageThread, STATUS_OPTIONS, TicketBadges, TicketPriorityBadge, typeLabel } from './ticketBadges';
import { t } from '../../i18n';
import { formatDate } from '../../format';

/** Staff: one ticket — messages and internal notes, reply, assign, status, and a portal plan-change request to approve. */
export function TicketView({ ticketId }: { ticketId: number }) {
  const ticket = useQuery('tickets.get', { id: ticketId });
  const d = ticket.data;
  return (
    <Stack gap="xs">
      <Breadcrumbs fz="sm">
        <Anchor href="#/tickets" size="sm">
          {t('Tickets')}
        </Anchor>
        <Text size="sm">#{ticketId}</Text>
      </Breadcrumbs>
      {ticket.error && <ErrorAlert error={ticket.error} title={t('Cannot load the ticket')} />}
      {!d && ticket.loading && <Skeleton height={40} />}
      {d && <TicketBody ticket={d} />}
    </Stack>
  );
}

// Every write here reaches this ticket (and the inbox) by push ('tickets'): no reload after it.
function TicketBody({ ticket: d }: { ticket: TicketDetail }) {
  const [showInternal, setShowInternal] = useState(true);
  return (
    <>
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={3} data-testid="ticket-subject">
            {d.subject}
          </Title>
          <Text size="sm" c="dimmed">
            #{d.id} · <Anchor href={`#/customers/${d.customerId}`}>{d.customerName}</Anchor> · {d.source === 'portal' ? t('from the portal') : t('by staff')} ·{' '}
            {t('created by {{name}} on {{date}}', { name: d.createdBy, date: formatDate(d.createdOn) })}
          </Text>
        </div>
        <TicketBadges ticket={d} />
      </Group>
      <Grid gap="sm">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="sm">
            {d.planChangeRequest && <PlanChangeApproval ticket={d} />}
            <Card withBorder padding="sm">
              <Group justify="space-between" mb="xs">
                <Text fw={600} size="sm">
                  {t('Messages')}
                </Text>
                <Switch size="xs" label={t('Show internal notes')} checked={showInternal} onChange={(e) => setShowInternal(e.currentTarget.checked)} />
              </Group>
              <MessageThread messages={d.messages} showInternal={showInternal} />
            </Card>
            <ReplyForm ticket={d} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <TicketSide ticket={d} />
        </Grid.Col>
      </Grid>
    </>
  );
}

function TicketSide({ ticket: d }: { ticket: TicketDetail }) {
  const assignees = useQuery('tickets.assignees', {});
  const [assign, assignState] = useMutation('tickets.assign');
  const [setStatus, statusState] = useMutation('tickets.setStatus');
  const names = assignees.data ?? [];
  const assigneeOptions = [{ value: '__none__', label: t('Unassigned') }, ...names.map((a) => ({ value: a, label: a }))];
  if (d.assignedTo && !names.includes(d.assignedTo)) assigneeOptions.push({ value: d.assignedTo, label: d.assignedTo });
  return (
    <Card withBorder padding="sm">
      <Stack gap="sm">
        <Select
          label={t('Status')}
          size="xs"
          data={STATUS_OPTIONS()}
          value={d.status}
          allowDeselect={false}
          disabled={statusState.busy}
          onChange={async (v) => {
            if (!v || v === d.status) return;
            await setStatus({ ticketId: d.id, status: v as TicketStatus });
          }}
        />
        <ErrorAlert error={statusState.error} title={t('Refused')} />
        <Select
          label={t('Assigned to')}
          size="xs"
          data={assigneeOptions}
          value={d.assignedTo ?? '__none__'}
          allowDeselect={false}
          disabled={assignState.busy}
          onChange={async (v) => {
            const next = !v || v === '__none__' ? null : v;
            if (next === d.assignedTo) return;
            await assign({ ticketId: d.id, assignee: next });
          }}
        />
        <ErrorAlert error={assignState.error} title={t('Refused')} />
        <SimpleGrid cols={2} spacing="xs" verticalSpacing={6}>
          <Field label={t('Customer')}>
            <Anchor size="sm" href={`#/customers/${d.customerId}`}>
              {d.customerName}
            </Anchor>
          </Field>
          <Field label={t('Source')}>{d.source === 'portal' ? t('Portal') : t('Admin')}</Field>
          <Field label={t('Priority')}>
            <TicketPriorityBadge priority={d.priority} />
          </Field>
          <Field label={t('Type')}>{typeLabel(d.type)}</Field>
          <Field label={t('Created')}>{d.createdAt.startsWith(d.createdOn) ? formatTimestamp(d.createdAt) : d.createdOn}</Field>
          <Field label={t('Updated')}>{formatTimestamp(d.updatedAt)}</Field>
        </SimpleGrid>
      </Stack>
    </Card>
  );
}

function ReplyForm({ ticket: d }: { ticket: TicketDetail }) {
  const [body, setBody] = useState('');
  const [internal, setInternal] = useState(false);
  const [status, setStatus] = useState<string | null>(null);
  const [reply, state] = useMutation('tickets.reply');
  return (
    <Card withBorder padding="sm" bg={internal ? 'yellow.0' : undefined}>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          const res = await reply({ ticketId: d.id, body, internal, status: (status as TicketStatus | null) ?? null });
          if (res) {
            setBody('');
            setStatus(null);
          }
        }}
      >
        <Stack gap="xs">
          <Textarea
            label={internal ? t('Internal note (never shown to the customer)') : t('Reply to the customer')}
            value={body}
            onChange={(e) => setBody(e.currentTarget.value)}
            autosize
            minRows={2}
            maxRows={10}
            error={state.fieldErrors.body}
          />
          <Group justify="space-between" align="flex-end">
            <Group gap="sm" align="flex-end">
              <Switch size="xs" label={t('Internal note')} checked={internal} onChange={(e) => setInternal(e.currentTarget.checked)} />
              <Select size="xs" w={200} label={t('Then set status')} placeholder={t('Keep the status')} clearable data={STATUS_OPTIONS()} value={status} onChange={setStatus} />
            </Group>
            <Button
              type="submit"
              size="xs"
              leftSection={internal ? <IconLock size={14} /> : <IconSend size={14} />}
              color={internal ? 'yellow' : undefined}
              loading={state.busy}
              disabled={body.trim() === ''}
            >
              {internal ? t('Add note') : t('Send reply')}
            </Button>
          </Group>
          <ErrorAlert error={state.error} title={t('Refused')} />
        </Stack>
      </form>
    </Card>
  );
}
