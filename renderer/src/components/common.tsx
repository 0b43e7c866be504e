import { Alert, Badge, Button, Center, Group, Modal, Skeleton, Stack, Text, Title } from '@mantine/core';
import { DateInput, type DateInputProps } from '@mantine/dates';
import { IconAlertTriangle, IconInbox } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import type { AppErrorData } from '../../../main/contract/errors';
import {
  CUSTOMER_STATUS_COLOR,
  CUSTOMER_STATUS_LABEL,
  formatMoney,
  INVOICE_STATUS_COLOR,
  INVOICE_STATUS_KEY,
  INVOICE_STATUS_LABEL,
  isValidIsoDate,
  SERVICE_STATUS_COLOR,
  SERVICE_STATUS_LABEL,
} from '../format';
import { errorText } from '../i18n/errors';
import { t, tk, type Language } from '../i18n';

/** An error answer from the application, with its code; field messages are shown beside the fields by the form. */
export function ErrorAlert({ error, title }: { error: AppErrorData | string | null | undefined; title?: string }) {
  if (!error) return null;
  const message = errorText(error);
  const code = typeof error === 'string' ? null : error.code;
  return (
    <Alert color="red" variant="light" icon={<IconAlertTriangle size={16} />} title={title ?? (code === 'NOT_SUPPORTED' ? t('Not available yet') : t('Error'))} role="alert" p="xs">
      <Text size="sm">{message}</Text>
    </Alert>
  );
}

export function PageHeader({ title, children }: { title: ReactNode; children?: ReactNode }) {
  return (
    <Group justify="space-between" mb="sm" wrap="nowrap">
      <Title order={2} size="h3">
        {title}
      </Title>
      <Group gap="xs">{children}</Group>
    </Group>
  );
}

export function EmptyState({ text, action }: { text: string; action?: ReactNode }) {
  return (
    <Center py="lg">
      <Stack align="center" gap={6}>
        <IconInbox size={28} stroke={1.4} color="var(--mantine-color-dimmed)" />
        <Text c="dimmed" size="sm">
          {text}
        </Text>
        {action}
      </Stack>
    </Center>
  );
}

export function LoadingRows({ rows = 4 }: { rows?: number }) {
  return (
    <Stack gap={6} aria-busy="true" aria-label={t('Loading')}>
      {Array.from({ length: rows }, (_, i) => (
        <Skeleton key={i} height={22} />
      ))}
    </Stack>
  );
}

/**
 * The three states of every list: loading (skeleton) → error (alert) → empty (message + action) → the content.
 */
export function ListState<T>({
  loading,
  error,
  data,
  isEmpty,
  emptyText,
  emptyAction,
  children,
}: {
  loading: boolean;
  error: AppErrorData | null;
  data: T | undefined;
  isEmpty: (d: T) => boolean;
  emptyText: string;
  emptyAction?: ReactNode;
  children: (d: T) => ReactNode;
}) {
  if (error) return <ErrorAlert error={error} />;
  if (data === undefined) return loading ? <LoadingRows /> : null;
  if (isEmpty(data)) return <EmptyState text={emptyText} action={emptyAction} />;
  return <>{children(data)}</>;
}

export function CustomerStatusBadge({ status }: { status: string }) {
  return (
    <Badge size="sm" variant="light" color={CUSTOMER_STATUS_COLOR[status] ?? 'gray'}>
      {CUSTOMER_STATUS_LABEL[status] ?? status}
    </Badge>
  );
}

export function ServiceStatusBadge({ status }: { status: string }) {
  return (
    <Badge size="sm" variant="light" color={SERVICE_STATUS_COLOR[status] ?? 'gray'}>
      {SERVICE_STATUS_LABEL[status] ?? status}
    </Badge>
  );
}

/** `language`: a document's own (its customer's), else the staff member's. */
export function InvoiceStatusBadge({ status, language }: { status: string; language?: Language }) {
  const key = INVOICE_STATUS_KEY[status];
  return (
    <Badge size="sm" variant="light" color={INVOICE_STATUS_COLOR[status] ?? 'gray'}>
      {key ? (language ? tk(key, undefined, language) : INVOICE_STATUS_LABEL[status]) : status}
    </Badge>
  );
}

export function Money({ cents, colored }: { cents: number | null | undefined; colored?: boolean }) {
  const color = colored && typeof cents === 'number' ? (cents < 0 ? 'red' : undefined) : undefined;
  return (
    <Text component="span" size="sm" c={color} style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>
      {formatMoney(cents)}
    </Text>
  );
}

