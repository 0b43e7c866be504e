import { Button, Group, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import type { ServiceStatus } from '../../../../main/contract';
import type { ServiceRow } from '../../../../main/contract/services';
import { DateField, ErrorAlert } from '../../components/common';
import { FormDialog, useChannelForm } from '../../components/FormDialog';
import { UsageChart, useUsageRange } from '../../components/UsageChart';
import { ServiceSessionsPanel } from '../../components/sessions/ServiceSessionsPanel';
import { addDays, SERVICE_STATUS_LABEL, formatDate } from '../../format';
import { useMutation, useQuery } from '../../hooks/useApi';
import { useBusinessDate } from '../../hooks/businessDate';
import { t } from '../../i18n';

/** Schedule a future change: a dated status change of the same service (decision 12), no money moves. */
export function ScheduleDialog({ service, onClose, onSaved }: { service: ServiceRow; onClose: () => void; onSaved: () => void }) {
  const today = useBusinessDate();
  const state = useChannelForm('services.scheduleStatus', {
    initialValues: { status: service.status === 'active' ? 'stopped' : 'active', on: addDays(today, 1) },
    toInput: (v) => ({ input: { serviceId: service.id, status: v.status as ServiceStatus, on: v.on }, errors: {} }),
    onSaved,
  });
  const { form } = state;
  const [cancel, cst] = useMutation('services.cancelScheduledStatus');
  return (
    <FormDialog state={state} onClose={onClose} title={t('Schedule a change — service #{{id}}', { id: service.id })} size="md" submitLabel={t('Schedule')}>
      <Text size="sm">
        {t('Current status:')} <b>{SERVICE_STATUS_LABEL[service.status]}</b>. {t('The status changes at the start of the chosen day; no money moves.')}
      </Text>
      {service.scheduledStatus && (
        <Group gap="xs">
          <Text size="sm">
            {t('Already scheduled: {{status}} on {{date}}', { status: SERVICE_STATUS_LABEL[service.scheduledStatus.status], date: formatDate(service.scheduledStatus.on) })}
          </Text>
          <Button
            size="compact-xs"
            variant="light"
            color="red"
            loading={cst.busy}
            onClick={async () => {
              if (await cancel({ id: service.id })) onSaved();
            }}
          >
            {t('Cancel scheduled change')}
          </Button>
        </Group>
      )}
      <ErrorAlert error={cst.error} />
      <Group grow align="flex-start">
        <Select
          label={t('New status')}
          size="xs"
          allowDeselect={false}
          data-autofocus
          data={(['active', 'disabled', 'stopped', 'archived'] as const).map((s) => ({ value: s, label: SERVICE_STATUS_LABEL[s] }))}
          {...form.getInputProps('status')}
        />
        <DateField label={t('On date')} size="xs" {...form.getInputProps('on')} value={form.values.on} onChange={(d) => form.setFieldValue('on', d)} />
      </Group>
    </FormDialog>
  );
}

/** Traffic of a service over a chosen range (services.usage), as an area chart in MB per day. */
export function UsageDialog({ service, onClose }: { service: ServiceRow; onClose: () => void }) {
  const range = useUsageRange(useBusinessDate());
  const usage = useQuery('services.usage', range.valid ? { serviceId: service.id, from: range.from, to: range.to } : null);
  return (
    <Modal opened onClose={onClose} title={t('Traffic — {{value}}', { value: service.description || service.planName })} size="xl">
      <Stack gap="md">
        <UsageChart range={range} usage={usage} />
        <ServiceSessionsPanel serviceId={service.id} />
      </Stack>
    </Modal>
  );
}

/** Address and coordinates typed by staff (offline: no map service). */
export function GeoDialog({ service, onClose, onSaved }: { service: ServiceRow; onClose: () => void; onSaved: () => void }) {
  const state = useChannelForm('services.geolocate', {
    initialValues: { address: service.geo?.address ?? '', latitude: service.geo?.latitude?.toString() ?? '', longitude: service.geo?.longitude?.toString() ?? '' },
    toInput: (v) => {
      const errors: Record<string, string> = {};
      const coordinate = (text: string, key: 'latitude' | 'longitude', max: number) => {
        const n = Number(text.replace(',', '.'));
        if (text.trim() === '' || !Number.isFinite(n) || Math.abs(n) > max) errors[key] = t('must be a number between {{min}} and {{max}}', { min: -max, max });
        return Number.isFinite(n) ? n : 0;
      };
      return { input: { serviceId: service.id, address: v.address, latitude: coordinate(v.latitude, 'latitude', 90), longitude: coordinate(v.longitude, 'longitude', 180) }, errors };
    },
    onSaved,
  });
  const { form } = state;
  return (
    <FormDialog state={state} onClose={onClose} title={t('Geolocate service #{{id}}', { id: service.id })} size="md">
      <TextInput label={t('Address')} size="xs" data-autofocus {...form.getInputProps('address')} />
      <Group grow align="flex-start">
        <TextInput label={t('Latitude')} size="xs" inputMode="decimal" {...form.getInputProps('latitude')} />
        <TextInput label={t('Longitude')} size="xs" inputMode="decimal" {...form.getInputProps('longitude')} />
      </Group>
    </FormDialog>
  );
}
