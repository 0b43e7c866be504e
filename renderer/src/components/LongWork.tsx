import { Center, Overlay, Paper, Progress, Stack, Text, Title } from '@mantine/core';
import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import type { ProgressRecord } from '../../../main/contract/system';
import { api } from '../transport';
import { t } from '../i18n';
import { recordedText } from '../i18n/recorded';
import { formatDate } from '../format';

// Long work shows progress (issue 18 item 12): while the host catches up missed days or restores a backup it answers
// `system.progress` between steps; this polls it and lays an overlay with a progress bar over the window. Polling
// runs from the start until nothing is under way, and again whenever a page starts such work (`watch()`).

interface LongWorkState {
  work: ProgressRecord[];
  /** poll again (a page has just started long work) */
  watch(): void;
}

const LongWorkContext = createContext<LongWorkState>({ work: [], watch: () => {} });
export const useLongWork = () => useContext(LongWorkContext);

const POLL_MS = 250;

export function LongWorkProvider({ children }: { children: ReactNode }) {
  const [work, setWork] = useState<ProgressRecord[]>([]);
  const [polling, setPolling] = useState(true);
  const alive = useRef(true);
  useEffect(() => {
    alive.current = true;
    return () => void (alive.current = false);
  }, []);
  useEffect(() => {
    if (!polling) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const tick = async () => {
      const res = await api.call('system.progress', {});
      if (stopped || !alive.current) return;
      const list = res.ok ? res.data.work : [];
      setWork(list);
      if (res.ok && list.some((w) => !w.finished)) timer = setTimeout(() => void tick(), POLL_MS);
      else setPolling(false);
    };
    void tick();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [polling]);
  // What was known before is stale (a finished restore's outcome must not answer the next one).
  const watch = useCallback(() => {
    setWork([]);
    setPolling(true);
  }, []);
  const running = work.filter((w) => !w.finished);
  return (
    <LongWorkContext.Provider value={{ work, watch }}>
      {children}
      {running.length ? <ProgressOverlay work={running} /> : null}
    </LongWorkContext.Provider>
  );
}

function ProgressOverlay({ work }: { work: ProgressRecord[] }) {
  return (
    <Overlay fixed blur={2} zIndex={1000} color="#000" backgroundOpacity={0.35}>
      <Center h="100vh">
        <Paper withBorder shadow="md" p="lg" w={460} role="status" aria-live="polite" aria-label={t('Work in progress')}>
          <Stack gap="md">
            {work.map((w) => (
              <Stack key={w.kind} gap={6}>
                <Title order={3} size="h4">
                  {workTitle(w)}
                </Title>
                <Progress value={w.total ? (100 * w.done) / w.total : 0} size="lg" animated aria-label={t('{{title}}: {{done}} of {{total}} done', { title: workTitle(w), done: w.done, total: w.total })} />
                <Text size="sm" data-testid={`progress-${w.kind}`}>
                  {w.kind === 'catchUp'
                    ? t('Day {{n}} of {{total}}: {{step}}', { n: w.done + 1, total: w.total, step: formatDate(w.step) })
                    : t('Step {{n}} of {{total}}: {{step}}', { n: w.done + 1, total: w.total, step: recordedText(w.step) })}
                </Text>
              </Stack>
            ))}
            <Text size="xs" c="dimmed">
              {t('Please wait: the window is ready again when this has finished.')}
            </Text>
          </Stack>
        </Paper>
      </Center>
    </Overlay>
  );
}

/** The host names its work in English (main/app/progress.ts): the reader's words for each kind. */
function workTitle(w: { kind: string; title: string }): string {
  return w.kind === 'catchUp' ? t('Processing the days since the app last ran') : w.kind === 'restore' ? t('Restoring a backup') : w.title;
}
