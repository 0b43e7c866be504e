import { ActionIcon, Anchor, Badge, Button, Group, Modal, SegmentedControl, SimpleGrid, Stack, Text, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowBackUp, IconArrowRight, IconEye } from '@tabler/icons-react';
import { useState } from 'react';
import type { PlanChangeRow } from '../../../main/contract/changePlan';
import { ConfirmModal, ErrorAlert, Field, Money, PageHeader } from '../components/common';
import { ServerTable } from '../components/ServerTable';
import { useRefresh } from '../components/clock/refresh';
import { useMutation, useQuery } from '../hooks/useApi';
import { useShell } from '../hooks/businessDate';
import { navigate, useRoute } from '../router';

// Plan changes of every customer (#/changes): the pending ones first — those that have not started yet and can
// still be cancelled (decision 8: mirror documents, old end date restored, one transaction) — and the history.

type StatusFilter = 'pending' | 'applied' | 'cancelled' | 'all';
const PAGE_SIZE = 50;

function stateOf(r: PlanChangeRow, today: string): { label: string; color: string; cancellable: boolean } {
  if (r.status === 'cancelled') return { label: 'Cancelled', color: 'gray', cancellable: false };
  if (r.start > today) return { label: 'Pending', color: 'blue', cancellable: true };
  return { label: 'Started', color: 'green', cancellable: false };
}

const SOURCE_LABEL: Record<PlanChangeRow['source'], string> = { admin: 'Staff', portal: 'Portal', bulk: 'Bulk' };

export function PendingChangesPage() {
  const route = useRoute();
  const today = useShell().clock?.businessDate ?? '';
  const { refresh } = useRefresh();
  const [status, setStatus] = useState<StatusFilter>('pending');
  const [page, setPage] = useState(1);
  const list = useQuery('changePlan.list', { status, customerId: null, page, pageSize: PAGE_SIZE }, { keepPrevious: true });
  const openId = Number(route.query.get('open')) || null;
  const [cancelling, setCancelling] = useState<PlanChangeRow | null>(null);
  const [cancel, cancelState] = useMutation('changePlan.cancel');

  const open = (id: number | null) => navigate(id ? `/changes?open=${id}` : '/changes', { replace: true });

  const confirmCancel = async () => {
    if (!cancelling) return;
    const done = await cancel({ planChangeId: cancelling.id });
    if (!done) return;
    notifications.show({
      color: 'green',
      title: `Plan change #${done.id} cancelled`,
      message: `${done.customerName}: back on ${done.oldPlanName}; every posting of the change was reversed.`,
    });
    setCancelling(null);
    open(null);
    list.reload();
    refresh();
  };

  const askCancel = (r: PlanChangeRow) => {
    cancelState.clear();
    setCancelling(r);
  };

  return (
    <>
      <PageHeader title="Plan changes">
        <SegmentedControl
          size="xs"
          value={status}
          onChange={(v) => {
            setStatus(v as StatusFilter);
            setPage(1);
          }}
          data={[
            { value: 'pending', label: 'Pending' },
            { value: 'applied', label: 'Applied' },
            { value: 'cancelled', label: 'Cancelled' },
            { value: 'all', label: 'All' },
          ]}
          aria-label="Which plan changes"
        />
      </PageHeader>
      <Text size="sm" c="dimmed" mb="xs">
        {status === 'pending'
          ? 'Changes made but not started yet (start date after the business date). They can be cancelled until they start.'
          : 'Every change of plan, as posted.'}
      </Text>
      {list.error && <ErrorAlert error={list.error} title="Cannot load plan changes" />}
      <ServerTable<PlanChangeRow>
        label="Plan changes"
        query={list}
        page={page}
        onPageChange={setPage}
        pageSize={PAGE_SIZE}
        onRowClick={(r) => open(r.id)}
        emptyText={status === 'pending' ? 'No pending plan changes' : 'No plan changes'}
        emptyMinHeight={160}
        columns={[
          { accessor: 'id', title: '#', width: 50 },
          { accessor: 'start', title: 'Starts', noWrap: true },
          {
            accessor: 'customerName',
            title: 'Customer',
            render: (r) => (
              <Anchor
                size="sm"
                href={`#/customers/${r.customerId}/services`}
                onClick={(e) => {
                  e.stopPropagation();
                }}
              >
                {r.customerName}
              </Anchor>
            ),
          },
          {
            accessor: 'plans',
            title: 'Old → new plan',
            render: (r) => (
              <Group gap={4} wrap="wrap">
                <Text size="sm">{r.oldPlanName}</Text>
                <IconArrowRight size={14} />
                <Text size="sm" fw={600}>
                  {r.newPlanName}
                </Text>
              </Group>
            ),
          },
          { accessor: 'refundTotal', title: 'Refund', textAlign: 'right', render: (r) => <Money cents={r.refundTotal} /> },
          { accessor: 'invoiceTotal', title: 'Invoice', textAlign: 'right', render: (r) => <Money cents={r.invoiceTotal} /> },
          { accessor: 'feeTotal', title: 'Fee', textAlign: 'right', render: (r) => <Money cents={r.feeTotal} /> },
          { accessor: 'madeOn', title: 'Made', noWrap: true },
          { accessor: 'source', title: 'By', noWrap: true, render: (r) => SOURCE_LABEL[r.source] },
          {
            accessor: 'status',
            title: 'Status',
            noWrap: true,
            render: (r) => {
              const s = stateOf(r, today);
              return (
                <Badge size="sm" variant="light" color={s.color}>
                  {s.label}
                </Badge>
              );
            },
          },
          {
            accessor: 'actions',
            title: '',
            render: (r) => (
              <Group gap={2} wrap="nowrap" onClick={(e) => e.stopPropagation()}>
                <Tooltip label="Open">
                  <ActionIcon size="sm" variant="subtle" aria-label={`Open plan change ${r.id}`} onClick={() => open(r.id)}>
                    <IconEye size={15} />
                  </ActionIcon>
                </Tooltip>
                {stateOf(r, today).cancellable && (
                  <Tooltip label="Cancel this change">
                    <ActionIcon size="sm" variant="subtle" color="red" aria-label={`Cancel plan change ${r.id}`} onClick={() => askCancel(r)}>
                      <IconArrowBackUp size={15} />
                    </ActionIcon>
                  </Tooltip>
                )}
              </Group>
            ),
          },
        ]}
      />
      {openId && !cancelling && <PlanChangeDetail id={openId} today={today} onClose={() => open(null)} onCancel={askCancel} />}
      {cancelling && (
        <ConfirmModal
          opened
          title={`Cancel plan change #${cancelling.id}`}
          confirmLabel="Cancel the change"
          busy={cancelState.busy}
          error={cancelState.error}
          onClose={() => setCancelling(null)}
          onConfirm={() => void confirmCancel()}
        >
          {cancelling.customerName}: {cancelling.oldPlanName} → {cancelling.newPlanName} from {cancelling.start}. Cancelling reverses every posting of this
          change with mirror documents
          {cancelling.invoiceId !== null ? ' (a credit note cancelling its invoice' : ' ('}
          {cancelling.invoiceId !== null && cancelling.creditNoteId !== null ? ', ' : ''}
          {cancelling.creditNoteId !== null ? 'an invoice cancelling its refund credit note' : ''}
          {cancelling.invoiceId === null && cancelling.creditNoteId === null ? 'none were posted' : ''}), removes the new service and gives the old service
          back its end date — all at once, written to the audit log.
        </ConfirmModal>
      )}
    </>
  );
}

