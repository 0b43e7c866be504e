import { Card, Group, Stack, Tabs, Text, Title } from '@mantine/core';
import { useState } from 'react';
import type { InputOf } from '../../../main/contract';
import type { CreditNoteRow, InvoiceRow } from '../../../main/contract/billing';
import type { PortalPayment } from '../../../main/contract/portal';
import { CreditNoteView, InvoiceView } from '../components/InvoiceView';
import { ErrorAlert, InvoiceStatusBadge, LoadingRows, Money } from '../components/common';
import { ServerTable } from '../components/ServerTable';
import { CreditNotesList } from '../components/CreditNotesList';
import { formatMoney, PAYMENT_METHOD_LABEL, formatDate } from '../format';
import { useQuery } from '../hooks/useApi';
import { t } from '../i18n';

const PAGE_SIZE = 25;

/**
 * One of the customer's document lists, a page at a time from the server (newest first), so the page costs the same
 * after years of invoices. A tab that is opened again starts from its first page.
 */
function useOwnPage<C extends 'portal.invoices' | 'portal.creditNotes' | 'portal.payments'>(channel: C) {
  const [page, setPage] = useState(1);
  const query = useQuery(channel, { page, pageSize: PAGE_SIZE } as InputOf<C>, { keepPrevious: true });
  return { query, page, onPageChange: setPage, pageSize: PAGE_SIZE };
}

function OwnInvoices({ onOpen }: { onOpen: (r: InvoiceRow) => void }) {
  const { query, ...paging } = useOwnPage('portal.invoices');
  return (
    <>
      <ErrorAlert error={query.error} />
      <ServerTable<InvoiceRow>
        label={t('Invoices')}
        query={query}
        {...paging}
        emptyText={t('No invoices')}
        onRowClick={onOpen}
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
    </>
  );
}

function OwnPayments() {
  const { query, ...paging } = useOwnPage('portal.payments');
  return (
    <>
      <ErrorAlert error={query.error} />
      <ServerTable<PortalPayment>
        label={t('Payments')}
        query={query}
        {...paging}
        emptyText={t('No payments')}
        columns={[
          { accessor: 'id', title: t('ID'), width: 70 },
          { accessor: 'date', render: (r) => formatDate(r.date), title: t('Date') },
          { accessor: 'method', title: t('Method'), render: (r) => PAYMENT_METHOD_LABEL[r.method] ?? r.method },
          { accessor: 'reference', title: t('Reference') },
          { accessor: 'amount', title: t('Amount'), textAlign: 'right', render: (r) => <Money cents={r.amount} /> },
        ]}
      />
    </>
  );
}

function OwnCreditNotes({ onOpen }: { onOpen: (r: CreditNoteRow) => void }) {
  const { query, ...paging } = useOwnPage('portal.creditNotes');
  return <CreditNotesList query={query} {...paging} onOpen={onOpen} />;
}

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
                {t('Invoices')} ({data.counts.invoices})
              </Tabs.Tab>
              <Tabs.Tab value="payments">
                {t('Payments')} ({data.counts.payments})
              </Tabs.Tab>
              <Tabs.Tab value="creditNotes">
                {t('Credit notes')} ({data.counts.creditNotes})
              </Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="invoices" pt="xs">
              <OwnInvoices onOpen={setInvoice} />
            </Tabs.Panel>
            <Tabs.Panel value="payments" pt="xs">
              <OwnPayments />
            </Tabs.Panel>
            <Tabs.Panel value="creditNotes" pt="xs">
              <OwnCreditNotes onOpen={setNote} />
            </Tabs.Panel>
          </Tabs>
        </>
      )}
      {invoice && <InvoiceView invoice={invoice} onClose={() => setInvoice(null)} savePdf={false} />}
      {note && <CreditNoteView note={note} onClose={() => setNote(null)} savePdf={false} />}
    </Stack>
  );
}
