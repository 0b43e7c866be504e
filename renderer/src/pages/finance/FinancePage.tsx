import { Anchor, Button, Group, Tabs, Text, TextInput } from '@mantine/core';
import { FilterSelect } from '../../components/FilterSelect';
import { useDebouncedValue } from '@mantine/hooks';
import { IconDownload, IconFileImport, IconSearch } from '@tabler/icons-react';
import type { DataTableColumn } from 'mantine-datatable';
import { useState, type ReactNode } from 'react';
import type { CreditNoteRow, InvoiceRow, PaymentRow } from '../../../../main/contract/billing';
import { DateField, ErrorAlert, InvoiceStatusBadge, Money, PageHeader } from '../../components/common';
import { CreditNoteView, InvoiceView } from '../../components/InvoiceView';
import { ServerTable } from '../../components/ServerTable';
import { formatMoney, isValidIsoDate, PAYMENT_METHOD_LABEL, formatDate } from '../../format';
import { useMutation, useQuery } from '../../hooks/useApi';
import { navigate } from '../../router';
import { ImportWizard } from '../../components/import/ImportWizard';
import { LedgerTab } from './LedgerTab';
import { t, tk, type CatalogueKey } from '../../i18n';

type What = 'invoices' | 'payments' | 'creditNotes';
type Tab = What | 'ledger';
const WHATS: What[] = ['invoices', 'payments', 'creditNotes'];
const TABS: Tab[] = [...WHATS, 'ledger'];
const TITLES: Record<Tab, CatalogueKey> = { invoices: 'Invoices', payments: 'Payments', creditNotes: 'Credit notes', ledger: 'Ledger' };
const NONE_MATCH: Record<What, CatalogueKey> = { invoices: 'No invoices match', payments: 'No payments match', creditNotes: 'No credit notes match' };
const CANNOT_LOAD: Record<What, CatalogueKey> = { invoices: 'Cannot load invoices', payments: 'Cannot load payments', creditNotes: 'Cannot load credit notes' };

const customerLink = (id: number, name: string) => (
  <Anchor size="sm" href={`#/customers/${id}/billing`} onClick={(e) => e.stopPropagation()}>
    {name}
  </Anchor>
);

/** Invoices, payments and credit notes across customers: server-side paging, filters, totals, CSV of all matches. */
export function FinancePage({ what: whatParam }: { what: string | undefined }) {
  if (whatParam === 'ledger')
    return (
      <FinanceTabs tab="ledger">
        <LedgerTab />
      </FinanceTabs>
    );
  return <DocumentsPage what={whatParam} />;
}

/** The page title and the tabs of Finance (the documents lists and the ledger). */
function FinanceTabs({ tab, actions, children }: { tab: Tab; actions?: ReactNode; children: ReactNode }) {
  return (
    <>
      <PageHeader title={t('Finance')}>{actions}</PageHeader>
      <Tabs
        value={tab}
        onChange={(v) => {
          if (v) navigate(`/finance/${v}`);
        }}
        mb="xs"
      >
        <Tabs.List>
          {TABS.map((w) => (
            <Tabs.Tab key={w} value={w}>
              {tk(TITLES[w])}
            </Tabs.Tab>
          ))}
        </Tabs.List>
      </Tabs>
      {children}
    </>
  );
}

