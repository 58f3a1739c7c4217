// The plan (or one area) at the end of each month or quarter, from the plan's first year to the "as of" day (or today):
// counts by status and the computed completion rate.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { Chart, COLORS, TableView, timeSpan, type ChartOption } from '../chart';
import { formatPercent, nameIn, type Lang } from '../format';
import type { Strings } from '../i18n';
import { trendDocument, type TrendInterval, type TrendPoint } from '../queries';
import { AsOfNote, LoadState, useDashboard, useQuery } from '../state';

function trendOption(points: TrendPoint[], lang: Lang, t: Strings): ChartOption {
  const line = (name: string, color: string, field: keyof TrendPoint) => ({
    type: 'line',
    name,
    symbolSize: 5,
    lineStyle: { color, width: 2 },
    itemStyle: { color },
    data: points.map((p) => [p.asOf, p[field]]),
  });
  return {
    legend: { top: 0, type: 'scroll' },
    grid: { left: 8, right: 8, top: 40, bottom: 8, containLabel: true },
    xAxis: { type: 'time', ...(points.length < 3 ? timeSpan(points.map((p) => p.asOf)) : {}), axisLabel: { hideOverlap: true, formatter: '{yyyy}-{MM}' } },
    yAxis: [
      { type: 'value', minInterval: 1, name: t.trend.tasks },
      {
        type: 'value',
        min: 0,
        max: 1,
        name: t.trend.rate,
        nameTextStyle: { align: 'right' },
        splitLine: { show: false },
        axisLabel: { formatter: (v: number) => formatPercent(v, lang) },
      },
    ],
    tooltip: { trigger: 'axis', renderMode: 'richText', confine: true },
    series: [
      line(t.trend.tasks, COLORS.declared, 'taskCount'),
      line(t.trend.completed, COLORS.completed, 'completed'),
      line(t.trend.inProgress, COLORS.inProgress, 'inProgress'),
      line(t.trend.notReported, COLORS.notReported, 'notReported'),
      line(t.trend.overdue, COLORS.overdue, 'overdue'),
      { ...line(t.trend.rate, COLORS.suspended, 'completionRate'), yAxisIndex: 1, lineStyle: { color: COLORS.suspended, width: 2, type: 'dashed' } },
    ],
  };
}

export function TrendPanel() {
  const { t, lang, plan, asOf, today } = useDashboard();
  const [interval, setStep] = useState<TrendInterval>('QUARTER');
  const [areaCode, setAreaCode] = useState('');
  // The server may know the plan only from a later day than its first year (the day it was catalogued here) and
  // refuse an earlier `from`, naming that day: the trend then starts there.
  const [trackedFrom, setTrackedFrom] = useState<{ plan: string; day: string } | null>(null);
  const periodFrom = `${plan.periodStart}-01-01`;
  const from = trackedFrom?.plan === plan.code && trackedFrom.day > periodFrom ? trackedFrom.day : periodFrom;
  const to = asOf ?? today;
  const startsLater = from > to;
  const state = useQuery<{ progressTrend: TrendPoint[] }>(startsLater ? null : trendDocument(interval), {
    planCode: plan.code,
    from,
    to,
    areaCode: areaCode || null,
  });
  useEffect(() => {
    const e = state.error;
    const day = e?.code === 'BAD_USER_INPUT' && e.field === 'from' ? /\((\d{4}-\d{2}-\d{2})\)/.exec(e.message)?.[1] : undefined;
    if (day && day > from) setTrackedFrom({ plan: plan.code, day });
  }, [state.error]);
  const points = state.data?.progressTrend ?? [];
  const option = useMemo(() => trendOption(points, lang, t), [points, lang, t]);
  const planName = lang === 'en' && plan.titleEn ? plan.titleEn : plan.title;
  return (
    <section id="trend" class="panel" aria-labelledby="trend-h">
      <div class="panel-head">
        <h2 id="trend-h">{t.trend.heading}</h2>
        <div class="controls">
          <label>
            {t.trend.interval}{' '}
            <select value={interval} onChange={(e) => setStep((e.currentTarget as HTMLSelectElement).value as TrendInterval)}>
              <option value="MONTH">{t.trend.month}</option>
              <option value="QUARTER">{t.trend.quarter}</option>
            </select>
          </label>
          <label>
            {t.trend.area}{' '}
            <select value={areaCode} onChange={(e) => setAreaCode((e.currentTarget as HTMLSelectElement).value)}>
              <option value="">{t.trend.allAreas}</option>
              {plan.areas.map((a) => (
                <option key={a.code} value={a.code}>{`${a.code} ${nameIn(lang, a)}`}</option>
              ))}
            </select>
          </label>
        </div>
      </div>
      <AsOfNote supported={true} />
      {from !== periodFrom && (
        <p class="hint" data-from={from}>
          {t.trend.trackedFrom(from)}
        </p>
      )}
      {startsLater ? (
        <p class="hint">{t.trend.notStarted}</p>
      ) : (
        <LoadState state={state}>
          <Chart option={option} label={t.trend.chartLabel(planName)} height={280} />
          <TableView caption={t.trend.chartLabel(planName)}>
            <thead>
              <tr>
                <th scope="col">{t.trend.asOf}</th>
                <th scope="col">{t.trend.tasks}</th>
                <th scope="col">{t.trend.completed}</th>
                <th scope="col">{t.trend.inProgress}</th>
                <th scope="col">{t.trend.notReported}</th>
                <th scope="col">{t.trend.overdue}</th>
                <th scope="col">{t.trend.rate}</th>
              </tr>
            </thead>
            <tbody>
              {points.map((p) => (
                <tr key={p.asOf} data-asof={p.asOf}>
                  <th scope="row">{p.asOf}</th>
                  <td data-field="taskCount">{p.taskCount}</td>
                  <td data-field="completed">{p.completed}</td>
                  <td data-field="inProgress">{p.inProgress}</td>
                  <td data-field="notReported">{p.notReported}</td>
                  <td data-field="overdue">{p.overdue}</td>
                  <td data-field="completionRate">{formatPercent(p.completionRate, lang)}</td>
                </tr>
              ))}
            </tbody>
          </TableView>
        </LoadState>
      )}
    </section>
  );
}
