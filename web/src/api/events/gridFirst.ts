// Grid first (网格优先, docs/EVENTS.md "Grid first"): a community's setting, its figures, the
// co-building units a whistle may summon, and the values of the 告知 step.
import { fetchAll, http } from '../request'
import type { Answer, Schemas } from '../schema'

const enc = encodeURIComponent

/** A community's setting: `version` 0 when it was never set (off). */
export type GridFirstSetting = Schemas['GridFirstSetting']
export type GridFirstStats = Answer<'/api/v1/grid-first-stats', 'get'>
export type GridFirstRow = GridFirstStats['totals']

/** The limits of PUT /grid-first/{code} (src/events/http_grid_first.cpp). */
export const GRID_HOURS = { min: 1, max: 72, default: 4 } as const

export const getGridFirst = (community: string) => http.get<GridFirstSetting>(`/grid-first/${enc(community)}`)

/**
 * Turn grid first on or off for a community. `version` is required once the setting exists
 * (stale -> 409 stale_version). Silent: the caller shows the error.
 */
export const saveGridFirst = (community: string, body: { enabled: boolean; grid_hours?: number; version?: number }) =>
  http.put<GridFirstSetting>(`/grid-first/${enc(community)}`, body, { silent: true })

/** The figures per grid under a node over a period of days (YYYY-MM-DD, `to` excluded). */
export const getGridFirstStats = (q: { region: string; from?: string; to?: string }) =>
  http.get<GridFirstStats>('/grid-first-stats', q)

/** A co-building unit (共建单位, the cobuild module's). */
export type CobuildUnit = Schemas['CobuildUnit']

/**
 * The active co-building units the caller reaches that serve a place (their node on the
 * place's line: a prefix of its code), nearest first. The server checks them again.
 */
export async function listServingUnits(placeCode: string): Promise<CobuildUnit[]> {
  const all = await fetchAll<CobuildUnit>(
    (cursor) => http.get<{ items: CobuildUnit[]; next_cursor: string | null }>('/cobuild-units', { status: 'active', limit: 100, cursor }),
    5,
  )
  return all
    .filter((u) => u.status === 'active' && placeCode.startsWith(u.region_code))
    .sort((a, b) => b.region_code.length - a.region_code.length || a.name.localeCompare(b.name))
}

/** How a reporter without an account was told the outcome (告知). */
export const INFORM_METHODS = ['phone', 'visit', 'sms', 'wechat', 'letter'] as const
export type InformMethod = (typeof INFORM_METHODS)[number]
