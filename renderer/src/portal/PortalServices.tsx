import { ActionIcon, Alert, Badge, Button, Card, Divider, Group, Modal, Select, SimpleGrid, Stack, Table, Text, Textarea, TextInput, Title, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowsExchange, IconInfoCircle } from '@tabler/icons-react';
import { useState } from 'react';
import type { AppErrorData } from '../../../main/contract/errors';
import type { PortalColumn, PortalServiceRow } from '../../../main/contract/portal';
import { PORTAL_COLUMN_LABEL } from './labels';
import type { TicketPriority, TicketType } from '../../../main/contract/tickets';
import { DateField, EmptyState, ErrorAlert, Field, LoadingRows, ServiceStatusBadge } from '../components/common';
import { formatDate, formatMoney, isValidIsoDate, KIND_LABEL } from '../format';
import { useMutation, useQuery } from '../hooks/useApi';
import { navigate } from '../router';
import { api } from '../transport';
import { PRIORITY_OPTIONS, TYPE_OPTIONS } from '../pages/tickets/ticketBadges';
import { portalPath, usePortal } from './PortalApp';
import { priceOfChange, QuoteBreakdown } from './QuoteBreakdown';
import { t } from '../i18n';

// Portal → Services (splynx-rules §8.3/§8.4): one table per service kind with the columns the partner's portal
// settings allow, the change-plan icon where "Request tariff plan change" and/or "Self-change tariff plan" is on,
// and pending changes shown (the customer cannot cancel them).

function cellValue(col: PortalColumn, v: string | number | null | undefined) {
  if (v === null || v === undefined || v === '') return '—';
  if (col === 'price' && typeof v === 'number') return formatMoney(v);
  if ((col === 'startDate' || col === 'invoicedUntil') && typeof v === 'string') return formatDate(v);
  if (col === 'status') return <ServiceStatusBadge status={String(v)} />;
  return String(v);
}

