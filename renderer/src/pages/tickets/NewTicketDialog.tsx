import { Select, SimpleGrid, Textarea, TextInput } from '@mantine/core';
import type { TicketDetail, TicketPriority, TicketType } from '../../../../main/contract/tickets';
import { FormDialog, useChannelForm } from '../../components/FormDialog';
import { useQuery } from '../../hooks/useApi';
import { PRIORITY_OPTIONS, TYPE_OPTIONS } from './ticketBadges';
import { CustomerPicker } from './CustomerPicker';
import { t } from '../../i18n';

/** Staff: a new ticket for a customer (tickets.create): every error at once beside its field; asks before discarding. */
export function NewTicketDialog({ customerId, onClose, onCreated }: { customerId: number | null; onClose: () => void; onCreated: (t: TicketDetail) => void }) {
  const assignees = useQuery('tickets.assignees', {});
  const state = useChannelForm('tickets.create', {
    initialValues: {
      customerId: customerId ? String(customerId) : (null as string | null),
      subject: '',
      message: '',
      priority: 'low' as TicketPriority,
      type: 'question' as TicketType,
      assignee: null as string | null,
    },
    toInput: (v) => ({
      input: { customerId: Number(v.customerId), subject: v.subject, message: v.message, priority: v.priority, type: v.type, assignee: v.assignee },
      errors: v.customerId ? ({} as Record<string, string>) : { customerId: t('choose a customer') },
    }),
    onSaved: onCreated,
  });
  const { form } = state;
  return (
    <FormDialog state={state} onClose={onClose} title={t('New ticket')} size="lg" submitLabel={t('Create ticket')}>
      <CustomerPicker
        value={form.values.customerId}
        onChange={(v) => form.setFieldValue('customerId', v)}
        required
        size="sm"
        placeholder={t('Search a customer')}
        error={form.errors.customerId as string | undefined}
      />
      <TextInput label={t('Subject')} {...form.getInputProps('subject')} />
      <SimpleGrid cols={3} spacing="sm">
        <Select label={t('Priority')} data={PRIORITY_OPTIONS()} allowDeselect={false} {...form.getInputProps('priority')} />
        <Select label={t('Type')} data={TYPE_OPTIONS()} allowDeselect={false} {...form.getInputProps('type')} />
        <Select
          label={t('Assign to')}
          clearable
          placeholder={t('Unassigned')}
          data={(assignees.data ?? []).map((a) => ({ value: a, label: a }))}
          {...form.getInputProps('assignee')}
        />
      </SimpleGrid>
      <Textarea label={t('Message')} autosize minRows={4} maxRows={12} {...form.getInputProps('message')} />
    </FormDialog>
  );
}
