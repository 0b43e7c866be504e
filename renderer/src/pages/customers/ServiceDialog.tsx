import { Autocomplete, Divider, Grid, PasswordInput, Select, Stack, Switch, Text, TextInput } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { contract, type InputOf, type ServiceKind } from '../../../../main/contract';
import type { CustomerDetail } from '../../../../main/contract/customers';
import type { AppErrorData } from '../../../../main/contract/errors';
import type { ServiceRow } from '../../../../main/contract/services';
import { DateField, ErrorAlert, FormButtons } from '../../components/common';
import { formatDate, KIND_LABEL, moneyInputValue, parseMoney, parsePercentBp, percentInputValue } from '../../format';
import { useQuery } from '../../hooks/useApi';
import { FormModal } from '../../components/FormModal';
import { useContractForm, showServerErrors, type Converted } from '../../hooks/useContractForm';
import { api } from '../../transport';
import { useBusinessDate } from '../../hooks/businessDate';
import { useNetworks, usePlans, usePools, useRouters } from '../../hooks/useReference';
import { t } from '../../i18n';

interface FormValues extends Record<string, unknown> {
  planId: string | null;
  description: string;
  quantity: string;
  unit: string;
  unitPrice: string;
  payPeriodMonths: string;
  start: string;
  end: string;
  status: string;
  discountOn: boolean;
  discount: { kind: 'percent' | 'fixed'; value: string; from: string; to: string; message: string };
  internet: {
    routerId: string;
    login: string;
    password: string;
    ipv4Method: 'none' | 'permanent' | 'dynamic';
    ipv4: string;
    additionalNetwork: string;
    ipv4PoolId: string;
    macs: string;
    portId: string;
  };
}

function initial(service: ServiceRow | null, customer: CustomerDetail, today: string): FormValues {
  const d = service?.discount;
  const n = service?.internet;
  return {
    planId: service ? String(service.planId) : null,
    description: service?.description ?? '',
    quantity: String(service?.quantity ?? 1),
    unit: service?.unit ?? '',
    unitPrice: service ? moneyInputValue(service.unitPrice) : '',
    payPeriodMonths: String(service?.payPeriodMonths ?? 1),
    start: service?.start ?? today,
    end: service?.end ?? '',
    status: service?.status ?? 'auto',
    discountOn: !!d,
    discount: {
      kind: d?.kind ?? 'percent',
      value: d ? (d.kind === 'percent' ? percentInputValue(d.value) : moneyInputValue(d.value)) : '',
      from: d?.from ?? '',
      to: d?.to ?? '',
      message: d?.message ?? '',
    },
    internet: {
      routerId: n?.routerId ? String(n.routerId) : '',
      login: n?.login ?? (service ? '' : customer.portalLogin),
      password: n?.password ?? '',
      ipv4Method: n?.ipv4Method ?? 'none',
      ipv4: n?.ipv4 ?? '',
      additionalNetwork: n?.additionalNetwork ?? '',
      ipv4PoolId: n?.ipv4PoolId ? String(n.ipv4PoolId) : '',
      macs: n?.macs ?? '',
      portId: n?.portId ?? '',
    },
  };
}

