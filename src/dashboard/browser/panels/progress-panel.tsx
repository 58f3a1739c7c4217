// Progress by area (or by lead region) for the chosen plan: stacked bars of the tasks by status, the declared count
// as a marker beside the catalogued bar, overdue tasks marked. As of the chosen day when the server can say.
import { useMemo, useState } from 'preact/hooks';
import { Chart, COLORS, TableView, type ChartOption } from '../chart';
import { formatPercent, nameIn, type Lang } from '../format';
import type { Strings } from '../i18n';
import {
  PROGRESS_BY_AREA,
  PROGRESS_BY_AREA_AS_OF,
  PROGRESS_BY_REGION,
  PROGRESS_BY_REGION_AS_OF,
  type AreaProgress,
  type RegionProgress,
  type StatusCounts,
  type TaskStatus,
} from '../queries';
import { AsOfNote, LoadState, useDashboard, useNarrow, useQuery } from '../state';

type Group = 'area' | 'region';

/** One bar of the chart, whichever the grouping. */
interface Row extends StatusCounts {
  key: string;
  label: string;
  declared: number | null;
}

const STACK: { field: keyof StatusCounts; status: TaskStatus; color: string }[] = [
  { field: 'completed', status: 'COMPLETED', color: COLORS.completed },
  { field: 'inProgress', status: 'IN_PROGRESS', color: COLORS.inProgress },
  { field: 'notStarted', status: 'NOT_STARTED', color: COLORS.notStarted },
  { field: 'delayed', status: 'DELAYED', color: COLORS.delayed },
  { field: 'suspended', status: 'SUSPENDED', color: COLORS.suspended },
  { field: 'notReported', status: 'NOT_REPORTED', color: COLORS.notReported },
];

function rowsOf(group: Group, data: { progressByArea?: AreaProgress[]; progressByRegion?: RegionProgress[] }, lang: Lang, t: Strings): Row[] {
  if (group === 'area') {
    return (data.progressByArea ?? []).map((r) => ({
      ...r,
      key: r.area?.code ?? '-',
      label: r.area ? `${r.area.code} ${nameIn(lang, r.area)}` : t.progress.noArea,
      declared: r.declaredTaskCount,
    }));
  }
  return (data.progressByRegion ?? []).map((r) => ({
    ...r,
    key: r.region?.code ?? '-',
    label: r.region ? nameIn(lang, r.region) : t.progress.noRegion,
    declared: null,
  }));
}

const shorten = (s: string, max: number) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

function chartOption(rows: Row[], group: Group, lang: Lang, t: Strings, narrow: boolean): ChartOption {
  const maxChars = lang === 'zh' ? (narrow ? 7 : 14) : narrow ? 12 : 30;
  // Under each name: catalogued / declared (in words where there is room).
  const counts = (r: Row) =>
    group !== 'area' ? String(r.taskCount) : narrow ? `${r.taskCount} / ${r.declared ?? '—'}` : t.progress.counts(r.taskCount, r.declared);
  const categories = rows.map((r) => `${shorten(r.label, maxChars)}\n${counts(r)}`);
  const series: object[] = STACK.map((s) => ({
    type: 'bar',
    name: t.status[s.status],
    stack: 'tasks',
    barMaxWidth: 22,
    itemStyle:
      s.field === 'notReported'
        ? { color: s.color, decal: { symbol: 'rect', dashArrayX: [1, 0], dashArrayY: [2, 4], rotation: -Math.PI / 4, color: 'rgba(255,255,255,0.55)' } }
        : { color: s.color },
    data: rows.map((r) => (r[s.field] as number) || null),
  }));
  if (group === 'area') {
    series.push({
      type: 'scatter',
      name: t.progress.declared,
      symbol: 'rect',
      symbolSize: [3, 26],
      itemStyle: { color: COLORS.declared },
      data: rows.flatMap((r, i) => (r.declared === null ? [] : [[r.declared, i]])),
      tooltip: { formatter: (p: { value: number[] }) => `${t.progress.declared}: ${p.value[0]}` },
    });
  }
  series.push({
    type: 'scatter',
    name: t.progress.overdue,
    symbol: 'triangle',
    symbolSize: 13,
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
  });
  return {
    legend: { top: 0, type: 'scroll', itemWidth: 14 },
    grid: { left: 8, right: 78, top: 36, bottom: 8, containLabel: true },
    xAxis: { type: 'value', minInterval: 1, splitNumber: narrow ? 3 : 5, axisLabel: { hideOverlap: true } },
    yAxis: { type: 'category', inverse: true, data: categories, axisLabel: { lineHeight: 15, fontSize: 12 } },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, renderMode: 'richText', confine: true },
    series,
  };
}

