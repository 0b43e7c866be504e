import { ActionIcon, Anchor, Badge, Button, Group, Modal, SegmentedControl, SimpleGrid, Stack, Text, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowBackUp, IconArrowRight, IconEye } from '@tabler/icons-react';
import { useState } from 'react';
import type { PlanChangeRow } from '../../../main/contract/changePlan';
import { ConfirmModal, ErrorAlert, Field, Money, PageHeader } from '../components/common';
import { ServerTable } from '../components/ServerTable';
import { useMutation, useQuery } from '../hooks/useApi';
import { useShell } from '../hooks/businessDate';
import { navigate, useRoute } from '../router';
import { t } from '../i18n';
import { formatDate, labels } from '../format';

// Plan changes of every customer (#/changes): the pending ones first — those that have not started yet and can
// still be cancelled (decision 8: mirror documents, old end date restored, one transaction) — and the history.

type StatusFilter = 'pending' | 'applied' | 'cancelled' | 'all';
const PAGE_SIZE = 50;

function stateOf(r: PlanChangeRow, today: string): { label: string; color: string; cancellable: boolean } {
  if (r.status === 'cancelled') return { label: t('Cancelled'), color: 'gray', cancellable: false };
  if (r.start > today) return { label: t('Pending'), color: 'blue', cancellable: true };
  return { label: t('Started'), color: 'green', cancellable: false };
}

const SOURCE_LABEL = labels<PlanChangeRow['source']>({ admin: 'Staff', portal: 'Portal', bulk: 'Bulk' });

