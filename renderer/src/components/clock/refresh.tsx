import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';

// A global "the data changed under you" counter: bumped when the business date moves (training clock, day run)
// or a change of plan is posted from a dialog that lives above the page. The shell keys the current page on it,
// so every list on screen reloads from main without each page having to know who changed what.

interface RefreshState {
  version: number;
  refresh: () => void;
}

const RefreshContext = createContext<RefreshState>({ version: 0, refresh: () => {} });

export function RefreshProvider({ children }: { children: ReactNode }) {
  const [version, setVersion] = useState(0);
  const refresh = useCallback(() => setVersion((v) => v + 1), []);
  const value = useMemo(() => ({ version, refresh }), [version, refresh]);
  return <RefreshContext.Provider value={value}>{children}</RefreshContext.Provider>;
}

export function useRefresh(): RefreshState {
  return useContext(RefreshContext);
}
