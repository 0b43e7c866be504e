import { DataTable, type DataTableColumn, type DataTableRowExpansionProps, type DataTableSortStatus } from 'mantine-datatable';
import type { ReactNode } from 'react';
import type { QueryState } from '../hooks/useApi';
import { EmptyState } from './common';
import { pagerTexts } from '../i18n/tableTexts';

const PAGE_SIZES = [25, 50, 100];

/**
 * A table over one page that the server answers (customers, tickets, finance documents, plan changes, the audit
 * log): rows, total, page and page size come from the server. It exists so that there is one place for how every
 * server-paged list looks and pages — a new page size or sort goes back to page 1, an empty list shows an
 * EmptyState and a failed one shows nothing (the page puts the error above the table). Clickable rows get the
 * pointer cursor from mantine-datatable. A list already in memory is a PagedTable.
 */
export function ServerTable<T>({
  label,
  query,
  page,
  onPageChange,
  pageSize,
  onPageSizeChange,
  sortStatus,
  onSortChange,
  emptyText,
  emptyMinHeight = 180,
  onRowClick,
  columns,
  rowExpansion,
  highlightOnHover = true,
  fixedLayout = false,
}: {
  label: string;
  /**
   * The query that answers the page: its rows and total (a lower bound shows as "1 000+": the pager offers the pages
   * up to it, and the server counts further from the last), whether it is loading, and its error (then no empty state).
   */
  query: Pick<QueryState<{ rows: T[]; total: number; totalIsLowerBound?: boolean }>, 'data' | 'loading' | 'error'>;
  page: number;
  onPageChange: (page: number) => void;
  pageSize: number;
  /** Offers the page size selector (25, 50, 100); a new size goes back to page 1. */
  onPageSizeChange?: (pageSize: number) => void;
  /** Both make the sortable columns sort; a new sort goes back to page 1. */
  sortStatus?: DataTableSortStatus<T>;
  onSortChange?: (sortStatus: DataTableSortStatus<T>) => void;
  /** A text becomes an EmptyState; a node is shown as it is. */
  emptyText: ReactNode;
  emptyMinHeight?: number;
  onRowClick?: (row: T) => void;
  columns: DataTableColumn<T>[];
  rowExpansion?: DataTableRowExpansionProps<T>;
  highlightOnHover?: boolean;
  /** Column widths as given (px or %), the rest shared: one line per row at any window width, long cells cut with an ellipsis. */
  fixedLayout?: boolean;
}) {
  const pageSizing = onPageSizeChange
    ? {
        recordsPerPageOptions: PAGE_SIZES,
        recordsPerPageLabel: pagerTexts().recordsPerPageLabel,
        onRecordsPerPageChange: (n: number) => {
          onPageSizeChange(n);
          onPageChange(1);
        },
      }
    : {};
  const sorting =
    sortStatus && onSortChange
      ? {
          sortStatus,
          onSortStatusChange: (s: DataTableSortStatus<T>) => {
            onSortChange(s);
            onPageChange(1);
          },
        }
      : {};
  const rows = query.data?.rows ?? [];
  return (
    <DataTable<T>
      aria-label={label}
      withTableBorder
      striped
      highlightOnHover={highlightOnHover}
      verticalSpacing={4}
      fz="sm"
      minHeight={rows.length === 0 ? emptyMinHeight : undefined}
      records={rows}
      fetching={query.loading}
      totalRecords={query.data?.total ?? 0}
      recordsPerPage={pageSize}
      page={page}
      onPageChange={onPageChange}
      paginationText={pagerTexts(query.data?.totalIsLowerBound).paginationText}
      {...pageSizing}
      {...sorting}
      onRowClick={onRowClick ? ({ record }) => onRowClick(record) : undefined}
      rowExpansion={rowExpansion}
      emptyState={query.error ? <span /> : typeof emptyText === 'string' ? <EmptyState text={emptyText} /> : emptyText}
      columns={columns}
      styles={fixedLayout ? { table: { tableLayout: 'fixed' } } : undefined}
    />
  );
}
