import { PORTAL_COLUMN_LABEL, PORTAL_PROFILE_FIELD_LABEL } from '../../portal/labels';
import { ActionIcon, Badge, Button, Card, Group, MultiSelect, Select, Stack, Switch, Table, Text, TextInput, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowBackUp } from '@tabler/icons-react';
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import type { PartnerSettings } from '../../../../main/contract/config';
import { ErrorAlert, LoadingRows } from '../../components/common';
import { formatMoney, moneyInputValue, parseMoney } from '../../format';
import { useMutation, useQuery } from '../../hooks/useApi';
import { usePartners } from '../../hooks/useReference';
import { LANGUAGE_INFO, LANGUAGES, t } from '../../i18n';

// The per-partner settings screens (Finance, Change plan, Portal). The registry lives in db/settings.ts (main
// side); this mirrors its labels and value types for the editors. A key the UI does not know is still shown,
// edited by its JSON type.

type Kind =
  | { type: 'int'; min: number; max: number }
  | { type: 'daysOrNever'; min: number }
  | { type: 'bool' }
  | { type: 'money' }
  | { type: 'text' }
  | { type: 'enum'; options: { value: string; label: string }[] }
  /** labels: how the options are named (the portal's service columns when absent) */
  | { type: 'list'; options: string[]; labels?: Record<string, string> };

interface Def {
  key: string;
  label: string;
  kind: Kind;
}

// The portal columns' labels as the contract names them.
const COLUMN_LABEL: Record<string, string> = PORTAL_COLUMN_LABEL;

type Section = 'finance' | 'changePlan' | 'portal' | 'network';

