import { Alert, Anchor, Badge, Breadcrumbs, Button, Card, Grid, Group, Select, SimpleGrid, Skeleton, Stack, Switch, Text, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCheck, IconLock, IconSend } from '@tabler/icons-react';
import { useState } from 'react';
import type { ChangePlanQuoteView, ChangePlanRefusalView } from '../../../../main/contract/changePlan';
import type { AppErrorData } from '../../../../main/contract/errors';
import type { TicketDetail, TicketStatus } from '../../../../main/contract/tickets';
import { ErrorAlert, Field } from '../../components/common';
import { formatMoney } from '../../format';
import { useMutation, useQuery } from '../../hooks/useApi';
import { priceOfChange, QuoteBreakdown } from '../../portal/QuoteBreakdown';
import { api } from '../../transport';
import { formatTimestamp, MessageThread, STATUS_OPTIONS, TicketBadges, TicketPriorityBadge, typeLabel } from './ticketBadges';

/** Staff: one ticket — messages and internal notes, reply, assign, status, and a portal plan-change request to approve. */
export function TicketView({ ticketId }: { ticketId: number }) {
  const t = useQuery('tickets.get', { id: ticketId });
  const d = t.data;
  return (
    <Stack gap="xs">
      <Breadcrumbs fz="sm">
        <Anchor href="#/tickets" size="sm">
          Tickets
        </Anchor>
        <Text size="sm">#{ticketId}</Text>
      </Breadcrumbs>
      {t.error && <ErrorAlert error={t.error} title="Cannot load the ticket" />}
      {!d && t.loading && <Skeleton height={40} />}
      {d && <TicketBody ticket={d} onChanged={t.reload} />}
    </Stack>
  );
}

function TicketBody({ ticket: d, onChanged }: { ticket: TicketDetail; onChanged: () => void }) {
  const [showInternal, setShowInternal] = useState(true);
  return (
    <>
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={3} data-testid="ticket-subject">
            {d.subject}
          </Title>
          <Text size="sm" c="dimmed">
            #{d.id} · <Anchor href={`#/customers/${d.customerId}`}>{d.customerName}</Anchor> · {d.source === 'portal' ? 'from the portal' : 'by staff'} · created by{' '}
            {d.createdBy} on {d.createdOn}
          </Text>
        </div>
        <TicketBadges ticket={d} />
      </Group>
      <Grid gap="sm">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="sm">
            {d.planChangeRequest && <PlanChangeApproval ticket={d} onChanged={onChanged} />}
            <Card withBorder padding="sm">
              <Group justify="space-between" mb="xs">
                <Text fw={600} size="sm">
                  Messages
                </Text>
                <Switch size="xs" label="Show internal notes" checked={showInternal} onChange={(e) => setShowInternal(e.currentTarget.checked)} />
              </Group>
              <MessageThread messages={d.messages} showInternal={showInternal} />
            </Card>
            <ReplyForm ticket={d} onChanged={onChanged} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <TicketSide ticket={d} onChanged={onChanged} />
        </Grid.Col>
      </Grid>
    </>
  );
}

function TicketSide({ ticket: d, onChanged }: { ticket: TicketDetail; onChanged: () => void }) {
  const assignees = useQuery('tickets.assignees', {});
  const [assign, assignState] = useMutation('tickets.assign');
  const [setStatus, statusState] = useMutation('tickets.setStatus');
  const names = assignees.data ?? [];
  const assigneeOptions = [{ value: '__none__', label: 'Unassigned' }, ...names.map((a) => ({ value: a, label: a }))];
  if (d.assignedTo && !names.includes(d.assignedTo)) assigneeOptions.push({ value: d.assignedTo, label: d.assignedTo });
  return (
    <Card withBorder padding="sm">
      <Stack gap="sm">
        <Select
          label="Status"
          size="xs"
          data={STATUS_OPTIONS}
          value={d.status}
          allowDeselect={false}
          disabled={statusState.busy}
          onChange={async (v) => {
            if (!v || v === d.status) return;
            if (await setStatus({ ticketId: d.id, status: v as TicketStatus })) onChanged();
          }}
        />
        <ErrorAlert error={statusState.error} title="Refused" />
        <Select
          label="Assigned to"
          size="xs"
          data={assigneeOptions}
          value={d.assignedTo ?? '__none__'}
          allowDeselect={false}
          disabled={assignState.busy}
          onChange={async (v) => {
            const next = !v || v === '__none__' ? null : v;
            if (next === d.assignedTo) return;
            if (await assign({ ticketId: d.id, assignee: next })) onChanged();
          }}
        />
        <ErrorAlert error={assignState.error} title="Refused" />
        <SimpleGrid cols={2} spacing="xs" verticalSpacing={6}>
          <Field label="Customer">
            <Anchor size="sm" href={`#/customers/${d.customerId}`}>
              {d.customerName}
            </Anchor>
          </Field>
          <Field label="Source">{d.source === 'portal' ? 'Portal' : 'Admin'}</Field>
          <Field label="Priority">
            <TicketPriorityBadge priority={d.priority} />
          </Field>
          <Field label="Type">{typeLabel(d.type)}</Field>
          <Field label="Created">{d.createdAt.startsWith(d.createdOn) ? formatTimestamp(d.createdAt) : d.createdOn}</Field>
          <Field label="Updated">{formatTimestamp(d.updatedAt)}</Field>
        </SimpleGrid>
      </Stack>
    </Card>
  );
}