/** The form's text as the services.add / services.update input, and the text that cannot be read. */
function toInput(v: FormValues, kind: ServiceKind, customerId: number, service: ServiceRow | null, planLocked: boolean): Converted<Record<string, unknown>> {
  const errors: Record<string, string> = {};
  if (!v.planId) errors.planId = t('choose a plan');
  const q = v.quantity.trim();
  const quantity = /^\d+$/.test(q) ? Number(q) : NaN;
  if (!Number.isInteger(quantity) || quantity < 1) errors.quantity = t('must be a whole number, at least 1');
  let unitPrice: number | null = null;
  if (v.unitPrice.trim() !== '') {
    unitPrice = parseMoney(v.unitPrice);
    if (unitPrice === null) errors.unitPrice = t('must be an amount like {{example}}', { example: moneyInputValue(2000) });
    else if (unitPrice < 0) errors.unitPrice = t('cannot be negative');
  }
  if (v.start && v.end && v.end < v.start) errors.end = t('must not be before the start date');
  let discount = null;
  if (v.discountOn) {
    const d = v.discount;
    const value = d.kind === 'percent' ? parsePercentBp(d.value) : parseMoney(d.value);
    if (value === null || value < 1) errors['discount.value'] = d.kind === 'percent' ? t('must be a percentage like 10') : t('must be an amount like {{example}}', { example: moneyInputValue(500) });
    discount = { kind: d.kind, value: value ?? 0, from: d.from || null, to: d.to || null, message: d.message };
  }
  const n = v.internet;
  const internet =
    kind === 'internet'
      ? {
          routerId: n.routerId ? Number(n.routerId) : null,
          login: n.login.trim(),
          password: n.password,
          ipv4Method: n.ipv4Method,
          ipv4: n.ipv4Method === 'permanent' ? n.ipv4.trim() : '',
          additionalNetwork: n.ipv4Method === 'permanent' ? n.additionalNetwork.trim() : '',
          ipv4PoolId: n.ipv4Method === 'dynamic' && n.ipv4PoolId ? Number(n.ipv4PoolId) : null,
          macs: n.macs.trim(),
          portId: n.portId.trim(),
        }
      : null;
  const common = {
    description: v.description,
    quantity: Number.isInteger(quantity) ? quantity : 1,
    unit: v.unit,
    unitPrice: unitPrice !== null && unitPrice < 0 ? null : unitPrice,
    payPeriodMonths: Number(v.payPeriodMonths),
    start: v.start,
    end: v.end || null,
    discount,
    status: v.status === 'auto' ? null : v.status,
    internet,
  };
  const planId = v.planId ? Number(v.planId) : 0;
  const input = service
    ? { id: service.id, ...common, ...(planLocked ? {} : { planId: planId || service.planId }) }
    : { customerId, kind, planId: planId || 1, ...common };
  return { input, errors };
}

/**
 * Add or edit a service: every field of services.add / services.update. Errors from the application are shown
 * beside their fields (paths like `internet.login`, `discount.value`).
 */
