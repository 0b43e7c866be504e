import { useCallback, useEffect, useRef, useState } from 'react';
import type { ChannelName, InputOf, OutputOf } from '../../../main/contract';
import type { AppErrorData, Result } from '../../../main/contract/errors';
import { customerOf, eventConcerns, readAreas } from '../../../main/contract/changes';
import { fieldMessages } from '../i18n/errors';
import { api } from '../transport';

/** Events closer together than this make one refetch (a bulk apply, a day run, a burst of payments). */
const COALESCE_MS = 60;

export interface QueryState<T> {
  data: T | undefined;
  error: AppErrorData | null;
  loading: boolean;
  reload: () => void;
}

/**
 * Calls a read channel and keeps its answer. `input` is compared by its JSON text, so a new object with the same
 * content does not refetch. Answers that arrive out of order (typing fast in a search box) are dropped.
 * Pass `null` as input to skip the call.
 *
 * Push (issue 20 item 2): when the back end announces a change in one of the areas the channel shows
 * (main/contract/changes.ts) — about this query's customer, or about no customer in particular — the query fetches
 * again by itself, quietly: the previous answer stays on screen (no loader, no lost page or scroll) until the new
 * one replaces it, and a burst of events makes one refetch. No screen calls reload() after its own write.
 */
export function useQuery<C extends ChannelName>(channel: C, input: InputOf<C> | null, opts: { keepPrevious?: boolean } = {}): QueryState<OutputOf<C>> {
  const [data, setData] = useState<OutputOf<C> | undefined>(undefined);
  const [error, setError] = useState<AppErrorData | null>(null);
  const [loading, setLoading] = useState(input !== null);
  const [tick, setTick] = useState(0);
  const seq = useRef(0);
  const key = input === null ? null : JSON.stringify(input);
  /** an answer that is still the latest one asked for */
  const settle = (res: Result<OutputOf<C>>) => {
    if (res.ok) {
      setData(res.data);
      setError(null);
    } else {
      setError(res.error);
      if (!opts.keepPrevious) setData(undefined);
    }
    setLoading(false);
  };

  useEffect(() => {
    if (key === null) {
      setLoading(false);
      return;
    }
    const my = ++seq.current;
    setLoading(true);
    if (!opts.keepPrevious) setError(null);
    api.call(channel, JSON.parse(key) as InputOf<C>).then((res) => my === seq.current && settle(res));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [channel, key, tick]);

  useEffect(() => {
    const areas = readAreas(channel);
    if (key === null || areas.length === 0) return;
    const parsed = JSON.parse(key) as InputOf<C>;
    const customerId = customerOf(channel, parsed);
    let timer: ReturnType<typeof setTimeout> | null = null;
    const refetch = () => {
      timer = null;
      const my = ++seq.current;
      // the latest answer wins, and it may overtake a load under way (settle ends that load's spinner too)
      api.call(channel, parsed).then((res) => my === seq.current && settle(res));
    };
    const unsubscribe = api.onEvent((event) => {
      if (event.kind === 'changed' && !timer && eventConcerns(event, areas, customerId)) timer = setTimeout(refetch, COALESCE_MS);
    });
    return () => {
      unsubscribe();
      if (timer) clearTimeout(timer);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [channel, key]);

  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data, error, loading, reload };
}

export interface MutationState {
  busy: boolean;
  error: AppErrorData | null;
  /** field path → message, from the last refusal */
  fieldErrors: Record<string, string>;
  clear: () => void;
}

/**
 * Runs a write channel. Returns the data on success, or null after storing the error (shown by the form: the
 * message in an Alert, each `fields` entry beside its input).
 */
export function useMutation<C extends ChannelName>(channel: C): [(input: InputOf<C>) => Promise<OutputOf<C> | null>, MutationState] {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppErrorData | null>(null);
  const run = useCallback(
    async (input: InputOf<C>) => {
      setBusy(true);
      setError(null);
      try {
        const res = await api.call(channel, input);
        if (res.ok) return res.data;
        setError(res.error);
        return null;
      } finally {
        setBusy(false);
      }
    },
    [channel],
  );
  const clear = useCallback(() => setError(null), []);
  // the contract's field messages in the staff member's language (generic ones; see i18n/errors.ts)
  return [run, { busy, error, fieldErrors: fieldMessages(error?.fields), clear }];
}

/** Field message for a path, also matching a nested path's parent (e.g. 'internet.ipv4' for 'ipv4'). */
export function fieldError(fields: Record<string, string>, ...paths: string[]): string | undefined {
  for (const p of paths) {
    if (fields[p]) return fields[p];
  }
  return undefined;
}
