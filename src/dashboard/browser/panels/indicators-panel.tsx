// One small chart per indicator of the plan (their units differ): a line through the readings, each point drawn by its
// qualifier (filled for a stated figure, an open triangle for OVER / AT_LEAST and AT_MOST, an open diamond and "~"
// for ABOUT), the targets as squares, and each point linked to its source and quote (select it, or its table row).
import { useMemo, useState } from 'preact/hooks';
import { Chart, COLORS, TableView, timeSpan, type ChartOption } from '../chart';
import { formatNumber, isLowerBound, isUpperBound, nameIn, qualifiedSymbol, qualifiedWords, type Lang } from '../format';
import type { Strings } from '../i18n';
import { INDICATORS, type IndicatorSeries, type Reading } from '../queries';
import { AsOfNote, LoadState, useDashboard, useQuery } from '../state';

/** How a reading is drawn: its qualifier decides the marker. */
function marker(r: Reading, color: string) {
  const open = { color: '#ffffff', borderColor: color, borderWidth: 2 };
  if (isLowerBound(r.qualifier)) return { symbol: 'triangle', symbolRotate: 0, symbolSize: 13, itemStyle: open };
  if (isUpperBound(r.qualifier)) return { symbol: 'triangle', symbolRotate: 180, symbolSize: 13, itemStyle: open };
  if (r.qualifier === 'ABOUT') return { symbol: 'diamond', symbolRotate: 0, symbolSize: 13, itemStyle: open };
  return { symbol: 'circle', symbolRotate: 0, symbolSize: 8, itemStyle: { color } };
}

function seriesOption(ind: IndicatorSeries, readings: Reading[], lang: Lang, t: Strings): ChartOption {
  const point = (r: Reading, color: string) => ({
    value: [r.asOf, r.value],
    readingId: r.id,
    ...marker(r, color),
    label: {
      // A stated figure needs no label on the line; a bound or an approximation always says so.
      show: r.qualifier !== 'EXACT' || r.kind !== 'ACTUAL',
      position: 'top',
      fontSize: 11,
      color: r.kind === 'TARGET' ? '#7d4e00' : '#1f2328',
      formatter: qualifiedSymbol(r.value, r.qualifier, lang),
    },
  });
  const tooltip = {
    formatter: (p: { data: { readingId: string } }) => {
      const r = [...readings, ...ind.targets, ...(ind.baseline ? [ind.baseline] : [])].find((x) => x.id === p.data.readingId);
      return r ? `${r.asOf}  ${t.indicators.kinds[r.kind]}: ${qualifiedWords(r.value, r.qualifier, lang, { unit: ind.unit })}` : '';
    },
  };
  const targetStyle = { color: COLORS.target };
  return {
    grid: { left: 8, right: 24, top: 28, bottom: 8, containLabel: true },
    xAxis: {
      type: 'time',
      ...timeSpan([...readings, ...ind.targets, ...(ind.baseline ? [ind.baseline] : [])].map((r) => r.asOf)),
      axisLabel: { hideOverlap: true, formatter: '{yyyy}-{MM}' },
    },
    yAxis: { type: 'value', scale: true, name: ind.unit, nameTextStyle: { align: 'left' }, axisLabel: { formatter: (v: number) => formatNumber(v, lang) } },
    tooltip: { trigger: 'item', renderMode: 'richText', confine: true },
    labelLayout: { hideOverlap: true },
    series: [
      {
        type: 'line',
        name: t.indicators.kinds.ACTUAL,
        lineStyle: { color: COLORS.line, width: 2 },
        itemStyle: { color: COLORS.line },
        data: readings.map((r) => point(r, COLORS.line)),
        tooltip,
      },
      {
        type: 'scatter',
        name: t.indicators.kinds.TARGET,
        itemStyle: targetStyle,
        data: ind.targets.map((r) => ({
          ...point(r, COLORS.target),
          symbol: 'rect',
          symbolSize: 12,
          itemStyle: r.qualifier === 'EXACT' ? targetStyle : { color: '#ffffff', borderColor: COLORS.target, borderWidth: 2 },
        })),
        tooltip,
      },
      {
        type: 'scatter',
        name: t.indicators.kinds.BASELINE,
        itemStyle: { color: COLORS.notStarted },
        data: ind.baseline ? [{ ...point(ind.baseline, COLORS.notStarted), symbol: 'roundRect' }] : [],
        tooltip,
      },
    ],
  };
}