/**
 * A date: a calendar to pick from, and still typed as YYYY-MM-DD (the display format: easy to type, paste and fill in
 * tests). `value` is '' for no date. A typed text that is not a date is not taken (the field goes back to the last
 * date on leaving it); the form decides what a missing date means on submit.
 */
export function DateField({
  value,
  onChange,
  ...rest
}: Omit<DateInputProps, 'value' | 'onChange' | 'defaultValue'> & { value: string; onChange: (v: string) => void }) {
  // The calendar is open while the field is focused and closes as soon as a date is picked or a whole date typed, so
  // it never stays over the buttons below it (DateInput alone keeps it open while typing).
  const [open, setOpen] = useState(false);
  return (
    <DateInput
      placeholder={t('YYYY-MM-DD')}
      valueFormat="YYYY-MM-DD"
      dateParser={(text) => (isValidIsoDate(text.trim()) ? text.trim() : null)}
      autoComplete="off"
      clearable={!rest.required}
      firstDayOfWeek={1}
      {...rest}
      value={value === '' || !isValidIsoDate(value) ? null : value}
      onChange={(v) => {
        setOpen(false);
        onChange(v ?? '');
      }}
      onFocus={(e) => {
        setOpen(true);
        rest.onFocus?.(e);
      }}
      onClick={(e) => {
        setOpen(true);
        rest.onClick?.(e);
      }}
      onBlur={(e) => {
        setOpen(false);
        rest.onBlur?.(e);
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape' || e.key === 'Enter') setOpen(false);
        rest.onKeyDown?.(e);
      }}
      popoverProps={{ withinPortal: true, ...rest.popoverProps, opened: open, onChange: setOpen }}
    />
  );
}

/** A confirmation for destructive actions: states what happens, shows a refusal in place. */
export function ConfirmModal({
  opened,
  title,
  children,
  confirmLabel,
  color = 'red',
  busy,
  error,
  onConfirm,
  onClose,
}: {
  opened: boolean;
  title: string;
  children: ReactNode;
  confirmLabel?: string;
  color?: string;
  busy?: boolean;
  error?: AppErrorData | null;
  onConfirm: () => void;
  onClose: () => void;
}) {
  return (
    <Modal opened={opened} onClose={onClose} title={title} size="sm">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          onConfirm();
        }}
      >
        <Stack gap="sm">
          <Text size="sm">{children}</Text>
          <ErrorAlert error={error} title={t('Refused')} />
          <Group justify="flex-end" gap="xs">
            <Button variant="default" size="xs" onClick={onClose}>
              {t('Cancel')}
            </Button>
            <Button type="submit" color={color} size="xs" loading={busy} data-autofocus>
              {confirmLabel ?? t('Confirm')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/**
 * The action row of a long dialog: it stays at the bottom of the dialog while the body scrolls under it, so Save or
 * Apply is on screen at 1440×900 without scrolling (the dialog's content is the scroll container; the negative
 * bottom covers the body's own padding so nothing shows below the row).
 */
export function DialogFooter({ children }: { children: ReactNode }) {
  return (
    <div
      data-testid="dialog-footer"
      style={{
        position: 'sticky',
        bottom: 'calc(var(--mb-padding, var(--mantine-spacing-md)) * -1)',
        marginBottom: 'calc(var(--mb-padding, var(--mantine-spacing-md)) * -1)',
        paddingBottom: 'var(--mb-padding, var(--mantine-spacing-md))',
        paddingTop: 'var(--mantine-spacing-xs)',
        background: 'var(--mantine-color-body)',
        borderTop: '1px solid var(--mantine-color-default-border)',
        zIndex: 3,
      }}
    >
      {children}
    </div>
  );
}

/** Submit/cancel row of a dialog form, always in view. */
export function FormButtons({ busy, onCancel, submitLabel }: { busy?: boolean; onCancel: () => void; submitLabel?: string }) {
  return (
    <DialogFooter>
      <Group justify="flex-end" gap="xs">
        <Button variant="default" size="xs" onClick={onCancel}>
          {t('Cancel')}
        </Button>
        <Button type="submit" size="xs" loading={busy}>
          {submitLabel ?? t('Save')}
        </Button>
      </Group>
    </DialogFooter>
  );
}

/** A label/value pair in the dense information grids. */
export function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" component="div">
        {children}
      </Text>
    </div>
  );
}
