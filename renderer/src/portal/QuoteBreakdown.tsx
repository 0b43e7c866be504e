import { Alert, Badge, Group, List, Stack, Table, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import type { ChangePlanQuoteView, ChangePlanRefusalView, QuoteLine } from '../../../main/contract/changePlan';
import { formatDate, formatMoney, labels } from '../format';
import { t } from '../i18n';

// The full change-plan quote as both the portal dialog and the staff ticket view show it: every line with the
// sentence that explains it, the documents that will be posted, and the balance before/after.

const num = { textAlign: 'right' as const, fontVariantNumeric: 'tabular-nums' as const, whiteSpace: 'nowrap' as const };

const KIND_LABEL = labels<QuoteLine['kind']>({ refund: 'Refund', fee: 'Fee', charge: 'Charge' });

function LineRow({ line, deferred }: { line: QuoteLine; deferred?: boolean }) {
  const sign = line.kind === 'refund' ? -1 : 1;
  return (
    <Table.Tr>
      <Table.Td>
        <Group gap={6} wrap="nowrap">
          <Badge size="xs" variant="light" color={line.kind === 'refund' ? 'green' : line.kind === 'fee' ? 'orange' : 'blue'}>
            {KIND_LABEL[line.kind]}
          </Badge>
          {deferred && (
            <Badge size="xs" variant="outline" color="gray">
              {t('next invoice')}
            </Badge>
          )}
          <Text size="sm">{line.description}</Text>
        </Group>
        <Text size="xs" c="dimmed">
          {line.sentence}
        </Text>
      </Table.Td>
      <Table.Td style={num}>{formatMoney(sign * line.amount)}</Table.Td>
    </Table.Tr>
  );
}

export function QuoteRefusal({ refusal }: { refusal: ChangePlanRefusalView }) {
  return (
    <Alert color="red" variant="light" icon={<IconAlertTriangle size={16} />} title={t('Not possible')} role="alert" p="xs">
      <Text size="sm">{refusal.message}</Text>
      {refusal.earliestStart && (
        <Text size="xs" c="dimmed">
          {t('Earliest start: {{date}}', { date: formatDate(refusal.earliestStart) })}
        </Text>
      )}
    </Alert>
  );
}

export function QuoteBreakdown({ quote, testId = 'quote-breakdown' }: { quote: ChangePlanQuoteView | ChangePlanRefusalView; testId?: string }) {
  if (!quote.ok) return <QuoteRefusal refusal={quote} />;
  const lines = [...quote.refundLines, ...(quote.charge ? [quote.charge] : []), ...(quote.fee ? [quote.fee] : [])];
  return (
    <Stack gap={6} data-testid={testId}>
      <Text size="sm">
        <b>{quote.service.planName}</b> → <b>{quote.newPlan.name}</b> {t('from')} <b>{formatDate(quote.start)}</b>
        {quote.sameDay ? ` ${t('(same day: the old service is replaced at once)')}` : ''}
      </Text>
      <Table withTableBorder fz="sm" verticalSpacing={4}>
        <Table.Tbody>
          {lines.length === 0 && quote.deferred.length === 0 && (
            <Table.Tr>
              <Table.Td colSpan={2}>
                <Text size="sm" c="dimmed">
                  {t('Nothing is charged or refunded now.')}
                </Text>
              </Table.Td>
            </Table.Tr>
          )}
          {lines.map((l, i) => (
            <LineRow key={`l${i}`} line={l} />
          ))}
          {quote.deferred.map((l, i) => (
            <LineRow key={`d${i}`} line={l} deferred />
          ))}
          <Table.Tr>
            <Table.Td>{t('Refund total (credit note)')}</Table.Td>
            <Table.Td style={num} data-testid="quote-refund-total">
              {formatMoney(quote.refundTotal)}
            </Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Td>{t('Invoice total')}</Table.Td>
            <Table.Td style={num} data-testid="quote-invoice-total">
              {formatMoney(quote.invoiceTotal)}
            </Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Td>{t('Balance before → after')}</Table.Td>
            <Table.Td style={num}>
              {formatMoney(quote.balanceBefore)} → {formatMoney(quote.balanceAfter)}
            </Table.Td>
          </Table.Tr>
        </Table.Tbody>
      </Table>
      <Text size="xs" c="dimmed">
        {t('Current service ends {{end}}; the new service starts {{start}}', { end: formatDate(quote.oldService.end), start: formatDate(quote.newService.start) })} (
        {quote.newService.status === 'pending' ? t('Pending until then') : t('Active at once')}).
      </Text>
      {quote.notes.length > 0 && (
        <List size="xs" c="dimmed" spacing={0}>
          {quote.notes.map((n, i) => (
            <List.Item key={i}>{n}</List.Item>
          ))}
        </List>
      )}
    </Stack>
  );
}

/** "Price of change": the fee of the quote (0.00 when there is none). */
export function priceOfChange(quote: ChangePlanQuoteView): number {
  return quote.fee?.amount ?? 0;
}
