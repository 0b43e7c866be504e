import { Center, Overlay, Paper, Progress, Stack, Text, Title } from '@mantine/core';
import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import type { ProgressRecord } from '../../../main/contract/system';
import { api } from '../transport';

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
        <Paper withBorder shadow="md" p="lg" w={460} role="status" aria-live="polite" aria-label="Work in progress">
          <Stack gap="md">
            {work.map((w) => (
              <Stack key={w.kind} gap={6}>
                <Title order={3} size="h4">
                  {w.title}
                </Title>
                <Progress value={w.total ? (100 * w.done) / w.total : 0} size="lg" animated aria-label={`${w.title}: ${w.done} of ${w.total} done`} />
                <Text size="sm" data-testid={`progress-${w.kind}`}>
                  {w.kind === 'catchUp' ? `Day ${w.done + 1} of ${w.total}: ${w.step}` : `Step ${w.done + 1} of ${w.total}: ${w.step}`}
                </Text>
              </Stack>
            ))}
            <Text size="xs" c="dimmed">
              Please wait: the window is ready again when this has finished.
            </Text>
          </Stack>
        </Paper>
      </Center>
    </Overlay>
  );
}
