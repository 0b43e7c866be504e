import type { CreditNoteRow } from '../../../main/contract/billing';
import type { QueryState } from '../hooks/useApi';
import { t } from '../i18n';
import { dateColumn } from './columns';
import { ErrorAlert, Money } from './common';
import { ServerTable } from './ServerTable';

/** One customer's credit notes, a page at a time: the Billing tab's list and the portal's show the same. */
export function CreditNotesList({
  query,
  onOpen,
  ...paging
}: {
  query: Pick<QueryState<{ rows: CreditNoteRow[]; total: number }>, 'data' | 'loading' | 'error'>;
  page: number;
  onPageChange: (page: number) => void;
  pageSize: number;
  onOpen: (r: CreditNoteRow) => void;
}) {
  return (
    <>
      {query.error && <ErrorAlert error={query.error} title={t('Cannot load credit notes')} />}
      <ServerTable<CreditNoteRow>
        label={t('Credit notes')}
        query={query}
        {...paging}
        emptyText={t('No credit notes')}
        onRowClick={onOpen}
        columns={[
          { accessor: 'number', title: t('Number') },
          dateColumn<CreditNoteRow>('date', t('Date')),
          { accessor: 'reason', title: t('Reason') },
          { accessor: 'total', title: t('Total'), textAlign: 'right', render: (r) => <Money cents={r.total} /> },
        ]}
      />
    </>
  );
}