/** A function: the labels are read when a panel is drawn, in the language of the moment. */
const sections = (): Record<Section, { title: string; prefix: string[]; defs: Def[] }> => ({
  finance: {
    title: t('Finance settings'),
    prefix: ['billing.', 'display.'],
    defs: [
      { key: 'billing.day', label: t('Billing day'), kind: { type: 'int', min: 1, max: 28 } },
      { key: 'billing.useCreationDate', label: t('Use the customer creation date as billing day'), kind: { type: 'bool' } },
      { key: 'billing.paymentDueDays', label: t('Payment due (days after document date)'), kind: { type: 'int', min: 1, max: 28 } },
      { key: 'billing.blockingDays', label: t('Blocking period (days after payment due)'), kind: { type: 'daysOrNever', min: 0 } },
      { key: 'billing.deactivationDays', label: t('Deactivation period (days after blocking)'), kind: { type: 'daysOrNever', min: 1 } },
      { key: 'billing.blockOnOneTimeInvoices', label: t('Block customers by one-time invoices'), kind: { type: 'bool' } },
      { key: 'billing.minimumBalance', label: t('Minimum balance'), kind: { type: 'money' } },
      { key: 'billing.invoiceNumberPattern', label: t('Invoice number pattern'), kind: { type: 'text' } },
      { key: 'billing.creditNoteNumberPattern', label: t('Credit note number pattern'), kind: { type: 'text' } },
      { key: 'display.currency', label: t('Currency shown after amounts'), kind: { type: 'text' } },
      {
        key: 'display.decimalSeparator',
        label: t('Decimal separator'),
        kind: {
          type: 'enum',
          options: [
            { value: 'language', label: t('As the reader’s language writes numbers') },
            { value: '.', label: t('Point (1,234.56)') },
            { value: ',', label: t('Comma (1.234,56)') },
          ],
        },
      },
      {
        key: 'display.language',
        label: t('Default language (staff without a choice, new customers)'),
        kind: { type: 'enum', options: LANGUAGES.map((l) => ({ value: l, label: LANGUAGE_INFO[l].name })) },
      },
    ],
  },
  changePlan: {
    title: t('Change plan settings'),
    prefix: ['changePlan.'],
    defs: [
      {
        key: 'changePlan.refund',
        label: t('Plan change refund'),
        kind: {
          type: 'enum',
          options: [
            { value: 'none', label: t('None') },
            { value: 'unused', label: t('Refund unused money') },
          ],
        },
      },
      { key: 'changePlan.feeMoreExpensive', label: t('Additional fee when changing to a more expensive plan'), kind: { type: 'money' } },
      { key: 'changePlan.feeLessExpensive', label: t('Additional fee when changing to a less expensive plan'), kind: { type: 'money' } },
      {
        key: 'changePlan.invoice',
        label: t('Create invoice after service change'),
        kind: {
          type: 'enum',
          options: [
            { value: 'nextCycle', label: t('During next billing cycle') },
            { value: 'endOfActiveMonth', label: t('Immediately till end of active month') },
            { value: 'endOfNextMonth', label: t('Immediately till end of next month') },
          ],
        },
      },
      { key: 'changePlan.minimumInvoice', label: t('Minimum invoice amount'), kind: { type: 'money' } },
    ],
  },
  portal: {
    title: t('Portal settings'),
    prefix: ['portal.'],
    defs: [
      { key: 'portal.menu.services', label: t('Menu: Services'), kind: { type: 'bool' } },
      { key: 'portal.menu.finance', label: t('Menu: Finance'), kind: { type: 'bool' } },
      { key: 'portal.menu.tickets', label: t('Menu: Tickets'), kind: { type: 'bool' } },
      { key: 'portal.menu.statistics', label: t('Menu: Statistics'), kind: { type: 'bool' } },
      { key: 'portal.menu.profile', label: t('Menu: Profile'), kind: { type: 'bool' } },
      { key: 'portal.showAllServices', label: t('Show stopped and disabled services too'), kind: { type: 'bool' } },
      { key: 'portal.internet.requestChange', label: t('Internet: request tariff plan change'), kind: { type: 'bool' } },
      { key: 'portal.internet.selfChange', label: t('Internet: self-change tariff plan'), kind: { type: 'bool' } },
      {
        key: 'portal.internet.columns',
        label: t('Internet: service columns'),
        kind: { type: 'list', options: ['id', 'description', 'plan', 'price', 'startDate', 'invoicedUntil', 'login', 'ipv4', 'status'] },
      },
      { key: 'portal.voice.requestChange', label: t('Voice: request tariff plan change'), kind: { type: 'bool' } },
      { key: 'portal.voice.selfChange', label: t('Voice: self-change tariff plan'), kind: { type: 'bool' } },
      {
        key: 'portal.voice.columns',
        label: t('Voice: service columns'),
        kind: { type: 'list', options: ['id', 'description', 'plan', 'price', 'startDate', 'invoicedUntil', 'phone', 'status'] },
      },
      { key: 'portal.custom.requestChange', label: t('Custom: request tariff plan change'), kind: { type: 'bool' } },
      { key: 'portal.custom.selfChange', label: t('Custom: self-change tariff plan'), kind: { type: 'bool' } },
      {
        key: 'portal.custom.columns',
        label: t('Custom: service columns'),
        kind: { type: 'list', options: ['id', 'description', 'plan', 'price', 'startDate', 'invoicedUntil', 'status'] },
      },
      {
        key: 'portal.profile.editableFields',
        label: t('Profile: details the customer may change (none = view only)'),
        kind: { type: 'list', options: Object.keys(PORTAL_PROFILE_FIELD_LABEL), labels: PORTAL_PROFILE_FIELD_LABEL },
      },
    ],
  },
  // Decision 25: what RADIUS answers a Blocked customer's login; issue 17: when a silent session counts as gone.
  network: {
    title: t('Network settings'),
    prefix: ['network.'],
    defs: [
      {
        key: 'network.blockingMethod',
        label: t('Blocked customers are'),
        kind: {
          type: 'enum',
          options: [
            { value: 'reject', label: t('Rejected (Access-Reject)') },
            { value: 'blockedPool', label: t('Accepted into the blocked pool (payment page)') },
          ],
        },
      },
      { key: 'network.blockedPool', label: t('Blocked pool (Framed-Pool)'), kind: { type: 'text' } },
      { key: 'network.blockedAddressList', label: t('Blocked address list (Mikrotik-Address-List)'), kind: { type: 'text' } },
      { key: 'network.interimIntervalMinutes', label: t('Accounting interim update interval of the routers (minutes)'), kind: { type: 'int', min: 1, max: 1440 } },
      { key: 'network.staleAfterMissedInterims', label: t('Session offline after this many missed interim updates'), kind: { type: 'int', min: 1, max: 100 } },
    ],
  },
});

/** What the editor holds for a value: text for numbers and money, the value itself otherwise. */
function toDraft(kind: Kind, v: unknown): unknown {
  if (kind.type === 'money') return typeof v === 'number' ? moneyInputValue(v) : '';
  if (kind.type === 'int' || kind.type === 'daysOrNever') return v === null || v === undefined ? '' : String(v);
  return v;
}

