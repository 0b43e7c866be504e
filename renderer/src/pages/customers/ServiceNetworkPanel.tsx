import { ActionIcon, Badge, Card, Group, Modal, Stack, Table, Text, Tooltip } from '@mantine/core';
import { IconNetwork } from '@tabler/icons-react';
import { useState } from 'react';
import type { NetworkAnswer } from '../../../../main/contract/network';
import type { ServiceRow } from '../../../../main/contract/services';
import { ErrorAlert, LoadingRows } from '../../components/common';
import { useQuery } from '../../hooks/useApi';
import { NetworkEventsTable } from '../network/NetworkEventsTable';
import { t } from '../../i18n';

// A service's Network panel (decision 25): what RADIUS answers its login now — accept or reject, the attributes the
// router gets, and why in one sentence — and the requests (disconnect, or CoA for a speed change) sent to its router when that answer changed.

export function AnswerView({ answer }: { answer: NetworkAnswer }) {
  const attrs = Object.entries(answer.attributes);
  return (
    <Stack gap={6}>
      <Group gap="xs">
        <Badge color={answer.result === 'accept' ? 'green' : 'red'} variant="filled" aria-label={t('RADIUS answer: {{result}}', { result: answer.result })}>
          {answer.result === 'accept' ? t('Access-Accept') : t('Access-Reject')}
        </Badge>
        {answer.login && (
          <Text size="sm">
            {t('login')} <b>{answer.login}</b>
            {answer.passwordFrom === 'customer' && ` — ${t('password: the customer portal password (PAP only)')}`}
            {answer.passwordFrom === 'service' && ` — ${t('password: the service password (PAP and CHAP)')}`}
          </Text>
        )}
      </Group>
      <Text size="sm" data-testid="network-sentence">
        {answer.sentence}
      </Text>
      {attrs.length > 0 && (
        <Table withTableBorder fz="sm" verticalSpacing={2} aria-label={t('Reply attributes')}>
          <Table.Tbody>
            {attrs.map(([name, value]) => (
              <Table.Tr key={name}>
                <Table.Td w="40%">{name}</Table.Td>
                <Table.Td ff="monospace">{value}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}

export function ServiceNetworkPanel({ service }: { service: ServiceRow }) {
  const answer = useQuery('network.answer', { serviceId: service.id });
  return (
    <Stack gap="sm">
      <Card withBorder padding="xs">
        <Text fw={600} size="sm" mb={4}>
          {t('What the network answers now')}
        </Text>
        {answer.error ? <ErrorAlert error={answer.error} title={t('Cannot ask the network answer')} /> : !answer.data ? <LoadingRows rows={3} /> : <AnswerView answer={answer.data} />}
      </Card>
      <Card withBorder padding="xs">
        <Text fw={600} size="sm" mb={4}>
          {t('Requests sent to the router (disconnect or speed change)')}
        </Text>
        <NetworkEventsTable filter={{ serviceId: service.id }} />
      </Card>
    </Stack>
  );
}

/** The row action of an Internet service that opens its Network panel. */
export function NetworkAction({ service, label }: { service: ServiceRow; label: string }) {
  const [open, setOpen] = useState(false);
  if (service.kind !== 'internet') return null;
  return (
    <>
      <Tooltip label={t('Network')}>
        <ActionIcon size="sm" variant="subtle" aria-label={t('Network of {{label}}', { label })} onClick={() => setOpen(true)}>
          <IconNetwork size={15} />
        </ActionIcon>
      </Tooltip>
      {open && (
        <Modal opened onClose={() => setOpen(false)} title={t('Network — {{label}}', { label })} size="xl">
          <ServiceNetworkPanel service={service} />
        </Modal>
      )}
    </>
  );
}
