import { Alert, Anchor, Badge, Button, Card, Group, Loader, Modal, Select, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconArrowRight, IconCalendarCheck, IconInfoCircle, IconRefreshAlert } from '@tabler/icons-react';
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import type { ChangePlanOptions, ChangePlanQuoteView, ChangePlanRefusalView, PlanChangeRow, QuoteLine } from '../../../../main/contract/changePlan';
import type { AppErrorData } from '../../../../main/contract/errors';
import type { ServiceRow } from '../../../../main/contract/services';
import { formatDate, formatMoney, isValidIsoDate, labels, moneyInputValue, parseMoney } from '../../format';
import { useQuery } from '../../hooks/useApi';
import { navigate } from '../../router';
import { api } from '../../transport';
import { DateField, DialogFooter, ErrorAlert, LoadingRows } from '../common';
import { CHANGE_PLAN_SETTING_LABEL, ORIGIN_LABEL, settingValueText, signedMoney } from './labels';
import { t } from '../../i18n';

// Change plan (decisions 3–8): staff choose the start date and the new plan (description and price prefilled from
// it); main recomputes the whole breakdown as they type (debounced, never blocking the inputs) and the dialog
// shows exactly what apply will post: each line with its sentence, the documents, the balance before → after and
// the settings that produced them. Apply sends the quote's fingerprint; if anything moved since (a payment, a
// setting, another window) main refuses with STALE_QUOTE and the fresh figures, which replace the old ones here.

type QuoteAnswer = ChangePlanQuoteView | ChangePlanRefusalView;

interface QuoteInput {
  serviceId: number;
  planId: number;
  start: string;
  description: string | null;
  unitPrice: number | null;
}

export const QUOTE_DEBOUNCE_MS = 250;

const pendingLink = (id: number, onClose: () => void) => (
  <Anchor
    size="sm"
    href={`#/changes?open=${id}`}
    onClick={(e) => {
      e.preventDefault();
      onClose();
      navigate(`/changes?open=${id}`);
    }}
  >
    {t('Open pending change #{{id}}', { id })}
  </Anchor>
);

export function ChangePlanDialog({ service, onClose, onApplied }: { service: ServiceRow; onClose: () => void; onApplied: (row: PlanChangeRow) => void }) {
  const options = useQuery('changePlan.options', { serviceId: service.id });
  return (
    <Modal
      opened
      onClose={onClose}
      size={980}
      title={
        <Group gap={6}>
          <Title order={4}>{t('Change plan')}</Title>
          <Text c="dimmed" size="sm">
            {t('service #{{id}}', { id: service.id })} · {service.planName}
          </Text>
        </Group>
      }
    >
      {options.error && <ErrorAlert error={options.error} title={t('Cannot change the plan of this service')} />}
      {!options.data && options.loading && <LoadingRows rows={6} />}
      {options.data && <ChangePlanForm service={service} options={options.data} onClose={onClose} onApplied={onApplied} />}
    </Modal>
  );
}