function PlanChangeDetail({ id, today, onClose, onCancel }: { id: number; today: string; onClose: () => void; onCancel: (r: PlanChangeRow) => void }) {
  const change = useQuery('changePlan.get', { id });
  const r = change.data;
  const s = r ? stateOf(r, today) : null;
  return (
    <Modal opened onClose={onClose} title={`Plan change #${id}`} size="lg">
      {change.error && <ErrorAlert error={change.error} title="Cannot load the plan change" />}
      {r && s && (
        <Stack gap="sm">
          <Group gap="xs">
            <Text fw={600}>
              {r.oldPlanName} → {r.newPlanName}
            </Text>
            <Badge size="sm" variant="light" color={s.color}>
              {s.label}
            </Badge>
          </Group>
          <SimpleGrid cols={3} spacing="xs" verticalSpacing={6}>
            <Field label="Customer">
              <Anchor size="sm" href={`#/customers/${r.customerId}/services`} onClick={onClose}>
                {r.customerName}
              </Anchor>
            </Field>
            <Field label="Start date">{r.start}</Field>
            <Field label="Made on">{r.madeOn}</Field>
            <Field label="Old service">#{r.oldServiceId}</Field>
            <Field label="New service">#{r.newServiceId}</Field>
            <Field label="Made by">{SOURCE_LABEL[r.source]}</Field>
            <Field label="Refund (credit note)">
              <Money cents={r.refundTotal} />
            </Field>
            <Field label="Invoice">
              <Money cents={r.invoiceTotal} />
            </Field>
            <Field label="of which fee">
              <Money cents={r.feeTotal} />
            </Field>
          </SimpleGrid>
          <Group justify="space-between">
            <Anchor size="sm" href={`#/customers/${r.customerId}/billing`} onClick={onClose}>
              Documents on the Billing tab
            </Anchor>
            <Group gap="xs">
              <Button variant="default" size="xs" onClick={onClose}>
                Close
              </Button>
              {s.cancellable && (
                <Button color="red" size="xs" variant="light" leftSection={<IconArrowBackUp size={14} />} onClick={() => onCancel(r)}>
                  Cancel this change
                </Button>
              )}
            </Group>
          </Group>
          {!s.cancellable && r.status !== 'cancelled' && (
            <Text size="xs" c="dimmed">
              This change started on {r.start}: only a change that has not started yet can be cancelled.
            </Text>
          )}
        </Stack>
      )}
    </Modal>
  );
}
