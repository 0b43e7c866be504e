import { Card, Group, Stack, Tabs, Text, Title } from '@mantine/core';
import { useState } from 'react';
import type { CreditNoteRow, InvoiceRow } from '../../../main/contract/billing';
import type { PortalPayment } from '../../../main/contract/portal';
import { CreditNoteView, InvoiceView } from '../components/InvoiceView';
import { ErrorAlert, InvoiceStatusBadge, LoadingRows, Money } from '../components/common';
import { PagedTable } from '../components/PagedTable';
import { formatMoney, PAYMENT_METHOD_LABEL, formatDate } from '../format';
import { useQuery } from '../hooks/useApi';
import { t } from '../i18n';

/** Portal → Finance: balance, invoices (click for the lines), credit notes, payments. */
export function PortalFinancePage() {
  const f = useQuery('portal.finance', {});
  const [invoice, setInvoice] = useState<InvoiceRow | null>(null);
  const [note, setNote] = useState<CreditNoteRow | null>(null);
  const data = f.data;
  return (
    <Stack gap="sm">
      <Title order={2} size="h3">
        {t('Finance')}
      </Title>
      <ErrorAlert error={f.error} />
      {!data && f.loading && <LoadingRows />}
      {data && (
        <>
          <Card withBorder padding="sm">
            <Group gap="xs">
              <Text size="sm">{t('Account balance:')}</Text>
              <Text fw={700} c={data.balance < 0 ? 'red' : 'teal'} data-testid="portal-finance-balance">
                {formatMoney(data.balance)}
              </Text>
              <Text size="xs" c="dimmed">
                {data.balance < 0 ? t('(amount due)') : t('(credit)')}
              </Text>
            </Group>
          </Card>
          <Tabs defaultValue="invoices" keepMounted={false}>
            <Tabs.List>
              <Tabs.Tab value="invoices">
                {t('Invoices')} ({data.invoices.length})
              </Tabs.Tab>
              <Tabs.Tab value="payments">
                {t('Payments')} ({data.payments.length})
              </Tabs.Tab>
              <Tabs.Tab value="creditNotes">
                {t('Credit notes')} ({data.creditNotes.length})
              </Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="invoices" pt="xs">
              <PagedTable<InvoiceRow>
                label={t('Invoices')}
                records={data.invoices}
                emptyText={t('No invoices')}
                onRowClick={setInvoice}
                columns={[
                  { accessor: 'number', title: t('Number') },
                  { accessor: 'date', render: (r) => formatDate(r.date), title: t('Date') },
                  { accessor: 'dueDate', render: (r) => formatDate(r.dueDate), title: t('Due date') },
                  {
                    accessor: 'lines',
                    title: t('Items'),
                    render: (r) => (
                      <Text size="sm" lineClamp={2}>
                        {r.lines.map((l) => l.description).join('; ')}
                      </Text>
                    ),
                  },
                  { accessor: 'total', title: t('Total'), textAlign: 'right', render: (r) => <Money cents={r.total} /> },
                  { accessor: 'paid', title: t('Paid'), textAlign: 'right', render: (r) => <Money cents={r.paid} /> },
                  { accessor: 'status', title: t('Status'), render: (r) => <InvoiceStatusBadge status={r.status} /> },
                ]}
              />
            </Tabs.Panel>
            <Tabs.Panel value="payments" pt="xs">
              <PagedTable<PortalPayment>
                label={t('Payments')}
                records={data.payments}
                emptyText={t('No payments')}
                columns={[
                  { accessor: 'id', title: t('ID'), width: 70 },
                  { accessor: 'date', render: (r) => formatDate(r.date), title: t('Date') },
                  { accessor: 'method', title: t('Method'), render: (r) => PAYMENT_METHOD_LABEL[r.method] ?? r.method },
                  { accessor: 'reference', title: t('Reference') },
                  { accessor: 'amount', title: t('Amount'), textAlign: 'right', render: (r) => <Money cents={r.amount} /> },
                ]}
              />
            </Tabs.Panel>
            <Tabs.Panel value="creditNotes" pt="xs">
              <PagedTable<CreditNoteRow>
                label={t('Credit notes')}
                records={data.creditNotes}
                emptyText={t('No credit notes')}
                onRowClick={setNote}
                columns={[
                  { accessor: 'number', title: t('Number') },
                  { accessor: 'date', render: (r) => formatDate(r.date), title: t('Date') },
                  { accessor: 'reason', title: t('Reason') },
                  { accessor: 'total', title: t('Total'), textAlign: 'right', render: (r) => <Money cents={r.total} /> },
                ]}
              />
            </Tabs.Panel>
          </Tabs>
        </>
      )}
      {invoice && <InvoiceView invoice={invoice} onClose={() => setInvoice(null)} savePdf={false} />}
      {note && <CreditNoteView note={note} onClose={() => setNote(null)} savePdf={false} />}
    </Stack>
  );
}
