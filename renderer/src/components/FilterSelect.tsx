import { Select } from '@mantine/core';
import { t } from '../i18n';

/** A list's filter above its table: one of a few values, or All when cleared. */
export function FilterSelect<V extends string>({ label, w, data, value, onChange }: { label: string; w: number; data: { value: V; label: string }[]; value: V | null; onChange: (v: V | null) => void }) {
  return <Select label={label} size="xs" w={w} clearable placeholder={t('All')} data={data} value={value} onChange={(v) => onChange(v as V | null)} />;
}
