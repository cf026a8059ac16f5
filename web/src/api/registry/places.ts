import { http } from '../request'
import type { Building, BuildingCreate, Business, BusinessCreate } from './types'

/* ---------- buildings and businesses (no cursor: up to `limit` rows) ---------- */

export const PLACE_LIST_LIMIT = 1000
export const listBuildings = (region?: string, limit = PLACE_LIST_LIMIT) =>
  http.get<{ items: Building[] }>('/buildings', { region, limit }).then((r) => r.items || [])
/** The answer names the new building (id, region_code, name, address, version), not all its fields. */
export const createBuilding = (b: BuildingCreate) =>
  http.post<Pick<Building, 'id' | 'region_code' | 'name' | 'address' | 'version'>>('/buildings', b, { silent: true })
export const listBusinesses = (region?: string, limit = PLACE_LIST_LIMIT) =>
  http.get<{ items: Business[] }>('/businesses', { region, limit }).then((r) => r.items || [])
/** The answer is only {id, name, region_code}. */
export const createBusiness = (b: BusinessCreate) =>
  http.post<Pick<Business, 'id' | 'name' | 'region_code'>>('/businesses', b, { silent: true })