export function ProgressPanel() {
  const { t, lang, plan, asOf, pushed } = useDashboard();
  const [group, setGroup] = useState<Group>('area');
  const document = group === 'area' ? (asOf ? PROGRESS_BY_AREA_AS_OF : PROGRESS_BY_AREA) : asOf ? PROGRESS_BY_REGION_AS_OF : PROGRESS_BY_REGION;
  const state = useQuery<{ progressByArea?: AreaProgress[]; progressByRegion?: RegionProgress[] }>(document, {
    planCode: plan.code,
    ...(asOf ? { asOf } : {}),
  });
  // A progressChanged event newer than the last answer replaces it (by area, now; a past day does not change).
  const live = group === 'area' && !asOf && pushed?.planCode === plan.code && pushed.at > (state.at ?? 0) ? pushed.rows : null;
  const data = live ? { progressByArea: live } : state.data;
  const rows = useMemo(() => (data ? rowsOf(group, data, lang, t) : []), [data, group, lang, t]);
  const narrow = useNarrow();
  const option = useMemo(() => chartOption(rows, group, lang, t, narrow), [rows, group, lang, t, narrow]);
  const planName = lang === 'en' && plan.titleEn ? plan.titleEn : plan.title;
  return (
    <section id="progress" class="panel wide" aria-labelledby="progress-h">
      <div class="panel-head">
        <h2 id="progress-h">{t.progress.heading}</h2>
        <fieldset class="segmented">
          <legend class="sr-only">{t.progress.groupBy}</legend>
          {(['area', 'region'] as const).map((g) => (
            <label key={g}>
              <input type="radio" name="progress-group" value={g} checked={group === g} onChange={() => setGroup(g)} />
              <span>{g === 'area' ? t.progress.byArea : t.progress.byRegion}</span>
            </label>
          ))}
        </fieldset>
      </div>
      <AsOfNote supported={true} />
      <LoadState state={state}>
        <Chart option={option} label={t.progress.chartLabel(planName)} height={Math.max(160, rows.length * 46 + 60)} />
        <p class="hint">{t.progress.note}</p>
        <TableView caption={t.progress.chartLabel(planName)}>
          <thead>
            <tr>
              <th scope="col">{group === 'area' ? t.progress.area : t.progress.region}</th>
              {group === 'area' && <th scope="col">{t.progress.declared}</th>}
              <th scope="col">{t.progress.catalogued}</th>
              {STACK.map((s) => (
                <th scope="col" key={s.field}>
                  {t.status[s.status]}
                </th>
              ))}
              <th scope="col">{t.progress.overdue}</th>
              <th scope="col">{t.progress.completionRate}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key} data-group={r.key} class={r.overdue > 0 ? 'has-overdue' : undefined}>
                <th scope="row">{r.label}</th>
                {group === 'area' && <td data-field="declaredTaskCount">{r.declared ?? '—'}</td>}
                <td data-field="taskCount">{r.taskCount}</td>
                {STACK.map((s) => (
                  <td key={s.field} data-field={s.field}>
                    {r[s.field] as number}
                  </td>
                ))}
                <td data-field="overdue">{r.overdue}</td>
                <td data-field="completionRate">{formatPercent(r.completionRate, lang)}</td>
              </tr>
            ))}
          </tbody>
        </TableView>
      </LoadState>
    </section>
  );
}
