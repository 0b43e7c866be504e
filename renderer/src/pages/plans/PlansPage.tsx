import { ActionIcon, Badge, Button, Grid, Group, Menu, Modal, MultiSelect, Radio, Select, Stack, Switch, Tabs, Text, TextInput, Tooltip } from '@mantine/core';
import { IconDots, IconPencil, IconPlus, IconSwitchHorizontal } from '@tabler/icons-react';
import { DataTable } from 'mantine-datatable';
import { useState, type FormEvent } from 'react';
import type { ServiceKind } from '../../../../main/contract';
import type { PlanRow } from '../../../../main/contract/plans';
import { EmptyState, ErrorAlert, FormButtons, Money, PageHeader } from '../../components/common';
import { formatBp, formatKbps, KIND_LABEL, moneyInputValue, parseMoney, parsePercentBp, percentInputValue } from '../../format';
import { useMutation, useQuery } from '../../hooks/useApi';
import { usePartners } from '../../hooks/useReference';
import { navigate } from '../../router';
import { BulkChangeWizard } from './BulkChangeWizard';

const KINDS: ServiceKind[] = ['internet', 'voice', 'custom'];

export function PlansPage({ kind: kindParam }: { kind: string | undefined }) {
  const kind: ServiceKind = (KINDS as string[]).includes(kindParam ?? '') ? (kindParam as ServiceKind) : 'internet';
  const plans = useQuery('plans.list', { kind, includeDisabled: true });
  const partners = usePartners();
  const [editing, setEditing] = useState<PlanRow | 'new' | null>(null);
  const [bulkFrom, setBulkFrom] = useState<PlanRow | null>(null);
  const partnerName = (id: number) => partners.data?.find((p) => p.id === id)?.name ?? `#${id}`;

  return (
    <>
      <PageHeader title="Tariff plans">
        <Button size="xs" leftSection={<IconPlus size={14} />} onClick={() => setEditing('new')}>
          Add {KIND_LABEL[kind]} plan
        </Button>
      </PageHeader>
      <Tabs value={kind} onChange={(v) => v && navigate(`/plans/${v}`)} mb="xs">
        <Tabs.List>
          {KINDS.map((k) => (
            <Tabs.Tab key={k} value={k}>
              {KIND_LABEL[k]}
            </Tabs.Tab>
          ))}
        </Tabs.List>
      </Tabs>
      {plans.error ? (
        <ErrorAlert error={plans.error} title="Cannot load plans" />
      ) : (
        <DataTable<PlanRow>
          aria-label={`${KIND_LABEL[kind]} plans`}
          withTableBorder
          striped
          highlightOnHover
          verticalSpacing={4}
          fz="sm"
          minHeight={plans.data?.length ? undefined : 180}
          fetching={plans.loading}
          records={plans.data ?? []}
          onRowClick={({ record }) => setEditing(record)}
          emptyState={
            plans.loading ? (
              <span />
            ) : (
              <EmptyState
                text={`No ${KIND_LABEL[kind]} plans yet`}
                action={
                  <Button size="xs" variant="light" style={{ pointerEvents: 'all' }} onClick={() => setEditing('new')}>
                    Add {KIND_LABEL[kind]} plan
                  </Button>
                }
              />
            )
          }
          columns={[
            { accessor: 'id', title: 'ID', width: 60 },
            { accessor: 'name', title: 'Name', render: (p) => <Text size="sm" fw={500}>{p.name}</Text> },
            { accessor: 'price', title: 'Price', textAlign: 'right', render: (p) => <Money cents={p.price} /> },
            {
              accessor: 'vatRateBp',
              title: 'VAT',
              // "21 %" stays whole; "incl." may go to the next line in a narrow window
              render: (p) => (
                <>
                  <span style={{ whiteSpace: 'nowrap' }}>{formatBp(p.vatRateBp)}</span>
                  {p.vatIncluded ? ' incl.' : ''}
                </>
              ),
            },
            ...(kind === 'internet'
              ? [{ accessor: 'speed', title: 'Download / upload', render: (p: PlanRow) => `${formatKbps(p.downloadKbps)} / ${formatKbps(p.uploadKbps)}` }]
              : []),
            ...(kind === 'voice' ? [{ accessor: 'voiceType', title: 'Type', render: (p: PlanRow) => p.voiceType ?? '—' }] : []),
            {
              accessor: 'partnerIds',
              title: 'Partners',
              render: (p) => (p.partnerIds.length === 0 ? <Text size="xs" c="dimmed">all</Text> : p.partnerIds.map(partnerName).join(', ')),
            },
            { accessor: 'serviceCount', title: 'Services', textAlign: 'right', noWrap: true },
            {
              accessor: 'enabled',
              title: 'Enabled',
              noWrap: true,
              render: (p) => (
                <Badge size="sm" variant="light" color={p.enabled ? 'green' : 'gray'}>
                  {p.enabled ? 'Enabled' : 'Disabled'}
                </Badge>
              ),
            },
            {
              accessor: 'actions',
              title: '',
              render: (p) => (
                <Group gap={2} wrap="nowrap" onClick={(e) => e.stopPropagation()}>
                  <Tooltip label="Edit">
                    <ActionIcon
                      size="sm"
                      variant="subtle"
                      aria-label={`Edit plan ${p.name}`}
                      onClick={(e) => {
                        e.stopPropagation();
                        setEditing(p);
                      }}
                    >
                      <IconPencil size={15} />
                    </ActionIcon>
                  </Tooltip>
                  <Menu position="bottom-end" withinPortal>
                    <Menu.Target>
                      <ActionIcon size="sm" variant="subtle" aria-label={`Actions for plan ${p.name}`}>
                        <IconDots size={15} />
                      </ActionIcon>
                    </Menu.Target>
                    <Menu.Dropdown>
                      <Menu.Item leftSection={<IconSwitchHorizontal size={14} />} onClick={() => setBulkFrom(p)}>
                        Change plan for all services
                      </Menu.Item>
                    </Menu.Dropdown>
                  </Menu>
                </Group>
              ),
            },
          ]}
        />
      )}
      {bulkFrom && <BulkChangeWizard plan={bulkFrom} plans={plans.data ?? []} onClose={() => setBulkFrom(null)} onChanged={plans.reload} />}
      {editing && (
        <PlanDialog
          kind={kind}
          plan={editing === 'new' ? null : editing}
          allPlans={plans.data ?? []}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            plans.reload();
          }}
        />
      )}
    </>
  );
}

