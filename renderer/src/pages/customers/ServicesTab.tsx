import { ActionIcon, Badge, Button, Card, Group, Stack, Switch, Text, Tooltip } from '@mantine/core';
import { IconArrowsExchange, IconCalendarEvent, IconChartArea, IconMapPin, IconPencil, IconPercentage, IconPlus, IconTrash } from '@tabler/icons-react';
import { DataTable } from 'mantine-datatable';
import { useMediaQuery } from '@mantine/hooks';
import { useState } from 'react';
import type { ServiceKind } from '../../../../main/contract';
import type { CustomerDetail } from '../../../../main/contract/customers';
import type { ServiceRow } from '../../../../main/contract/services';
import { ConfirmModal, EmptyState, ErrorAlert, LoadingRows, Money, ServiceStatusBadge } from '../../components/common';
import { dateColumn } from '../../components/columns';
import { formatBp, formatDate, formatMoney, KIND_LABEL, payPeriodText, SERVICE_STATUS_LABEL } from '../../format';
import { useMutation, useQuery } from '../../hooks/useApi';
import { GeoDialog, ScheduleDialog, UsageDialog } from './ServiceActions';
import { ServiceOnline } from '../../components/sessions/ServiceOnline';
import { ServiceDialog } from './ServiceDialog';
import { NetworkAction } from './ServiceNetworkPanel';
import { t } from '../../i18n';

type Dialog =
  | { type: 'add'; kind: ServiceKind }
  | { type: 'edit'; service: ServiceRow; focus?: 'discount' }
  | { type: 'schedule'; service: ServiceRow }
  | { type: 'graph'; service: ServiceRow }
  | { type: 'geo'; service: ServiceRow }
  | { type: 'delete'; service: ServiceRow };

const KINDS: ServiceKind[] = ['internet', 'voice', 'custom'];
/** From this window width the services table has room for a column per date and a row of action icons. */
const WIDE = '(min-width: 1360px)';
const NARROW = '(max-width: 1359.98px)';

