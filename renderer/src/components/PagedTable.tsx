import { DataTable, type DataTableColumn, type DataTableRowExpansionProps } from 'mantine-datatable';
import { useState, type ReactNode } from 'react';
import { EmptyState } from './common';
import { pagerTexts } from '../i18n/tableTexts';

/**
 * A table over a list already in memory (one customer's invoices, payments…): paged on the client so that a long
 * history never renders unbounded.
 */
export function PagedTable<T>({
  label,
  records,
  columns,
  emptyText,
  emptyAction,
  pageSize = 15,
  onRowClick,
  rowExpansion,
}: {
  label: string;
  records: T[];
  columns: DataTableColumn<T>[];
  emptyText: string;
  emptyAction?: ReactNode;
  pageSize?: number;
  onRowClick?: (r: T) => void;
  rowExpansion?: DataTableRowExpansionProps<T>;
}) {
  const [page, setPage] = useState(1);
  if (records.length === 0) return <EmptyState text={emptyText} action={emptyAction} />;
  const lastPage = Math.max(1, Math.ceil(records.length / pageSize));
  const p = Math.min(page, lastPage);
  const slice = records.slice((p - 1) * pageSize, p * pageSize);
  const paging = records.length > pageSize ? { totalRecords: records.length, recordsPerPage: pageSize, page: p, onPageChange: setPage, paginationText: pagerTexts().paginationText } : {};
  return (
    <DataTable<T>
      aria-label={label}
      withTableBorder
      striped
      highlightOnHover={!!onRowClick}
      verticalSpacing={3}
      fz="sm"
      records={slice}
      columns={columns}
      onRowClick={onRowClick ? ({ record }) => onRowClick(record) : undefined}
      rowExpansion={rowExpansion}
      {...(paging as object)}
    />
  );
}