function ChangePlanForm({
  service,
  options,
  onClose,
  onApplied,
}: {
  service: ServiceRow;
  options: ChangePlanOptions;
  onClose: () => void;
  onApplied: (row: PlanChangeRow) => void;
}) {
  const [start, setStart] = useState(options.earliestStart);
  const [planId, setPlanId] = useState<string | null>(options.plans.length === 1 ? String(options.plans[0].id) : null);
  const firstPlan = options.plans.length === 1 ? options.plans[0] : null;
  const [description, setDescription] = useState(firstPlan?.description ?? '');
  const [priceText, setPriceText] = useState(firstPlan ? moneyInputValue(firstPlan.price) : '');

  const price = priceText.trim() === '' ? null : parseMoney(priceText);
  const priceError = priceText.trim() !== '' && (price === null || price < 0) ? t('must be an amount like {{example}}', { example: moneyInputValue(10000) }) : undefined;

  const input: QuoteInput | null = useMemo(
    () =>
      planId && isValidIsoDate(start) && !priceError
        ? { serviceId: service.id, planId: Number(planId), start, description: description.trim() || null, unitPrice: price }
        : null,
    [service.id, planId, start, description, price, priceError],
  );
  const key = input ? JSON.stringify(input) : null;
  const [debouncedKey] = useDebouncedValue(key, QUOTE_DEBOUNCE_MS);

  const [quote, setQuote] = useState<{ key: string; answer: QuoteAnswer } | null>(null);
  const [quoteError, setQuoteError] = useState<AppErrorData | null>(null);
  const [quoting, setQuoting] = useState(false);
  const [stale, setStale] = useState(false);
  const [applying, setApplying] = useState(false);
  const [applyError, setApplyError] = useState<AppErrorData | null>(null);
  const seq = useRef(0);

  useEffect(() => {
    setStale(false);
    setApplyError(null);
    if (debouncedKey === null) {
      seq.current++;
      setQuoting(false);
      return;
    }
    const my = ++seq.current;
    setQuoting(true);
    void api.call('changePlan.quote', JSON.parse(debouncedKey) as QuoteInput).then((res) => {
      if (my !== seq.current) return; // a newer input has been sent: this answer is for old figures
      setQuoting(false);
      if (res.ok) {
        setQuote({ key: debouncedKey, answer: res.data });
        setQuoteError(null);
      } else setQuoteError(res.error);
    });
  }, [debouncedKey]);

  const choosePlan = (value: string | null) => {
    setPlanId(value);
    const plan = options.plans.find((p) => String(p.id) === value);
    if (plan) {
      setDescription(plan.description);
      setPriceText(moneyInputValue(plan.price));
    }
  };

  const current = quote && quote.key === key ? quote.answer : null;
  const recomputing = quoting || (key !== null && key !== debouncedKey);
  const ok = current?.ok ? current : null;
  const canApply = !!ok && !recomputing && !applying;

  const apply = async (e?: FormEvent) => {
    e?.preventDefault();
    if (!canApply || !quote || !ok) return;
    setApplying(true);
    setApplyError(null);
    try {
      const res = await api.call('changePlan.apply', { ...(JSON.parse(quote.key) as QuoteInput), fingerprint: ok.fingerprint });
      if (res.ok) {
        notifications.show({
          color: 'green',
          title: t('Plan changed: {{oldPlanName}} → {{newPlanName}}', { oldPlanName: res.data.oldPlanName, newPlanName: res.data.newPlanName }),
          message: t('From {{start}}. Refund {{value}}, invoice {{value2}}.', { start: formatDate(res.data.start), value: formatMoney(res.data.refundTotal), value2: formatMoney(res.data.invoiceTotal) }),
        });
        onApplied(res.data);
        return;
      }
      const fresh = res.error.details?.quote as QuoteAnswer | undefined;
      if (res.error.code === 'STALE_QUOTE' && fresh) {
        // What is posted must be what staff saw: show the new figures and let them apply those.
        setQuote({ key: quote.key, answer: fresh });
        setStale(true);
        return;
      }
      setApplyError(res.error);
    } finally {
      setApplying(false);
    }
  };

  // Keep the last breakdown on screen (faded) while the new one is computed, so the dialog never jumps while typing.
  const shown = current ?? (recomputing || key === null ? (quote?.answer ?? null) : null);
  const refusal = current && !current.ok ? current : null;
  const pendingChange = options.pendingChange;

  return (
    <form onSubmit={(e) => void apply(e)}>
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          {t('Current:')} <b>{options.currentPlan.name}</b> · {service.description} · {formatMoney(options.currentPlan.price)} · {t('from {{date}}', { date: formatDate(service.start) })}
          {service.end ? ` ${t('to {{date}}', { date: formatDate(service.end) })}` : ''} ·{' '}
          {t('invoiced until {{date}}', { date: service.invoicedUntil ? formatDate(service.invoicedUntil) : t('— (never invoiced)') })}
        </Text>

        {pendingChange && (
          <Alert color="blue" variant="light" icon={<IconInfoCircle size={16} />} title={t('A plan change is already pending')} p="xs">
            <Stack gap={4}>
              <Text size="sm">
                {t('This service changes to {{plan}} on {{start}} (made on {{madeOn}}). Cancel that change before making another one.', {
                  plan: pendingChange.newPlanName,
                  start: formatDate(pendingChange.start),
                  madeOn: formatDate(pendingChange.madeOn),
                })}
              </Text>
              {pendingLink(pendingChange.id, onClose)}
            </Stack>
          </Alert>
        )}

        <SimpleGrid cols={{ base: 1, sm: 4 }} spacing="xs">
          <DateField label={t('New plan start date')} value={start} onChange={setStart} required description={t('earliest {{earliestStart}}', { earliestStart: formatDate(options.earliestStart) })} />
          <Select
            label={t('New plan')}
            placeholder={options.plans.length ? t('Choose a plan') : t('No other plan of this kind')}
            data={options.plans.map((p) => ({ value: String(p.id), label: p.name }))}
            value={planId}
            onChange={choosePlan}
            searchable
            allowDeselect={false}
            required
            description={(() => {
              const p = options.plans.find((x) => String(x.id) === planId);
              return p ? t('{{price}} / month', { price: formatMoney(p.price) }) : t('same kind, enabled plans');
            })()}
            comboboxProps={{ withinPortal: true }}
          />
          <TextInput label={t('Description')} value={description} onChange={(e) => setDescription(e.currentTarget.value)} description={t('of the new service')} maxLength={200} />
          <TextInput
            label={t('Price')}
            value={priceText}
            onChange={(e) => setPriceText(e.currentTarget.value)}
            error={priceError}
            description={t('per month, of the new service')}
            inputMode="decimal"
            autoComplete="off"
          />
        </SimpleGrid>

        {quoteError && <ErrorAlert error={quoteError} title={t('Cannot compute the change')} />}

        {refusal && (
          <Alert color="red" variant="light" icon={<IconAlertTriangle size={16} />} title={t('This change is refused')} role="alert" p="xs" data-testid="quote-refusal">
            <Stack gap={6}>
              <Text size="sm">{refusal.message}</Text>
              {refusal.earliestStart && refusal.earliestStart !== start && (
                <Group>
                  <Button size="xs" variant="light" leftSection={<IconCalendarCheck size={14} />} onClick={() => setStart(refusal.earliestStart!)}>
                    {t('Start on {{date}}', { date: formatDate(refusal.earliestStart) })}
                  </Button>
                </Group>
              )}
              {refusal.pendingPlanChangeId && !pendingChange && pendingLink(refusal.pendingPlanChangeId, onClose)}
              {refusal.field === 'service' && (
                <Text size="xs" c="dimmed">
                  {t('Only an Active service changes plan: activate it (Edit) or wait for its start date.')}
                </Text>
              )}
            </Stack>
          </Alert>
        )}

        {stale && (
          <Alert color="orange" variant="light" icon={<IconRefreshAlert size={16} />} title={t('The figures changed')} role="alert" p="xs" data-testid="stale-quote">
            <Text size="sm">
              {t('Something changed since this breakdown was computed (a payment, a setting or another window). Nothing was posted. The new figures are shown below: check them and apply again.')}
            </Text>
          </Alert>
        )}

        {!shown && !refusal && (
          <Card withBorder padding="sm">
            <Text size="sm" c="dimmed">
              {quoting || recomputing ? t('Computing the breakdown…') : t('Choose the new plan and its start date to see what will be posted.')}
            </Text>
          </Card>
        )}

        {shown?.ok && <Breakdown q={shown} recomputing={recomputing} faded={shown !== current} />}

        <ErrorAlert error={applyError} title={t('Not applied')} />
        {applyError?.details?.earliestStart !== undefined && (
          <Group>
            <Button size="xs" variant="light" onClick={() => setStart(String(applyError.details!.earliestStart))}>
              {t('Start on {{date}}', { date: formatDate(String(applyError.details.earliestStart)) })}
            </Button>
          </Group>
        )}

        <DialogFooter>
          <Group justify="space-between">
            <Text size="xs" c="dimmed">
              {ok ? t('Apply posts exactly these figures on {{date}}.', { date: formatDate(ok.today) }) : t('Apply is available once the breakdown is shown without a refusal.')}
            </Text>
            <Group gap="xs">
              <Button variant="default" size="sm" onClick={onClose}>
                {t('Close')}
              </Button>
              <Button type="submit" size="sm" disabled={!canApply} loading={applying} leftSection={<IconArrowRight size={16} />}>
                {t('Apply change')}
              </Button>
            </Group>
          </Group>
        </DialogFooter>
      </Stack>
    </form>
  );
}