function kbpsText(v: number | null): string {
  return v === null ? '' : String(v);
}

function PlanDialog({
  kind,
  plan,
  allPlans,
  onClose,
  onSaved,
}: {
  kind: ServiceKind;
  plan: PlanRow | null;
  allPlans: PlanRow[];
  onClose: () => void;
  onSaved: () => void;
}) {
  const partners = usePartners();
  const [name, setName] = useState(plan?.name ?? '');
  const [description, setDescription] = useState(plan?.description ?? '');
  const [price, setPrice] = useState(plan ? moneyInputValue(plan.price) : '');
  const [vat, setVat] = useState(plan ? percentInputValue(plan.vatRateBp) : '0');
  const [vatIncluded, setVatIncluded] = useState(plan?.vatIncluded ?? false);
  const [enabled, setEnabled] = useState(plan?.enabled ?? true);
  const [down, setDown] = useState(kbpsText(plan?.downloadKbps ?? null));
  const [up, setUp] = useState(kbpsText(plan?.uploadKbps ?? null));
  const [voiceType, setVoiceType] = useState<string | null>(plan?.voiceType ?? null);
  const [partnerIds, setPartnerIds] = useState<string[]>((plan?.partnerIds ?? []).map(String));
  const [targets, setTargets] = useState<string[]>((plan?.portalTargetIds ?? []).map(String));
  const [updateServicePrice, setUpdateServicePrice] = useState<'none' | 'matching' | 'all'>('none');
  const [local, setLocal] = useState<Record<string, string>>({});
  const [create, cst] = useMutation('plans.create');
  const [update, ust] = useMutation('plans.update');
  const [repriced, setRepriced] = useState<number | null>(null);
  const st = plan ? ust : cst;
  const f = { ...st.fieldErrors, ...local };
  const parsedPrice = parseMoney(price);
  const priceChanged = !!plan && parsedPrice !== null && parsedPrice !== plan.price && plan.serviceCount > 0;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const l: Record<string, string> = {};
    if (name.trim() === '') l.name = 'is required';
    if (parsedPrice === null || parsedPrice < 0) l.price = 'must be an amount like 20.00';
    const vatBp = parsePercentBp(vat || '0');
    if (vatBp === null || vatBp > 10000) l.vatRateBp = 'must be a percentage 0–100';
    const speed = (s: string, key: string) => {
      if (s.trim() === '') return null;
      if (!/^\d+$/.test(s.trim())) {
        l[key] = 'must be a whole number of kbps';
        return null;
      }
      return Number(s.trim());
    };
    const downloadKbps = kind === 'internet' ? speed(down, 'downloadKbps') : null;
    const uploadKbps = kind === 'internet' ? speed(up, 'uploadKbps') : null;
    setLocal(l);
    if (Object.keys(l).length) return;
    const fields = {
      name,
      description,
      price: parsedPrice!,
      vatRateBp: vatBp!,
      vatIncluded,
      enabled,
      downloadKbps,
      uploadKbps,
      voiceType: kind === 'voice' ? ((voiceType as 'voip' | 'fix' | 'mobile' | null) ?? null) : null,
      partnerIds: partnerIds.map(Number),
      portalTargetIds: targets.map(Number),
    };
    if (plan) {
      const res = await update({ id: plan.id, ...fields, updateServicePrice: priceChanged ? updateServicePrice : 'none' });
      if (res) {
        if (res.servicesRepriced > 0) setRepriced(res.servicesRepriced);
        else onSaved();
      }
    } else if (await create({ kind, ...fields })) onSaved();
  };

  if (repriced !== null)
    return (
      <Modal opened onClose={onSaved} title="Plan saved" size="sm">
        <Stack gap="xs">
          <Text size="sm">{repriced} existing service(s) now have the new price.</Text>
          <Group justify="flex-end">
            <Button size="xs" onClick={onSaved} data-autofocus>
              OK
            </Button>
          </Group>
        </Stack>
      </Modal>
    );

  const targetOptions = allPlans.filter((p) => p.id !== plan?.id).map((p) => ({ value: String(p.id), label: p.name }));
  return (
    <Modal opened onClose={onClose} title={plan ? `Edit plan ${plan.name}` : `Add ${KIND_LABEL[kind]} plan`} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack gap="xs">
          <Grid gap="xs">
            <Grid.Col span={6}>
              <TextInput label="Name" required withAsterisk={false} size="xs" data-autofocus value={name} onChange={(e) => setName(e.currentTarget.value)} error={f.name} />
            </Grid.Col>
            <Grid.Col span={6}>
              <TextInput
                label="Service description"
                size="xs"
                placeholder="empty = the plan name"
                value={description}
                onChange={(e) => setDescription(e.currentTarget.value)}
                error={f.description}
              />
            </Grid.Col>
            <Grid.Col span={4}>
              <TextInput label="Price" required withAsterisk={false} size="xs" inputMode="decimal" value={price} onChange={(e) => setPrice(e.currentTarget.value)} error={f.price} />
            </Grid.Col>
            <Grid.Col span={4}>
              <TextInput label="VAT %" size="xs" inputMode="decimal" value={vat} onChange={(e) => setVat(e.currentTarget.value)} error={f.vatRateBp} />
            </Grid.Col>
            <Grid.Col span={4}>
              <Stack gap={6} mt={20}>
                <Switch size="xs" label="VAT included" checked={vatIncluded} onChange={(e) => setVatIncluded(e.currentTarget.checked)} />
                <Switch size="xs" label="Enabled" checked={enabled} onChange={(e) => setEnabled(e.currentTarget.checked)} />
              </Stack>
            </Grid.Col>
            {kind === 'internet' && (
              <>
                <Grid.Col span={6}>
                  <TextInput label="Download speed (kbps)" size="xs" inputMode="numeric" value={down} onChange={(e) => setDown(e.currentTarget.value)} error={f.downloadKbps} />
                </Grid.Col>
                <Grid.Col span={6}>
                  <TextInput label="Upload speed (kbps)" size="xs" inputMode="numeric" value={up} onChange={(e) => setUp(e.currentTarget.value)} error={f.uploadKbps} />
                </Grid.Col>
              </>
            )}
            {kind === 'voice' && (
              <Grid.Col span={6}>
                <Select
                  label="Voice type"
                  size="xs"
                  clearable
                  data={[
                    { value: 'voip', label: 'VoIP' },
                    { value: 'fix', label: 'Fixed line' },
                    { value: 'mobile', label: 'Mobile' },
                  ]}
                  value={voiceType}
                  onChange={setVoiceType}
                  error={f.voiceType}
                />
              </Grid.Col>
            )}
            <Grid.Col span={12}>
              <MultiSelect
                label="Partners"
                size="xs"
                placeholder={partnerIds.length ? undefined : 'all partners'}
                data={(partners.data ?? []).map((p) => ({ value: String(p.id), label: p.name }))}
                value={partnerIds}
                onChange={setPartnerIds}
                clearable
                error={f.partnerIds}
              />
            </Grid.Col>
            <Grid.Col span={12}>
              <MultiSelect
                label="Tariff plans available in customer portal"
                size="xs"
                searchable
                placeholder={targets.length ? undefined : 'none'}
                data={targetOptions}
                value={targets}
                onChange={setTargets}
                clearable
                error={f.portalTargetIds}
              />
            </Grid.Col>
          </Grid>
          {plan && (
            <Radio.Group
              label="Existing services' price"
              description={
                priceChanged
                  ? `The price changes from ${moneyInputValue(plan.price)}; ${plan.serviceCount} service(s) are on this plan.`
                  : 'Applies when the price changes'
              }
              size="xs"
              value={updateServicePrice}
              onChange={(v) => setUpdateServicePrice(v as typeof updateServicePrice)}
            >
              <Group gap="md" mt={4}>
                <Radio value="none" label="Keep their price" disabled={!priceChanged} />
                <Radio value="matching" label="Update those with the old plan price" disabled={!priceChanged} />
                <Radio value="all" label="Update all" disabled={!priceChanged} />
              </Group>
            </Radio.Group>
          )}
          <ErrorAlert error={st.error} title="Not saved" />
          <FormButtons busy={st.busy} onCancel={onClose} submitLabel={plan ? 'Save' : 'Add plan'} />
        </Stack>
      </form>
    </Modal>
  );
}
