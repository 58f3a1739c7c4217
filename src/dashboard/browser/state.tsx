// What every panel reads (language, key, plan, "as of" date, refresh tick) and how it loads its figures.
import { createContext, type ComponentChildren } from 'preact';
import { useContext, useEffect, useState } from 'preact/hooks';
import { ApiError, request } from './api';
import type { Lang } from './format';
import type { Strings } from './i18n';
import type { AreaProgress, PlanInfo } from './queries';

export interface Dashboard {
  lang: Lang;
  t: Strings;
  key: string | null;
  plan: PlanInfo;
  plans: PlanInfo[];
  /** The chosen past day (YYYY-MM-DD), or null for now. */
  asOf: string | null;
  /** Today on the plan's clock. */
  today: string;
  /** Bumped when a live event (or the fallback poll) says the figures may have changed. */
  tick: number;
  /** The plan's progress by area as the last progressChanged event gave it. */
  pushed: { planCode: string; rows: AreaProgress[]; at: number } | null;
}

export const DashboardContext = createContext<Dashboard | null>(null);

export function useDashboard(): Dashboard {
  const d = useContext(DashboardContext);
  if (!d) throw new Error('useDashboard outside the dashboard');
  return d;
}

export interface Loaded<T> {
  data?: T;
  error?: ApiError;
  loading: boolean;
  /** When the data arrived (ms since the epoch). */
  at?: number;
}

/**
 * Runs a document and reruns it when its variables, the key or the refresh tick change. While a refresh of the same
 * question runs, the previous answer stays on screen (no flicker on live updates); a different question starts empty.
 */
export function useQuery<T>(document: string | null, variables: Record<string, unknown>): Loaded<T> {
  const { key, tick } = useDashboard();
  const question = document === null ? '' : `${document}\n${JSON.stringify(variables)}`;
  const [state, setState] = useState<Loaded<T> & { question?: string }>({ loading: document !== null });
  useEffect(() => {
    if (document === null) {
      setState({ loading: false, question });
      return;
    }
    const ctl = new AbortController();
    setState((s) => (s.question === question && s.data ? { ...s, loading: true } : { loading: true, question }));
    request<T>(document, variables, key, ctl.signal).then(
      (data) => setState({ data, loading: false, question, at: Date.now() }),
      (err: unknown) => {
        if (ctl.signal.aborted) return;
        setState({ error: err instanceof ApiError ? err : new ApiError('UNKNOWN', String(err)), loading: false, question });
      },
    );
    return () => ctl.abort();
    // `question` stands for the document and its variables.
  }, [question, key, tick]);
  return state.question === question ? state : { loading: true };
}

/** A panel's message while it loads or when it failed: a coded "not available" for an API this server lacks. */
export function LoadState({ state, children }: { state: Loaded<unknown>; children?: ComponentChildren }) {
  const { t } = useDashboard();
  if (state.error) {
    const { code, message } = state.error;
    return (
      <p class={`notice ${state.error.unavailable ? 'unavailable' : 'failed'}`} data-code={code} role={state.error.unavailable ? undefined : 'alert'}>
        {state.error.unavailable ? t.notAvailable : t.failed} <code>{code}</code>
        <small>{message}</small>
      </p>
    );
  }
  if (state.loading && state.data === undefined)
    return (
      <p class="notice loading" aria-busy="true">
        {t.loading}
      </p>
    );
  return <>{children}</>;
}

/** Whether the window is phone-narrow (under 600 px), following resizes and rotations. */
export function useNarrow(): boolean {
  const query = '(max-width: 599px)';
  const [narrow, setNarrow] = useState(() => window.matchMedia(query).matches);
  useEffect(() => {
    const list = window.matchMedia(query);
    const update = () => setNarrow(list.matches);
    list.addEventListener('change', update);
    return () => list.removeEventListener('change', update);
  }, []);
  return narrow;
}

/** The "as of" notice of a panel: the day it is drawn for, or that it can only show today. */
export function AsOfNote({ supported }: { supported: boolean }) {
  const { t, asOf } = useDashboard();
  if (!asOf) return null;
  return <p class="asof-note">{supported ? t.asOfNote(asOf) : t.todayOnly}</p>;
}