const KIND_LABEL = labels<QuoteLine['kind']>({ refund: 'Refund', fee: 'Fee', charge: 'New charge' });
const KIND_COLOR: Record<QuoteLine['kind'], string> = { refund: 'teal', fee: 'grape', charge: 'blue' };

function LineRow({ line, testId, deferred }: { line: QuoteLine; testId: string; deferred?: boolean }) {
  return (
    <Table.Tr data-testid={testId}>
      <Table.Td style={{ verticalAlign: 'top' }}>
        <Badge size="sm" variant="light" color={deferred ? 'gray' : KIND_COLOR[line.kind]}>
          {deferred ? t('{{kind}} (deferred)', { kind: KIND_LABEL[line.kind] }) : KIND_LABEL[line.kind]}
        </Badge>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{line.description}</Text>
        <Text size="xs" c="dimmed" data-testid={`${testId}-sentence`}>
          {line.sentence}
        </Text>
      </Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap', verticalAlign: 'top' }}>{line.from && line.to ? `${formatDate(line.from)} – ${formatDate(line.to)}` : '—'}</Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap', verticalAlign: 'top' }}>{line.days !== null && line.divisor !== null ? `${line.days} / ${line.divisor}` : '—'}</Table.Td>
      <Table.Td style={{ textAlign: 'right', verticalAlign: 'top', fontVariantNumeric: 'tabular-nums' }}>
        <Text size="sm" fw={600} data-testid={`${testId}-amount`}>
          {formatMoney(line.amount)}
        </Text>
        {line.vat !== 0 && (
          <Text size="xs" c="dimmed">
            {t('VAT {{amount}}', { amount: formatMoney(line.vat) })}
          </Text>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

function Breakdown({ q, recomputing, faded }: { q: ChangePlanQuoteView; recomputing: boolean; faded: boolean }) {
  const hasLines = q.refundLines.length > 0 || q.fee || q.charge || q.deferred.length > 0;
  return (
    <Card withBorder padding="sm" data-testid="quote-breakdown" aria-busy={recomputing} style={{ opacity: faded ? 0.6 : 1, transition: 'opacity 120ms' }}>
      <Stack gap="xs">
        <Group justify="space-between">
          <Text fw={600} size="sm">
            {t('What will be posted on {{date}}', { date: formatDate(q.today) })}
          </Text>
          {recomputing && (
            <Group gap={4} data-testid="quote-recomputing">
              <Loader size={12} />
              <Text size="xs" c="dimmed">
                {t('recomputing…')}
              </Text>
            </Group>
          )}
        </Group>

        {q.sameDay && (
          <Alert color="yellow" variant="light" icon={<IconInfoCircle size={16} />} title={t('Same-day change')} p="xs" data-testid="same-day-notice">
            <Text size="sm">
              {t('The new plan starts on the old service\'s start date ({{date}}): the old service is', { date: formatDate(q.service.start) })} <b>{t('Archived')}</b>{' '}
              {t('with its end date = its start date, everything it was invoiced for is refunded, and the new service is')} <b>{t('Active at once')}</b>
              {t(', charged from {{date}}.', { date: formatDate(q.start) })}
            </Text>
          </Alert>
        )}

        <Text size="sm" data-testid="quote-days">
          {q.usedDays !== null && q.unusedDays !== null && q.divisor !== null
            ? t('Days used {{used}}, unused {{unused}}, of {{divisor}} days in the invoiced period (the divisor).', { used: q.usedDays, unused: q.unusedDays, divisor: q.divisor })
            : q.service.invoicedUntil
              ? t('Invoiced until {{date}}.', { date: formatDate(q.service.invoicedUntil) })
              : t('The old service was never invoiced: nothing to refund.')}
        </Text>

        {hasLines ? (
          <Table withTableBorder striped verticalSpacing={4} fz="sm" aria-label={t('Breakdown')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={130}>{t('Line')}</Table.Th>
                <Table.Th>{t('Description')}</Table.Th>
                <Table.Th w={200}>{t('Period')}</Table.Th>
                <Table.Th w={80}>{t('Days')}</Table.Th>
                <Table.Th w={100} style={{ textAlign: 'right' }}>
                  {t('Amount')}
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {q.refundLines.map((l, i) => (
                <LineRow key={`r${i}`} line={l} testId={q.refundLines.length === 1 ? 'quote-refund' : `quote-refund-${i}`} />
              ))}
              {q.charge && <LineRow line={q.charge} testId="quote-charge" />}
              {q.fee && <LineRow line={q.fee} testId="quote-fee" />}
              {q.deferred.map((l, i) => (
                <LineRow key={`d${i}`} line={l} testId={`quote-deferred-${i}`} deferred />
              ))}
            </Table.Tbody>
          </Table>
        ) : (
          <Text size="sm" c="dimmed">
            {t('No refund, no fee and no charge now.')}
          </Text>
        )}

        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          <div>
            <Text size="xs" c="dimmed">
              {t('Documents created')}
            </Text>
            <Stack gap={0} data-testid="quote-documents">
              {q.documents.creditNote && <Text size="sm">{t('Credit note {{amount}} (refund)', { amount: formatMoney(q.refundTotal) })}</Text>}
              {q.documents.invoice && (
                <Text size="sm">
                  {t('Invoice {{amount}}', { amount: formatMoney(q.invoiceTotal) })}
                  {q.charge && q.fee
                    ? ` ${t('(charge {{charge}} + fee {{fee}})', { charge: formatMoney(q.charge.amount), fee: formatMoney(q.fee.amount) })}`
                    : q.fee
                      ? ` ${t('(fee)')}`
                      : ` ${t('(charge)')}`}
                  {t(', paid from the balance as far as it goes')}
                </Text>
              )}
              {!q.documents.creditNote && !q.documents.invoice && <Text size="sm">{t('Nothing: no document is created now')}</Text>}
            </Stack>
          </div>
          <div>
            <Text size="xs" c="dimmed">
              {t('Balance')}
            </Text>
            <Group gap={6}>
              <Text size="sm" data-testid="quote-balance-before">
                {signedMoney(q.balanceBefore)}
              </Text>
              <IconArrowRight size={14} />
              <Text size="sm" fw={700} c={q.balanceAfter < 0 ? 'red' : 'teal'} data-testid="quote-balance-after">
                {signedMoney(q.balanceAfter)}
              </Text>
            </Group>
          </div>
          <div>
            <Text size="xs" c="dimmed">
              {t('Services')}
            </Text>
            <Text size="sm" data-testid="quote-old-service">
              {q.service.planName}: {t('ends {{date}}', { date: formatDate(q.oldService.end) })},{' '}
              {q.oldService.statusFromStart === 'archived' ? t('Archived now') : t('Disabled from {{date}}', { date: formatDate(q.start) })}
            </Text>
            <Text size="sm" data-testid="quote-new-service">
              {q.newPlan.name}: {q.newService.status === 'active' ? t('Active at once') : t('Pending until {{date}}', { date: formatDate(q.newService.start) })}
              {q.newService.invoicedUntil ? `, ${t('invoiced until {{date}}', { date: formatDate(q.newService.invoicedUntil) })}` : ''}
            </Text>
          </div>
        </SimpleGrid>

        <div>
          <Text size="xs" c="dimmed">
            {t('Settings used (partner {{name}})', { name: q.settings.partnerName })}
          </Text>
          <Group gap="md" data-testid="quote-settings">
            {Object.entries(q.settings.values).map(([k, v]) => (
              <Text size="xs" key={k}>
                {CHANGE_PLAN_SETTING_LABEL[k] ?? k}: <b>{settingValueText(k, v)}</b>{' '}
                <Text span size="xs" c="dimmed">
                  ({ORIGIN_LABEL[q.settings.origins[k]] ?? q.settings.origins[k]})
                </Text>
              </Text>
            ))}
          </Group>
        </div>

        {q.notes.length > 0 && (
          <div>
            <Text size="xs" c="dimmed">
              {t('Why')}
            </Text>
            <Stack gap={0} component="ul" style={{ margin: 0, paddingLeft: 18 }} data-testid="quote-notes">
              {q.notes.map((n, i) => (
                <Text size="xs" component="li" key={i}>
                  {n}
                </Text>
              ))}
            </Stack>
          </div>
        )}
      </Stack>
    </Card>
  );
}
