import type { RouteLocationRaw } from 'vue-router'
import { OPEN_STATUSES } from '@/api/events'

/*
 * The drill-down of the cockpit (驾驶舱): every number opens the records behind it, as a list
 * page with the filters in its URL (the events list, the disputes ledger, the visits), so
 * the browser's back returns to the cockpit with its node and period (kept in its own URL).
 * `to` is the day after the last, as the cockpit's and the lists' periods are.
 */

export interface Scope {
  region: string
  from: string
  to: string
}

/** What a figure of the events counts, as the events list's filters. */
export type EventDrill = 'reported' | 'closed' | 'overdue_open'

const OPEN = OPEN_STATUSES.join(',')

/** The events list (事件查询) with filters: the node and period, plus what the number counts. */
export function eventsLink(s: Scope, extra: Record<string, string> = {}): RouteLocationRaw {
  const query: Record<string, string> = { from: s.from, to: s.to, ...extra }
  if (s.region) query.region = s.region
  return { path: '/events/list', query }
}

/** The events behind a figure: every report, the closed ones, or those open and overdue. */
export function eventFigureLink(s: Scope, what: EventDrill): RouteLocationRaw {
  if (what === 'closed') return eventsLink(s, { status: 'closed' })
  if (what === 'overdue_open') return eventsLink(s, { status: OPEN, overdue: 'true' })
  return eventsLink(s)
}

/** A department's row: the events assigned to it in the node, created in the period. */
export function departmentLink(s: Scope, id: number): RouteLocationRaw {
  // the row counts the department's events in the node, and so does the list
  return { path: '/events/list', query: { department: String(id), region: s.region, from: s.from, to: s.to } }
}

/** The disputes ledger of the node: found in the period (all), settled, or still active. */
export function disputesLink(s: Scope, status: '' | 'settled' | 'active'): RouteLocationRaw {
  const query: Record<string, string> = {}
  if (s.region) query.region = s.region
  if (status) query.status = status
  // active disputes are those open now, whenever found; the others were found in the period
  if (status !== 'active') Object.assign(query, { from: s.from, to: s.to })
  return { path: '/disputes/dispute', query }
}

/** The visits: coverage per grid over the period, or the visits done there in the period (户次). */
export function visitsLink(s: Scope, tab: 'coverage' | 'done'): RouteLocationRaw {
  const query: Record<string, string> = { tab, from: s.from, to: s.to }
  if (s.region) query.region = s.region
  return { path: '/registry/visit', query }
}

/** The day after a YYYY-MM-DD day. */
export function nextDay(day: string): string {
  const d = new Date(day + 'T00:00:00Z')
  d.setUTCDate(d.getUTCDate() + 1)
  return d.toISOString().slice(0, 10)
}
