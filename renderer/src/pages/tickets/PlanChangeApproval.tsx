import { Alert, Anchor, Badge, Button, Card, Group, SimpleGrid, Stack, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCheck, IconX } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import type { ChangePlanQuoteView, ChangePlanRefusalView } from '../../../../main/contract/changePlan';
import type { AppErrorData } from '../../../../main/contract/errors';
import type { PlanChangeRequestCheck, TicketDetail } from '../../../../main/contract/tickets';
import { DateField, ErrorAlert, Field } from '../../components/common';
import { formatDate, formatMoney, isValidIsoDate } from '../../format';
import { useMutation, useQuery } from '../../hooks/useApi';
import { priceOfChange, QuoteBreakdown } from '../../portal/QuoteBreakdown';
import { api } from '../../transport';
import { t } from '../../i18n';

/**
 * A portal "Request tariff plan change" on its ticket. On opening, the request is checked as of today
 * (tickets.checkChange): when the quote the customer saw still holds, "Approve and apply" applies it in one click;
 * when the figures moved, the fresh quote is shown and approved with a second click; when it cannot be applied as
 * requested (the date passed, the customer changed the service themselves…), a sentence says why, "Approve with date"
 * offers the earliest start allowed, and "Decline" sends the customer a message they read in the portal.
 */
