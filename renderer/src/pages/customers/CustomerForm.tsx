import { Divider, Grid, Modal, PasswordInput, Select, Stack, Textarea, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import type { InputOf } from '../../../../main/contract';
import type { CustomerDetail } from '../../../../main/contract/customers';
import { ErrorAlert, FormButtons } from '../../components/common';
import { moneyInputValue, parseMoney } from '../../format';
import { useMutation } from '../../hooks/useApi';
import { usePartners } from '../../hooks/useReference';

interface FormState {
  name: string;
  category: 'person' | 'company';
  partnerId: string;
  status: 'new' | 'active' | 'blocked' | 'inactive';
  email: string;
  phone: string;
  address: string;
  notes: string;
  portalLogin: string;
  portalPassword: string;
  billingDay: string;
  useCreationDate: '' | 'yes' | 'no';
  paymentDueDays: string;
  blockingDays: string;
  deactivationDays: string;
  minimumBalance: string;
}

const dayText = (v: number | 'never' | null | undefined) => (v === null || v === undefined ? '' : String(v));

function initialState(c: CustomerDetail | null): FormState {
  return {
    name: c?.name ?? '',
    category: c?.category ?? 'person',
    partnerId: String(c?.partnerId ?? 1),
    status: c?.status ?? 'new',
    email: c?.email ?? '',
    phone: c?.phone ?? '',
    address: c?.address ?? '',
    notes: c?.notes ?? '',
    portalLogin: c?.portalLogin ?? '',
    portalPassword: '',
    billingDay: dayText(c?.billing.billingDay),
    useCreationDate: c?.billing.useCreationDate === true ? 'yes' : c?.billing.useCreationDate === false ? 'no' : '',
    paymentDueDays: dayText(c?.billing.paymentDueDays),
    blockingDays: dayText(c?.billing.blockingDays),
    deactivationDays: dayText(c?.billing.deactivationDays),
    minimumBalance: c?.billing.minimumBalance === null || c?.billing.minimumBalance === undefined ? '' : moneyInputValue(c.billing.minimumBalance),
  };
}

/** '' → null (partner setting); 'never' → 'never'; a whole number → that number; else an error message. */
function parseDays(text: string, allowNever: boolean): { value: number | 'never' | null; error?: string } {
  const t = text.trim().toLowerCase();
  if (t === '') return { value: null };
  if (allowNever && t === 'never') return { value: 'never' };
  if (/^\d{1,2}$/.test(t)) return { value: Number(t) };
  return { value: null, error: allowNever ? 'must be a number of days or "never"' : 'must be a whole number' };
}

export function CustomerForm({
  customer,
  opened,
  onClose,
  onSaved,
}: {
  customer: CustomerDetail | null;
  opened: boolean;
  onClose: () => void;
  onSaved: (c: CustomerDetail) => void;
}) {
  const [form, setForm] = useState<FormState>(() => initialState(customer));
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const partners = usePartners();
  const [create, createState] = useMutation('customers.create');
  const [update, updateState] = useMutation('customers.update');
  const state = customer ? updateState : createState;
  const errors = { ...state.fieldErrors, ...localErrors };
  const set = <K extends keyof FormState>(k: K, v: FormState[K]) => setForm((f) => ({ ...f, [k]: v }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const local: Record<string, string> = {};
    if (form.name.trim() === '') local.name = 'is required';
    const bd = parseDays(form.billingDay, false);
    if (bd.error) local['billing.billingDay'] = bd.error;
    const pd = parseDays(form.paymentDueDays, false);
    if (pd.error) local['billing.paymentDueDays'] = pd.error;
    const bl = parseDays(form.blockingDays, true);
    if (bl.error) local['billing.blockingDays'] = bl.error;
    const de = parseDays(form.deactivationDays, true);
    if (de.error) local['billing.deactivationDays'] = de.error;
    let minimumBalance: number | null = null;
    if (form.minimumBalance.trim() !== '') {
      minimumBalance = parseMoney(form.minimumBalance);
      if (minimumBalance === null) local['billing.minimumBalance'] = 'must be an amount like 10.00';
    }
    setLocalErrors(local);
    if (Object.keys(local).length > 0) return;
    const input = {
      name: form.name,
      category: form.category,
      partnerId: Number(form.partnerId),
      status: form.status,
      email: form.email,
      phone: form.phone,
      address: form.address,
      notes: form.notes,
      portalLogin: form.portalLogin,
      portalPassword: form.portalPassword,
      billing: {
        billingDay: bd.value as number | null,
        useCreationDate: form.useCreationDate === '' ? null : form.useCreationDate === 'yes',
        paymentDueDays: pd.value as number | null,
        blockingDays: bl.value,
        deactivationDays: de.value,
        minimumBalance,
      },
    } satisfies InputOf<'customers.create'>;
    const saved = customer ? await update({ ...input, id: customer.id }) : await create(input);
    if (saved) onSaved(saved);
  };

  const partnerOptions = (partners.data ?? []).map((p) => ({ value: String(p.id), label: p.name }));
  if (partnerOptions.length === 0) partnerOptions.push({ value: form.partnerId, label: customer?.partnerName ?? 'Default' });
  const eff = customer?.effectiveBilling;

  return (
    <Modal opened={opened} onClose={onClose} title={customer ? `Edit customer #${customer.id}` : 'Add customer'} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack gap="xs">
          <Grid gap="xs">
            <Grid.Col span={8}>
              <TextInput label="Name" required withAsterisk={false} size="xs" data-autofocus value={form.name} onChange={(e) => set('name', e.currentTarget.value)} error={errors.name} />
            </Grid.Col>
            <Grid.Col span={4}>
              <Select
                label="Category"
                size="xs"
                data={[
                  { value: 'person', label: 'Person' },
                  { value: 'company', label: 'Company' },
                ]}
                value={form.category}
                onChange={(v) => v && set('category', v as FormState['category'])}
                allowDeselect={false}
                error={errors.category}
              />
            </Grid.Col>
            <Grid.Col span={6}>
              <Select label="Partner" size="xs" data={partnerOptions} value={form.partnerId} onChange={(v) => v && set('partnerId', v)} allowDeselect={false} error={errors.partnerId} />
            </Grid.Col>
            <Grid.Col span={6}>
              <Select
                label="Status"
                size="xs"
                data={[
                  { value: 'new', label: 'New' },
                  { value: 'active', label: 'Active' },
                  { value: 'blocked', label: 'Blocked' },
                  { value: 'inactive', label: 'Inactive' },
                ]}
                value={form.status}
                onChange={(v) => v && set('status', v as FormState['status'])}
                allowDeselect={false}
                error={errors.status}
              />
            </Grid.Col>
            <Grid.Col span={6}>
              <TextInput label="E-mail" size="xs" value={form.email} onChange={(e) => set('email', e.currentTarget.value)} error={errors.email} />
            </Grid.Col>
            <Grid.Col span={6}>
              <TextInput label="Phone" size="xs" value={form.phone} onChange={(e) => set('phone', e.currentTarget.value)} error={errors.phone} />
            </Grid.Col>
            <Grid.Col span={12}>
              <TextInput label="Address" size="xs" value={form.address} onChange={(e) => set('address', e.currentTarget.value)} error={errors.address} />
            </Grid.Col>
            <Grid.Col span={6}>
              <TextInput label="Portal login" size="xs" autoComplete="off" value={form.portalLogin} onChange={(e) => set('portalLogin', e.currentTarget.value)} error={errors.portalLogin} />
            </Grid.Col>
            <Grid.Col span={6}>
              <PasswordInput
                label="Portal password"
                size="xs"
                autoComplete="new-password"
                description={customer ? (customer.hasPortalPassword ? 'Leave empty to keep the current password' : 'No password set') : undefined}
                value={form.portalPassword}
                onChange={(e) => set('portalPassword', e.currentTarget.value)}
                error={errors.portalPassword}
              />
            </Grid.Col>
          </Grid>
          <Divider label="Billing settings (empty = partner setting)" labelPosition="left" />
          <Grid gap="xs">
            <Grid.Col span={4}>
              <TextInput
                label="Billing day"
                size="xs"
                placeholder={eff ? `partner: ${eff.billingDay}` : '1–28'}
                value={form.billingDay}
                onChange={(e) => set('billingDay', e.currentTarget.value)}
                error={errors['billing.billingDay']}
              />
            </Grid.Col>
            <Grid.Col span={4}>
              <Select
                label="Use creation date"
                size="xs"
                data={[
                  { value: '', label: 'Partner setting' },
                  { value: 'yes', label: 'Yes (creation day)' },
                  { value: 'no', label: 'No (billing day)' },
                ]}
                value={form.useCreationDate}
                onChange={(v) => set('useCreationDate', (v ?? '') as FormState['useCreationDate'])}
                allowDeselect={false}
                error={errors['billing.useCreationDate']}
              />
            </Grid.Col>
            <Grid.Col span={4}>
              <TextInput
                label="Payment due (days)"
                size="xs"
                placeholder="1–28"
                value={form.paymentDueDays}
                onChange={(e) => set('paymentDueDays', e.currentTarget.value)}
                error={errors['billing.paymentDueDays']}
              />
            </Grid.Col>
            <Grid.Col span={4}>
              <TextInput
                label="Blocking (days after due)"
                size="xs"
                placeholder="0–99 or never"
                value={form.blockingDays}
                onChange={(e) => set('blockingDays', e.currentTarget.value)}
                error={errors['billing.blockingDays']}
              />
            </Grid.Col>
            <Grid.Col span={4}>
              <TextInput
                label="Deactivation (days after blocking)"
                size="xs"
                placeholder="1–99 or never"
                value={form.deactivationDays}
                onChange={(e) => set('deactivationDays', e.currentTarget.value)}
                error={errors['billing.deactivationDays']}
              />
            </Grid.Col>
            <Grid.Col span={4}>
              <TextInput
                label="Minimum balance"
                size="xs"
                inputMode="decimal"
                placeholder="0.00"
                value={form.minimumBalance}
                onChange={(e) => set('minimumBalance', e.currentTarget.value)}
                error={errors['billing.minimumBalance']}
              />
            </Grid.Col>
          </Grid>
          <Textarea label="Notes" size="xs" autosize minRows={2} maxRows={5} value={form.notes} onChange={(e) => set('notes', e.currentTarget.value)} error={errors.notes} />
          <ErrorAlert error={state.error} />
          <FormButtons busy={state.busy} onCancel={onClose} submitLabel={customer ? 'Save' : 'Create customer'} />
        </Stack>
      </form>
    </Modal>
  );
}