function KindTable({ kind, rows, onChange }: { kind: string; rows: PortalServiceRow[]; onChange: (r: PortalServiceRow) => void }) {
  const columns = rows[0]?.columns ?? [];
  return (
    <Card withBorder padding="sm" data-testid={`portal-services-${kind}`}>
      <Text fw={600} size="sm" mb="xs">
        {KIND_LABEL[kind] ?? kind}
      </Text>
      <Table withTableBorder striped fz="sm" verticalSpacing={4} aria-label={t('{{kind}} services', { kind: KIND_LABEL[kind] ?? kind })}>
        <Table.Thead>
          <Table.Tr>
            {columns.map((c) => (
              <Table.Th key={c}>{PORTAL_COLUMN_LABEL[c]}</Table.Th>
            ))}
            <Table.Th style={{ width: 1, whiteSpace: 'nowrap' }}>{t('Actions')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => {
            const label = String(r.values.description ?? t('service {{id}}', { id: r.id }));
            return (
              <Table.Tr key={r.id} data-service-id={r.id}>
                {columns.map((c) => (
                  <Table.Td key={c}>{cellValue(c, r.values[c])}</Table.Td>
                ))}
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <Group gap={6} wrap="nowrap">
                    {r.pendingChange && (
                      <Tooltip label={t('Your plan changes to {{newPlanName}} on {{start}}', { newPlanName: r.pendingChange.newPlanName, start: formatDate(r.pendingChange.start) })}>
                        <Badge size="sm" color="blue" variant="light" data-testid="pending-change">
                          {t('Pending: {{plan}} from {{date}}', { plan: r.pendingChange.newPlanName, date: formatDate(r.pendingChange.start) })}
                        </Badge>
                      </Tooltip>
                    )}
                    {(r.canRequestChange || r.canSelfChange) && (
                      <Tooltip label={t('Change tariff plan')}>
                        <ActionIcon variant="light" color="teal" aria-label={t('Change tariff plan of {{label}}', { label })} onClick={() => onChange(r)}>
                          <IconArrowsExchange size={16} />
                        </ActionIcon>
                      </Tooltip>
                    )}
                  </Group>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Card>
  );
}

export function PortalServicesPage() {
  const services = useQuery('portal.services', {});
  const [changing, setChanging] = useState<PortalServiceRow | null>(null);
  const rows = services.data?.rows ?? [];
  const kinds = (['internet', 'voice', 'custom'] as const).filter((k) => rows.some((r) => r.kind === k));
  return (
    <Stack gap="sm">
      <Title order={2} size="h3">
        {t('Services')}
      </Title>
      <ErrorAlert error={services.error} />
      {!services.data && services.loading && <LoadingRows />}
      {services.data && (
        <>
          <Alert color="teal" variant="light" p="xs" icon={<IconInfoCircle size={16} />}>
            <Text size="sm">
              {t('Total monthly price:')} <b data-testid="portal-total-monthly">{formatMoney(services.data.totalMonthlyPrice)}</b>
            </Text>
          </Alert>
          {rows.length === 0 && <EmptyState text={t('You have no services')} />}
          {kinds.map((k) => (
            <KindTable
              key={k}
              kind={k}
              rows={rows.filter((r) => r.kind === k)}
              onChange={setChanging}
            />
          ))}
        </>
      )}
      {changing && (
        <ChangeTariffDialog
          service={changing}
          onClose={() => setChanging(null)}
          onApplied={() => setChanging(null)}
        />
      )}
    </Stack>
  );
}

interface TicketDraft {
  subject: string;
  priority: TicketPriority;
  type: TicketType;
  message: string;
}

/**
 * "Change tariff": new plan start date (today or later), new plan (from the current plan's "available in customer
 * portal" list), the new service, "Price of change" (the fee) and the full quote. Then either "Request tariff plan
 * change" (→ the ticket form, prefilled) or "Apply" (self-change: a Pending new service from the start date).
 */
function ChangeTariffDialog({ service, onClose, onApplied }: { service: PortalServiceRow; onClose: () => void; onApplied: () => void }) {
  const { session } = usePortal();
  const today = session.businessDate;
  const [start, setStart] = useState(service.earliestStart > today ? service.earliestStart : today);
  const [planId, setPlanId] = useState<string | null>(service.targets.length === 1 ? String(service.targets[0].id) : null);
  const [step, setStep] = useState<'quote' | 'ticket'>('quote');
  const [stale, setStale] = useState(false);
  const [draft, setDraft] = useState<TicketDraft | null>(null);

  const startOk = isValidIsoDate(start);
  const startError = start.length === 10 && startOk && start < today ? t('The new plan start date must be today ({{date}}) or later', { date: formatDate(today) }) : undefined;
  const canQuote = startOk && !startError && planId !== null;
  const q = useQuery('portal.changeQuote', canQuote ? { serviceId: service.id, planId: Number(planId), start } : null, { keepPrevious: true });
  const quote = canQuote ? q.data : undefined;
  const okQuote = quote && quote.ok ? quote : null;
  const target = service.targets.find((t) => String(t.id) === planId) ?? null;

  const [applying, setApplying] = useState(false);
  const [applyError, setApplyError] = useState<AppErrorData | null>(null);
  const [requestChange, requestState] = useMutation('portal.requestChange');

  const description = okQuote?.service.description ?? String(service.values.description ?? t('service {{id}}', { id: service.id }));

  const apply = async () => {
    if (!okQuote) return;
    setStale(false);
    setApplyError(null);
    setApplying(true);
    const res = await api.call('portal.selfChange', { serviceId: service.id, planId: okQuote.newPlan.id, start: okQuote.start, fingerprint: okQuote.fingerprint });
    setApplying(false);
    if (res.ok) {
      notifications.show({ color: 'teal', title: t('Tariff plan changed'), message: t('{{newPlanName}} from {{start}} (pending until then)', { newPlanName: res.data.newPlanName, start: formatDate(res.data.start) }) });
      onApplied();
      return;
    }
    if (res.error.code === 'STALE_QUOTE') setStale(true);
    else setApplyError(res.error);
    q.reload(); // refused: nothing was announced, and the quote must be asked for again
  };

  const toTicket = () => {
    if (!okQuote) return;
    setDraft(
      (d) =>
        d ?? {
          subject: t('Request tariff change for service: {{description}}', { description }),
          priority: 'low',
          type: 'question',
          message: '',
        },
    );
    setStep('ticket');
  };

  const sendRequest = async () => {
    if (!okQuote || !draft) return;
    const res = await requestChange({
      serviceId: service.id,
      planId: okQuote.newPlan.id,
      start: okQuote.start,
      subject: draft.subject.trim() || null,
      message: draft.message,
      priority: draft.priority,
      type: draft.type,
    });
    if (res) {
      notifications.show({ color: 'teal', title: t('Request sent'), message: t('Ticket #{{id}}: {{subject}}', { id: res.id, subject: res.subject }) });
      onClose();
      navigate(portalPath('tickets', res.id));
    }
  };

  return (
    <Modal opened onClose={onClose} size="lg" title={step === 'quote' ? t('Change tariff') : t('New ticket — request tariff plan change')}>
      {step === 'quote' ? (
        <Stack gap="sm">
          <Text size="sm">
            {t('Current:')} <b>{okQuote?.service.planName ?? String(service.values.plan ?? '')}</b> — {description}
          </Text>
          <SimpleGrid cols={2} spacing="sm">
            <DateField
              label={t('New plan start date')}
              value={start}
              onChange={setStart}
              error={startError ?? (quote && !quote.ok && quote.field === 'start' ? quote.message : undefined)}
              description={t('Today ({{today}}) or later', { today: formatDate(today) })}
              required
            />
            <Select
              label={t('New plan')}
              placeholder={t('Choose a plan')}
              description={t('Plans offered for this service')}
              data={service.targets.map((p) => ({ value: String(p.id), label: t('{{name}} — {{price}} / month', { name: p.name, price: formatMoney(p.price) }) }))}
              value={planId}
              onChange={setPlanId}
              allowDeselect={false}
              required
              comboboxProps={{ withinPortal: true }}
              error={quote && !quote.ok && quote.field === 'planId' ? quote.message : undefined}
            />
          </SimpleGrid>
          {target && (
            <Card withBorder padding="xs" bg="gray.0">
              <Text size="xs" fw={600} c="dimmed" mb={4}>
                {t('New service')}
              </Text>
              <SimpleGrid cols={3} spacing="xs">
                <Field label={t('Plan')}>{target.name}</Field>
                <Field label={t('Price')}>{formatMoney(target.price)}</Field>
                <Field label={t('Price of change')}>
                  <span data-testid="price-of-change">{okQuote ? formatMoney(priceOfChange(okQuote)) : '…'}</span>
                </Field>
              </SimpleGrid>
            </Card>
          )}
          <ErrorAlert error={q.error} />
          {stale && (
            <Alert color="orange" variant="light" p="xs" role="alert">
              <Text size="sm">{t('The figures changed since this quote was shown. Check the new quote below and apply again.')}</Text>
            </Alert>
          )}
          <ErrorAlert error={applyError} title={t('Refused')} />
          {quote && canQuote && (
            <>
              <Divider label={t('Process info')} labelPosition="left" />
              <QuoteBreakdown quote={quote} />
            </>
          )}
          <Group justify="flex-end" gap="xs">
            <Button variant="default" size="xs" onClick={onClose}>
              {t('Cancel')}
            </Button>
            {service.canRequestChange && (
              <Button size="xs" variant={service.canSelfChange ? 'light' : 'filled'} disabled={!okQuote || q.loading} onClick={toTicket}>
                {t('Request tariff plan change')}
              </Button>
            )}
            {service.canSelfChange && (
              <Button size="xs" disabled={!okQuote || q.loading} loading={applying} onClick={() => void apply()}>
                {t('Apply')}
              </Button>
            )}
          </Group>
        </Stack>
      ) : (
        draft &&
        okQuote && (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void sendRequest();
            }}
          >
            <Stack gap="sm">
              <TextInput label={t('Subject')} value={draft.subject} onChange={(e) => setDraft({ ...draft, subject: e.currentTarget.value })} maxLength={200} required />
              <SimpleGrid cols={2} spacing="sm">
                <Select
                  label={t('Priority')}
                  data={PRIORITY_OPTIONS()}
                  value={draft.priority}
                  onChange={(v) => v && setDraft({ ...draft, priority: v as TicketPriority })}
                  allowDeselect={false}
                  comboboxProps={{ withinPortal: true }}
                />
                <Select
                  label={t('Type')}
                  data={TYPE_OPTIONS()}
                  value={draft.type}
                  onChange={(v) => v && setDraft({ ...draft, type: v as TicketType })}
                  allowDeselect={false}
                  comboboxProps={{ withinPortal: true }}
                />
                <TextInput label={t('New plan start date')} value={okQuote.start} readOnly />
                <TextInput label={t('New plan')} value={okQuote.newPlan.name} readOnly />
              </SimpleGrid>
              <Textarea
                label={t('Additional message')}
                autosize
                minRows={3}
                maxRows={10}
                value={draft.message}
                onChange={(e) => setDraft({ ...draft, message: e.currentTarget.value })}
              />
              <Text size="xs" c="dimmed">
                {t('The quote ({{invoice}} invoice, {{refund}} refund, price of change {{price}}) is attached to the ticket. Nothing changes until support applies it.', {
                  invoice: formatMoney(okQuote.invoiceTotal),
                  refund: formatMoney(okQuote.refundTotal),
                  price: formatMoney(priceOfChange(okQuote)),
                })}
              </Text>
              <ErrorAlert error={requestState.error} title={t('Refused')} />
              <Group justify="flex-end" gap="xs">
                <Button variant="default" size="xs" onClick={() => setStep('quote')}>
                  {t('Back')}
                </Button>
                <Button type="submit" size="xs" loading={requestState.busy}>
                  {t('Send request')}
                </Button>
              </Group>
            </Stack>
          </form>
        )
      )}
    </Modal>
  );
}
