import type { LocationQuery } from 'vue-router'
import type { EventFilter } from '@/api/events'

/*
 * The events list's filters in its URL (the cockpit's and the statistics' drill-down, and
 * the way back to them): `tab`, the form's filters (q, category, level, source, sla,
 * region, from, to as days YYYY-MM-DD with `to` the day after the last) and the filters a
 * figure adds beyond its tab (status, overdue, supervised, department), shown apart and
 * removable.
 */

export interface FormFilter {
  q: string
  category: string
  level: string
  source: string
  sla: string
  region: string
}

/** What a figure asked beyond the tabs: states, overdue, supervised, departments (ids, comma-separated). */
export interface DrillFilter {
  status?: string
  overdue?: boolean
  supervised?: boolean
  department?: string
}

const str = (q: LocationQuery, k: string) => (typeof q[k] === 'string' ? (q[k] as string) : '')
const flag = (q: LocationQuery, k: string) => (str(q, k) === 'true' ? true : str(q, k) === 'false' ? false : undefined)
const isDay = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s)

export function formFromQuery(q: LocationQuery): FormFilter {
  return { q: str(q, 'q'), category: str(q, 'category'), level: str(q, 'level'), source: str(q, 'source'), sla: str(q, 'sla'), region: str(q, 'region') }
}

export function drillFromQuery(q: LocationQuery): DrillFilter {
  const d: DrillFilter = {}
  if (/^[a-z_]+(,[a-z_]+)*$/.test(str(q, 'status'))) d.status = str(q, 'status')
  const o = flag(q, 'overdue')
  if (o !== undefined) d.overdue = o
  const s = flag(q, 'supervised')
  if (s !== undefined) d.supervised = s
  if (/^\d+(,\d+)*$/.test(str(q, 'department'))) d.department = str(q, 'department')
  return d
}

/** The department ids of a drill's filter. */
export const drillDepartments = (d: DrillFilter) => (d.department ? d.department.split(',').map(Number) : [])

/** The date picker's inclusive days [first, last] of the URL's [from, to). */
export function rangeFromQuery(q: LocationQuery): [string, string] | null {
  const from = str(q, 'from')
  const to = str(q, 'to')
  if (!isDay(from) || !isDay(to) || to <= from) return null
  return [from, shiftDay(to, -1)]
}

export function shiftDay(day: string, n: number): string {
  const d = new Date(day + 'T00:00:00Z')
  d.setUTCDate(d.getUTCDate() + n)
  return d.toISOString().slice(0, 10)
}

/** The URL's query of the list's state (empty values left out). */
export function toQuery(tab: string, defaultTab: string, form: FormFilter, range: [string, string] | null, drill: DrillFilter): Record<string, string> {
  const out: Record<string, string> = {}
  if (tab !== defaultTab) out.tab = tab
  for (const [k, v] of Object.entries(form)) if (v.trim()) out[k] = v.trim()
  if (range?.[0] && range[1]) {
    out.from = range[0]
    out.to = shiftDay(range[1], 1)
  }
  if (drill.status) out.status = drill.status
  if (drill.overdue !== undefined) out.overdue = String(drill.overdue)
  if (drill.supervised !== undefined) out.supervised = String(drill.supervised)
  if (drill.department) out.department = drill.department
  return out
}

/** The drill's filters over a tab's (a figure's states replace the tab's). */
export function withDrill(f: EventFilter, drill: DrillFilter): EventFilter {
  const out = { ...f }
  if (drill.status) out.status = drill.status
  if (drill.overdue !== undefined) out.overdue = drill.overdue
  if (drill.supervised !== undefined) out.supervised = drill.supervised
  if (drill.department) out.department = drill.department
  return out
}

export const hasDrill = (d: DrillFilter) => !!d.status || d.overdue !== undefined || d.supervised !== undefined || !!d.department