export function ServiceDialog({
  customer,
  kind,
  service,
  focus,
  onClose,
  onSaved,
}: {
  customer: CustomerDetail;
  kind: ServiceKind;
  service: ServiceRow | null;
  /** 'discount' scrolls to and focuses the discount section (the Discounts action) */
  focus?: 'discount';
  onClose: () => void;
  onSaved: (s: ServiceRow) => void;
}) {
  const today = useBusinessDate();
  const planLocked = !!service?.invoicedUntil;
  const form = useContractForm<FormValues, Record<string, unknown>>({
    initialValues: initial(service, customer, today),
    schema: contract[service ? 'services.update' : 'services.add'].input,
    toInput: (v) => toInput(v, kind, customer.id, service, planLocked),
  });
  const v = form.values;
  const plans = usePlans(kind);
  const routers = useRouters();
  const pools = usePools();
  const networks = useNetworks();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppErrorData | null>(null);
  const discountRef = useRef<HTMLDivElement>(null);
  const isInternet = kind === 'internet';
  const free = useQuery('ipv4.freeAddresses', isInternet && v.internet.ipv4Method === 'permanent' ? { networkId: null, limit: 50 } : null);

  useEffect(() => {
    if (focus === 'discount') {
      const t = setTimeout(() => {
        discountRef.current?.scrollIntoView({ block: 'center' });
        discountRef.current?.querySelector('input')?.focus();
      }, 250);
      return () => clearTimeout(t);
    }
  }, [focus]);

  const planRows = plans.data ?? [];
  const planOptions = planRows
    .filter((p) => p.enabled || String(p.id) === v.planId)
    .map((p) => ({ value: String(p.id), label: p.enabled ? p.name : `${p.name} (${t('disabled')})` }));
  const selectedPlan = planRows.find((p) => String(p.id) === v.planId);

  const choosePlan = (id: string | null) => {
    const p = planRows.find((x) => String(x.id) === id);
    form.setFieldValue('planId', id);
    if (p) form.setFieldValue('unitPrice', moneyInputValue(p.price));
  };

  const submit = form.onSubmit(async (values) => {
    setBusy(true);
    setError(null);
    try {
      const { input } = toInput(values, kind, customer.id, service, planLocked);
      const res = service ? await api.call('services.update', input as InputOf<'services.update'>) : await api.call('services.add', input as InputOf<'services.add'>);
      if (res.ok) return onSaved(res.data);
      setError(res.error);
      showServerErrors(form, res.error);
    } finally {
      setBusy(false);
    }
  });
  const input = (path: string) => form.getInputProps(path);
  const date = (path: string) => {
    const props = form.getInputProps(path);
    return { ...props, value: String(props.value ?? ''), onChange: (d: string) => props.onChange(d) };
  };

  const poolOptions = [{ value: '', label: t('Any') }, ...(pools.data ?? []).map((p) => ({ value: String(p.id), label: p.title }))];
  const routerOptions = [{ value: '', label: t('None') }, ...(routers.data ?? []).map((r) => ({ value: String(r.id), label: r.title }))];
  const permanentNets = (networks.data ?? []).filter((n) => n.kind === 'permanent');

  return (
    <FormModal dirty={form.isDirty()} onClose={onClose} size="xl" title={service ? t('Edit {{kind}} service #{{id}}', { kind: KIND_LABEL[kind], id: service.id }) : t('Add {{kind}} service', { kind: KIND_LABEL[kind] })}>
      <form onSubmit={submit} noValidate>
        <Stack gap="xs">
          {plans.error && <ErrorAlert error={plans.error} title={t('Cannot load plans')} />}
          <Grid gap="xs">
            <Grid.Col span={6}>
              <Select
                label={t('Plan')}
                required withAsterisk={false}
                size="xs"
                searchable
                data-autofocus
                data={planOptions}
                value={v.planId}
                onChange={choosePlan}
                disabled={planLocked}
                description={planLocked ? t('Invoiced service: use Change plan to switch its plan') : undefined}
                nothingFoundMessage={t('No {{kind}} plans yet', { kind: KIND_LABEL[kind] })}
                error={form.errors.planId}
              />
            </Grid.Col>
            <Grid.Col span={6}>
              <TextInput
                label={t('Description')}
                size="xs"
                placeholder={selectedPlan ? selectedPlan.description || selectedPlan.name : ''}
                {...input('description')}
              />
            </Grid.Col>
            <Grid.Col span={2}>
              <TextInput label={t('Quantity')} size="xs" inputMode="numeric" {...input('quantity')} />
            </Grid.Col>
            <Grid.Col span={2}>
              <TextInput label={t('Unit')} size="xs" {...input('unit')} />
            </Grid.Col>
            <Grid.Col span={3}>
              <TextInput
                label={t('Price')}
                size="xs"
                inputMode="decimal"
                placeholder={selectedPlan ? moneyInputValue(selectedPlan.price) : '0.00'}
                description={selectedPlan && v.unitPrice !== '' && parseMoney(v.unitPrice) !== selectedPlan.price ? t('plan price {{price}}', { price: moneyInputValue(selectedPlan.price) }) : undefined}
                {...input('unitPrice')}
              />
            </Grid.Col>
            <Grid.Col span={2}>
              <Select
                label={t('Pay period')}
                size="xs"
                allowDeselect={false}
                data={[
                  { value: '1', label: t('1 month') },
                  { value: '3', label: t('3 months') },
                  { value: '6', label: t('6 months') },
                  { value: '12', label: t('12 months') },
                ]}
                {...input('payPeriodMonths')}
              />
            </Grid.Col>
            <Grid.Col span={3}>
              <Select
                label={t('Status')}
                size="xs"
                allowDeselect={false}
                data={[
                  { value: 'auto', label: t('From start date') },
                  { value: 'active', label: t('Active') },
                  { value: 'pending', label: t('Pending') },
                  { value: 'disabled', label: t('Disabled') },
                  { value: 'stopped', label: t('Stopped') },
                  { value: 'archived', label: t('Archived') },
                ]}
                {...input('status')}
              />
            </Grid.Col>
            <Grid.Col span={3}>
              <DateField label={t('Start date')} required withAsterisk={false} size="xs" {...date('start')} />
            </Grid.Col>
            <Grid.Col span={3}>
              <DateField label={t('End date')} size="xs" {...date('end')} />
            </Grid.Col>
            {service && (
              <Grid.Col span={6}>
                <Text size="xs" c="dimmed" mt={22}>
                  {t('Invoiced until: {{date}}', { date: service.invoicedUntil ? formatDate(service.invoicedUntil) : t('not invoiced yet') })}
                </Text>
              </Grid.Col>
            )}
          </Grid>

          <Divider label={t('Discount')} labelPosition="left" />
          <div ref={discountRef}>
            <Switch size="xs" label={t('Discount')} {...form.getInputProps('discountOn', { type: 'checkbox' })} />
            {v.discountOn && (
              <Grid gap="xs" mt={4}>
                <Grid.Col span={3}>
                  <Select
                    label={t('Discount type')}
                    size="xs"
                    allowDeselect={false}
                    data={[
                      { value: 'percent', label: t('Percent') },
                      { value: 'fixed', label: t('Fixed amount') },
                    ]}
                    {...input('discount.kind')}
                  />
                </Grid.Col>
                <Grid.Col span={3}>
                  <TextInput
                    label={v.discount.kind === 'percent' ? t('Discount %') : t('Discount amount')}
                    size="xs"
                    inputMode="decimal"
                    {...input('discount.value')}
                  />
                </Grid.Col>
                <Grid.Col span={3}>
                  <DateField label={t('Discount from')} size="xs" {...date('discount.from')} />
                </Grid.Col>
                <Grid.Col span={3}>
                  <DateField label={t('Discount to')} size="xs" {...date('discount.to')} />
                </Grid.Col>
                <Grid.Col span={12}>
                  <TextInput
                    label={t('Discount message')}
                    size="xs"
                    {...input('discount.message')}
                  />
                </Grid.Col>
              </Grid>
            )}
          </div>

          {isInternet && (
            <>
              <Divider label={t('Internet settings')} labelPosition="left" />
              <Grid gap="xs">
                <Grid.Col span={4}>
                  <Select
                    label={t('Router')}
                    size="xs"
                    allowDeselect={false}
                    data={routerOptions}
                    {...input('internet.routerId')}
                  />
                </Grid.Col>
                <Grid.Col span={4}>
                  <TextInput
                    label={t('Login')}
                    size="xs"
                    autoComplete="off"
                    {...input('internet.login')}
                  />
                </Grid.Col>
                <Grid.Col span={4}>
                  <PasswordInput
                    label={t('Password')}
                    size="xs"
                    autoComplete="new-password"
                    placeholder={t('empty = portal password')}
                    {...input('internet.password')}
                  />
                </Grid.Col>
                <Grid.Col span={4}>
                  <Select
                    label={t('IPv4 assignment')}
                    size="xs"
                    allowDeselect={false}
                    data={[
                      { value: 'none', label: t('None (router assigns)') },
                      { value: 'permanent', label: t('Permanent IP') },
                      { value: 'dynamic', label: t('Dynamic IP') },
                    ]}
                    {...input('internet.ipv4Method')}
                  />
                </Grid.Col>
                {v.internet.ipv4Method === 'permanent' && (
                  <>
                    <Grid.Col span={4}>
                      <Autocomplete
                        label={t('IPv4')}
                        size="xs"
                        autoComplete="off"
                        placeholder={permanentNets.length ? permanentNets.map((n) => n.network).join(', ') : t('no permanent network configured')}
                        data={free.data ?? []}
                        limit={20}
                        {...input('internet.ipv4')}
                      />
                    </Grid.Col>
                    <Grid.Col span={4}>
                      <TextInput
                        label={t('Additional network')}
                        size="xs"
                        placeholder={t('e.g. 192.0.2.0/29')}
                        {...input('internet.additionalNetwork')}
                      />
                    </Grid.Col>
                  </>
                )}
                {v.internet.ipv4Method === 'dynamic' && (
                  <Grid.Col span={4}>
                    <Select
                      label={t('IPv4 pool')}
                      size="xs"
                      allowDeselect={false}
                      data={poolOptions}
                      {...input('internet.ipv4PoolId')}
                    />
                  </Grid.Col>
                )}
                <Grid.Col span={8}>
                  <TextInput
                    label={t('MAC(s)')}
                    size="xs"
                    placeholder={t('00:1A:2B:3C:4D:5E, …')}
                    {...input('internet.macs')}
                  />
                </Grid.Col>
                <Grid.Col span={4}>
                  <TextInput label={t('Port ID')} size="xs" {...input('internet.portId')} />
                </Grid.Col>
              </Grid>
            </>
          )}
          <ErrorAlert error={error} title={t('Not saved')} />
          <FormButtons busy={busy} onCancel={onClose} submitLabel={service ? t('Save') : t('Add service')} />
        </Stack>
      </form>
    </FormModal>
  );
}
