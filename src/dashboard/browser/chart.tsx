// ECharts, tree-shaken to the charts and components the page draws, rendered as SVG. No animation (it would need an
// inline <style>, which the page's content security policy refuses, and it helps nobody read a figure), tooltips drawn
// inside the SVG (ECharts' HTML tooltips carry inline style attributes), and the aria component describes each chart.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import * as echarts from 'echarts/core';
import { BarChart, LineChart, ScatterChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import { useDashboard } from './state';

echarts.use([BarChart, LineChart, ScatterChart, AriaComponent, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent, SVGRenderer]);

export type ChartOption = echarts.EChartsCoreOption;

/** Colours with at least 3:1 contrast against white (non-text contrast), told apart by more than hue where it matters. */
export const COLORS = {
  completed: '#1a7f37',
  inProgress: '#0969da',
  notStarted: '#57606a',
  delayed: '#bc4c00',
  suspended: '#8250df',
  notReported: '#848d97',
  overdue: '#cf222e',
  declared: '#1f2328',
  target: '#9a6700',
  line: '#0969da',
};

const TEXT = { color: '#1f2328', fontFamily: 'system-ui, -apple-system, "Segoe UI", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif' };

const DAY = 86_400_000;

/** A time axis spanning the dates (YYYY-MM-DD) and at least a year, so a lone point does not sit on an axis of hours. */
export function timeSpan(dates: string[]): { min?: number; max?: number } {
  if (dates.length === 0) return {};
  const times = dates.map((d) => Date.parse(d));
  const lo = Math.min(...times);
  const hi = Math.max(...times);
  const pad = Math.max(60 * DAY, (365 * DAY - (hi - lo)) / 2);
  return { min: lo - pad, max: hi + pad };
}

/**
 * One chart: drawn when `option` changes, resized with its box, re-created when the language changes (ECharts'
 * own words). `label` is what a screen reader hears; the figures themselves are in the panel's table.
 */
export function Chart({ option, label, height, onPick }: { option: ChartOption; label: string; height: number; onPick?: (data: unknown) => void }) {
  const { lang } = useDashboard();
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const pick = useRef(onPick);
  pick.current = onPick;

  useEffect(() => {
    const el = box.current!;
    const c = echarts.init(el, null, { renderer: 'svg', locale: lang === 'zh' ? 'ZH' : 'EN' });
    chart.current = c;
    c.on('click', (params) => pick.current?.(params.data));
    const resize = new ResizeObserver(() => c.resize());
    resize.observe(el);
    return () => {
      resize.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, [lang]);

  useEffect(() => {
    chart.current?.setOption(
      {
        animation: false,
        textStyle: TEXT,
        aria: { enabled: true, label: { description: label } },
        tooltip: { renderMode: 'richText', confine: true },
        ...option,
      },
      { notMerge: true },
    );
  }, [option, label, lang]);

  return <div class="chart" ref={box} style={{ height: `${height}px` }} />;
}

/** A chart's figures as a table, folded under a <details> (the chart's accessible and printable view). */
export function TableView({ caption, children }: { caption: string; children: ComponentChildren }) {
  const { t } = useDashboard();
  return (
    <details class="table-view">
      <summary>{t.showTable}</summary>
      <div class="table-scroll">
        <table>
          <caption>{caption}</caption>
          {children}
        </table>
      </div>
    </details>
  );
}