export function PendingChangesPage() {
  const route = useRoute();
  const today = useShell().clock?.businessDate ?? '';
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
      title: t('Plan change #{{id}} cancelled', { id: done.id }),
      message: t('{{customerName}}: back on {{oldPlanName}}; every posting of the change was reversed.', { customerName: done.customerName, oldPlanName: done.oldPlanName }),
    });
    setCancelling(null);
    open(null);
  };

  const askCancel = (r: PlanChangeRow) => {
    cancelState.clear();
    setCancelling(r);
  };

  return (
    <>
      <PageHeader title={t('Plan changes')}>
        <SegmentedControl
          size="xs"
          value={status}
          onChange={(v) => {
            setStatus(v as StatusFilter);
            setPage(1);
          }}
          data={[
            { value: 'pending', label: t('Pending') },
            { value: 'applied', label: t('Applied') },
            { value: 'cancelled', label: t('Cancelled') },
            { value: 'all', label: t('All') },
          ]}
          aria-label={t('Which plan changes')}
        />
      </PageHeader>
      <Text size="sm" c="dimmed" mb="xs">
        {status === 'pending'
          ? t('Changes made but not started yet (start date after the business date). They can be cancelled until they start.')
          : t('Every change of plan, as posted.')}
      </Text>
      {list.error && <ErrorAlert error={list.error} title={t('Cannot load plan changes')} />}
      <ServerTable<PlanChangeRow>
        label={t('Plan changes')}
        query={list}
        page={page}
        onPageChange={setPage}
        pageSize={PAGE_SIZE}
        onRowClick={(r) => open(r.id)}
        emptyText={status === 'pending' ? t('No pending plan changes') : t('No plan changes')}
        emptyMinHeight={160}
        columns={[
          { accessor: 'id', title: '#', width: 50 },
          { accessor: 'start', render: (r) => formatDate(r.start), title: t('Starts'), noWrap: true },
          {
            accessor: 'customerName',
            title: t('Customer'),
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
            title: t('Old → new plan'),
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
          { accessor: 'refundTotal', title: t('Refund'), textAlign: 'right', render: (r) => <Money cents={r.refundTotal} /> },
          { accessor: 'invoiceTotal', title: t('Invoice'), textAlign: 'right', render: (r) => <Money cents={r.invoiceTotal} /> },
          { accessor: 'feeTotal', title: t('Fee'), textAlign: 'right', render: (r) => <Money cents={r.feeTotal} /> },
          { accessor: 'madeOn', title: t('Made'), noWrap: true },
          { accessor: 'source', title: t('By'), noWrap: true, render: (r) => SOURCE_LABEL[r.source] },
          {
            accessor: 'status',
            title: t('Status'),
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
                <Tooltip label={t('Open')}>
                  <ActionIcon size="sm" variant="subtle" aria-label={t('Open plan change {{id}}', { id: r.id })} onClick={() => open(r.id)}>
                    <IconEye size={15} />
                  </ActionIcon>
                </Tooltip>
                {stateOf(r, today).cancellable && (
                  <Tooltip label={t('Cancel this change')}>
                    <ActionIcon size="sm" variant="subtle" color="red" aria-label={t('Cancel plan change {{id}}', { id: r.id })} onClick={() => askCancel(r)}>
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
          title={t('Cancel plan change #{{id}}', { id: cancelling.id })}
          confirmLabel={t('Cancel the change')}
          busy={cancelState.busy}
          error={cancelState.error}
          onClose={() => setCancelling(null)}
          onConfirm={() => void confirmCancel()}
        >
          {cancelling.customerName}: {cancelling.oldPlanName} → {cancelling.newPlanName} {t('from {{date}}', { date: formatDate(cancelling.start) })}.{' '}
          {t('Cancelling reverses every posting of this change with mirror documents')}
          {cancelling.invoiceId !== null ? ` (${t('a credit note cancelling its invoice')}` : ' ('}
          {cancelling.invoiceId !== null && cancelling.creditNoteId !== null ? ', ' : ''}
          {cancelling.creditNoteId !== null ? t('an invoice cancelling its refund credit note') : ''}
          {cancelling.invoiceId === null && cancelling.creditNoteId === null ? t('none were posted') : ''}),{' '}
          {t('removes the new service and gives the old service back its end date — all at once, written to the audit log.')}
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
    <Modal opened onClose={onClose} title={t('Plan change #{{id}}', { id })} size="lg">
      {change.error && <ErrorAlert error={change.error} title={t('Cannot load the plan change')} />}
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
            <Field label={t('Customer')}>
              <Anchor size="sm" href={`#/customers/${r.customerId}/services`} onClick={onClose}>
                {r.customerName}
              </Anchor>
            </Field>
            <Field label={t('Start date')}>{formatDate(r.start)}</Field>
            <Field label={t('Made on')}>{formatDate(r.madeOn)}</Field>
            <Field label={t('Old service')}>#{r.oldServiceId}</Field>
            <Field label={t('New service')}>#{r.newServiceId}</Field>
            <Field label={t('Made by')}>{SOURCE_LABEL[r.source]}</Field>
            <Field label={t('Refund (credit note)')}>
              <Money cents={r.refundTotal} />
            </Field>
            <Field label={t('Invoice')}>
              <Money cents={r.invoiceTotal} />
            </Field>
            <Field label={t('of which fee')}>
              <Money cents={r.feeTotal} />
            </Field>
          </SimpleGrid>
          <Group justify="space-between">
            <Anchor size="sm" href={`#/customers/${r.customerId}/billing`} onClick={onClose}>
              {t('Documents on the Billing tab')}
            </Anchor>
            <Group gap="xs">
              <Button variant="default" size="xs" onClick={onClose}>
                {t('Close')}
              </Button>
              {s.cancellable && (
                <Button color="red" size="xs" variant="light" leftSection={<IconArrowBackUp size={14} />} onClick={() => onCancel(r)}>
                  {t('Cancel this change')}
                </Button>
              )}
            </Group>
          </Group>
          {!s.cancellable && r.status !== 'cancelled' && (
            <Text size="xs" c="dimmed">
              {t('This change started on {{date}}: only a change that has not started yet can be cancelled.', { date: formatDate(r.start) })}
            </Text>
          )}
        </Stack>
      )}
    </Modal>
  );
}