export function PlanChangeApproval({ ticket: d }: { ticket: TicketDetail }) {
  const req = d.planChangeRequest!;
  const o = req.outcome;
  const check = useQuery('tickets.checkChange', o ? null : { ticketId: d.id });
  const c = check.data;
  const badge = o
    ? o.result === 'applied'
      ? { color: 'green', text: t('Applied') }
      : { color: 'gray', text: t('Declined') }
    : c?.state === 'refused'
      ? { color: 'orange', text: t('Cannot be applied as requested') }
      : { color: 'grape', text: t('Waiting for approval') };
  return (
    <Card withBorder padding="sm" data-testid="plan-change-request" style={{ borderColor: `var(--mantine-color-${badge.color}-4)` }}>
      <Group justify="space-between" mb="xs">
        <Text fw={600} size="sm">
          {t('Tariff plan change request')}
        </Text>
        <Badge color={badge.color} variant="light" leftSection={o?.result === 'applied' ? <IconCheck size={12} /> : undefined}>
          {badge.text}
        </Badge>
      </Group>
      <SimpleGrid cols={{ base: 2, md: 4 }} spacing="xs" verticalSpacing={6} mb="xs">
        <Field label={t('Service')}>
          <Anchor size="sm" href={`#/customers/${d.customerId}/services`}>
            {req.serviceDescription} (#{req.serviceId})
          </Anchor>
        </Field>
        <Field label={t('Current plan')}>{req.currentPlanName}</Field>
        <Field label={t('New plan')}>{req.planName}</Field>
        <Field label={t('New plan start date')}>{formatDate(req.start)}</Field>
        <Field label={t('Price of change')}>{formatMoney(priceOfChange(req.quote))}</Field>
        <Field label={t('Requested on')}>{formatDate(req.requestedOn)}</Field>
      </SimpleGrid>
      {o?.result === 'applied' && (
        <Alert color="green" variant="light" p="xs" data-testid="plan-change-outcome">
          <Text size="sm">{o.message}</Text>
          <Text size="xs" c="dimmed">
            {t('Approved by {{by}} on {{on}}: new service #{{id}} ({{plan}}) from {{start}}; refund {{refund}}, invoice {{invoice}}, fee {{fee}}.', {
              by: o.by,
              on: formatDate(o.on),
              id: o.newServiceId,
              plan: o.planName,
              start: formatDate(o.start),
              refund: formatMoney(o.refundTotal),
              invoice: formatMoney(o.invoiceTotal),
              fee: formatMoney(o.feeTotal),
            })}
          </Text>
        </Alert>
      )}
      {o?.result === 'declined' && (
        <Alert color="gray" variant="light" p="xs" data-testid="plan-change-outcome">
          <Text size="sm">
            {t('Declined by {{by}} on {{on}}. The customer was told: “{{message}}”', { by: o.by, on: formatDate(o.on), message: o.message })}
          </Text>
        </Alert>
      )}
      {!o && check.error && <ErrorAlert error={check.error} title={t('Cannot check the request')} />}
      {!o && !c && !check.error && (
        <Text size="xs" c="dimmed">
          {t('Checking the request as of today…')}
        </Text>
      )}
      {!o && c && <Pending ticket={d} check={c} />}
    </Card>
  );
}

function Pending({ ticket: d, check }: { ticket: TicketDetail; check: PlanChangeRequestCheck }) {
  const req = d.planChangeRequest!;
  const [fresh, setFresh] = useState<{ reason: 'confirm' | 'stale'; quote: ChangePlanQuoteView | ChangePlanRefusalView } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppErrorData | null>(null);
  const [date, setDate] = useState(check.earliestStart ?? '');
  const [declining, setDeclining] = useState(false);
  useEffect(() => setDate(check.earliestStart ?? ''), [check.earliestStart]);

  /** Approve: with the fingerprint staff looked at; `start` set = approve with another date (applied in one go). */
  const approve = async (start: string | null) => {
    setBusy(true);
    setError(null);
    try {
      let fingerprint = start ? null : fresh ? (fresh.quote.ok ? fresh.quote.fingerprint : null) : check.state === 'changed' && check.quote.ok ? check.quote.fingerprint : req.quote.fingerprint;
      let res = await api.call('tickets.approveChange', { ticketId: d.id, fingerprint, start });
      // approving with a date staff chose: the first answer is that date's quote, applied at once with its fingerprint
      if (start && res.ok && !res.data.applied && res.data.quote.ok) {
        fingerprint = res.data.quote.fingerprint;
        res = await api.call('tickets.approveChange', { ticketId: d.id, fingerprint, start });
      }
      if (!res.ok) return setError(res.error);
      if (res.data.applied) {
        setFresh(null);
        notifications.show({ color: 'green', title: t('Plan change applied'), message: t('{{newPlanName}} from {{start}}', { newPlanName: res.data.planChange.newPlanName, start: formatDate(res.data.planChange.start) }) });
      } else if (!res.data.quote.ok && start) setError({ code: 'REFUSED', message: res.data.quote.message });
      else setFresh({ reason: res.data.reason, quote: res.data.quote });
    } finally {
      setBusy(false);
    }
  };

  const refused = check.state === 'refused' && !fresh;
  return (
    <Stack gap="xs">
      {refused ? (
        <Alert color="orange" variant="light" p="xs" role="alert" data-testid="request-why">
          <Text size="sm">{check.reason}</Text>
        </Alert>
      ) : fresh || check.state === 'changed' ? (
        <>
          <Alert color="orange" variant="light" p="xs" role="alert">
            <Text size="sm">
              {(fresh?.quote ?? check.quote).ok
                ? t('The figures changed since the customer asked. This is the quote as of today — click “Approve and apply” to apply it.')
                : (fresh?.quote as ChangePlanRefusalView).message}
            </Text>
          </Alert>
          <QuoteBreakdown quote={fresh?.quote ?? check.quote} testId="fresh-quote" />
        </>
      ) : (
        <>
          <Text size="xs" c="dimmed">
            {t('Quote the customer was shown on {{date}} (still current):', { date: formatDate(req.requestedOn) })}
          </Text>
          <QuoteBreakdown quote={req.quote} testId="request-quote" />
        </>
      )}
      <ErrorAlert error={error} title={t('Refused')} />
      {declining ? (
        <DeclineForm ticket={d} check={check} onCancel={() => setDeclining(false)} onDone={() => setDeclining(false)} />
      ) : (
        <Group justify="flex-end" align="flex-end">
          <Button size="xs" variant="default" color="red" leftSection={<IconX size={14} />} onClick={() => setDeclining(true)}>
            {t('Decline')}
          </Button>
          {refused ? (
            check.earliestStart && (
              <>
                <DateField label={t('New plan start date')} size="xs" w={150} value={date} onChange={setDate} minDate={check.earliestStart} required />
                <Button size="xs" color="green" leftSection={<IconCheck size={14} />} loading={busy} disabled={!isValidIsoDate(date)} onClick={() => void approve(date)}>
                  {t('Approve with date {{date}}', { date: formatDate(date) })}
                </Button>
              </>
            )
          ) : (
            <Button size="xs" color="green" leftSection={<IconCheck size={14} />} loading={busy} disabled={!!fresh && !fresh.quote.ok} onClick={() => void approve(null)}>
              {t('Approve and apply')}
            </Button>
          )}
        </Group>
      )}
    </Stack>
  );
}

/** The message the customer reads in the portal, proposed from the reason and editable. */
function DeclineForm({ ticket: d, check, onCancel, onDone }: { ticket: TicketDetail; check: PlanChangeRequestCheck; onCancel: () => void; onDone: () => void }) {
  const req = d.planChangeRequest!;
  const s = check.supersededBy;
  const proposed = s
    ? t('Your plan was already changed to {{newPlan}} from {{newStart}}, so this earlier request to change to {{plan}} from {{start}} is closed. Nothing else changes.', {
        newPlan: s.newPlanName,
        newStart: formatDate(s.start),
        plan: req.planName,
        start: formatDate(req.start),
      })
    : t('We could not change your plan to {{plan}} from {{start}} as requested. Please send a new request with a later start date if you still want the change.', {
        plan: req.planName,
        start: formatDate(req.start),
      });
  const [message, setMessage] = useState<string>(proposed);
  const [decline, state] = useMutation('tickets.declineChange');
  return (
    <form
      onSubmit={async (e) => {
        e.preventDefault();
        if (await decline({ ticketId: d.id, message })) onDone();
      }}
    >
      <Stack gap="xs">
        <Textarea label={t('Message to the customer (shown in the portal)')} autosize minRows={2} maxRows={6} value={message} onChange={(e) => setMessage(e.currentTarget.value)} error={state.fieldErrors.message} data-autofocus />
        <ErrorAlert error={state.error} title={t('Not declined')} />
        <Group justify="flex-end" gap="xs">
          <Button size="xs" variant="default" onClick={onCancel}>
            {t('Back')}
          </Button>
          <Button type="submit" size="xs" color="red" loading={state.busy} disabled={message.trim() === ''}>
            {t('Decline request')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
