import { Badge, Button, Divider, Group, Popover, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCalendarDue, IconPlayerTrackNext } from '@tabler/icons-react';
import { useState } from 'react';
import type { DayRunSummary } from '../../../../main/contract/days';
import type { AppErrorData } from '../../../../main/contract/errors';
import { addDays, formatDate, formatMoney, isValidIsoDate } from '../../format';
import { useShell } from '../../hooks/businessDate';
import { api } from '../../transport';
import { DateField, ErrorAlert } from '../common';
import { useLongWork } from '../LongWork';
import { t } from '../../i18n';
import { errorText } from '../../i18n/errors';

// The business clock in the header: the business date, what the last day run did, and — in a demo (training)
// database only — the training clock that moves the date forward ("Next day", "Go to date…"), after which
// the page on screen follows by push so staff watch pending services activate, invoices appear, customers get blocked.

/** "2 days (2022-01-01 – 2022-01-02): 1 invoice (200.00), 1 activated" */
export function describeRun(run: DayRunSummary | null): string {
  if (!run || run.days === 0) return t('Nothing to run: every day is already processed');
  const span = run.from === run.to ? formatDate(run.from) : `${formatDate(run.from)} – ${formatDate(run.to)}`;
  const parts: string[] = [];
  if (run.invoices) parts.push(t('{{count}} invoices ({{total}})', { count: run.invoices, total: formatMoney(run.invoicedTotal) }));
  if (run.activated) parts.push(t('{{count}} services activated', { count: run.activated }));
  if (run.ended) parts.push(t('{{count}} services ended', { count: run.ended }));
  if (run.statusChanges) parts.push(t('{{count}} scheduled status changes', { count: run.statusChanges }));
  if (run.blocked) parts.push(t('{{count}} customers blocked', { count: run.blocked }));
  if (run.deactivated) parts.push(t('{{count}} customers deactivated', { count: run.deactivated }));
  return t('{{count}} days ({{span}}): {{what}}', { count: run.days, span, what: parts.length ? parts.join(', ') : t('nothing to do') });
}

export function BusinessClock() {
  const { clock } = useShell();
  const { watch } = useLongWork();
  const [opened, setOpened] = useState(false);
  const [goTo, setGoTo] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppErrorData | null>(null);
  if (!clock) return null;

  const advance = async (input: { days: number } | { to: string }) => {
    setBusy(true);
    setError(null);
    try {
      // A billing day in the run shows its progress while the window stays usable (the back end's reader answers).
      const running = api.call('days.advance', input);
      watch(running);
      const res = await running;
      if (!res.ok) {
        setError(res.error);
        notifications.show({ color: 'red', title: t('The clock did not move'), message: errorText(res.error) });
        return;
      }
      notifications.show({
        color: 'orange',
        title: t('Business date: {{date}}', { date: formatDate(res.data.businessDate) }),
        message: describeRun(res.data.run),
      });
      setGoTo('');
      setOpened(false); // done: the notification says what ran; the date in the header opens the details again
      // the new date and what the days changed reach the header and the page by push ('days', …)
    } finally {
      setBusy(false);
    }
  };
  const goToValid = isValidIsoDate(goTo) && goTo > clock.businessDate;

  return (
    <Group gap={6} wrap="nowrap">
      <Text size="xs" c="dimmed">
        {t('Business date')}
      </Text>
      <Popover opened={opened} onChange={setOpened} position="bottom-end" width={340} shadow="md" withArrow trapFocus={clock.demo}>
        <Popover.Target>
          <Badge
            component="button"
            type="button"
            variant="light"
            size="lg"
            title={t('Business date')}
            data-testid="header-business-date"
            style={{ cursor: 'pointer' }}
            onClick={() => setOpened((o) => !o)}
          >
            {formatDate(clock.businessDate)}
          </Badge>
        </Popover.Target>
        <Popover.Dropdown aria-label={t('Business clock')}>
          <Stack gap={6}>
            <Text size="sm" fw={600}>
              {t('Business date {{date}}', { date: formatDate(clock.businessDate) })}
            </Text>
            <Text size="xs" c="dimmed">
              {clock.demo
                ? t('Demo database: the training clock decides the date.')
                : t('Live database: the date follows the calendar; past days are processed automatically.')}
            </Text>
            <Text size="xs">{t('Last processed day: {{date}}', { date: clock.lastProcessedDay ? formatDate(clock.lastProcessedDay) : t('— (never run)') })}</Text>
            <Text size="xs" data-testid="last-run-summary">
              {t('Last run: {{what}}', { what: clock.lastRun ? describeRun(clock.lastRun) : '—' })}
            </Text>
            {clock.demo && (
              <>
                <Divider label={t('Training clock')} labelPosition="left" />
                <Group gap="xs" align="flex-end" wrap="nowrap">
                  <DateField
                  label={t('Go to date')}
                  size="xs"
                  value={goTo}
                  onChange={setGoTo}
                  style={{ flex: 1 }}
                  // inside the clock's popover: a calendar in a portal would count as a click outside and close it;
                  // to its left, so it never covers the Go button
                  popoverProps={{ withinPortal: false, position: 'left-start' }}
                />
                  <Button size="xs" disabled={!goToValid} loading={busy} onClick={() => void advance({ to: goTo })}>
                    {t('Go')}
                  </Button>
                </Group>
                {goTo.length === 10 && isValidIsoDate(goTo) && goTo <= clock.businessDate && (
                  <Text size="xs" c="red">
                    {t('The training clock only moves forward (after {{date}}).', { date: formatDate(clock.businessDate) })}
                  </Text>
                )}
              </>
            )}
            <ErrorAlert error={error} title={t('The clock did not move')} />
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
          title={t('Finish {{today}} and start {{tomorrow}}', { today: formatDate(clock.businessDate), tomorrow: formatDate(addDays(clock.businessDate, 1)) })}
          onClick={() => void advance({ days: 1 })}
        >
          {t('Next day')}
        </Button>
      )}
      {clock.demo && (
        <Button size="compact-sm" variant="subtle" color="orange" leftSection={<IconCalendarDue size={14} />} onClick={() => setOpened(true)}>
          {t('Go to date…')}
        </Button>
      )}
    </Group>
  );
}
