// The rounds side by side: declared, catalogued and reported key tasks; and the reported completion, a bound drawn as
// a bound (an open marker with an arrow and "> 90%", never a bar at 90%), beside the computed rate.
import { useMemo } from 'preact/hooks';
import { Chart, COLORS, TableView, type ChartOption } from '../chart';
import { formatPercent, isLowerBound, isUpperBound, qualifiedSymbol, qualifiedWords, titleIn, type Lang } from '../format';
import type { Strings } from '../i18n';
import { ROUNDS, type RoundRow } from '../queries';
import { AsOfNote, LoadState, useDashboard, useQuery } from '../state';

const roundLabel = (r: RoundRow, t: Strings) => `${t.round(r.plan.round)}\n${r.plan.periodStart}–${r.plan.periodEnd}`;

function countsOption(rows: RoundRow[], t: Strings): ChartOption {
  const bar = (name: string, color: string, values: (number | null)[]) => ({
    type: 'bar',
    name,
    barMaxWidth: 26,
    itemStyle: { color },
    label: { show: true, position: 'top', fontSize: 11, formatter: (p: { value: number | null }) => (p.value === null ? '—' : String(p.value)) },
    data: values,
  });
  return {
    legend: { top: 0 },
    grid: { left: 8, right: 8, top: 40, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: rows.map((r) => roundLabel(r, t)), axisLabel: { interval: 0, fontSize: 11 } },
    yAxis: { type: 'value', minInterval: 1 },
    tooltip: { trigger: 'axis', renderMode: 'richText', confine: true },
    series: [
      bar(
        t.rounds.declared,
        COLORS.declared,
        rows.map((r) => r.declaredTaskCount),
      ),
      bar(
        t.rounds.catalogued,
        COLORS.inProgress,
        rows.map((r) => r.catalogedTaskCount),
      ),
      bar(
        t.rounds.reportedTasks,
        COLORS.completed,
        rows.map((r) => r.reportedTaskCount),
      ),
    ],
  };
}

function completionOption(rows: RoundRow[], lang: Lang, t: Strings): ChartOption {
  // A bound is an open marker: a triangle pointing where the true value lies, with an arrow line up (or down) from it.
  const reported = rows.map((r, i) => {
    const f = r.reportedCompletion;
    if (!f) return null;
    const up = isLowerBound(f.qualifier);
    const down = isUpperBound(f.qualifier);
    return {
      value: [i, f.value],
      symbol: up || down ? 'triangle' : f.qualifier === 'ABOUT' ? 'diamond' : 'circle',
      symbolRotate: down ? 180 : 0,
      symbolSize: 16,
      itemStyle: up || down || f.qualifier === 'ABOUT' ? { color: '#ffffff', borderColor: COLORS.target, borderWidth: 2.5 } : { color: COLORS.target },
      label: {
        show: true,
        position: 'right',
        distance: 8,
        color: '#7d4e00',
        fontWeight: 'bold',
        formatter: qualifiedSymbol(f.value, f.qualifier, lang, { percent: true }),
      },
    };
  });
  const arrows = rows.flatMap((r, i) => {
    const f = r.reportedCompletion;
    if (!f || !(isLowerBound(f.qualifier) || isUpperBound(f.qualifier))) return [];
    const to = isLowerBound(f.qualifier) ? Math.min(1, f.value + 0.08) : Math.max(0, f.value - 0.08);
    return [[{ coord: [i, f.value + (to > f.value ? 0.025 : -0.025)] }, { coord: [i, to] }]];
  });
  return {
    legend: { top: 0 },
    grid: { left: 8, right: 8, top: 40, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: rows.map((r) => roundLabel(r, t)), axisLabel: { interval: 0, fontSize: 11 } },
    yAxis: { type: 'value', min: 0, max: 1, axisLabel: { formatter: (v: number) => formatPercent(v, lang) } },
    tooltip: { trigger: 'item', renderMode: 'richText', confine: true },
    series: [
      {
        type: 'bar',
        name: t.rounds.computed,
        barMaxWidth: 30,
        itemStyle: { color: COLORS.inProgress },
        label: { show: true, position: 'top', formatter: (p: { value: number | null }) => (p.value === null ? t.rounds.noRate : formatPercent(p.value, lang)) },
        tooltip: { formatter: (p: { name: string; value: number | null }) => `${t.rounds.computed}: ${formatPercent(p.value, lang)}` },
        data: rows.map((r) => r.computedCompletionRate),
      },
      {
        type: 'scatter',
        name: t.rounds.reported,
        symbol: 'triangle',
        itemStyle: { color: '#ffffff', borderColor: COLORS.target, borderWidth: 2.5 },
        data: reported,
        tooltip: {
          formatter: (p: { dataIndex: number }) => {
            const f = rows[p.dataIndex].reportedCompletion;
            return f ? `${t.rounds.reported}: ${qualifiedWords(f.value, f.qualifier, lang, { percent: true })}` : t.rounds.notReported;
          },
        },
        markLine: {
          silent: true,
          symbol: ['none', 'arrow'],
          symbolSize: 9,
          lineStyle: { color: COLORS.target, width: 2, type: 'solid' },
          label: { show: false },
          data: arrows,
        },
      },
    ],
  };
}

