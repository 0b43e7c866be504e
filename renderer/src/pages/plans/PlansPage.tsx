import { ActionIcon, Badge, Button, Grid, Group, Menu, Modal, MultiSelect, Radio, Select, Stack, Switch, Tabs, Text, TextInput, Tooltip } from '@mantine/core';
import { IconDots, IconPencil, IconPlus, IconSwitchHorizontal } from '@tabler/icons-react';
import { DataTable } from 'mantine-datatable';
import { useState } from 'react';
import type { ServiceKind } from '../../../../main/contract';
import type { PlanRow } from '../../../../main/contract/plans';
import { EmptyState, ErrorAlert, Money, PageHeader } from '../../components/common';
import { FormDialog, useChannelForm } from '../../components/FormDialog';
import { formatBp, formatKbps, KIND_LABEL, labels, moneyInputValue, parseMoney, parsePercentBp, percentInputValue } from '../../format';
import { useQuery } from '../../hooks/useApi';
import { usePartners } from '../../hooks/useReference';
import { navigate } from '../../router';
import { BulkChangeWizard } from './BulkChangeWizard';
import { t } from '../../i18n';

const KINDS: ServiceKind[] = ['internet', 'voice', 'custom'];
const VOICE_TYPE_LABEL = labels<'voip' | 'fix' | 'mobile'>({ voip: 'VoIP', fix: 'Fixed line', mobile: 'Mobile' });

