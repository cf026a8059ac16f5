import { http, fetchAll } from './request'
import type { Schemas } from './schema'

export type Level = Schemas['RegionLevel']
export const LEVELS: Level[] = ['province', 'city', 'county', 'town', 'community', 'grid', 'unit', 'building']

export type Region = Schemas['Region']

export type PathItem = Schemas['RegionRef']

/** Geometry typed as the map library's GeoJSON (the schema says Polygon or MultiPolygon). */
export type RegionDetail = Omit<Schemas['RegionDetail'], 'geometry'> & { geometry: GeoJSON.Geometry | null }

export interface Page<T> {
  items: T[]
  next_cursor?: string | null
}

export type CoveragePiece = Omit<Schemas['CoveragePiece'], 'geometry'> & { geometry: GeoJSON.Geometry }

export type Coverage = Omit<Schemas['RegionCoverage'], 'gaps' | 'overlaps' | 'outside'> & {
  gaps: CoveragePiece[]
  overlaps: CoveragePiece[]
  outside: CoveragePiece[]
}

export type LocateAnswer = Schemas['GridLocation']

const enc = encodeURIComponent

export const listRoots = () => http.get<Page<Region>>('/regions')
export const getRegion = (code: string, silent = false) =>
  http.get<RegionDetail>(`/regions/${enc(code)}`, undefined, { silent })
export const listChildren = (code: string, cursor?: string, limit = 200) =>
  http.get<Page<Region>>(`/regions/${enc(code)}/children`, { cursor, limit })
export const listAllChildren = (code: string) => fetchAll<Region>((c) => listChildren(code, c))
export const getGeojson = (code: string) => http.get<GeoJSON.FeatureCollection>(`/regions/${enc(code)}/geojson`)
export const getCoverage = (code: string) => http.get<Coverage>(`/regions/${enc(code)}/coverage`)
export const locate = (lat: number, lng: number) =>
  http.get<LocateAnswer>('/locate', { lat, lng }, { silent: true })

/** What the maps draw around a place (GET /map/nearby): outlines and names, nothing about people. */
export interface MapProps {
  kind: 'community' | 'grid' | 'building'
  code?: string
  name: string
  /** the grid or community holding the point asked */
  here?: boolean
}
export type MapFeatures = GeoJSON.FeatureCollection<GeoJSON.Polygon | GeoJSON.MultiPolygon | GeoJSON.Point, MapProps>
export const nearby = (lat: number, lng: number, radius: number) =>
  http.get<MapFeatures>('/map/nearby', { lat: lat.toFixed(6), lng: lng.toFixed(6), radius: Math.round(radius) }, { silent: true })

export interface RegionCreate {
  code: string
  name: string
  level: Level
  parent_code: string
  geometry?: GeoJSON.Geometry
}
export const createRegion = (r: RegionCreate) => http.post<Region>('/regions', r, { silent: true })
export const updateRegion = (code: string, patch: { name?: string; geometry?: GeoJSON.Geometry }) =>
  http.patch<Region>(`/regions/${enc(code)}`, patch, { silent: true })
export const moveRegion = (code: string, parent_code: string) =>
  http.post<Region>(`/regions/${enc(code)}/move`, { parent_code })
export const deleteRegion = (code: string) => http.del<void>(`/regions/${enc(code)}`)
