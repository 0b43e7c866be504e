import { Badge, Button, Divider, Group, Popover, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCalendarDue, IconPlayerTrackNext } from '@tabler/icons-react';
import { useState } from 'react';
import type { DayRunSummary } from '../../../../main/contract/days';
import type { AppErrorData } from '../../../../main/contract/errors';
import { addDays, formatMoney, isValidIsoDate } from '../../format';
import { useShell } from '../../hooks/businessDate';
import { api } from '../../transport';
import { DateField, ErrorAlert } from '../common';
import { useRefresh } from './refresh';

// The business clock in the header: the business date, what the last day run did, and — in a demo (training)
// database only — the training clock that moves the date forward ("Next day", "Go to date…"), after which
// the page on screen reloads so staff watch pending services activate, invoices appear, customers get blocked.

/** "2 days (2022-01-01 – 2022-01-02): 1 invoice (200.00), 1 activated" */
export function describeRun(run: DayRunSummary | null): string {
  if (!run || run.days === 0) return 'Nothing to run: every day is already processed';
  const span = run.from === run.to ? `${run.from}` : `${run.from} – ${run.to}`;
  const parts: string[] = [];
  if (run.invoices) parts.push(`${run.invoices} invoice${run.invoices === 1 ? '' : 's'} (${formatMoney(run.invoicedTotal)})`);
  if (run.activated) parts.push(`${run.activated} service${run.activated === 1 ? '' : 's'} activated`);
  if (run.ended) parts.push(`${run.ended} service${run.ended === 1 ? '' : 's'} ended`);
  if (run.statusChanges) parts.push(`${run.statusChanges} scheduled status change${run.statusChanges === 1 ? '' : 's'}`);
  if (run.blocked) parts.push(`${run.blocked} customer${run.blocked === 1 ? '' : 's'} blocked`);
  if (run.deactivated) parts.push(`${run.deactivated} customer${run.deactivated === 1 ? '' : 's'} deactivated`);
  return `${run.days} day${run.days === 1 ? '' : 's'} (${span}): ${parts.length ? parts.join(', ') : 'nothing to do'}`;
}

export function BusinessClock() {
  const { clock, reloadClock } = useShell();
  const { refresh } = useRefresh();
  const [opened, setOpened] = useState(false);
  const [goTo, setGoTo] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppErrorData | null>(null);
  if (!clock) return null;

  const advance = async (input: { days: number } | { to: string }) => {
    setBusy(true);
    setError(null);
    try {
      const res = await api.call('days.advance', input);
      if (!res.ok) {
        setError(res.error);
        notifications.show({ color: 'red', title: 'The clock did not move', message: res.error.message });
        return;
      }
      notifications.show({
        color: 'orange',
        title: `Business date: ${res.data.businessDate}`,
        message: describeRun(res.data.run),
      });
      setGoTo('');
      setOpened(false); // done: the notification says what ran; the date in the header opens the details again
      reloadClock();
      refresh();
    } finally {
      setBusy(false);
    }
  };
  const goToValid = isValidIsoDate(goTo) && goTo > clock.businessDate;

  return (
    <Group gap={6} wrap="nowrap">
      <Text size="xs" c="dimmed">
        Business date
      </Text>
      <Popover opened={opened} onChange={setOpened} position="bottom-end" width={340} shadow="md" withArrow trapFocus={clock.demo}>
        <Popover.Target>
          <Badge
            component="button"
            type="button"
            variant="light"
            size="lg"
            title="Business date"
            data-testid="header-business-date"
            style={{ cursor: 'pointer' }}
            onClick={() => setOpened((o) => !o)}
          >
            {clock.businessDate}
          </Badge>
        </Popover.Target>
        <Popover.Dropdown aria-label="Business clock">
          <Stack gap={6}>
            <Text size="sm" fw={600}>
              Business date {clock.businessDate}
            </Text>
            <Text size="xs" c="dimmed">
              {clock.demo
                ? 'Demo database: the training clock decides the date.'
                : 'Live database: the date follows the calendar; past days are processed automatically.'}
            </Text>
            <Text size="xs">Last processed day: {clock.lastProcessedDay ?? '— (never run)'}</Text>
            <Text size="xs" data-testid="last-run-summary">
              Last run: {clock.lastRun ? describeRun(clock.lastRun) : '—'}
            </Text>
            {clock.demo && (
              <>
                <Divider label="Training clock" labelPosition="left" />
                <Group gap="xs" align="flex-end" wrap="nowrap">
                  <DateField
                  label="Go to date"
                  size="xs"
                  value={goTo}
                  onChange={setGoTo}
                  style={{ flex: 1 }}
                  // inside the clock's popover: a calendar in a portal would count as a click outside and close it;
                  // to its left, so it never covers the Go button
                  popoverProps={{ withinPortal: false, position: 'left-start' }}
                />
                  <Button size="xs" disabled={!goToValid} loading={busy} onClick={() => void advance({ to: goTo })}>
                    Go
                  </Button>
                </Group>
                {goTo.length === 10 && isValidIsoDate(goTo) && goTo <= clock.businessDate && (
                  <Text size="xs" c="red">
                    The training clock only moves forward (after {clock.businessDate}).
                  </Text>
                )}
              </>
            )}
            <ErrorAlert error={error} title="The clock did not move" />
          </Stack>
        </Popover.Dropdown>
      </Popover>
      {clock.demo && (
        <Button
          size="compact-sm"
          variant="light"
          color="orange"
          leftSection={<IconPlayerTrackNext size={14} />}
          loading={busy}
          title={`Finish ${clock.businessDate} and start ${addDays(clock.businessDate, 1)}`}
          onClick={() => void advance({ days: 1 })}
        >
          Next day
        </Button>
      )}
      {clock.demo && (
        <Button size="compact-sm" variant="subtle" color="orange" leftSection={<IconCalendarDue size={14} />} onClick={() => setOpened(true)}>
          Go to date…
        </Button>
      )}
    </Group>
  );
}