export function PlansPage({ kind: kindParam }: { kind: string | undefined }) {
  const kind: ServiceKind = (KINDS as string[]).includes(kindParam ?? '') ? (kindParam as ServiceKind) : 'internet';
  const plans = useQuery('plans.list', { kind, includeDisabled: true });
  const partners = usePartners();
  const [editing, setEditing] = useState<PlanRow | 'new' | null>(null);
  const [bulkFrom, setBulkFrom] = useState<PlanRow | null>(null);
  const partnerName = (id: number) => partners.data?.find((p) => p.id === id)?.name ?? `#${id}`;

  return (
    <>
      <PageHeader title={t('Tariff plans')}>
        <Button size="xs" leftSection={<IconPlus size={14} />} onClick={() => setEditing('new')}>
          {t('Add {{kind}} plan', { kind: KIND_LABEL[kind] })}
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
        <ErrorAlert error={plans.error} title={t('Cannot load plans')} />
      ) : (
        <DataTable<PlanRow>
          aria-label={t('{{kind}} plans', { kind: KIND_LABEL[kind] })}
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
                text={t('No {{kind}} plans yet', { kind: KIND_LABEL[kind] })}
                action={
                  <Button size="xs" variant="light" style={{ pointerEvents: 'all' }} onClick={() => setEditing('new')}>
                    {t('Add {{kind}} plan', { kind: KIND_LABEL[kind] })}
                  </Button>
                }
              />
            )
          }
          columns={[
            { accessor: 'id', title: t('ID'), width: 60 },
            { accessor: 'name', title: t('Name'), render: (p) => <Text size="sm" fw={500}>{p.name}</Text> },
            { accessor: 'price', title: t('Price'), textAlign: 'right', render: (p) => <Money cents={p.price} /> },
            {
              accessor: 'vatRateBp',
              title: t('VAT'),
              // "21 %" stays whole; "incl." may go to the next line in a narrow window
              render: (p) => (
                <>
                  <span style={{ whiteSpace: 'nowrap' }}>{formatBp(p.vatRateBp)}</span>
                  {p.vatIncluded ? ` ${t('incl.')}` : ''}
                </>
              ),
            },
            ...(kind === 'internet'
              ? [{ accessor: 'speed', title: t('Download / upload'), render: (p: PlanRow) => `${formatKbps(p.downloadKbps)} / ${formatKbps(p.uploadKbps)}` }]
              : []),
            ...(kind === 'voice' ? [{ accessor: 'voiceType', title: t('Type'), render: (p: PlanRow) => (p.voiceType ? VOICE_TYPE_LABEL[p.voiceType] : '—') }] : []),
            {
              accessor: 'partnerIds',
              title: t('Partners'),
              render: (p) => (p.partnerIds.length === 0 ? <Text size="xs" c="dimmed">{t('all')}</Text> : p.partnerIds.map(partnerName).join(', ')),
            },
            { accessor: 'serviceCount', title: t('Services'), textAlign: 'right', noWrap: true },
            {
              accessor: 'enabled',
              title: t('Enabled'),
              noWrap: true,
              render: (p) => (
                <Badge size="sm" variant="light" color={p.enabled ? 'green' : 'gray'}>
                  {p.enabled ? t('Enabled') : t('Disabled')}
                </Badge>
              ),
            },
            {
              accessor: 'actions',
              title: '',
              render: (p) => (
                <Group gap={2} wrap="nowrap" onClick={(e) => e.stopPropagation()}>
                  <Tooltip label={t('Edit')}>
                    <ActionIcon
                      size="sm"
                      variant="subtle"
                      aria-label={t('Edit plan {{name}}', { name: p.name })}
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
                      <ActionIcon size="sm" variant="subtle" aria-label={t('Actions for plan {{name}}', { name: p.name })}>
                        <IconDots size={15} />
                      </ActionIcon>
                    </Menu.Target>
                    <Menu.Dropdown>
                      <Menu.Item leftSection={<IconSwitchHorizontal size={14} />} onClick={() => setBulkFrom(p)}>
                        {t('Change plan for all services')}
                      </Menu.Item>
                    </Menu.Dropdown>
                  </Menu>
                </Group>
              ),
            },
          ]}
        />
      )}
      {bulkFrom && <BulkChangeWizard plan={bulkFrom} plans={plans.data ?? []} onClose={() => setBulkFrom(null)} />}
      {editing && (
        <PlanDialog
          kind={kind}
          plan={editing === 'new' ? null : editing}
          allPlans={plans.data ?? []}
          onClose={() => setEditing(null)}
          onSaved={() => setEditing(null)}
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
  const [repriced, setRepriced] = useState<number | null>(null);
  const state = useChannelForm(plan ? 'plans.update' : 'plans.create', {
    initialValues: {
      name: plan?.name ?? '',
      description: plan?.description ?? '',
      price: plan ? moneyInputValue(plan.price) : '',
      vat: plan ? percentInputValue(plan.vatRateBp) : '0',
      vatIncluded: plan?.vatIncluded ?? false,
      enabled: plan?.enabled ?? true,
      downloadKbps: kbpsText(plan?.downloadKbps ?? null),
      uploadKbps: kbpsText(plan?.uploadKbps ?? null),
      voiceType: (plan?.voiceType ?? null) as string | null,
      partnerIds: (plan?.partnerIds ?? []).map(String),
      portalTargetIds: (plan?.portalTargetIds ?? []).map(String),
      updateServicePrice: 'none' as 'none' | 'matching' | 'all',
    },
    toInput: (v) => {
      const errors: Record<string, string> = {};
      const price = parseMoney(v.price);
      if (price === null) errors.price = t('must be an amount like {{example}}', { example: moneyInputValue(2000) });
      const vatBp = parsePercentBp(v.vat || '0');
      if (vatBp === null || vatBp > 10000) errors.vatRateBp = t('must be a percentage 0–100');
      const speed = (text: string, key: string) => {
        if (text.trim() === '') return null;
        if (!/^\d+$/.test(text.trim())) errors[key] = t('must be a whole number of kbps');
        return Number(text.trim()) || 0;
      };
      const fields = {
        name: v.name,
        description: v.description,
        price: price ?? 0,
        vatRateBp: vatBp ?? 0,
        vatIncluded: v.vatIncluded,
        enabled: v.enabled,
        downloadKbps: kind === 'internet' ? speed(v.downloadKbps, 'downloadKbps') : null,
        uploadKbps: kind === 'internet' ? speed(v.uploadKbps, 'uploadKbps') : null,
        voiceType: kind === 'voice' ? ((v.voiceType as 'voip' | 'fix' | 'mobile' | null) ?? null) : null,
        partnerIds: v.partnerIds.map(Number),
        portalTargetIds: v.portalTargetIds.map(Number),
      };
      const changed = !!plan && price !== null && price !== plan.price && plan.serviceCount > 0;
      return {
        input: plan ? { id: plan.id, ...fields, updateServicePrice: changed ? v.updateServicePrice : 'none' } : { kind, ...fields },
        errors,
      };
    },
    onSaved: (res) => {
      const n = 'servicesRepriced' in res ? Number(res.servicesRepriced) : 0;
      if (n > 0) setRepriced(n);
      else onSaved();
    },
  });
  const { form } = state;
  const input = (path: string) => form.getInputProps(path);
  const parsedPrice = parseMoney(form.values.price);
  const priceChanged = !!plan && parsedPrice !== null && parsedPrice !== plan.price && plan.serviceCount > 0;

  if (repriced !== null)
    return (
      <Modal opened onClose={onSaved} title={t('Plan saved')} size="sm">
        <Stack gap="xs">
          <Text size="sm">{t('{{count}} existing services now have the new price.', { count: repriced })}</Text>
          <Group justify="flex-end">
            <Button size="xs" onClick={onSaved} data-autofocus>
              {t('OK')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    );

  const targetOptions = allPlans.filter((p) => p.id !== plan?.id).map((p) => ({ value: String(p.id), label: p.name }));
  return (
    <FormDialog state={state} onClose={onClose} title={plan ? t('Edit plan {{name}}', { name: plan.name }) : t('Add {{kind}} plan', { kind: KIND_LABEL[kind] })} size="lg" submitLabel={plan ? t('Save') : t('Add plan')}>
          <Grid gap="xs">
            <Grid.Col span={6}>
              <TextInput label={t('Name')} required withAsterisk={false} size="xs" data-autofocus {...input('name')} />
            </Grid.Col>
            <Grid.Col span={6}>
              <TextInput
                label={t('Service description')}
                size="xs"
                placeholder={t('empty = the plan name')}
                {...input('description')}
              />
            </Grid.Col>
            <Grid.Col span={4}>
              <TextInput label={t('Price')} required withAsterisk={false} size="xs" inputMode="decimal" {...input('price')} />
            </Grid.Col>
            <Grid.Col span={4}>
              <TextInput label={t('VAT %')} size="xs" inputMode="decimal" {...input('vat')} error={form.errors.vatRateBp ?? form.errors.vat} />
            </Grid.Col>
            <Grid.Col span={4}>
              <Stack gap={6} mt={20}>
                <Switch size="xs" label={t('VAT included')} {...form.getInputProps('vatIncluded', { type: 'checkbox' })} />
                <Switch size="xs" label={t('Enabled')} {...form.getInputProps('enabled', { type: 'checkbox' })} />
              </Stack>
            </Grid.Col>
            {kind === 'internet' && (
              <>
                <Grid.Col span={6}>
                  <TextInput label={t('Download speed (kbps)')} size="xs" inputMode="numeric" {...input('downloadKbps')} />
                </Grid.Col>
                <Grid.Col span={6}>
                  <TextInput label={t('Upload speed (kbps)')} size="xs" inputMode="numeric" {...input('uploadKbps')} />
                </Grid.Col>
              </>
            )}
            {kind === 'voice' && (
              <Grid.Col span={6}>
                <Select
                  label={t('Voice type')}
                  size="xs"
                  clearable
                  data={[
                    { value: 'voip', label: t('VoIP') },
                    { value: 'fix', label: t('Fixed line') },
                    { value: 'mobile', label: t('Mobile') },
                  ]}
                  {...input('voiceType')}
                />
              </Grid.Col>
            )}
            <Grid.Col span={12}>
              <MultiSelect
                label={t('Partners')}
                size="xs"
                placeholder={form.values.partnerIds.length ? undefined : t('all partners')}
                data={(partners.data ?? []).map((p) => ({ value: String(p.id), label: p.name }))}
                {...input('partnerIds')}
                clearable
              />
            </Grid.Col>
            <Grid.Col span={12}>
              <MultiSelect
                label={t('Tariff plans available in customer portal')}
                size="xs"
                searchable
                placeholder={form.values.portalTargetIds.length ? undefined : 'none'}
                data={targetOptions}
                {...input('portalTargetIds')}
                clearable
              />
            </Grid.Col>
          </Grid>
          {plan && (
            <Radio.Group
              label={t('Existing services\' price')}
              description={
                priceChanged
                  ? t('The price changes from {{price}}; {{count}} services are on this plan.', { price: moneyInputValue(plan.price), count: plan.serviceCount })
                  : t('Applies when the price changes')
              }
              size="xs"
              {...input('updateServicePrice')}
            >
              <Group gap="md" mt={4}>
                <Radio value="none" label={t('Keep their price')} disabled={!priceChanged} />
                <Radio value="matching" label={t('Update those with the old plan price')} disabled={!priceChanged} />
                <Radio value="all" label={t('Update all')} disabled={!priceChanged} />
              </Group>
            </Radio.Group>
          )}
    </FormDialog>
  );
}
