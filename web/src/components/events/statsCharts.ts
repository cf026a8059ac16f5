import type { ChartOption } from './EChart.vue'

/* The chart options the statistics pages (events, disputes) share. */

export const CHART_COLORS = ['#1f6feb', '#2f9e44', '#f59f00', '#e03131', '#7048e8', '#0b7285', '#e8590c', '#5c7cfa', '#868e96', '#12b886']

/** The non-zero counts of a `by_…` breakdown. */
export const entries = (o: Record<string, number> | undefined) => Object.entries(o || {}).filter(([, v]) => v > 0)

/**
 * A ring: counts on the ring (not on slivers), names in the legend, shares in the tooltip.
 * The legend shows every name whole, wrapping onto more lines (no paging, no cut names);
 * chartHeight() gives the chart the room its legend needs.
 */
export function pieOption(data: { name: string; value: number }[]): ChartOption {
  const lines = legendLines(data)
  const legendPx = lines * LEGEND_LINE
  return {
    color: CHART_COLORS,
    tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
    legend: { type: 'plain', bottom: 4, left: 'center', itemWidth: 12, itemHeight: 10, itemGap: 10, textStyle: { fontSize: 12 } },
    series: [
      {
        type: 'pie',
        radius: ['36%', '68%'],
        center: ['50%', '50%'],
        bottom: legendPx + 8, // the ring's box ends above the legend
        data,
        label: {
          position: 'inside',
          formatter: (p: { value?: unknown; percent?: number }) => ((p.percent ?? 0) >= 6 ? String(p.value) : ''),
          color: '#fff',
          fontWeight: 'bold',
        },
        labelLine: { show: false },
      },
    ],
  }
}

const LEGEND_LINE = 22
const PIE_BODY = 240
// a narrow chart's width (a phone's card) for the legend's lines; wider screens wrap less
const LEGEND_WIDTH = 330

/** How many lines the legend of these names takes (each: a mark, the name at ~12 px a glyph). */
function legendLines(data: { name: string }[]): number {
  let lines = 1
  let used = 0
  for (const d of data) {
    const w = 12 + 5 + [...d.name].reduce((n, ch) => n + (ch.charCodeAt(0) > 0x2e80 ? 12 : 7), 0) + 10
    if (used && used + w > LEGEND_WIDTH) {
      lines++
      used = 0
    }
    used += w
  }
  return data.length ? lines : 0
}

/** The height a chart needs: a ring, its ring and every line of its legend; others 300 px. */
export function chartHeight(option: ChartOption): number {
  const series = (option as { series?: { type?: string; data?: { name: string }[] }[] }).series
  const pie = series?.find((x) => x.type === 'pie')
  return pie ? PIE_BODY + legendLines(pie.data || []) * LEGEND_LINE + 12 : 300
}

/** Columns of counts by name (types, categories), the names slanted when there are many. */
export function barOption(rows: { name: string; value: number }[], seriesName: string): ChartOption {
  return {
    color: CHART_COLORS,
    tooltip: { trigger: 'axis' },
    grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: rows.map((r) => r.name), axisLabel: { interval: 0, rotate: rows.length > 5 ? 30 : 0 } },
    yAxis: { type: 'value', minInterval: 1 },
    series: [{ type: 'bar', data: rows.map((r) => r.value), barMaxWidth: 36, name: seriesName }],
  }
}

/** Two bars a child node (e.g. total and closed), one row each; `tip(i)` is row i's tooltip. */
export function childBarsOption(
  names: string[],
  bars: [{ name: string; data: number[] }, { name: string; data: number[] }],
  tip: (i: number) => string,
): ChartOption {
  return {
    color: ['#1f6feb', '#2f9e44'],
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (params: any) => tip(Array.isArray(params) ? params[0].dataIndex : params.dataIndex),
    },
    legend: { bottom: 0 },
    grid: { left: 8, right: 24, top: 10, bottom: 30, containLabel: true },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: names, inverse: true },
    series: bars.map((b) => ({ type: 'bar' as const, name: b.name, data: b.data, barMaxWidth: 14 })),
  }
}
