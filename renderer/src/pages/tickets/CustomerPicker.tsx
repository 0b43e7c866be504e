import { Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useQuery } from '../../hooks/useApi';
import { t } from '../../i18n';

/** A searchable customer picker that asks customers.list for at most 20 matches. */
export function CustomerPicker({
  value,
  onChange,
  label,
  placeholder,
  required,
  w,
  size = 'xs',
  error,
}: {
  value: string | null;
  onChange: (v: string | null) => void;
  label?: string;
  placeholder?: string;
  required?: boolean;
  w?: number;
  size?: 'xs' | 'sm';
  error?: string;
}) {
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 150);
  const list = useQuery('customers.list', { page: 1, pageSize: 20, search: debounced.trim(), status: null, partnerId: null, sortBy: 'name', sortDir: 'asc' }, { keepPrevious: true });
  const selected = useQuery('customers.get', value ? { id: Number(value) } : null);
  const options = (list.data?.rows ?? []).map((c) => ({ value: String(c.id), label: `${c.name} (#${c.id})` }));
  if (value && selected.data && !options.some((o) => o.value === value)) options.unshift({ value, label: `${selected.data.name} (#${selected.data.id})` });
  return (
    <Select
      label={label ?? t('Customer')}
      size={size}
      w={w}
      placeholder={placeholder ?? t('Any customer')}
      searchable
      clearable={!required}
      required={required}
      data={options}
      value={value}
      onChange={onChange}
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options: o }) => o}
      nothingFoundMessage={t('No customer matches')}
      comboboxProps={{ withinPortal: true }}
      error={error}
    />
  );
}