export function RoundsPanel() {
  const { t, lang } = useDashboard();
  const state = useQuery<{ roundComparison: RoundRow[] }>(ROUNDS, {});
  const rows = state.data?.roundComparison ?? [];
  const counts = useMemo(() => countsOption(rows, t), [rows, t]);
  const completion = useMemo(() => completionOption(rows, lang, t), [rows, lang, t]);
  return (
    <section id="rounds" class="panel" aria-labelledby="rounds-h">
      <div class="panel-head">
        <h2 id="rounds-h">{t.rounds.heading}</h2>
      </div>
      <AsOfNote supported={false} />
      <LoadState state={state}>
        <div class="chart-pair">
          <figure>
            <figcaption>{t.rounds.counts}</figcaption>
            <Chart option={counts} label={t.rounds.countsLabel} height={260} />
          </figure>
          <figure>
            <figcaption>{t.rounds.completion}</figcaption>
            <Chart option={completion} label={t.rounds.completionLabel} height={260} />
          </figure>
        </div>
        <p class="hint">{t.rounds.note}</p>
        <TableView caption={t.rounds.heading}>
          <thead>
            <tr>
              <th scope="col">{t.rounds.round}</th>
              <th scope="col">{t.rounds.declared}</th>
              <th scope="col">{t.rounds.catalogued}</th>
              <th scope="col">{t.rounds.reportedTasks}</th>
              <th scope="col">{t.rounds.reported}</th>
              <th scope="col">{t.rounds.computed}</th>
              <th scope="col">{t.rounds.source}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              const f = r.reportedCompletion;
              const evaluation = r.plan.evaluations.find((e) => e.completion && f && e.completion.value === f.value && e.completion.qualifier === f.qualifier);
              return (
                <tr key={r.plan.code} data-plan={r.plan.code}>
                  <th scope="row" title={titleIn(lang, r.plan)}>
                    {t.round(r.plan.round)} ({r.plan.periodStart}–{r.plan.periodEnd})
                  </th>
                  <td data-field="declaredTaskCount">{r.declaredTaskCount ?? '—'}</td>
                  <td data-field="catalogedTaskCount">{r.catalogedTaskCount}</td>
                  <td data-field="reportedTaskCount">{r.reportedTaskCount}</td>
                  <td data-field="reportedCompletion" data-qualifier={f?.qualifier}>
                    {f ? qualifiedWords(f.value, f.qualifier, lang, { percent: true }) : t.rounds.notReported}
                  </td>
                  <td data-field="computedCompletionRate">
                    {r.computedCompletionRate === null ? t.rounds.noRate : formatPercent(r.computedCompletionRate, lang)}
                  </td>
                  <td>
                    {f?.source?.url ? (
                      <a href={f.source.url} rel="noopener noreferrer" target="_blank">
                        {f.source.title}
                      </a>
                    ) : (
                      (f?.source?.title ?? '—')
                    )}
                    {evaluation?.sourceQuote && <q lang="zh">{evaluation.sourceQuote}</q>}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </TableView>
      </LoadState>
    </section>
  );
}
