import { Modal, Select, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { useState } from 'react';
import type { TicketDetail, TicketPriority, TicketType } from '../../../../main/contract/tickets';
import { ErrorAlert, FormButtons } from '../../components/common';
import { useMutation, useQuery } from '../../hooks/useApi';
import { PRIORITY_OPTIONS, TYPE_OPTIONS } from './ticketBadges';
import { CustomerPicker } from './CustomerPicker';

/** Staff: a new ticket for a customer (tickets.create). */
export function NewTicketDialog({ customerId, onClose, onCreated }: { customerId: number | null; onClose: () => void; onCreated: (t: TicketDetail) => void }) {
  const [customer, setCustomer] = useState<string | null>(customerId ? String(customerId) : null);
  const [subject, setSubject] = useState('');
  const [message, setMessage] = useState('');
  const [priority, setPriority] = useState<TicketPriority>('low');
  const [type, setType] = useState<TicketType>('question');
  const [assignee, setAssignee] = useState<string | null>(null);
  const assignees = useQuery('tickets.assignees', {});
  const [create, state] = useMutation('tickets.create');
  return (
    <Modal opened onClose={onClose} title="New ticket" size="lg">
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          if (!customer) return;
          const t = await create({ customerId: Number(customer), subject, message, priority, type, assignee });
          if (t) onCreated(t);
        }}
      >
        <Stack gap="sm">
          <CustomerPicker value={customer} onChange={setCustomer} required size="sm" placeholder="Search a customer" error={state.fieldErrors.customerId} />
          <TextInput label="Subject" value={subject} onChange={(e) => setSubject(e.currentTarget.value)} required maxLength={200} error={state.fieldErrors.subject} />
          <SimpleGrid cols={3} spacing="sm">
            <Select label="Priority" data={PRIORITY_OPTIONS} value={priority} onChange={(v) => v && setPriority(v as TicketPriority)} allowDeselect={false} />
            <Select label="Type" data={TYPE_OPTIONS} value={type} onChange={(v) => v && setType(v as TicketType)} allowDeselect={false} />
            <Select
              label="Assign to"
              clearable
              placeholder="Unassigned"
              data={(assignees.data ?? []).map((a) => ({ value: a, label: a }))}
              value={assignee}
              onChange={setAssignee}
            />
          </SimpleGrid>
          <Textarea label="Message" value={message} onChange={(e) => setMessage(e.currentTarget.value)} required autosize minRows={4} maxRows={12} error={state.fieldErrors.message} />
          <ErrorAlert error={state.error} title="Refused" />
          <FormButtons busy={state.busy} onCancel={onClose} submitLabel="Create ticket" />
        </Stack>
      </form>
    </Modal>
  );
}
