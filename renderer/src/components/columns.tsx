import type { DataTableColumn } from 'mantine-datatable';
import { formatDate } from '../format';

// Column shapes every table shares, so a date or a badge reads the same everywhere and never gets squeezed.

/**
 * A date column: never wraps ("2022-01-" / "01" on two lines) and takes the width its longest date needs instead of
 * a fixed width that the font may not fit. `—` for an empty date.
 */
export function dateColumn<T>(accessor: keyof T & string, title: string, extra: Partial<DataTableColumn<T>> = {}): DataTableColumn<T> {
  return {
    accessor,
    title,
    noWrap: true,
    render: (r) => formatDate((r as Record<string, unknown>)[accessor] as string | null | undefined),
    ...extra,
  } as DataTableColumn<T>;
}