function fromDraft(kind: Kind, d: unknown): { value?: unknown; error?: string } {
  switch (kind.type) {
    case 'money': {
      const c = parseMoney(String(d ?? ''));
      return c === null ? { error: t('must be an amount like {{example}}', { example: moneyInputValue(1000) }) } : { value: c };
    }
    case 'int': {
      const s = String(d ?? '').trim();
      if (!/^\d+$/.test(s) || Number(s) < kind.min || Number(s) > kind.max) return { error: t('must be a whole number {{min}}–{{max}}', { min: kind.min, max: kind.max }) };
      return { value: Number(s) };
    }
    case 'daysOrNever': {
      const s = String(d ?? '').trim().toLowerCase();
      if (s === 'never' || s === t('never').toLowerCase()) return { value: 'never' };
      if (!/^\d+$/.test(s) || Number(s) < kind.min || Number(s) > 99) return { error: t('must be {{min}}–99 days or “{{never}}”', { min: kind.min, never: t('never') }) };
      return { value: Number(s) };
    }
    default:
      return { value: d };
  }
}

function guessKind(v: unknown): Kind {
  if (typeof v === 'boolean') return { type: 'bool' };
  if (typeof v === 'number') return { type: 'int', min: -1e12, max: 1e12 };
  if (Array.isArray(v)) return { type: 'list', options: v.map(String) };
  return { type: 'text' };
}

const optionLabel = (kind: Extract<Kind, { type: 'list' }>, option: string): string => (kind.labels ?? COLUMN_LABEL)[option] ?? option;

function display(kind: Kind, v: unknown): string {
  if (kind.type === 'money') return typeof v === 'number' ? formatMoney(v) : String(v);
  if (kind.type === 'bool') return v ? t('Yes') : t('No');
  if (kind.type === 'enum') return kind.options.find((o) => o.value === v)?.label ?? String(v);
  if (kind.type === 'list') return Array.isArray(v) ? v.map((x) => optionLabel(kind, x)).join(', ') : String(v);
  return String(v);
}

export function SettingsPanel({ section }: { section: Section }) {
  const partners = usePartners();
  const [partnerId, setPartnerId] = useState<string>('1');
  const settings = useQuery('settings.get', { partnerId: Number(partnerId) });
  const defaults = useQuery('settings.get', partnerId === '1' ? null : { partnerId: 1 });
  const def = sections()[section];
  const defaultPartner = partners.data?.find((p) => p.isDefault);
  const isDefault = defaultPartner ? Number(partnerId) === defaultPartner.id : partnerId === '1';

  return (
    <Stack gap="xs">
      <Group gap="xs" align="flex-end">
        <Select
          label={t('Partner')}
          size="xs"
          w={220}
          allowDeselect={false}
          data={(partners.data ?? [{ id: 1, name: t('Default') }]).map((p) => ({ value: String(p.id), label: p.name }))}
          value={partnerId}
          onChange={(v) => v && setPartnerId(v)}
        />
        <Text size="xs" c="dimmed" mb={6}>
          {isDefault ? t('Default values: other partners fall back to these.') : t('Values marked * differ from Default; reset takes the Default value again.')}
        </Text>
      </Group>
      {partners.error && <ErrorAlert error={partners.error} title={t('Cannot load partners')} />}
      {settings.error && <ErrorAlert error={settings.error} title={t('Cannot load settings')} />}
      {!settings.data && settings.loading && <LoadingRows rows={6} />}
      {settings.data && (
        <SettingsForm
          key={partnerId}
          data={settings.data}
          defaults={defaults.data ?? null}
          isDefault={isDefault}
          defs={def.defs}
          prefixes={def.prefix}
        />
      )}
    </Stack>
  );
}