function ReplyForm({ ticket: d, onChanged }: { ticket: TicketDetail; onChanged: () => void }) {
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
            onChanged();
          }
        }}
      >
        <Stack gap="xs">
          <Textarea
            label={internal ? 'Internal note (never shown to the customer)' : 'Reply to the customer'}
            value={body}
            onChange={(e) => setBody(e.currentTarget.value)}
            autosize
            minRows={2}
            maxRows={10}
            error={state.fieldErrors.body}
          />
          <Group justify="space-between" align="flex-end">
            <Group gap="sm" align="flex-end">
              <Switch size="xs" label="Internal note" checked={internal} onChange={(e) => setInternal(e.currentTarget.checked)} />
              <Select size="xs" w={200} label="Then set status" placeholder="Keep the status" clearable data={STATUS_OPTIONS} value={status} onChange={setStatus} />
            </Group>
            <Button
              type="submit"
              size="xs"
              leftSection={internal ? <IconLock size={14} /> : <IconSend size={14} />}
              color={internal ? 'yellow' : undefined}
              loading={state.busy}
              disabled={body.trim() === ''}
            >
              {internal ? 'Add note' : 'Send reply'}
            </Button>
          </Group>
          <ErrorAlert error={state.error} title="Refused" />
        </Stack>
      </form>
    </Card>
  );
}

/**
 * A portal "Request tariff plan change": the quote the customer was shown and "Approve and apply" — one click
 * re-quotes and applies when nothing changed; when the figures moved, the fresh quote is shown and a second
 * click applies that one. Once applied, the outcome the ticket recorded.
 */
function PlanChangeApproval({ ticket: d, onChanged }: { ticket: TicketDetail; onChanged: () => void }) {
  const req = d.planChangeRequest!;
  const [fresh, setFresh] = useState<{ reason: 'confirm' | 'stale'; quote: ChangePlanQuoteView | ChangePlanRefusalView } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppErrorData | null>(null);

  const approve = async () => {
    setBusy(true);
    setError(null);
    const fingerprint = fresh ? (fresh.quote.ok ? fresh.quote.fingerprint : null) : req.quote.fingerprint;
    const res = await api.call('tickets.approveChange', { ticketId: d.id, fingerprint, start: null });
    setBusy(false);
    if (!res.ok) {
      setError(res.error);
      return;
    }
    if (res.data.applied) {
      setFresh(null);
      notifications.show({ color: 'green', title: 'Plan change applied', message: `${res.data.planChange.newPlanName} from ${res.data.planChange.start}` });
      onChanged();
    } else setFresh({ reason: res.data.reason, quote: res.data.quote });
  };

  const o = req.outcome;
  return (
    <Card withBorder padding="sm" data-testid="plan-change-request" style={{ borderColor: o ? 'var(--mantine-color-green-4)' : 'var(--mantine-color-grape-4)' }}>
      <Group justify="space-between" mb="xs">
        <Text fw={600} size="sm">
          Tariff plan change request
        </Text>
        {o ? (
          <Badge color="green" leftSection={<IconCheck size={12} />}>
            Applied
          </Badge>
        ) : (
          <Badge color="grape" variant="light">
            Waiting for approval
          </Badge>
        )}
      </Group>
      <SimpleGrid cols={{ base: 2, md: 4 }} spacing="xs" verticalSpacing={6} mb="xs">
        <Field label="Service">
          <Anchor size="sm" href={`#/customers/${d.customerId}/services`}>
            {req.serviceDescription} (#{req.serviceId})
          </Anchor>
        </Field>
        <Field label="Current plan">{req.currentPlanName}</Field>
        <Field label="New plan">{req.planName}</Field>
        <Field label="New plan start date">{req.start}</Field>
        <Field label="Price of change">{formatMoney(priceOfChange(req.quote))}</Field>
        <Field label="Requested on">{req.requestedOn}</Field>
      </SimpleGrid>
      {o ? (
        <Alert color="green" variant="light" p="xs" data-testid="plan-change-outcome">
          <Text size="sm">{o.message}</Text>
          <Text size="xs" c="dimmed">
            Approved by {o.by} on {o.on}: new service #{o.newServiceId} ({o.planName}) from {o.start}; refund {formatMoney(o.refundTotal)}, invoice{' '}
            {formatMoney(o.invoiceTotal)}, fee {formatMoney(o.feeTotal)}.
          </Text>
        </Alert>
      ) : (
        <Stack gap="xs">
          {fresh ? (
            <>
              <Alert color="orange" variant="light" p="xs" role="alert">
                <Text size="sm">
                  {fresh.quote.ok
                    ? fresh.reason === 'stale'
                      ? 'The figures changed since the customer asked. This is the quote as of today — click “Approve and apply” again to apply it.'
                      : 'Check the quote as of today and click “Approve and apply” again to apply it.'
                    : 'The change cannot be applied as requested any more:'}
                </Text>
              </Alert>
              <QuoteBreakdown quote={fresh.quote} testId="fresh-quote" />
            </>
          ) : (
            <>
              <Text size="xs" c="dimmed">
                Quote the customer was shown on {req.requestedOn}:
              </Text>
              <QuoteBreakdown quote={req.quote} testId="request-quote" />
            </>
          )}
          <ErrorAlert error={error} title="Refused" />
          <Group justify="flex-end">
            <Button size="xs" color="green" leftSection={<IconCheck size={14} />} loading={busy} disabled={!!fresh && !fresh.quote.ok} onClick={() => void approve()}>
              Approve and apply
            </Button>
          </Group>
        </Stack>
      )}
    </Card>
  );
}
