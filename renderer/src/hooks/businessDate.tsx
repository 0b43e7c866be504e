import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import type { BusinessClock } from '../../../main/contract/days';
import { setDisplaySettings } from '../format';
import { api } from '../transport';

// The business date (days.status) and the display settings, loaded once by the shell and shared by every page
// (defaults for start dates, payment dates, usage ranges).

interface ShellState {
  clock: BusinessClock | null;
  error: string | null;
  /** bumps when the display settings change, so money re-renders with the new separator */
  displayVersion: number;
}

const ShellContext = createContext<ShellState>({
  clock: null,
  error: null,
  displayVersion: 0,
});

export function ShellProvider({ children }: { children: ReactNode }) {
  const [clock, setClock] = useState<BusinessClock | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [clockTick, setClockTick] = useState(0);
  const [displayVersion, setDisplayVersion] = useState(0);
  const [displayTick, setDisplayTick] = useState(0);

  useEffect(() => {
    let alive = true;
    void (async () => {
      const res = await api.call('days.status', {});
      if (!alive) return;
      if (res.ok) {
        setClock(res.data);
        setError(null);
        return;
      }
      // Until the scheduler lands, system.info knows the business date too.
      const info = await api.call('system.info', {});
      if (!alive) return;
      if (info.ok)
        setClock({ businessDate: info.data.businessDate, lastProcessedDay: info.data.lastProcessedDay, demo: info.data.demo, lastRun: null });
      else setError(info.error.message);
    })();
    return () => {
      alive = false;
    };
  }, [clockTick]);

  // Push: a day run or the training clock moves the date; a settings change may change the display format.
  useEffect(
    () =>
      api.onEvent((event) => {
        if (event.kind !== 'changed') return;
        if (event.areas.includes('days')) setClockTick((t) => t + 1);
        if (event.areas.includes('settings')) setDisplayTick((t) => t + 1);
      }),
    [],
  );

  // The display settings came with the sign-in status (AuthGate applied them before the shell mounted), so the first
  // page asks for its data at once; they are read again only when a settings change is announced.
  useEffect(() => {
    if (displayTick === 0) return;
    let alive = true;
    api.call('settings.get', { partnerId: 1 }).then((res) => {
      if (!alive) return;
      if (res.ok) setDisplaySettings(res.data.values);
      setDisplayVersion((v) => v + 1);
    });
    return () => {
      alive = false;
    };
  }, [displayTick]);

  return (
    <ShellContext.Provider
      value={{
        clock,
        error,
        displayVersion,
      }}
    >
      {children}
    </ShellContext.Provider>
  );
}

export function useShell(): ShellState {
  return useContext(ShellContext);
}

/** Today's business date; falls back to the wall clock only while days.status has not answered yet. */
export function useBusinessDate(): string {
  const { clock } = useShell();
  return clock?.businessDate ?? new Date().toISOString().slice(0, 10);
}