function SettingsForm({
  data,
  defaults,
  isDefault,
  defs: knownDefs,
  prefixes,
}: {
  data: PartnerSettings;
  defaults: PartnerSettings | null;
  isDefault: boolean;
  defs: Def[];
  prefixes: string[];
}) {
  const known = new Set(knownDefs.map((d) => d.key));
  const extra: Def[] = Object.keys(data.values)
    .filter((k) => !known.has(k) && prefixes.some((p) => k.startsWith(p)))
    .map((k) => ({ key: k, label: k, kind: guessKind(data.values[k]) }));
  const defs = [...knownDefs.filter((d) => d.key in data.values), ...extra];
  const initial = Object.fromEntries(defs.map((d) => [d.key, toDraft(d.kind, data.values[d.key])]));
  // Only what staff typed is kept here, over the values as saved: a setting saved meanwhile (this seat, another seat)
  // shows its new value, and an unsaved edit of another setting stays. An edit that the saved values have caught up
  // with (this seat's own save, by push) is dropped, so a later change elsewhere shows too.
  const [edits, setEdits] = useState<Record<string, unknown>>({});
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  const savedKey = JSON.stringify(data.values);
  useEffect(() => {
    setEdits((e) => {
      const left = Object.entries(e).filter(([k, v]) => !same(v, initial[k]));
      return left.length === Object.keys(e).length ? e : Object.fromEntries(left);
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- initial follows data.values
  }, [savedKey]);
  const draft = { ...initial, ...edits };
  const setDraft = (key: string, value: unknown) => setEdits((e) => ({ ...e, [key]: value }));
  const [local, setLocal] = useState<Record<string, string>>({});
  const [update, ust] = useMutation('settings.update');
  const [reset, rst] = useMutation('settings.reset');

  const changed = defs.filter((d) => !same(draft[d.key], initial[d.key]));
  const serverErr = (key: string) => ust.fieldErrors[key] ?? ust.fieldErrors[`values.${key}`];

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const l: Record<string, string> = {};
    const values: Record<string, unknown> = {};
    for (const d of changed) {
      const r = fromDraft(d.kind, draft[d.key]);
      if (r.error) l[d.key] = r.error;
      else values[d.key] = r.value;
    }
    setLocal(l);
    if (Object.keys(l).length || changed.length === 0) return;
    if (await update({ partnerId: data.partnerId, values })) {
      // the saved values (this form, the display format of every page) come back by push ('settings')
      notifications.show({ message: t('Settings saved'), color: 'green', autoClose: 2500 });
    }
  };

  const doReset = async (key: string) => {
    await reset({ partnerId: data.partnerId, keys: [key] });
  };

  const editor = (d: Def): ReactNode => {
    const v = draft[d.key];
    const set = (nv: unknown) => setDraft(d.key, nv);
    const error = local[d.key] ?? serverErr(d.key);
    switch (d.kind.type) {
      case 'bool':
        return <Switch size="xs" aria-label={d.label} checked={!!v} onChange={(e) => set(e.currentTarget.checked)} error={error} />;
      case 'enum':
        return <Select size="xs" aria-label={d.label} allowDeselect={false} data={d.kind.options} value={String(v)} onChange={(nv) => nv && set(nv)} error={error} w={300} />;
      case 'list': {
        const kind = d.kind;
        return (
          <MultiSelect
            size="xs"
            aria-label={d.label}
            data={kind.options.map((o) => ({ value: o, label: optionLabel(kind, o) }))}
            value={Array.isArray(v) ? (v as string[]) : []}
            onChange={set}
            error={error}
            maw={520}
          />
        );
      }
      default:
        return (
          <TextInput
            size="xs"
            aria-label={d.label}
            w={d.kind.type === 'text' ? 300 : 140}
            placeholder={d.kind.type === 'daysOrNever' ? t('days or never') : undefined}
            value={String(v ?? '')}
            onChange={(e) => set(e.currentTarget.value)}
            error={error}
          />
        );
    }
  };

  return (
    <Card withBorder padding="xs">
      <form onSubmit={submit} noValidate>
        <Table verticalSpacing={4} fz="sm">
          <Table.Tbody>
            {defs.map((d) => {
              const differs = !isDefault && data.origins[d.key] === 'partner';
              return (
                <Table.Tr key={d.key} data-setting={d.key} data-differs={differs ? 'true' : 'false'}>
                  <Table.Td w="40%">
                    <Group gap={4} wrap="nowrap">
                      <Text size="sm" component="label">
                        {d.label}
                      </Text>
                      {differs && (
                        <Tooltip label={defaults ? t('Default: {{value}}', { value: display(d.kind, defaults.values[d.key]) }) : t('differs from Default')}>
                          <Badge size="xs" color="orange" variant="light" aria-label={t('differs from Default')}>
                            * {t('differs from Default')}
                          </Badge>
                        </Tooltip>
                      )}
                    </Group>
                  </Table.Td>
                  <Table.Td>{editor(d)}</Table.Td>
                  <Table.Td w={40}>
                    {differs && (
                      <Tooltip label={t('Reset to Default')}>
                        <ActionIcon size="sm" variant="subtle" aria-label={t('Reset {{label}} to Default', { label: d.label })} loading={rst.busy} onClick={() => doReset(d.key)}>
                          <IconArrowBackUp size={15} />
                        </ActionIcon>
                      </Tooltip>
                    )}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
        <Stack gap="xs" mt="xs">
          <ErrorAlert error={ust.error ?? rst.error} title={t('Not saved')} />
          <Group justify="flex-end" gap="xs">
            <Button variant="default" size="xs" disabled={changed.length === 0} onClick={() => setEdits({})}>
              {t('Discard changes')}
            </Button>
            <Button type="submit" size="xs" loading={ust.busy} disabled={changed.length === 0}>
              {t('Save settings')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