export function ServicesTab({
  customer,
  onChangePlan,
}: {
  customer: CustomerDetail;
  onChangePlan: (service: ServiceRow) => void;
}) {
  // Decision 22: the new services of cancelled plan changes are hidden unless staff ask for them.
  const [showCancelled, setShowCancelled] = useState(false);
  const services = useQuery('services.listForCustomer', { customerId: customer.id, includeCancelledChanges: showCancelled });
  const wide = useMediaQuery(WIDE, true) ?? true;
  const online = useQuery('sessions.onlineForCustomer', { customerId: customer.id });
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [remove, removeState] = useMutation('services.delete');
  const addBlocked = customer.status === 'inactive' ? t('The customer is Inactive: a payment reactivates them before services can be added') : null;

  // the services table, the header and the other tabs show the write's result by push (useQuery)
  const done = () => setDialog(null);

  if (services.error) return <ErrorAlert error={services.error} title={t('Cannot load services')} />;
  if (!services.data) return <LoadingRows rows={5} />;

  return (
    <Stack gap="sm">
      <Group justify="flex-end">
        <Switch
          size="xs"
          label={t('Show services of cancelled plan changes')}
          checked={showCancelled}
          onChange={(e) => setShowCancelled(e.currentTarget.checked)}
        />
      </Group>
      {KINDS.map((kind) => {
        const rows = services.data!.filter((s) => s.kind === kind);
        const addButton = (
          <Tooltip label={addBlocked ?? t('Add {{kind}} service', { kind: KIND_LABEL[kind] })} withinPortal>
            <span>
              <Button
                size="compact-xs"
                variant="light"
                leftSection={<IconPlus size={12} />}
                disabled={!!addBlocked}
                aria-label={t('Add {{kind}} service', { kind: KIND_LABEL[kind] })}
                onClick={() => setDialog({ type: 'add', kind })}
              >
                {t('Add service')}
              </Button>
            </span>
          </Tooltip>
        );
        return (
          <Card key={kind} withBorder padding="xs" data-testid={`services-${kind}`}>
            <Group justify="space-between" mb={4}>
              <Text fw={600} size="sm">
                {t('{{kind}} services', { kind: KIND_LABEL[kind] })}
              </Text>
              {addButton}
            </Group>
            {rows.length === 0 ? (
              <EmptyState text={t('No services yet')} action={addBlocked ? <Text size="xs" c="dimmed">{addBlocked}</Text> : undefined} />
            ) : (
              <DataTable<ServiceRow>
                aria-label={t('{{kind}} services', { kind: KIND_LABEL[kind] })}
                withTableBorder={false}
                striped
                horizontalSpacing={wide ? 'xs' : 6}
                pinLastColumn
                verticalSpacing={3}
                fz="sm"
                records={rows}
                columns={[
                  { accessor: 'id', title: t('ID'), width: 60 },
                  {
                    accessor: 'description',
                    title: t('Description'),
                    render: (s) => (
                      <Stack gap={0}>
                        <Text size="sm">{s.description}</Text>
                        {s.internet && (s.internet.login || s.internet.ipv4) && (
                          <Text size="xs" c="dimmed">
                            {[s.internet.login, s.internet.ipv4].filter(Boolean).join(' · ')}
                          </Text>
                        )}
                        {s.discount && (
                          <Text size="xs" c="teal">
                            {t('Discount {{value}}', { value: s.discount.kind === 'percent' ? formatBp(s.discount.value) : formatMoney(s.discount.value) })}
                            {s.discount.from || s.discount.to ? ` (${s.discount.from ? formatDate(s.discount.from) : '…'} – ${s.discount.to ? formatDate(s.discount.to) : '…'})` : ''}
                          </Text>
                        )}
                      </Stack>
                    ),
                  },
                  { accessor: 'planName', title: t('Plan') },
                  {
                    accessor: 'unitPrice',
                    title: t('Price'),
                    textAlign: 'right',
                    render: (s) => (
                      <Stack gap={0} align="flex-end">
                        <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                          <Money cents={s.unitPrice} /> / {t('month')}{s.quantity !== 1 ? ` × ${s.quantity}` : ''}
                        </Text>
                        {s.payPeriodMonths !== 1 && (
                          <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                            {payPeriodText(s.payPeriodMonths)}
                          </Text>
                        )}
                      </Stack>
                    ),
                  },
                  // Wide windows: one column per date. Narrow ones: the period in one column, so Status and the
                  // actions stay on screen at 1024 px.
                  dateColumn<ServiceRow>('start', t('Start'), { visibleMediaQuery: WIDE }),
                  dateColumn<ServiceRow>('end', t('End'), { visibleMediaQuery: WIDE }),
                  dateColumn<ServiceRow>('invoicedUntil', t('Invoiced until'), { visibleMediaQuery: WIDE }),
                  {
                    accessor: 'period',
                    title: t('Period'),
                    visibleMediaQuery: NARROW,
                    render: (s) => (
                      <Stack gap={0}>
                        <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                          {formatDate(s.start)} – {s.end ? formatDate(s.end) : '…'}
                        </Text>
                        <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                          {t('invoiced until {{date}}', { date: formatDate(s.invoicedUntil) })}
                        </Text>
                      </Stack>
                    ),
                  },
                  {
                    accessor: 'status',
                    title: t('Status'),
                    noWrap: true,
                    render: (s) => (
                      <Stack gap={2}>
                        <ServiceStatusBadge status={s.status} />
                        <ServiceOnline serviceId={s.id} online={online.data} />
                        {s.scheduledStatus && (
                          <Badge size="xs" variant="outline" color="gray">
                            → {SERVICE_STATUS_LABEL[s.scheduledStatus.status]} {s.scheduledStatus.on}
                          </Badge>
                        )}
                        {s.pendingChange && (
                          <Badge size="xs" variant="outline" color="blue">
                            → {s.pendingChange.newPlanName} {s.pendingChange.start}
                          </Badge>
                        )}
                      </Stack>
                    ),
                  },
                  {
                    accessor: 'actions',
                    title: t('Actions'),
                    render: (s) => {
                      const label = t('service {{id}}', { id: s.id });
                      // Narrow windows: the seven icons in two rows of four rather than a column pushed off screen.
                      return (
                        <Group gap={2} wrap={wide ? 'nowrap' : 'wrap'} maw={wide ? undefined : 4 * 24} onClick={(e) => e.stopPropagation()}>
                          <Tooltip label={t('Edit')}>
                            <ActionIcon size="sm" variant="subtle" aria-label={t('Edit {{label}}', { label })} onClick={() => setDialog({ type: 'edit', service: s })}>
                              <IconPencil size={15} />
                            </ActionIcon>
                          </Tooltip>
                          <Tooltip label={t('Schedule a future change')}>
                            <ActionIcon size="sm" variant="subtle" aria-label={t('Schedule a future change for {{label}}', { label })} onClick={() => setDialog({ type: 'schedule', service: s })}>
                              <IconCalendarEvent size={15} />
                            </ActionIcon>
                          </Tooltip>
                          <Tooltip label={t('Change plan')}>
                            <ActionIcon size="sm" variant="subtle" aria-label={t('Change plan')} data-service-id={s.id} onClick={() => onChangePlan(s)}>
                              <IconArrowsExchange size={15} />
                            </ActionIcon>
                          </Tooltip>
                          <Tooltip label={t('Graph')}>
                            <ActionIcon size="sm" variant="subtle" aria-label={t('Traffic graph of {{label}}', { label })} onClick={() => setDialog({ type: 'graph', service: s })}>
                              <IconChartArea size={15} />
                            </ActionIcon>
                          </Tooltip>
                          <Tooltip label={t('Discounts')}>
                            <ActionIcon size="sm" variant="subtle" aria-label={t('Discounts of {{label}}', { label })} onClick={() => setDialog({ type: 'edit', service: s, focus: 'discount' })}>
                              <IconPercentage size={15} />
                            </ActionIcon>
                          </Tooltip>
                          <NetworkAction service={s} label={label} />
                          <Tooltip label={t('Geolocate')}>
                            <ActionIcon size="sm" variant="subtle" aria-label={t('Geolocate {{label}}', { label })} onClick={() => setDialog({ type: 'geo', service: s })}>
                              <IconMapPin size={15} />
                            </ActionIcon>
                          </Tooltip>
                          <Tooltip label={t('Delete')}>
                            <ActionIcon
                              size="sm"
                              variant="subtle"
                              color="red"
                              aria-label={t('Delete {{label}}', { label })}
                              onClick={() => {
                                removeState.clear();
                                setDialog({ type: 'delete', service: s });
                              }}
                            >
                              <IconTrash size={15} />
                            </ActionIcon>
                          </Tooltip>
                        </Group>
                      );
                    },
                  },
                ]}
              />
            )}
          </Card>
        );
      })}
      {dialog?.type === 'add' && <ServiceDialog customer={customer} kind={dialog.kind} service={null} onClose={() => setDialog(null)} onSaved={done} />}
      {dialog?.type === 'edit' && (
        <ServiceDialog customer={customer} kind={dialog.service.kind} service={dialog.service} focus={dialog.focus} onClose={() => setDialog(null)} onSaved={done} />
      )}
      {dialog?.type === 'schedule' && <ScheduleDialog service={dialog.service} onClose={() => setDialog(null)} onSaved={done} />}
      {dialog?.type === 'graph' && (
        <UsageDialog
          service={dialog.service}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog?.type === 'geo' && <GeoDialog service={dialog.service} onClose={() => setDialog(null)} onSaved={done} />}
      {dialog?.type === 'delete' && (
        <ConfirmModal
          opened
          title={t('Delete service')}
          confirmLabel={t('Delete')}
          busy={removeState.busy}
          error={removeState.error}
          onClose={() => setDialog(null)}
          onConfirm={async () => {
            if (await remove({ id: dialog.service.id })) done();
          }}
        >
          {t('Delete service #{{id}} “{{name}}”? A service that has been invoiced cannot be deleted.', { id: dialog.service.id, name: dialog.service.description || dialog.service.planName })}
        </ConfirmModal>
      )}
    </Stack>
  );
}
