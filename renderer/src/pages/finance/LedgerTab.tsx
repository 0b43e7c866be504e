import { Anchor, Button, Group, Text, TextInput } from '@mantine/core';
import { FilterSelect } from '../../components/FilterSelect';
import { useDebouncedValue } from '@mantine/hooks';
import { IconDownload, IconSearch } from '@tabler/icons-react';
import type { DataTableColumn, DataTableSortStatus } from 'mantine-datatable';
import { useState } from 'react';
import type { LedgerEntry, LedgerKind } from '../../../../main/contract/ledger';
import { DateField, ErrorAlert, Money } from '../../components/common';
import { ServerTable } from '../../components/ServerTable';
import { formatDate, formatMoney, isValidIsoDate, labels, parseMoney } from '../../format';
import { useMutation, useQuery } from '../../hooks/useApi';
import { t } from '../../i18n';
import { recordedText } from '../../i18n/recorded';

// Finance → Ledger (issue 18 item 13): every ledger entry across customers — invoices, credit notes, payments,
// corrections — filtered, sorted and paged by the server; "Export CSV" downloads exactly the filtered entries.

const KIND_LABEL = labels<LedgerKind>({ invoice: 'Invoice', creditNote: 'Credit note', payment: 'Payment', other: 'ledgerKind.other' });

/** Saves text as a file in both hosts (Electron and the browser harness download the same way). */
export function downloadText(filename: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function LedgerTab() {
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 150);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [kind, setKind] = useState<LedgerKind | null>(null);
  const [minText, setMinText] = useState('');
  const [maxText, setMaxText] = useState('');
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(50);
  const [sort, setSort] = useState<DataTableSortStatus<LedgerEntry>>({ columnAccessor: 'date', direction: 'desc' });
  const [exportCsv, exportState] = useMutation('finance.ledgerCsv');

  const amount = (text: string) => (text.trim() === '' ? null : parseMoney(text));
  const minAmount = amount(minText);
  const maxAmount = amount(maxText);
  const filters = {
    search: debounced.trim(),
    from: from && isValidIsoDate(from) ? from : null,
    to: to && isValidIsoDate(to) ? to : null,
    kind,
    customerId: null,
    minAmount: minAmount !== null && minAmount >= 0 ? minAmount : null,
    maxAmount: maxAmount !== null && maxAmount >= 0 ? maxAmount : null,
    sortBy: sort.columnAccessor as 'date' | 'customerName' | 'amount',
    sortDirection: sort.direction,
  };
  const ledger = useQuery('finance.ledger', { ...filters, page, pageSize }, { keepPrevious: true });
  const resetPage = () => setPage(1);
  const badAmount = (text: string) => (text.trim() !== '' && (amount(text) === null || amount(text)! < 0) ? t('field.amount') : undefined);

  const columns: DataTableColumn<LedgerEntry>[] = [
    { accessor: 'date', render: (r) => formatDate(r.date), title: t('Date'), noWrap: true, sortable: true },
    {
      accessor: 'customerName',
      title: t('Customer'),
      sortable: true,
      render: (r) => (
        <Anchor size="sm" href={`#/customers/${r.customerId}/billing`}>
          {r.customerName}
        </Anchor>
      ),
    },
    { accessor: 'kind', title: t('Kind'), noWrap: true, render: (r) => KIND_LABEL[r.kind] },
    { accessor: 'document', title: t('Document'), noWrap: true },
    { accessor: 'description', title: t('Description'), render: (r) => recordedText(r.description) },
    { accessor: 'amount', title: t('Amount'), textAlign: 'right', noWrap: true, sortable: true, render: (r) => <Money cents={r.amount} colored /> },
    { accessor: 'balance', title: t('Balance after'), textAlign: 'right', noWrap: true, render: (r) => <Money cents={r.balance} /> },
  ];

  return (
    <>
      <Group gap="xs" mb="xs" align="flex-end">
        <TextInput
          label={t('Customer or document')}
          size="xs"
          w={220}
          type="search"
          leftSection={<IconSearch size={14} />}
          placeholder={t('Name, number, reference')}
          value={search}
          onChange={(e) => (setSearch(e.currentTarget.value), resetPage())}
        />
        <FilterSelect
          label={t('Kind')}
          w={130}
          data={(Object.keys(KIND_LABEL) as LedgerKind[]).map((k) => ({ value: k, label: KIND_LABEL[k] }))}
          value={kind}
          onChange={(v) => (setKind(v), resetPage())}
        />
        <DateField label={t('From')} size="xs" w={130} value={from} onChange={(v) => (setFrom(v), resetPage())} />
        <DateField label={t('To')} size="xs" w={130} value={to} onChange={(v) => (setTo(v), resetPage())} />
        <TextInput label={t('Amount from')} size="xs" w={100} inputMode="decimal" value={minText} error={badAmount(minText)} onChange={(e) => (setMinText(e.currentTarget.value), resetPage())} />
        <TextInput label={t('Amount to')} size="xs" w={100} inputMode="decimal" value={maxText} error={badAmount(maxText)} onChange={(e) => (setMaxText(e.currentTarget.value), resetPage())} />
        <Button
          size="xs"
          variant="light"
          leftSection={<IconDownload size={14} />}
          loading={exportState.busy}
          onClick={async () => {
            const res = await exportCsv(filters);
            if (res) downloadText(res.filename, res.csv);
          }}
        >
          {t('Export CSV')}
        </Button>
        <Text size="sm" ml="auto" data-testid="ledger-totals">
          {ledger.data ? t('{{count}} entries · debit {{debit}} · credit {{credit}}', { count: ledger.data.total, debit: formatMoney(ledger.data.totals.debit), credit: formatMoney(ledger.data.totals.credit) }) : ''}
        </Text>
      </Group>
      <ErrorAlert error={exportState.error} title={t('Export failed')} />
      {ledger.error && <ErrorAlert error={ledger.error} title={t('Cannot load the ledger')} />}
      <ServerTable<LedgerEntry>
        label={t('Ledger')}
        query={ledger}
        columns={columns}
        page={page}
        onPageChange={setPage}
        pageSize={pageSize}
        onPageSizeChange={setPageSize}
        sortStatus={sort}
        onSortChange={setSort}
        emptyText={t('No ledger entries match')}
      />
    </>
  );
}
