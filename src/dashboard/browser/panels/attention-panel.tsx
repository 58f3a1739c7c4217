// Who is behind: update coverage per area or region (updated within the window, stale, never reported) and the
// overdue tasks (the `overdue` filter of `tasks`). Both describe today: neither takes a past date.
import { useMemo, useState } from 'preact/hooks';
import { Chart, COLORS, TableView, type ChartOption } from '../chart';
import { nameIn, titleIn, type Lang } from '../format';
import type { Strings } from '../i18n';
import { coverageDocument, OVERDUE_TASKS, type CoverageGroup, type CoverageRow, type OverdueTask } from '../queries';
import { AsOfNote, LoadState, useDashboard, useQuery } from '../state';

const STALE_CHOICES = [30, 90, 180];

function groupLabel(r: CoverageRow, lang: Lang, t: Strings): string {
  if (r.area) return `${r.area.code} ${nameIn(lang, r.area)}`;
  if (r.region) return nameIn(lang, r.region);
  return t.progress.noArea;
}

/** Tasks that were reported once but not within the window: what is neither recent nor never reported. */
const staleCount = (r: CoverageRow) => Math.max(0, r.taskCount - r.updatedWithin - r.neverReported);

function coverageOption(rows: CoverageRow[], days: number, lang: Lang, t: Strings): ChartOption {
  const bar = (name: string, color: string, values: number[]) => ({
    type: 'bar',
    name,
    stack: 'cov',
    barMaxWidth: 20,
    itemStyle: { color },
    data: values.map((v) => v || null),
  });
  return {
    legend: { top: 0, type: 'scroll' },
    grid: { left: 8, right: 64, top: 36, bottom: 8, containLabel: true },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', inverse: true, data: rows.map((r) => groupLabel(r, lang, t)), axisLabel: { width: 150, overflow: 'truncate' } },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, renderMode: 'richText', confine: true },
    series: [
      bar(
        t.attention.updatedWithin(days),
        COLORS.completed,
        rows.map((r) => r.updatedWithin),
      ),
      bar(t.attention.stale, COLORS.delayed, rows.map(staleCount)),
      bar(
        t.attention.neverReported,
        COLORS.notReported,
        rows.map((r) => r.neverReported),
      ),
      {
        type: 'scatter',
        name: t.attention.overdue,
        symbol: 'triangle',
        symbolSize: 12,
        symbolOffset: [9, 0],
        itemStyle: { color: COLORS.overdue },
        label: {
          show: true,
          position: 'right',
          color: COLORS.overdue,
          fontWeight: 'bold',
          formatter: (p: { value: number[] }) => t.progress.overdueMark(p.value[2]),
        },
        data: rows.flatMap((r, i) => (r.overdue > 0 ? [[r.taskCount, i, r.overdue]] : [])),
      },
    ],
  };
}

function Coverage() {
  const { t, lang, plan } = useDashboard();
  const [group, setGroup] = useState<CoverageGroup>('AREA');
  const [days, setDays] = useState(90);
  const state = useQuery<{ updateCoverage: CoverageRow[] }>(coverageDocument(group), { planCode: plan.code, staleAfterDays: days });
  const rows = state.data?.updateCoverage ?? [];
  const option = useMemo(() => coverageOption(rows, days, lang, t), [rows, days, lang, t]);
  return (
    <div class="sub" id="coverage">
      <div class="panel-head">
        <h3>{t.attention.coverage}</h3>
        <div class="controls">
          <label>
            {t.progress.groupBy}{' '}
            <select value={group} onChange={(e) => setGroup((e.currentTarget as HTMLSelectElement).value as CoverageGroup)}>
              <option value="AREA">{t.progress.byArea}</option>
              <option value="REGION">{t.progress.byRegion}</option>
            </select>
          </label>
          <label>
            {t.attention.staleAfter}{' '}
            <select value={String(days)} onChange={(e) => setDays(Number((e.currentTarget as HTMLSelectElement).value))}>
              {STALE_CHOICES.map((d) => (
                <option key={d} value={String(d)}>
                  {t.attention.days(d)}
                </option>
              ))}
            </select>
          </label>
        </div>
      </div>
      <LoadState state={state}>
        <Chart option={option} label={t.attention.coverageLabel} height={Math.max(150, rows.length * 34 + 60)} />
        <TableView caption={t.attention.coverageLabel}>
          <thead>
            <tr>
              <th scope="col">{t.attention.group}</th>
              <th scope="col">{t.attention.tasks}</th>
              <th scope="col">{t.attention.updatedWithin(days)}</th>
              <th scope="col">{t.attention.stale}</th>
              <th scope="col">{t.attention.staleSince}</th>
              <th scope="col">{t.attention.neverReported}</th>
              <th scope="col">{t.attention.overdue}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.area?.code ?? r.region?.code ?? '-'} data-group={r.area?.code ?? r.region?.code ?? '-'}>
                <th scope="row">{groupLabel(r, lang, t)}</th>
                <td data-field="taskCount">{r.taskCount}</td>
                <td data-field="updatedWithin">{r.updatedWithin}</td>
                <td data-field="stale">{staleCount(r)}</td>
                <td data-field="staleSince">{r.staleSince ?? '—'}</td>
                <td data-field="neverReported">{r.neverReported}</td>
                <td data-field="overdue">{r.overdue}</td>
              </tr>
            ))}
          </tbody>
        </TableView>
      </LoadState>
    </div>
  );
}

function Overdue() {
  const { t, lang, plan } = useDashboard();
  const state = useQuery<{ tasks: { totalCount: number; edges: { node: OverdueTask }[] } }>(OVERDUE_TASKS, { planCode: plan.code });
  const tasks = state.data?.tasks.edges.map((e) => e.node) ?? [];
  return (
    <div class="sub" id="overdue">
      <h3>{t.attention.overdueHeading}</h3>
      <LoadState state={state}>
        <p data-overdue-count={state.data?.tasks.totalCount}>
          {state.data && state.data.tasks.totalCount > 0 ? t.attention.overdueCount(state.data.tasks.totalCount) : t.attention.noOverdue}
        </p>
        {tasks.length > 0 && (
          <div class="table-scroll">
            <table class="overdue-table">
              <caption class="sr-only">{t.attention.overdueHeading}</caption>
              <thead>
                <tr>
                  <th scope="col">{t.attention.code}</th>
                  <th scope="col">{t.attention.task}</th>
                  <th scope="col">{t.attention.due}</th>
                  <th scope="col">{t.attention.status}</th>
                  <th scope="col">{t.attention.progress}</th>
                  <th scope="col">{t.attention.leads}</th>
                </tr>
              </thead>
              <tbody>
                {tasks.map((task) => (
                  <tr key={task.id} data-task={task.code}>
                    <th scope="row">{task.code}</th>
                    <td>{titleIn(lang, task)}</td>
                    <td class="overdue-date">{task.dueDate ?? '—'}</td>
                    <td>{t.status[task.status]}</td>
                    <td>{task.progress === null ? '—' : `${task.progress}%`}</td>
                    <td>{task.leadRegions.map((r) => (lang === 'en' ? r.nameEn : r.abbreviation)).join(lang === 'en' ? ', ' : '、') || '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </LoadState>
    </div>
  );
}

export function AttentionPanel() {
  const { t } = useDashboard();
  return (
    <section id="attention" class="panel" aria-labelledby="attention-h">
      <div class="panel-head">
        <h2 id="attention-h">{t.attention.heading}</h2>
      </div>
      <AsOfNote supported={false} />
      <Overdue />
      <Coverage />
    </section>
  );
}