function DocumentsPage({ what: whatParam }: { what: string | undefined }) {
  const what: What = (WHATS as string[]).includes(whatParam ?? '') ? (whatParam as What) : 'invoices';
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 150);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [status, setStatus] = useState<string | null>(null);
  const [customerId, setCustomerId] = useState('');
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(50);
  // Another tab starts at its first page (the filters stay).
  const [shown, setShown] = useState(what);
  if (shown !== what) {
    setShown(what);
    setPage(1);
  }
  const [invoice, setInvoice] = useState<InvoiceRow | null>(null);
  const [note, setNote] = useState<CreditNoteRow | null>(null);
  const [exportCsv, exportState] = useMutation('finance.exportCsv');
  const [importing, setImporting] = useState(false);

  const dateOk = (d: string) => d === '' || isValidIsoDate(d);
  const filters = {
    page,
    pageSize,
    search: debounced.trim(),
    from: from && isValidIsoDate(from) ? from : null,
    to: to && isValidIsoDate(to) ? to : null,
    customerId: /^\d+$/.test(customerId.trim()) && Number(customerId) > 0 ? Number(customerId) : null,
  };
  const invoices = useQuery(
    'finance.invoices',
    what === 'invoices' ? { ...filters, status: (status as 'unpaid' | null) ?? null } : null,
    { keepPrevious: true },
  );
  const payments = useQuery('finance.payments', what === 'payments' ? filters : null, { keepPrevious: true });
  const creditNotes = useQuery('finance.creditNotes', what === 'creditNotes' ? filters : null, { keepPrevious: true });
  const active = what === 'invoices' ? invoices : what === 'payments' ? payments : creditNotes;

  const download = async () => {
    const res = await exportCsv({ ...filters, what, status: what === 'invoices' ? ((status as 'unpaid' | null) ?? null) : null });
    if (!res) return;
    const blob = new Blob([res.csv], { type: 'text/csv;charset=utf-8' });
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = res.filename || `${what}.csv`;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };

  const resetPage = () => setPage(1);
  // What the three tables share.
  const paging = {
    page,
    onPageChange: setPage,
    pageSize,
    onPageSizeChange: setPageSize,
    emptyText: tk(NONE_MATCH[what]),
  };

  const invoiceColumns: DataTableColumn<InvoiceRow>[] = [
    { accessor: 'number', title: t('Number') },
    { accessor: 'date', render: (r) => formatDate(r.date), title: t('Date'), noWrap: true },
    { accessor: 'dueDate', render: (r) => formatDate(r.dueDate), title: t('Due'), noWrap: true },
    { accessor: 'customerName', title: t('Customer'), render: (r) => customerLink(r.customerId, r.customerName) },
    { accessor: 'total', title: t('Total'), textAlign: 'right', render: (r) => <Money cents={r.total} /> },
    { accessor: 'paid', title: t('Paid'), textAlign: 'right', render: (r) => <Money cents={r.paid} /> },
    { accessor: 'status', title: t('Status'), noWrap: true, render: (r) => <InvoiceStatusBadge status={r.status} /> },
  ];
  const paymentColumns: DataTableColumn<PaymentRow>[] = [
    { accessor: 'id', title: t('ID'), width: 70 },
    { accessor: 'date', render: (r) => formatDate(r.date), title: t('Date'), noWrap: true },
    { accessor: 'customerName', title: t('Customer'), render: (r) => customerLink(r.customerId, r.customerName) },
    { accessor: 'method', title: t('Method'), render: (r) => PAYMENT_METHOD_LABEL[r.method] ?? r.method },
    { accessor: 'reference', title: t('Reference') },
    { accessor: 'amount', title: t('Amount'), textAlign: 'right', render: (r) => <Money cents={r.amount} /> },
  ];
  const noteColumns: DataTableColumn<CreditNoteRow>[] = [
    { accessor: 'number', title: t('Number') },
    { accessor: 'date', render: (r) => formatDate(r.date), title: t('Date'), noWrap: true },
    { accessor: 'customerName', title: t('Customer'), render: (r) => customerLink(r.customerId, r.customerName) },
    { accessor: 'reason', title: t('Reason') },
    { accessor: 'total', title: t('Total'), textAlign: 'right', render: (r) => <Money cents={r.total} /> },
  ];

  let totals = '';
  if (what === 'invoices' && invoices.data) totals = t('Total {{total}} · paid {{paid}}', { total: formatMoney(invoices.data.totals.total), paid: formatMoney(invoices.data.totals.paid) });
  if (what === 'payments' && payments.data) totals = t('Total {{total}}', { total: formatMoney(payments.data.totals.amount) });
  if (what === 'creditNotes' && creditNotes.data) totals = t('Total {{total}}', { total: formatMoney(creditNotes.data.totals.total) });

  return (
    <FinanceTabs
      tab={what}
      actions={
        <>
          <Button size="xs" variant="light" leftSection={<IconDownload size={14} />} loading={exportState.busy} onClick={download}>
            {t('Export CSV')}
          </Button>
          <Button size="xs" variant="light" leftSection={<IconFileImport size={14} />} onClick={() => setImporting(true)}>
            {t('Import payments')}
          </Button>
        </>
      }
    >
      <ImportWizard kind="payments" opened={importing} onClose={() => setImporting(false)} />
      <Group gap="xs" mb="xs" align="flex-end">
        <TextInput
          label={t('Search')}
          size="xs"
          w={240}
          type="search"
          leftSection={<IconSearch size={14} />}
          placeholder={t('Number, customer, reference')}
          value={search}
          onChange={(e) => {
            setSearch(e.currentTarget.value);
            resetPage();
          }}
        />
        <TextInput
          label={t('Customer ID')}
          size="xs"
          w={100}
          inputMode="numeric"
          value={customerId}
          onChange={(e) => {
            setCustomerId(e.currentTarget.value);
            resetPage();
          }}
        />
        <DateField label={t('From')} size="xs" w={120} value={from} onChange={(v) => (setFrom(v), resetPage())} error={dateOk(from) ? undefined : t('bad date')} />
        <DateField label={t('To')} size="xs" w={120} value={to} onChange={(v) => (setTo(v), resetPage())} error={dateOk(to) ? undefined : t('bad date')} />
        {what === 'invoices' && (
          <FilterSelect
            label={t('Status')}
            w={150}
            data={[
              { value: 'unpaid', label: t('Unpaid') },
              { value: 'partiallyPaid', label: t('Partially paid') },
              { value: 'paid', label: t('Paid') },
              { value: 'overdue', label: t('Overdue') },
              { value: 'cancelled', label: t('Cancelled') },
            ]}
            value={status}
            onChange={(v) => {
              setStatus(v);
              resetPage();
            }}
          />
        )}
        <Text size="sm" ml="auto" data-testid="finance-totals">
          {totals}
        </Text>
      </Group>
      <ErrorAlert error={exportState.error} title={t('Export failed')} />
      {active.error && <ErrorAlert error={active.error} title={tk(CANNOT_LOAD[what])} />}
      {what === 'invoices' && (
        <ServerTable<InvoiceRow> label={t('Invoices')} {...paging} query={invoices} columns={invoiceColumns} onRowClick={setInvoice} />
      )}
      {what === 'payments' && <ServerTable<PaymentRow> label={t('Payments')} {...paging} query={payments} columns={paymentColumns} />}
      {what === 'creditNotes' && (
        <ServerTable<CreditNoteRow> label={t('Credit notes')} {...paging} query={creditNotes} columns={noteColumns} onRowClick={setNote} />
      )}
      {invoice && <InvoiceView invoice={invoice} onClose={() => setInvoice(null)} />}
      {note && <CreditNoteView note={note} onClose={() => setNote(null)} />}
    </FinanceTabs>
  );
}
