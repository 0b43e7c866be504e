import { Button, Group, Text, TextInput } from '@mantine/core';
import { FilterSelect } from '../../components/FilterSelect';
import { useDebouncedValue, useHotkeys } from '@mantine/hooks';
import { IconFileImport, IconPlus, IconSearch } from '@tabler/icons-react';
import type { DataTableSortStatus } from 'mantine-datatable';
import { useState } from 'react';
import type { CustomerRow } from '../../../../main/contract/customers';
import { CustomerStatusBadge, EmptyState, ErrorAlert, Money, PageHeader } from '../../components/common';
import { OnlineBadge } from '../../components/sessions/OnlineBadge';
import { ServerTable } from '../../components/ServerTable';
import { useQuery } from '../../hooks/useApi';
import { usePartners } from '../../hooks/useReference';
import { navigate } from '../../router';
import { useShell } from '../../hooks/businessDate';
import { CustomerForm } from './CustomerForm';
import { ImportWizard } from '../../components/import/ImportWizard';
import { dialogOpen } from '../../components/search/shortcuts';
import { t } from '../../i18n';
import { formatDate } from '../../format';

type SortColumn = 'id' | 'name' | 'status' | 'balance' | 'partner' | 'createdOn';
const ACCESSOR_TO_SORT: Record<string, SortColumn> = {
  id: 'id',
  name: 'name',
  status: 'status',
  balance: 'balance',
  partnerName: 'partner',
  createdOn: 'createdOn',
};

/**
 * The customer list: every filter, the page and the sort go to customers.list, which answers one page — the list
 * never holds more than one page of customers, however many there are.
 */
export function CustomersList() {
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 150);
  const [status, setStatus] = useState<string | null>(null);
  const [partnerId, setPartnerId] = useState<string | null>(null);
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(25);
  const [sort, setSort] = useState<DataTableSortStatus<CustomerRow>>({ columnAccessor: 'id', direction: 'asc' });
  const [adding, setAdding] = useState(false);
  const [importing, setImporting] = useState(false);
  const partners = usePartners();
  const today = useShell().clock?.businessDate ?? '';
  // "n": add a customer (listed in the shortcuts overlay, components/search/shortcuts.ts)
  useHotkeys([['n', () => !dialogOpen() && setAdding(true)]]);

  const list = useQuery(
    'customers.list',
    {
      page,
      pageSize,
      search: debounced.trim(),
      status: (status as CustomerRow['status'] | null) ?? null,
      partnerId: partnerId ? Number(partnerId) : null,
      sortBy: ACCESSOR_TO_SORT[String(sort.columnAccessor)] ?? 'id',
      sortDir: sort.direction,
    },
    { keepPrevious: true },
  );

  const filtered = debounced.trim() !== '' || status !== null || partnerId !== null;

  return (
    <>
      <PageHeader title={t('Customers')}>
        <Text size="xs" c="dimmed">
          {t('Business date')} <span data-testid="business-date">{formatDate(today)}</span>
        </Text>
        <Button size="xs" variant="light" leftSection={<IconFileImport size={14} />} onClick={() => setImporting(true)}>
          {t('Import customers')}
        </Button>
        <Button size="xs" leftSection={<IconPlus size={14} />} onClick={() => setAdding(true)}>
          {t('Add customer')}
        </Button>
      </PageHeader>
      <ImportWizard kind="customers" opened={importing} onClose={() => setImporting(false)} />
      <Group gap="xs" mb="xs" align="flex-end">
        <TextInput
          label={t('Search')}
          size="xs"
          w={320}
          placeholder={t('Name, ID, login, phone, e-mail, IP')}
          leftSection={<IconSearch size={14} />}
          value={search}
          onChange={(e) => {
            setSearch(e.currentTarget.value);
            setPage(1);
          }}
          type="search"
          autoFocus
        />
        <FilterSelect
          label={t('Status')}
          w={150}
          data={[
            { value: 'new', label: t('New') },
            { value: 'active', label: t('Active') },
            { value: 'blocked', label: t('Blocked') },
            { value: 'inactive', label: t('Inactive') },
          ]}
          value={status}
          onChange={(v) => {
            setStatus(v);
            setPage(1);
          }}
        />
        <FilterSelect
          label={t('Partner')}
          w={180}
          data={(partners.data ?? []).map((p) => ({ value: String(p.id), label: p.name }))}
          value={partnerId}
          onChange={(v) => {
            setPartnerId(v);
            setPage(1);
          }}
        />
      </Group>
      {list.error && <ErrorAlert error={list.error} title={t('Cannot load customers')} />}
      <ServerTable<CustomerRow>
        fixedLayout
        label={t('Customers')}
        query={list}
        page={page}
        onPageChange={setPage}
        pageSize={pageSize}
        onPageSizeChange={setPageSize}
        sortStatus={sort}
        onSortChange={setSort}
        onRowClick={(r) => navigate(`/customers/${r.id}`)}
        emptyText={
          <EmptyState
            text={filtered ? t('No customers match the filters') : t('No customers yet')}
            action={
              filtered ? undefined : (
                <Button size="xs" variant="light" onClick={() => setAdding(true)} style={{ pointerEvents: 'all' }}>
                  {t('Add customer')}
                </Button>
              )
            }
          />
        }
        columns={[
          { accessor: 'id', title: t('ID'), sortable: true, width: 64 },
          {
            accessor: 'name',
            title: t('Name'),
            sortable: true,
            ellipsis: true,
            render: (r) => (
              <a
                href={`#/customers/${r.id}`}
                title={r.name}
                onClick={(e) => e.stopPropagation()}
                style={{ color: 'inherit', textDecoration: 'none', fontWeight: 500 }}
              >
                {r.name}
              </a>
            ),
          },
          {
            accessor: 'status',
            title: t('Status'),
            sortable: true,
            width: 128,
            noWrap: true,
            render: (r) => (
              <Group gap={4} wrap="nowrap">
                <CustomerStatusBadge status={r.status} />
                {r.online && <OnlineBadge />}
              </Group>
            ),
          },
          { accessor: 'partnerName', title: t('Partner'), sortable: true, ellipsis: true, width: '11%', render: (r) => <span title={r.partnerName}>{r.partnerName}</span> },
          { accessor: 'portalLogin', title: t('Login'), ellipsis: true, width: '9%', render: (r) => <span title={r.portalLogin}>{r.portalLogin}</span> },
          { accessor: 'phone', title: t('Phone'), noWrap: true, width: 132 },
          // One line per customer (dense, as staff scan it): long names, partners and e-mails are cut, whole on hover.
          { accessor: 'email', title: t('E-mail'), ellipsis: true, render: (r) => <span title={r.email ?? undefined}>{r.email}</span> },
          { accessor: 'balance', title: t('Balance'), sortable: true, textAlign: 'right', noWrap: true, width: 100, render: (r) => <Money cents={r.balance} colored /> },
          { accessor: 'createdOn', render: (r) => formatDate(r.createdOn), title: t('Created'), sortable: true, noWrap: true, width: 108 },
        ]}
      />
      {adding && (
        <CustomerForm
          customer={null}
          opened
          onClose={() => setAdding(false)}
          onSaved={(c) => {
            setAdding(false);
            navigate(`/customers/${c.id}`);
          }}
        />
      )}
    </>
  );
}
