// The changes the page has heard of since it opened (taskChanged), newest first, announced politely to screen readers.
import type { ApiError } from '../api';
import { titleIn } from '../format';
import type { LiveStatus } from '../live';
import type { TaskChange } from '../queries';
import { useDashboard } from '../state';

export interface HeardChange {
  at: Date;
  change: TaskChange;
}

export function LivePanel({ status, changes, error }: { status: LiveStatus; changes: HeardChange[]; error: ApiError | null }) {
  const { t, lang, asOf } = useDashboard();
  const time = new Intl.DateTimeFormat(lang === 'zh' ? 'zh-CN' : 'en', { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  return (
    <section id="live" class="panel" aria-labelledby="live-h">
      <div class="panel-head">
        <h2 id="live-h">{t.liveTitle}</h2>
        <span class={`live-pill ${status}`} data-status={status}>
          {t.live[status]}
        </span>
      </div>
      {error ? (
        <>
          <p class={`notice ${error.unavailable ? 'unavailable' : 'failed'}`} data-code={error.code}>
            {error.unavailable ? t.notAvailable : t.failed} <code>{error.code}</code>
            <small>{error.message}</small>
          </p>
          <p class="hint">{t.liveLog.polling}</p>
        </>
      ) : (
        <p class="hint">{t.liveLog.intro}</p>
      )}
      {asOf && <p class="asof-note">{t.liveLog.pastDate}</p>}
      <ol class="changes" aria-live="polite" aria-relevant="additions">
        {changes.length === 0 && <li class="hint">{t.liveLog.empty}</li>}
        {changes.map(({ at, change }) => (
          <li key={`${change.task.id}-${change.task.version}`} data-task={change.task.code} data-version={change.task.version}>
            <time dateTime={at.toISOString()}>{time.format(at)}</time> <strong>{t.liveLog.change(change.task.code)}</strong> {titleIn(lang, change.task)} ·{' '}
            {t.status[change.task.status]}
            {change.task.progress !== null && ` ${change.task.progress}%`}
            {change.update?.occurredOn && ` · ${change.update.occurredOn}`}
          </li>
        ))}
      </ol>
    </section>
  );
}
