import { Button, Group, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import type { ServiceStatus } from '../../../../main/contract';
import type { ServiceRow } from '../../../../main/contract/services';
import { DateField, ErrorAlert, FormButtons } from '../../components/common';
import { UsageChart, useUsageRange } from '../../components/UsageChart';
import { ServiceSessionsPanel } from '../../components/sessions/ServiceSessionsPanel';
import { addDays, isValidIsoDate, SERVICE_STATUS_LABEL } from '../../format';
import { useMutation, useQuery } from '../../hooks/useApi';
import { useBusinessDate } from '../../hooks/businessDate';

/** Schedule a future change: a dated status change of the same service (decision 12), no money moves. */
export function ScheduleDialog({ service, onClose, onSaved }: { service: ServiceRow; onClose: () => void; onSaved: () => void }) {
  const today = useBusinessDate();
  const [status, setStatus] = useState<string>(service.status === 'active' ? 'stopped' : 'active');
  const [on, setOn] = useState(addDays(today, 1));
  const [local, setLocal] = useState<string | undefined>();
  const [schedule, st] = useMutation('services.scheduleStatus');
  const [cancel, cst] = useMutation('services.cancelScheduledStatus');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!isValidIsoDate(on)) return setLocal('must be a date YYYY-MM-DD');
    setLocal(undefined);
    if (await schedule({ serviceId: service.id, status: status as ServiceStatus, on })) onSaved();
  };
  return (
    <Modal opened onClose={onClose} title={`Schedule a change — service #${service.id}`} size="md">
      <form onSubmit={submit} noValidate>
        <Stack gap="xs">
          <Text size="sm">
            Current status: <b>{SERVICE_STATUS_LABEL[service.status]}</b>. The status changes at the start of the chosen day; no money moves.
          </Text>
          {service.scheduledStatus && (
            <Group gap="xs">
              <Text size="sm">
                Already scheduled: {SERVICE_STATUS_LABEL[service.scheduledStatus.status]} on {service.scheduledStatus.on}
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
                Cancel scheduled change
              </Button>
            </Group>
          )}
          <ErrorAlert error={cst.error} />
          <Group grow>
            <Select
              label="New status"
              size="xs"
              allowDeselect={false}
              data-autofocus
              data={(['active', 'disabled', 'stopped', 'archived'] as const).map((s) => ({ value: s, label: SERVICE_STATUS_LABEL[s] }))}
              value={status}
              onChange={(v) => v && setStatus(v)}
              error={st.fieldErrors.status}
            />
            <DateField label="On date" size="xs" value={on} onChange={setOn} error={local ?? st.fieldErrors.on} />
          </Group>
          <ErrorAlert error={st.error} title="Not scheduled" />
          <FormButtons busy={st.busy} onCancel={onClose} submitLabel="Schedule" />
        </Stack>
      </form>
    </Modal>
  );
}

/** Traffic of a service over a chosen range (services.usage), as an area chart in MB per day. */
export function UsageDialog({ service, onClose }: { service: ServiceRow; onClose: () => void }) {
  const range = useUsageRange(useBusinessDate());
  const usage = useQuery('services.usage', range.valid ? { serviceId: service.id, from: range.from, to: range.to } : null);
  return (
    <Modal opened onClose={onClose} title={`Traffic — ${service.description || service.planName}`} size="xl">
      <Stack gap="md">
        <UsageChart range={range} usage={usage} />
        <ServiceSessionsPanel serviceId={service.id} onImported={usage.reload} />
      </Stack>
    </Modal>
  );
}

/** Address and coordinates typed by staff (offline: no map service). */
export function GeoDialog({ service, onClose, onSaved }: { service: ServiceRow; onClose: () => void; onSaved: () => void }) {
  const [address, setAddress] = useState(service.geo?.address ?? '');
  const [lat, setLat] = useState(service.geo?.latitude?.toString() ?? '');
  const [lng, setLng] = useState(service.geo?.longitude?.toString() ?? '');
  const [local, setLocal] = useState<Record<string, string>>({});
  const [save, st] = useMutation('services.geolocate');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const l: Record<string, string> = {};
    const la = Number(lat.replace(',', '.'));
    const lo = Number(lng.replace(',', '.'));
    if (lat.trim() === '' || !Number.isFinite(la) || la < -90 || la > 90) l.latitude = 'must be a number between -90 and 90';
    if (lng.trim() === '' || !Number.isFinite(lo) || lo < -180 || lo > 180) l.longitude = 'must be a number between -180 and 180';
    setLocal(l);
    if (Object.keys(l).length) return;
    if (await save({ serviceId: service.id, address, latitude: la, longitude: lo })) onSaved();
  };
  return (
    <Modal opened onClose={onClose} title={`Geolocate service #${service.id}`} size="md">
      <form onSubmit={submit} noValidate>
        <Stack gap="xs">
          <TextInput label="Address" size="xs" data-autofocus value={address} onChange={(e) => setAddress(e.currentTarget.value)} error={st.fieldErrors.address} />
          <Group grow>
            <TextInput label="Latitude" size="xs" inputMode="decimal" value={lat} onChange={(e) => setLat(e.currentTarget.value)} error={local.latitude ?? st.fieldErrors.latitude} />
            <TextInput label="Longitude" size="xs" inputMode="decimal" value={lng} onChange={(e) => setLng(e.currentTarget.value)} error={local.longitude ?? st.fieldErrors.longitude} />
          </Group>
          <ErrorAlert error={st.error} title="Not saved" />
          <FormButtons busy={st.busy} onCancel={onClose} />
        </Stack>
      </form>
    </Modal>
  );
}
