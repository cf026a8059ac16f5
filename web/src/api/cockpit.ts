// The leaders' cockpit (驾驶舱, src/cockpit) and the spike warnings it lists (事件激增预警,
// src/events/spikes*.cpp).
import { http } from './request'
import type { Schemas } from './schema'

const enc = encodeURIComponent

/** GET /cockpit: every figure of a node over a period, with the previous period's. */
export type Cockpit = Schemas['Cockpit']
export type CockpitFigures = Schemas['CockpitFigures']
export type CockpitTrendMonth = Cockpit['trend'][number]
export type CockpitHotspot = Cockpit['hotspots'][number]
export type CockpitCategory = Cockpit['categories'][number]
export type CockpitDepartment = Cockpit['departments'][number]
export type CockpitVisits = Cockpit['visits']
export type CockpitDisputes = Cockpit['disputes']

/** A spike warning: a grid's events of one top-level category rose beyond its own baseline. */
export type EventSpike = Schemas['EventSpike']

/**
 * The cockpit of `region` (absent: the caller's first statistics root) over days
 * [from, to) (YYYY-MM-DD; absent: this year so far). Silent: the page shows the error.
 */
export const getCockpit = (q: { region?: string; from?: string; to?: string }) =>
  http.get<Cockpit>('/cockpit', q, { silent: true })

/** Spike warnings under a node, newest first (open ones by default on the cockpit). */
export const listSpikes = (q: { region?: string; status?: 'open' | 'acknowledged'; from?: string; limit?: number }) =>
  http.get<{ items: EventSpike[]; next_cursor: string | null }>('/events/spikes', q, { silent: true })

/** A leader acknowledges a spike (seen, with a note). Silent: the caller shows the error. */
export const acknowledgeSpike = (id: number, note?: string) =>
  http.post<EventSpike>(`/events/spikes/${enc(String(id))}/acknowledge`, note ? { note } : {}, { silent: true })
