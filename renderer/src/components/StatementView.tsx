import { Button, Group, Modal, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import type { CustomerStatement } from '../../../main/contract/documents';
import { formatDate, formatMoney, isValidIsoDate } from '../format';
import { useQuery } from '../hooks/useApi';
import { useBusinessDate } from '../hooks/businessDate';
import { DateField, ErrorAlert, LoadingRows } from './common';
import { DocumentButtons, Printable, num } from './InvoiceView';
import { currentLanguage, t, tFor, tk, type CatalogueKey } from '../i18n';
import { paymentMethodText, recordedText } from '../i18n/recorded';

// The customer statement (issue 18 item 13): the balance at the start of a range of business dates (both days
// included), every document and payment in it with the balance after each, and the balance at its end.

const KIND_KEY: Record<string, CatalogueKey> = { invoice: 'Invoice', creditNote: 'Credit note', payment: 'Payment' };

/** The statement as a document (also rendered alone by the print route for PDF files). */
export function StatementDocument({ statement: s }: { statement: CustomerStatement }) {
  // a document: in its customer's language, whoever prints it
  const lang = s.customer.language ?? currentLanguage();
  const d = tFor(lang);
  return (
    <Stack gap="xs" lang={lang}>
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={3}>{d('Statement of account')}</Title>
          <Text size="sm">
            {s.customer.name} (#{s.customer.id})
          </Text>
          {s.customer.address && <Text size="sm">{s.customer.address}</Text>}
        </div>
        <Stack gap={0} align="flex-end">
          <Text size="sm" data-testid="statement-period">
            {d('Period: {{from}} – {{to}}', { from: formatDate(s.from, lang), to: formatDate(s.to, lang) })}
          </Text>
          <Text size="sm">{d('Issued: {{date}}', { date: formatDate(s.issuedOn, lang) })}</Text>
        </Stack>
      </Group>
      <Table withTableBorder striped fz="sm" verticalSpacing={4} data-testid="statement-rows">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{d('Date')}</Table.Th>
            <Table.Th>{d('Document')}</Table.Th>
            <Table.Th>{d('Description')}</Table.Th>
            <Table.Th style={num}>{d('Debit')}</Table.Th>
            <Table.Th style={num}>{d('Credit')}</Table.Th>
            <Table.Th style={num}>{d('Balance')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          <Table.Tr>
            <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDate(s.from, lang)}</Table.Td>
            <Table.Td colSpan={4}>{d('Opening balance')}</Table.Td>
            <Table.Td style={num} data-testid="statement-opening">
              {formatMoney(s.openingBalance, { language: lang })}
            </Table.Td>
          </Table.Tr>
          {s.rows.map((r, i) => (
            <Table.Tr key={i}>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDate(r.date, lang)}</Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                {tk(KIND_KEY[r.kind] ?? 'Invoice', undefined, lang)} {r.document}
              </Table.Td>
              <Table.Td>{r.kind === 'payment' ? paymentMethodText(r.description, lang) : recordedText(r.description, lang)}</Table.Td>
              <Table.Td style={num}>{r.debit ? formatMoney(r.debit, { language: lang }) : ''}</Table.Td>
              <Table.Td style={num}>{r.credit ? formatMoney(r.credit, { language: lang }) : ''}</Table.Td>
              <Table.Td style={num}>{formatMoney(r.balance, { language: lang })}</Table.Td>
            </Table.Tr>
          ))}
          {s.rows.length === 0 && (
            <Table.Tr>
              <Table.Td colSpan={6}>
                <Text size="sm" c="dimmed">
                  {d('No documents or payments in this period.')}
                </Text>
              </Table.Td>
            </Table.Tr>
          )}
        </Table.Tbody>
      </Table>
      <Group justify="flex-end">
        <Table w={300} fz="sm" verticalSpacing={2}>
          <Table.Tbody>
            <Table.Tr>
              <Table.Td>{d('Opening balance')}</Table.Td>
              <Table.Td style={num}>{formatMoney(s.openingBalance, { language: lang })}</Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Td>{d('Invoiced (debit)')}</Table.Td>
              <Table.Td style={num} data-testid="statement-debits">
                {formatMoney(s.debits, { language: lang })}
              </Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Td>{d('Paid and credited (credit)')}</Table.Td>
              <Table.Td style={num} data-testid="statement-credits">
                {formatMoney(s.credits, { language: lang })}
              </Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Td fw={700}>{d('Closing balance')}</Table.Td>
              <Table.Td style={num} fw={700} data-testid="statement-closing">
                {formatMoney(s.closingBalance, { currency: true, language: lang })}
              </Table.Td>
            </Table.Tr>
          </Table.Tbody>
        </Table>
      </Group>
      <Text size="xs" c="dimmed">
        {d('A positive balance is money the customer has with us; a negative balance is owed.')}
      </Text>
    </Stack>
  );
}

/** "Statement" on the customer page: pick the dates (both included), see the statement, print it or save a PDF. */
export function StatementDialog({ customerId, onClose }: { customerId: number; onClose: () => void }) {
  const today = useBusinessDate();
  const [from, setFrom] = useState(`${today.slice(0, 8)}01`);
  const [to, setTo] = useState(today);
  const valid = isValidIsoDate(from) && isValidIsoDate(to) && from <= to;
  const [shown, setShown] = useState<{ from: string; to: string } | null>(null);
  const statement = useQuery('documents.statement', shown ? { customerId, ...shown } : null);
  return (
    <Modal opened onClose={onClose} size="xl" title={t('Customer statement')}>
      <Stack gap="xs">
        <Group align="flex-end" gap="xs">
          <DateField label={t('From')} size="xs" value={from} onChange={setFrom} w={140} required />
          <DateField label={t('To')} size="xs" value={to} onChange={setTo} w={140} required error={isValidIsoDate(from) && isValidIsoDate(to) && from > to ? t('before From') : undefined} />
          <Button size="xs" disabled={!valid} onClick={() => setShown({ from, to })}>
            {t('Show statement')}
          </Button>
        </Group>
        {statement.error && <ErrorAlert error={statement.error} title={t('Cannot make the statement')} />}
        {statement.loading && <LoadingRows />}
        {statement.data && !statement.loading && (
          <Printable lang={statement.data.customer.language}>
            <StatementDocument statement={statement.data} />
          </Printable>
        )}
      </Stack>
      <DocumentButtons
        onClose={onClose}
        canPrint={Boolean(statement.data)}
        pdf={statement.data && shown ? { kind: 'statement', customerId, ...shown } : undefined}
      />
    </Modal>
  );
}
