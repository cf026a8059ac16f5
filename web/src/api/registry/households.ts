import { http } from '../request'
import type { Page } from '../territory'
import type { Household, HouseholdCreate, HouseholdFile, HouseholdItem, HouseholdPatch, Person, Relation } from './types'

/* ---------- households ---------- */

export const listHouseholds = (f: { region?: string; building_id?: number | string }, cursor?: string, limit = 50) =>
  http.get<Page<HouseholdItem>>('/households', { ...f, cursor, limit })
export const getHousehold = (id: number | string) => http.get<HouseholdFile>(`/households/${id}`, undefined, { silent: true })
export const createHousehold = (h: HouseholdCreate) => http.post<Household>('/households', h, { silent: true })
export const updateHousehold = (id: number | string, patch: HouseholdPatch) =>
  http.patch<Household>(`/households/${id}`, patch, { silent: true })
export const moveIn = (id: number | string, body: { person_id: number; relation: Relation; moved_in_on?: string }) =>
  http.post<Person>(`/households/${id}/members`, body, { silent: true })
export const moveOut = (id: number | string, personId: number | string, body: { reason: string; moved_out_on?: string }) =>
  http.post<{ household_id: number; person_id: number; moved_out_on: string }>(
    `/households/${id}/members/${personId}/move-out`,
    body,
    { silent: true },
  )
