// The dashboard page: finds out whether the API answers without a key (ANONYMOUS_READ) or needs one, then draws the
// panels for the chosen plan and "as of" day, and follows live changes. Bundled by build-assets.mjs.
import { render } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { ApiError, forgetKey, request, storedKey, storedLang, storeKey, storeLang } from './api';
import { pickLang, titleIn, todayIn, type Lang } from './format';
import { STRINGS, type Strings } from './i18n';
import { connectLive, type LiveStatus } from './live';
import { AttentionPanel } from './panels/attention-panel';
import { IndicatorsPanel } from './panels/indicators-panel';
import { LivePanel, type HeardChange } from './panels/live-panel';
import { ProgressPanel } from './panels/progress-panel';
import { RoundsPanel } from './panels/rounds-panel';
import { TrendPanel } from './panels/trend-panel';
import { PLANS, PROGRESS_CHANGED, TASK_CHANGED, type AreaProgress, type PlanInfo, type TaskChange } from './queries';
import { DashboardContext, type Dashboard } from './state';
import './dashboard.css';

type Gate = { state: 'probing' } | { state: 'need-key'; refused?: string } | { state: 'ready'; plans: PlanInfo[] } | { state: 'failed'; error: ApiError };

const POLL_WITHOUT_LIVE_MS = 60_000;
const asApiError = (err: unknown) => (err instanceof ApiError ? err : new ApiError('UNKNOWN', String(err)));
const isKeyProblem = (e: ApiError) => e.code === 'UNAUTHENTICATED' || e.code === 'FORBIDDEN';

/** Plan and "as of" day live in the address, so a view can be shared or reloaded. */
function readAddress(): { plan: string | null; asOf: string | null } {
  const q = new URLSearchParams(location.search);
  const asOf = q.get('asOf');
  return { plan: q.get('plan'), asOf: asOf && /^\d{4}-\d{2}-\d{2}$/.test(asOf) ? asOf : null };
}

function writeAddress(plan: string, asOf: string | null) {
  const q = new URLSearchParams({ plan, ...(asOf ? { asOf } : {}) });
  history.replaceState(null, '', `${location.pathname}?${q}`);
}

function KeyForm({ t, refused, onKey }: { t: Strings; refused?: string; onKey: (key: string) => void }) {
  const [value, setValue] = useState('');
  return (
    <section class="panel key-form" aria-labelledby="key-h">
      <h2 id="key-h">{t.key.heading}</h2>
      <p>{t.key.intro}</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (value.trim()) onKey(value.trim());
        }}
      >
        <label for="api-key">{t.key.label}</label>
        <input
          id="api-key"
          name="api-key"
          type="password"
          autocomplete="off"
          spellcheck={false}
          required
          value={value}
          onInput={(e) => setValue((e.currentTarget as HTMLInputElement).value)}
        />
        <button type="submit">{t.key.submit}</button>
      </form>
      {refused && (
        <p class="notice failed" role="alert" data-code={refused}>
          {t.key.refused} <code>{refused}</code>
        </p>
      )}
    </section>
  );
}

