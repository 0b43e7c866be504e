import { Center, Overlay, Paper, Progress, Stack, Text, Title } from '@mantine/core';
import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import type { ProgressRecord } from '../../../main/contract/system';
import { api } from '../transport';
import { firstAnswer } from '../earlyCalls';
import { t } from '../i18n';
import { recordedText } from '../i18n/recorded';
import { formatDate } from '../format';

// Long work shows progress (issue 18 item 12): while the host catches up missed days or restores a backup it answers
// `system.progress` between steps; this polls it and lays an overlay with a progress bar over the window. Polling
// runs from the start until nothing is under way, and again whenever a page starts such work (`watch()`).

interface LongWorkState {
  work: ProgressRecord[];
  /** poll again (a page has just started long work); `until`: keep polling at least until this call has answered */
  watch(until?: Promise<unknown>): void;
}

const LongWorkContext = createContext<LongWorkState>({ work: [], watch: () => {} });
export const useLongWork = () => useContext(LongWorkContext);

const POLL_MS = 250;

/**
 * Work that changes what every screen shows (missed days, a restore): the window waits. Other long work runs in the
 * back end's writer while reads keep answering (issue 20), so the window stays usable and shows it in a corner.
 */
const BLOCKING: ReadonlySet<string> = new Set(['catchUp', 'restore']);

export function LongWorkProvider({ children }: { children: ReactNode }) {
  const [work, setWork] = useState<ProgressRecord[]>([]);
  const [polling, setPolling] = useState(true);
  const alive = useRef(true);
  const waiting = useRef(0);
  /** the very first poll may take the answer sent early (earlyCalls.ts) */
  const first = useRef(true);
  useEffect(() => {
    alive.current = true;
    return () => void (alive.current = false);
  }, []);
  useEffect(() => {
    if (!polling) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const tick = async () => {
      const res = first.current ? await firstAnswer('system.progress') : await api.call('system.progress', {});
      first.current = false;
      if (stopped || !alive.current) return;
      const list = res.ok ? res.data.work : [];
      setWork(list);
      // A call started with watch(call) may report its first step after this answer: poll on until it has answered.
      if (res.ok && (list.some((w) => !w.finished) || waiting.current > 0)) timer = setTimeout(() => void tick(), POLL_MS);
      else setPolling(false);
    };
    void tick();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [polling]);
  // What was known before is stale (a finished restore's outcome must not answer the next one).
  const watch = useCallback((until?: Promise<unknown>) => {
    setWork([]);
    setPolling(true);
    if (until) {
      waiting.current++;
      void until.finally(() => void waiting.current--);
    }
  }, []);
  const running = work.filter((w) => !w.finished);
  const blocking = running.filter((w) => BLOCKING.has(w.kind));
  const background = running.filter((w) => !BLOCKING.has(w.kind));
  return (
    <LongWorkContext.Provider value={{ work, watch }}>
      {children}
      {blocking.length ? <ProgressOverlay work={blocking} /> : null}
      {background.length ? <BackgroundWork work={background} /> : null}
    </LongWorkContext.Provider>
  );
}

function WorkLines({ work }: { work: ProgressRecord[] }) {
  return work.map((w) => (
    <Stack key={w.kind} gap={6}>
      <Title order={3} size="h4">
        {workTitle(w)}
      </Title>
      <Progress value={w.total ? (100 * w.done) / w.total : 0} size="lg" animated aria-label={t('{{title}}: {{done}} of {{total}} done', { title: workTitle(w), done: w.done, total: w.total })} />
      <Text size="sm" data-testid={`progress-${w.kind}`}>
        {stepText(w)}
      </Text>
    </Stack>
  ));
}

function ProgressOverlay({ work }: { work: ProgressRecord[] }) {
  return (
    <Overlay fixed blur={2} zIndex={1000} color="#000" backgroundOpacity={0.35}>
      <Center h="100vh">
        <Paper withBorder shadow="md" p="lg" w={460} role="status" aria-live="polite" aria-label={t('Work in progress')}>
          <Stack gap="md">
            <WorkLines work={work} />
            <Text size="xs" c="dimmed">
              {t('Please wait: the window is ready again when this has finished.')}
            </Text>
          </Stack>
        </Paper>
      </Center>
    </Overlay>
  );
}

/** Long work that leaves the window usable: a panel in the corner, above the page, out of the way. */
function BackgroundWork({ work }: { work: ProgressRecord[] }) {
  return (
    <Paper withBorder shadow="md" p="md" w={360} pos="fixed" bottom={16} right={16} style={{ zIndex: 900 }} role="status" aria-live="polite" aria-label={t('Work in progress')}>
      <Stack gap="sm">
        <WorkLines work={work} />
        <Text size="xs" c="dimmed">
          {t('You can go on working meanwhile; changes wait until this has finished.')}
        </Text>
      </Stack>
    </Paper>
  );
}

function stepText(w: ProgressRecord): string {
  const n = { n: w.done + 1, done: w.done, total: w.total };
  switch (w.kind) {
    case 'catchUp':
      return t('Day {{n}} of {{total}}: {{step}}', { ...n, step: formatDate(w.step) });
    case 'billingDay':
      return t('{{done}} of {{total}} customers invoiced', n);
    case 'bulkApply':
      return t('{{done}} of {{total}} services changed', n);
    case 'import':
      return t('{{done}} of {{total}} rows imported', n);
    default:
      return t('Step {{n}} of {{total}}: {{step}}', { ...n, step: recordedText(w.step) });
  }
}

/** The host names its work in English (main/app/progress.ts): the reader's words for each kind. */
function workTitle(w: ProgressRecord): string {
  switch (w.kind) {
    case 'catchUp':
      return t('Processing the days since the app last ran');
    case 'restore':
      return t('Restoring a backup');
    case 'billingDay':
      return t('Billing day {{date}}', { date: formatDate(w.step) });
    case 'bulkApply':
      return t('Bulk tariff change');
    case 'import':
      return t('Importing a CSV file');
    default:
      return w.title;
  }
}
