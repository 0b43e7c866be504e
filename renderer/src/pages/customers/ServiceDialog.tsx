import { Autocomplete, Divider, Grid, Modal, PasswordInput, Select, Stack, Switch, Text, TextInput } from '@mantine/core';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { ServiceKind, ServiceStatus } from '../../../../main/contract';
import type { CustomerDetail } from '../../../../main/contract/customers';
import type { ServiceRow } from '../../../../main/contract/services';
import { DateField, ErrorAlert, FormButtons } from '../../components/common';
import { isValidIsoDate, KIND_LABEL, moneyInputValue, parseMoney, parsePercentBp, percentInputValue } from '../../format';
import { useMutation, useQuery } from '../../hooks/useApi';
import { useBusinessDate } from '../../hooks/businessDate';
import { useNetworks, usePlans, usePools, useRouters } from '../../hooks/useReference';

interface FormState {
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
  discountKind: 'percent' | 'fixed';
  discountValue: string;
  discountFrom: string;
  discountTo: string;
  discountMessage: string;
  routerId: string;
  login: string;
  password: string;
  ipv4Method: 'none' | 'permanent' | 'dynamic';
  ipv4: string;
  additionalNetwork: string;
  ipv4PoolId: string;
  macs: string;
  portId: string;
}

function initial(service: ServiceRow | null, customer: CustomerDetail, today: string): FormState {
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
    discountKind: d?.kind ?? 'percent',
    discountValue: d ? (d.kind === 'percent' ? percentInputValue(d.value) : moneyInputValue(d.value)) : '',
    discountFrom: d?.from ?? '',
    discountTo: d?.to ?? '',
    discountMessage: d?.message ?? '',
    routerId: n?.routerId ? String(n.routerId) : '',
    login: n?.login ?? (service ? '' : customer.portalLogin),
    password: n?.password ?? '',
    ipv4Method: n?.ipv4Method ?? 'none',
    ipv4: n?.ipv4 ?? '',
    additionalNetwork: n?.additionalNetwork ?? '',
    ipv4PoolId: n?.ipv4PoolId ? String(n.ipv4PoolId) : '',
    macs: n?.macs ?? '',
    portId: n?.portId ?? '',
  };
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
  const [form, setForm] = useState<FormState>(() => initial(service, customer, today));
  const [local, setLocal] = useState<Record<string, string>>({});
  const plans = usePlans(kind);
  const routers = useRouters();
  const pools = usePools();
  const networks = useNetworks();
  const [add, addState] = useMutation('services.add');
  const [update, updateState] = useMutation('services.update');
  const state = service ? updateState : addState;
  const discountRef = useRef<HTMLDivElement>(null);
  const isInternet = kind === 'internet';
  const free = useQuery('ipv4.freeAddresses', isInternet && form.ipv4Method === 'permanent' ? { networkId: null, limit: 50 } : null);

  useEffect(() => {
    if (focus === 'discount') {
      const t = setTimeout(() => {
        discountRef.current?.scrollIntoView({ block: 'center' });
        discountRef.current?.querySelector('input')?.focus();
      }, 250);
      return () => clearTimeout(t);
    }
  }, [focus]);

  const set = <K extends keyof FormState>(k: K, v: FormState[K]) => setForm((f) => ({ ...f, [k]: v }));
  const server = state.fieldErrors;
  const err = (...paths: string[]) => {
    for (const p of paths) if (local[p]) return local[p];
    for (const p of paths) if (server[p]) return server[p];
    return undefined;
  };

  const planRows = plans.data ?? [];
  const planOptions = planRows
    .filter((p) => p.enabled || String(p.id) === form.planId)
    .map((p) => ({ value: String(p.id), label: p.enabled ? p.name : `${p.name} (disabled)` }));
  const selectedPlan = planRows.find((p) => String(p.id) === form.planId);
  const planLocked = !!service?.invoicedUntil;

  const choosePlan = (v: string | null) => {
    const p = planRows.find((x) => String(x.id) === v);
    setForm((f) => ({ ...f, planId: v, unitPrice: p ? moneyInputValue(p.price) : f.unitPrice }));
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const l: Record<string, string> = {};
    if (!form.planId) l.planId = 'choose a plan';
    const quantity = /^\d+$/.test(form.quantity.trim()) ? Number(form.quantity.trim()) : NaN;
    if (!Number.isInteger(quantity) || quantity < 1) l.quantity = 'must be a whole number, at least 1';
    let unitPrice: number | null = null;
    if (form.unitPrice.trim() !== '') {
      unitPrice = parseMoney(form.unitPrice);
      if (unitPrice === null || unitPrice < 0) l.unitPrice = 'must be an amount like 20.00';
    }
    if (!isValidIsoDate(form.start)) l.start = 'must be a date YYYY-MM-DD';
    if (form.end !== '' && !isValidIsoDate(form.end)) l.end = 'must be a date YYYY-MM-DD';
    let discount = null;
    if (form.discountOn) {
      const value = form.discountKind === 'percent' ? parsePercentBp(form.discountValue) : parseMoney(form.discountValue);
      if (value === null || value < 1) l['discount.value'] = form.discountKind === 'percent' ? 'must be a percentage like 10' : 'must be an amount like 5.00';
      if (form.discountFrom !== '' && !isValidIsoDate(form.discountFrom)) l['discount.from'] = 'must be a date YYYY-MM-DD';
      if (form.discountTo !== '' && !isValidIsoDate(form.discountTo)) l['discount.to'] = 'must be a date YYYY-MM-DD';
      discount = {
        kind: form.discountKind,
        value: value ?? 0,
        from: form.discountFrom || null,
        to: form.discountTo || null,
        message: form.discountMessage,
      };
    }
    setLocal(l);
    if (Object.keys(l).length) return;
    const internet = isInternet
      ? {
          routerId: form.routerId ? Number(form.routerId) : null,
          login: form.login.trim(),
          password: form.password,
          ipv4Method: form.ipv4Method,
          ipv4: form.ipv4Method === 'permanent' ? form.ipv4.trim() : '',
          additionalNetwork: form.ipv4Method === 'permanent' ? form.additionalNetwork.trim() : '',
          ipv4PoolId: form.ipv4Method === 'dynamic' && form.ipv4PoolId ? Number(form.ipv4PoolId) : null,
          macs: form.macs.trim(),
          portId: form.portId.trim(),
        }
      : null;
    const common = {
      description: form.description,
      quantity,
      unit: form.unit,
      unitPrice,
      payPeriodMonths: Number(form.payPeriodMonths) as 1 | 3 | 6 | 12,
      start: form.start,
      end: form.end || null,
      discount,
      status: form.status === 'auto' ? null : (form.status as ServiceStatus),
      internet,
    };
    const saved = service
      ? await update({ id: service.id, ...common, ...(planLocked ? {} : { planId: Number(form.planId) }) })
      : await add({ customerId: customer.id, kind, planId: Number(form.planId), ...common });
    if (saved) onSaved(saved);
  };

  const poolOptions = [{ value: '', label: 'Any' }, ...(pools.data ?? []).map((p) => ({ value: String(p.id), label: p.title }))];
  const routerOptions = [{ value: '', label: 'None' }, ...(routers.data ?? []).map((r) => ({ value: String(r.id), label: r.title }))];
  const permanentNets = (networks.data ?? []).filter((n) => n.kind === 'permanent');

  return (
    <Modal opened onClose={onClose} size="xl" title={service ? `Edit ${KIND_LABEL[kind]} service #${service.id}` : `Add ${KIND_LABEL[kind]} service`}>
      <form onSubmit={submit} noValidate>
        <Stack gap="xs">
          {plans.error && <ErrorAlert error={plans.error} title="Cannot load plans" />}
          <Grid gap="xs">
            <Grid.Col span={6}>
              <Select
                label="Plan"
                required withAsterisk={false}
                size="xs"
                searchable
                data-autofocus
                data={planOptions}
                value={form.planId}
                onChange={choosePlan}
                disabled={planLocked}
                description={planLocked ? 'Invoiced service: use Change plan to switch its plan' : undefined}
                nothingFoundMessage={`No ${KIND_LABEL[kind]} plans`}
                error={err('planId')}
              />
            </Grid.Col>
            <Grid.Col span={6}>
              <TextInput
                label="Description"
                size="xs"
                placeholder={selectedPlan ? selectedPlan.description || selectedPlan.name : ''}
                value={form.description}
                onChange={(e) => set('description', e.currentTarget.value)}
                error={err('description')}
              />
            </Grid.Col>
            <Grid.Col span={2}>
              <TextInput label="Quantity" size="xs" inputMode="numeric" value={form.quantity} onChange={(e) => set('quantity', e.currentTarget.value)} error={err('quantity')} />
            </Grid.Col>
            <Grid.Col span={2}>
              <TextInput label="Unit" size="xs" value={form.unit} onChange={(e) => set('unit', e.currentTarget.value)} error={err('unit')} />
            </Grid.Col>
            <Grid.Col span={3}>
              <TextInput
                label="Price"
                size="xs"
                inputMode="decimal"
                placeholder={selectedPlan ? moneyInputValue(selectedPlan.price) : '0.00'}
                description={selectedPlan && form.unitPrice !== '' && parseMoney(form.unitPrice) !== selectedPlan.price ? `plan price ${moneyInputValue(selectedPlan.price)}` : undefined}
                value={form.unitPrice}
                onChange={(e) => set('unitPrice', e.currentTarget.value)}
                error={err('unitPrice')}
              />
            </Grid.Col>
            <Grid.Col span={2}>
              <Select
                label="Pay period"
                size="xs"
                allowDeselect={false}
                data={[
                  { value: '1', label: '1 month' },
                  { value: '3', label: '3 months' },
                  { value: '6', label: '6 months' },
                  { value: '12', label: '12 months' },
                ]}
                value={form.payPeriodMonths}
                onChange={(v) => v && set('payPeriodMonths', v)}
                error={err('payPeriodMonths')}
              />
            </Grid.Col>
            <Grid.Col span={3}>
              <Select
                label="Status"
                size="xs"
                allowDeselect={false}
                data={[
                  { value: 'auto', label: 'From start date' },
                  { value: 'active', label: 'Active' },
                  { value: 'pending', label: 'Pending' },
                  { value: 'disabled', label: 'Disabled' },
                  { value: 'stopped', label: 'Stopped' },
                  { value: 'archived', label: 'Archived' },
                ]}
                value={form.status}
                onChange={(v) => v && set('status', v)}
                error={err('status')}
              />
            </Grid.Col>
            <Grid.Col span={3}>
              <DateField label="Start date" required withAsterisk={false} size="xs" value={form.start} onChange={(v) => set('start', v)} error={err('start')} />
            </Grid.Col>
            <Grid.Col span={3}>
              <DateField label="End date" size="xs" value={form.end} onChange={(v) => set('end', v)} error={err('end')} />
            </Grid.Col>
            {service && (
              <Grid.Col span={6}>
                <Text size="xs" c="dimmed" mt={22}>
                  Invoiced until: {service.invoicedUntil ?? 'not invoiced yet'}
                </Text>
              </Grid.Col>
            )}
          </Grid>

          <Divider label="Discount" labelPosition="left" />
          <div ref={discountRef}>
            <Switch size="xs" label="Discount" checked={form.discountOn} onChange={(e) => set('discountOn', e.currentTarget.checked)} />
            {form.discountOn && (
              <Grid gap="xs" mt={4}>
                <Grid.Col span={3}>
                  <Select
                    label="Discount type"
                    size="xs"
                    allowDeselect={false}
                    data={[
                      { value: 'percent', label: 'Percent' },
                      { value: 'fixed', label: 'Fixed amount' },
                    ]}
                    value={form.discountKind}
                    onChange={(v) => v && set('discountKind', v as FormState['discountKind'])}
                    error={err('discount.kind')}
                  />
                </Grid.Col>
                <Grid.Col span={3}>
                  <TextInput
                    label={form.discountKind === 'percent' ? 'Discount %' : 'Discount amount'}
                    size="xs"
                    inputMode="decimal"
                    value={form.discountValue}
                    onChange={(e) => set('discountValue', e.currentTarget.value)}
                    error={err('discount.value', 'discount')}
                  />
                </Grid.Col>
                <Grid.Col span={3}>
                  <DateField label="Discount from" size="xs" value={form.discountFrom} onChange={(v) => set('discountFrom', v)} error={err('discount.from')} />
                </Grid.Col>
                <Grid.Col span={3}>
                  <DateField label="Discount to" size="xs" value={form.discountTo} onChange={(v) => set('discountTo', v)} error={err('discount.to')} />
                </Grid.Col>
                <Grid.Col span={12}>
                  <TextInput
                    label="Discount message"
                    size="xs"
                    value={form.discountMessage}
                    onChange={(e) => set('discountMessage', e.currentTarget.value)}
                    error={err('discount.message')}
                  />
                </Grid.Col>
              </Grid>
            )}
          </div>

          {isInternet && (
            <>
              <Divider label="Internet settings" labelPosition="left" />
              <Grid gap="xs">
                <Grid.Col span={4}>
                  <Select
                    label="Router"
                    size="xs"
                    allowDeselect={false}
                    data={routerOptions}
                    value={form.routerId}
                    onChange={(v) => set('routerId', v ?? '')}
                    error={err('internet.routerId', 'routerId')}
                  />
                </Grid.Col>
                <Grid.Col span={4}>
                  <TextInput
                    label="Login"
                    size="xs"
                    autoComplete="off"
                    value={form.login}
                    onChange={(e) => set('login', e.currentTarget.value)}
                    error={err('internet.login', 'login')}
                  />
                </Grid.Col>
                <Grid.Col span={4}>
                  <PasswordInput
                    label="Password"
                    size="xs"
                    autoComplete="new-password"
                    placeholder="empty = portal password"
                    value={form.password}
                    onChange={(e) => set('password', e.currentTarget.value)}
                    error={err('internet.password', 'password')}
                  />
                </Grid.Col>
                <Grid.Col span={4}>
                  <Select
                    label="IPv4 assignment"
                    size="xs"
                    allowDeselect={false}
                    data={[
                      { value: 'none', label: 'None (router assigns)' },
                      { value: 'permanent', label: 'Permanent IP' },
                      { value: 'dynamic', label: 'Dynamic IP' },
                    ]}
                    value={form.ipv4Method}
                    onChange={(v) => v && set('ipv4Method', v as FormState['ipv4Method'])}
                    error={err('internet.ipv4Method', 'ipv4Method')}
                  />
                </Grid.Col>
                {form.ipv4Method === 'permanent' && (
                  <>
                    <Grid.Col span={4}>
                      <Autocomplete
                        label="IPv4"
                        size="xs"
                        autoComplete="off"
                        placeholder={permanentNets.length ? permanentNets.map((n) => n.network).join(', ') : 'no permanent network configured'}
                        data={free.data ?? []}
                        limit={20}
                        value={form.ipv4}
                        onChange={(v) => set('ipv4', v)}
                        error={err('internet.ipv4', 'ipv4')}
                      />
                    </Grid.Col>
                    <Grid.Col span={4}>
                      <TextInput
                        label="Additional network"
                        size="xs"
                        placeholder="e.g. 192.0.2.0/29"
                        value={form.additionalNetwork}
                        onChange={(e) => set('additionalNetwork', e.currentTarget.value)}
                        error={err('internet.additionalNetwork', 'additionalNetwork')}
                      />
                    </Grid.Col>
                  </>
                )}
                {form.ipv4Method === 'dynamic' && (
                  <Grid.Col span={4}>
                    <Select
                      label="IPv4 pool"
                      size="xs"
                      allowDeselect={false}
                      data={poolOptions}
                      value={form.ipv4PoolId}
                      onChange={(v) => set('ipv4PoolId', v ?? '')}
                      error={err('internet.ipv4PoolId', 'ipv4PoolId')}
                    />
                  </Grid.Col>
                )}
                <Grid.Col span={8}>
                  <TextInput
                    label="MAC(s)"
                    size="xs"
                    placeholder="00:1A:2B:3C:4D:5E, …"
                    value={form.macs}
                    onChange={(e) => set('macs', e.currentTarget.value)}
                    error={err('internet.macs', 'macs')}
                  />
                </Grid.Col>
                <Grid.Col span={4}>
                  <TextInput label="Port ID" size="xs" value={form.portId} onChange={(e) => set('portId', e.currentTarget.value)} error={err('internet.portId', 'portId')} />
                </Grid.Col>
              </Grid>
            </>
          )}
          <ErrorAlert error={state.error} title="Not saved" />
          <FormButtons busy={state.busy} onCancel={onClose} submitLabel={service ? 'Save' : 'Add service'} />
        </Stack>
      </form>
    </Modal>
  );
}