function App() {
  const [lang, setLang] = useState<Lang>(() => pickLang(storedLang(), navigator.languages?.length ? navigator.languages : [navigator.language]));
  const t = STRINGS[lang];
  const [key, setKey] = useState<string | null>(() => storedKey());
  const [gate, setGate] = useState<Gate>({ state: 'probing' });
  const [address] = useState(readAddress);
  const [planCode, setPlanCode] = useState<string | null>(address.plan);
  const [asOf, setAsOf] = useState<string | null>(address.asOf);
  const [tick, setTick] = useState(0);
  const [status, setStatus] = useState<LiveStatus>('connecting');
  const [liveError, setLiveError] = useState<ApiError | null>(null);
  const [changes, setChanges] = useState<HeardChange[]>([]);
  const [pushed, setPushed] = useState<Dashboard['pushed']>(null);

  useEffect(() => {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    document.title = t.title;
  }, [lang]);

  /** Asks for the plans with this key (or none): the answer says whether a key is needed. */
  const probe = (candidate: string | null, typed: boolean) => {
    setGate({ state: 'probing' });
    request<{ plans: PlanInfo[] }>(PLANS, {}, candidate).then(
      ({ plans }) => {
        if (typed && candidate) storeKey(candidate);
        setKey(candidate);
        setGate({ state: 'ready', plans });
      },
      (err: unknown) => {
        const e = asApiError(err);
        if (!isKeyProblem(e)) return setGate({ state: 'failed', error: e });
        if (candidate && !typed) forgetKey(); // a saved key that no longer works
        setKey(null);
        setGate({ state: 'need-key', refused: candidate ? e.code : undefined });
      },
    );
  };
  useEffect(() => probe(key, false), []);

  const plans = gate.state === 'ready' ? gate.plans : [];
  const plan = plans.find((p) => p.code === planCode) ?? [...plans].sort((a, b) => b.round - a.round)[0] ?? null;
  const today = plan ? todayIn(plan.timeZone) : '';
  const effectiveAsOf = asOf && today && asOf < today ? asOf : null;

  useEffect(() => {
    if (plan) writeAddress(plan.code, effectiveAsOf);
  }, [plan?.code, effectiveAsOf]);

  // Live: one socket per key and plan; a task change refreshes the panels (debounced), a progress change redraws
  // the progress panel from its payload.
  useEffect(() => {
    if (gate.state !== 'ready' || !plan) return;
    const code = plan.code;
    setLiveError(null);
    setChanges([]);
    setPushed(null);
    setStatus('connecting');
    const live = connectLive(key, setStatus);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const refresh = () => {
      clearTimeout(timer);
      timer = setTimeout(() => setTick((n) => n + 1), 250);
    };
    const offTasks = live.subscribe<{ taskChanged: TaskChange }>(
      TASK_CHANGED,
      { planCode: code },
      (d) => {
        setChanges((c) => [{ at: new Date(), change: d.taskChanged }, ...c].slice(0, 30));
        refresh();
      },
      setLiveError,
    );
    const offProgress = live.subscribe<{ progressChanged: AreaProgress[] }>(
      PROGRESS_CHANGED,
      { planCode: code },
      (d) => {
        setPushed({ planCode: code, rows: d.progressChanged, at: Date.now() });
      },
      setLiveError,
    );
    return () => {
      clearTimeout(timer);
      offTasks();
      offProgress();
      live.dispose();
    };
  }, [gate.state, key, plan?.code]);

  // Without live updates the page polls, slowly.
  useEffect(() => {
    if (!liveError && status !== 'unavailable') return;
    const poll = setInterval(() => setTick((n) => n + 1), POLL_WITHOUT_LIVE_MS);
    return () => clearInterval(poll);
  }, [liveError, status]);

  const dashboard = useMemo<Dashboard | null>(
    () => (plan ? { lang, t, key, plan, plans, asOf: effectiveAsOf, today, tick, pushed } : null),
    [lang, t, key, plan, plans, effectiveAsOf, today, tick, pushed],
  );

  const switchLang = () => {
    const next: Lang = lang === 'zh' ? 'en' : 'zh';
    storeLang(next);
    setLang(next);
  };

  return (
    <>
      <a class="skip" href="#main">
        {t.skip}
      </a>
      <header class="top">
        <div class="brand">
          <h1>{t.title}</h1>
          {plan && <p class="plan-title">{titleIn(lang, plan)}</p>}
        </div>
        <div class="toolbar">
          {plan && (
            <label class="field">
              <span>{t.plan}</span>
              <select value={plan.code} onChange={(e) => setPlanCode((e.currentTarget as HTMLSelectElement).value)}>
                {plans.map((p) => (
                  <option key={p.code} value={p.code}>{`${t.round(p.round)} · ${p.periodStart}–${p.periodEnd}`}</option>
                ))}
              </select>
            </label>
          )}
          {plan && (
            <div class="field asof">
              <label for="asof">{t.asOf}</label>
              <input
                id="asof"
                type="date"
                value={effectiveAsOf ?? today}
                max={today}
                onChange={(e) => {
                  const v = (e.currentTarget as HTMLInputElement).value;
                  setAsOf(v && v < today ? v : null);
                }}
              />
              <button type="button" disabled={!effectiveAsOf} onClick={() => setAsOf(null)}>
                {t.asOfToday}
              </button>
            </div>
          )}
          {plan && (
            <span class={`live-pill ${status}`} role="status" data-status={status}>
              {t.live[status]}
            </span>
          )}
          <button type="button" class="lang-switch" lang={lang === 'zh' ? 'en' : 'zh'} aria-label={t.switchLabel} onClick={switchLang}>
            {t.switchTo}
          </button>
          {key && gate.state === 'ready' && (
            <button
              type="button"
              class="forget-key"
              onClick={() => {
                forgetKey();
                probe(null, false);
              }}
            >
              {t.key.forget}
            </button>
          )}
        </div>
      </header>
      {dashboard && (
        <nav class="sections" aria-label={t.sections}>
          <a href="#progress">{t.progress.heading}</a>
          <a href="#rounds">{t.rounds.heading}</a>
          <a href="#trend">{t.trend.heading}</a>
          <a href="#attention">{t.attention.heading}</a>
          <a href="#indicators">{t.indicators.heading}</a>
          <a href="#live">{t.liveTitle}</a>
        </nav>
      )}
      <main id="main" tabIndex={-1}>
        {gate.state === 'probing' && (
          <p class="notice loading" aria-busy="true">
            {t.loading}
          </p>
        )}
        {gate.state === 'need-key' && <KeyForm t={t} refused={gate.refused} onKey={(k) => probe(k, true)} />}
        {gate.state === 'failed' && (
          <p class="notice failed" role="alert" data-code={gate.error.code}>
            {t.failed} <code>{gate.error.code}</code> <small>{gate.error.message}</small>
          </p>
        )}
        {dashboard && (
          <DashboardContext.Provider value={dashboard}>
            <div class="grid">
              <ProgressPanel />
              <RoundsPanel />
              <TrendPanel />
              <AttentionPanel />
              <LivePanel status={status} changes={changes} error={liveError} />
              <IndicatorsPanel />
            </div>
          </DashboardContext.Provider>
        )}
      </main>
      <footer class="bottom">
        <p>{t.footer}</p>
      </footer>
    </>
  );
}

const root = document.getElementById('app')!;
root.textContent = ''; // the "loading" line the server sent
render(<App />, root);
