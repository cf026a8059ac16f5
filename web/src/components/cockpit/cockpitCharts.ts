import type { ChartOption } from '@/components/events/EChart.vue'
import type { CockpitTrendMonth } from '@/api/cockpit'

/* The cockpit's charts (dark): the twelve months' trend (the departments are DepartmentsPanel.vue). */

const TEXT = '#c9d6e8'
const LINE = 'rgba(201, 214, 232, 0.15)'
const pct = (x: number) => Math.round(x * 1000) / 10
// a rate's tooltip value with its unit
const percentTip = { valueFormatter: (v: unknown) => (typeof v === 'number' ? v + '%' : String(v ?? '-')) }

interface Names {
  reported: string
  closed: string
  closureRate: string
  onTimeRate: string
  satisfactionRate: string
}

/** Reported and closed per month (bars, left axis) and the rates (lines, right axis, %). */
export function trendOption(months: CockpitTrendMonth[], n: Names): ChartOption {
  return {
    color: ['#4dabf7', '#40c057', '#fab005', '#ff8787', '#b197fc'],
    tooltip: { trigger: 'axis' },
    legend: { top: 0, textStyle: { color: TEXT, fontSize: 12 }, itemWidth: 12, itemHeight: 8 },
    grid: { left: 8, right: 8, top: 34, bottom: 4, containLabel: true },
    xAxis: {
      type: 'category',
      data: months.map((m) => m.month.slice(2)),
      axisLabel: { color: TEXT },
      axisLine: { lineStyle: { color: LINE } },
    },
    yAxis: [
      { type: 'value', minInterval: 1, axisLabel: { color: TEXT }, splitLine: { lineStyle: { color: LINE } } },
      { type: 'value', min: 0, max: 100, axisLabel: { color: TEXT, formatter: '{value}%' }, splitLine: { show: false } },
    ],
    series: [
      { type: 'bar', name: n.reported, data: months.map((m) => m.reported), barMaxWidth: 18 },
      { type: 'bar', name: n.closed, data: months.map((m) => m.closed), barMaxWidth: 18 },
      { type: 'line', name: n.closureRate, yAxisIndex: 1, data: months.map((m) => pct(m.closure_rate)), smooth: true, symbolSize: 7, tooltip: percentTip },
      { type: 'line', name: n.onTimeRate, yAxisIndex: 1, data: months.map((m) => pct(m.on_time_rate)), smooth: true, symbolSize: 7, tooltip: percentTip },
      { type: 'line', name: n.satisfactionRate, yAxisIndex: 1, data: months.map((m) => pct(m.satisfaction_rate)), smooth: true, symbolSize: 7, tooltip: percentTip },
    ],
  }
}