function SourceOf({ r }: { r: Reading }) {
  const { t } = useDashboard();
  if (!r.source) return <span>{t.indicators.noSource}</span>;
  const label = [r.source.publisher, r.source.title].filter(Boolean).join(' · ');
  return r.source.url ? (
    <a href={r.source.url} rel="noopener noreferrer" target="_blank">
      {label}
    </a>
  ) : (
    <span>{label}</span>
  );
}

function IndicatorCard({ ind }: { ind: IndicatorSeries }) {
  const { t, lang, asOf } = useDashboard();
  const [selected, setSelected] = useState<string | null>(null);
  const readings = asOf ? ind.readings.filter((r) => r.asOf <= asOf) : ind.readings;
  const hidden = ind.readings.length - readings.length;
  const option = useMemo(() => seriesOption(ind, readings, lang, t), [ind, asOf, lang, t]);
  const all = [...(ind.baseline ? [ind.baseline] : []), ...readings, ...ind.targets];
  const chosen = all.find((r) => r.id === selected);
  const name = nameIn(lang, ind);
  return (
    <article class="indicator" data-indicator={ind.code} aria-labelledby={`ind-${ind.code}`}>
      <h3 id={`ind-${ind.code}`}>
        {name} <span class="unit">({ind.unit})</span>
        {ind.hasConflicts && <span class="badge">{t.indicators.conflicts}</span>}
      </h3>
      <Chart
        option={option}
        label={t.indicators.chartLabel(name, ind.unit)}
        height={210}
        onPick={(d) => setSelected((d as { readingId?: string })?.readingId ?? null)}
      />
      {hidden > 0 && <p class="hint">{t.indicators.asOfHidden(hidden)}</p>}
      <div class="reading-detail" aria-live="polite">
        {chosen ? (
          <>
            <strong>{t.indicators.selected}:</strong> {chosen.asOf} · {t.indicators.kinds[chosen.kind]} ·{' '}
            {qualifiedWords(chosen.value, chosen.qualifier, lang, { unit: ind.unit })} · <SourceOf r={chosen} />
            {chosen.sourceQuote && <blockquote lang="zh">{chosen.sourceQuote}</blockquote>}
          </>
        ) : (
          <span class="hint">{t.indicators.pick}</span>
        )}
      </div>
      <TableView caption={`${name} (${ind.unit})`}>
        <thead>
          <tr>
            <th scope="col">{t.indicators.date}</th>
            <th scope="col">{t.indicators.kind}</th>
            <th scope="col">{t.indicators.figure}</th>
            <th scope="col">{t.indicators.source}</th>
            <th scope="col">{t.indicators.quote}</th>
          </tr>
        </thead>
        <tbody>
          {all.map((r) => (
            <tr key={r.id} data-reading={r.id} data-qualifier={r.qualifier} class={r.id === selected ? 'selected' : undefined}>
              <th scope="row">
                <button type="button" class="link" onClick={() => setSelected(r.id)}>
                  {r.asOf}
                </button>
              </th>
              <td>{t.indicators.kinds[r.kind]}</td>
              <td data-field="figure">{qualifiedWords(r.value, r.qualifier, lang, { unit: ind.unit })}</td>
              <td>
                <SourceOf r={r} />
              </td>
              <td lang="zh">{r.sourceQuote ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </TableView>
    </article>
  );
}

export function IndicatorsPanel() {
  const { t, plan } = useDashboard();
  const state = useQuery<{ plan: { indicators: IndicatorSeries[] } | null }>(INDICATORS, { planCode: plan.code });
  const indicators = (state.data?.plan?.indicators ?? []).filter((i) => i.readings.length + i.targets.length + (i.baseline ? 1 : 0) > 0);
  return (
    <section id="indicators" class="panel wide" aria-labelledby="indicators-h">
      <div class="panel-head">
        <h2 id="indicators-h">{t.indicators.heading}</h2>
      </div>
      <AsOfNote supported={true} />
      <LoadState state={state}>
        <p class="legend-key">{t.indicators.key}</p>
        {indicators.length === 0 ? <p class="hint">{t.indicators.empty}</p> : null}
        <div class="indicator-grid">
          {indicators.map((ind) => (
            <IndicatorCard key={ind.code} ind={ind} />
          ))}
        </div>
      </LoadState>
    </section>
  );
}
