import { API_BASE, http, request } from './request'
import type { Page } from './territory'

/* ---------- types (the server's JSON, src/registry/*.cpp) ---------- */

export const RELATIONS = ['head', 'spouse', 'child', 'parent', 'grandparent', 'grandchild', 'sibling', 'tenant', 'other'] as const
export type Relation = (typeof RELATIONS)[number]
export const HOUSING_TYPES = ['owned', 'rented', 'public', 'other'] as const
export type HousingType = (typeof HOUSING_TYPES)[number]
export const RESIDENCE_TYPES = ['registered', 'permanent', 'floating'] as const
export type ResidenceType = (typeof RESIDENCE_TYPES)[number]
export const TAG_GROUPS = ['care', 'status', 'key'] as const
export type TagGroup = (typeof TAG_GROUPS)[number]
export type Gender = 'male' | 'female'

/** Limits the server checks (json::get_string / opt_string lengths in src/registry). */
export const REGISTRY_LIMITS = {
  personName: 50,
  phone: 20,
  note: 500,
  address: 200,
  room: 32,
  reason: 200,
  tagNote: 200,
  buildingName: 100,
  businessName: 100,
  businessKind: 32,
  floorsMax: 200,
}

/** The catalogue of tags a person may carry (GET /person-tags). */
export interface TagKind {
  code: string
  name_zh: string
  name_en: string
  group: TagGroup
}

/** A tag a person carries now (inside a person answer). */
export interface PersonTag {
  id: number
  tag: string
  name_zh: string
  name_en: string
  since: string
  note: string
}

/** A row of a person's tag history (ended ones too, oldest first). */
export interface TagHistoryItem {
  id: number
  tag: string
  since: string
  until: string | null
  note: string
}

/** A person as every answer shows them: ID number and phone masked (empty when not known). */
export interface Person {
  id: number
  name: string
  gender: Gender
  birth_date: string
  age: number
  id_number: string
  phone: string
  residence_type: ResidenceType
  floating_registered_on: string | null
  floating_expires_on: string | null
  household_id: number | null
  region_code: string
  note: string
  tags: PersonTag[]
  version: number
  created_at: string
  updated_at: string
}

export interface PersonDetail extends Person {
  tag_history: TagHistoryItem[]
}

export interface PersonFilter {
  region?: string
  q?: string
  tag?: string
  household_id?: number | string
  residence_type?: string
}

export interface PersonFields {
  name?: string
  id_number?: string
  gender?: Gender
  birth_date?: string
  phone?: string
  residence_type?: ResidenceType
  floating_registered_on?: string
  floating_expires_on?: string
  note?: string
}

export interface PersonCreate extends PersonFields {
  name: string
  /** into a household (with relation and moved_in_on) ... */
  household_id?: number
  relation?: Relation
  moved_in_on?: string
  /** ... or registered at a place (community, grid or unit) */
  region_code?: string
}

export interface Household {
  id: number
  region_code: string
  building_id: number | null
  address: string
  room: string
  housing_type: HousingType
  landlord_id: number | null
  head_id: number | null
  version: number
  created_at: string
  updated_at: string
}

/** A household row of the list: with the number of current members. */
export interface HouseholdItem extends Household {
  members: number
}

export interface Member {
  membership_id: number
  relation: Relation
  moved_in_on: string
  person: Person
}

export interface FormerMember extends Member {
  moved_out_on: string
  out_reason: string
}

/** The household file (一户一档). */
export interface HouseholdFile extends Household {
  members: Member[]
  former_members: FormerMember[]
  /** tag code → how many current members carry it */
  tags: Record<string, number>
  building?: { id: number; name: string; address: string; region_code: string }
  landlord?: Person
}

export interface HouseholdCreate {
  region_code?: string
  building_id?: number
  address: string
  room?: string
  housing_type: HousingType
  landlord_id?: number
}

export interface HouseholdPatch {
  address?: string
  room?: string
  housing_type?: HousingType
  landlord_id?: number | null
  head_id?: number | null
  version: number
}

export interface Building {
  id: number
  region_code: string
  name: string
  address: string
  floors: number | null
  lat: number | null
  lng: number | null
  /** how many households are in it (GET /buildings) */
  households: number
  version: number
}

export interface BuildingCreate {
  region_code: string
  name: string
  address?: string
  floors?: number
  lat?: number
  lng?: number
}

export interface Business {
  id: number
  name: string
  licence_no: string | null
  kind: string
  owner_id: number | null
  region_code: string
  building_id: number | null
  address: string
  version: number
}

export interface BusinessCreate {
  name: string
  licence_no?: string
  kind?: string
  owner_id?: number
  region_code: string
  building_id?: number
  address?: string
}

/* ---------- persons ---------- */

export const listPersons = (f: PersonFilter, cursor?: string, limit = 50) =>
  http.get<Page<Person>>('/persons', { ...f, cursor, limit })
export const getPerson = (id: number | string) => http.get<PersonDetail>(`/persons/${id}`, undefined, { silent: true })
export const createPerson = (p: PersonCreate) => http.post<Person>('/persons', p, { silent: true })
export const updatePerson = (id: number | string, patch: PersonFields & { version: number }) =>
  http.patch<Person>(`/persons/${id}`, patch, { silent: true })
/** The full ID number and phone, for a stated reason: the server records who asked and why. */
export const unmaskPerson = (id: number | string, reason: string) =>
  http.post<{ id: number; id_number: string | null; phone: string | null }>(`/persons/${id}/unmask`, { reason }, { silent: true })

/* ---------- tags ---------- */

let tagCache: Promise<TagKind[]> | null = null
export function listTagKinds(): Promise<TagKind[]> {
  if (!tagCache) {
    tagCache = http
      .get<{ items: TagKind[] }>('/person-tags')
      .then((r) => r.items || [])
      .catch((e) => {
        tagCache = null
        throw e
      })
  }
  return tagCache
}
export const addTag = (personId: number | string, body: { tag: string; since?: string; note?: string }) =>
  http.post<TagHistoryItem & { person_id: number }>(`/persons/${personId}/tags`, body, { silent: true })
export const endTag = (personId: number | string, tagId: number | string, until?: string) =>
  http.post<TagHistoryItem & { person_id: number }>(`/persons/${personId}/tags/${tagId}/end`, until ? { until } : {}, { silent: true })

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

/* ---------- checks mirrored from the server (it checks again) ---------- */

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const ID_CHECKS = '10X98765432'

/** The shape of an 18-character ID number (17 digits and a digit or X); the server checks the rest. */
export function idNumberShape(s: string): boolean {
  return /^\d{17}[\dXx]$/.test(s)
}

/**
 * What an ID number says (GB 11643): birth date and gender, when its check character is
 * right; null otherwise. Used to fill the form, never to refuse it: the server decides.
 */
export function parseIdNumber(s: string): { birth_date: string; gender: Gender } | null {
  const id = s.trim().toUpperCase()
  if (!idNumberShape(id)) return null
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(id[i]) * ID_WEIGHTS[i]
  if (ID_CHECKS[sum % 11] !== id[17]) return null
  const birth = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`
  const d = new Date(birth + 'T00:00:00Z')
  if (isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== birth) return null
  return { birth_date: birth, gender: Number(id[16]) % 2 === 1 ? 'male' : 'female' }
}

/** An 11-digit mobile (1[3-9]…) or a landline with an area code, as the server accepts. */
export function phoneShape(s: string): boolean {
  return /^1[3-9]\d{9}$/.test(s) || /^0\d{2,3}-?\d{7,8}$/.test(s)
}

/** Today's date (YYYY-MM-DD) on this device. */
export function today(): string {
  const d = new Date()
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
}

/* ---------- household visits (入户走访, src/registry/visits.cpp) ---------- */

export const VISIT_STATUSES = ['planned', 'done', 'cancelled'] as const
export type VisitStatus = (typeof VISIT_STATUSES)[number]

/** Limits the server checks (visits.cpp). */
export const VISIT_LIMITS = { findings: 2000, purpose: 200, photos: 9, eventDescription: 5000, eventResult: 2000 }

export interface Visit {
  id: number
  household_id: number
  region_code: string
  status: VisitStatus
  planned_on: string | null
  visited_at: string | null
  visitor_id: number | null
  visitor_name: string
  purpose: string
  findings: string
  photos: string[]
  lat: number | null
  lng: number | null
  /** the event raised from this visit, if any */
  event_id: number | null
  version: number
}

/** A household of the worklist: not visited for N days (null: never). */
export interface UnvisitedHousehold extends Household {
  last_visited_at: string | null
}

export interface VisitCoverage {
  region: { code: string; name: string }
  from: string
  to: string
  households: number
  visited: number
  rate: number
  grids: { code: string; name: string; households: number; visited: number; rate: number }[]
}

/** An event raised from a recorded visit, in the same step. */
export interface RaiseEvent {
  category: string
  description: string
  self_handled?: boolean
  result?: string
}

/** What a visit records: findings, when, photos (attachment hashes), where; optionally an event. */
export interface VisitRecord {
  findings: string
  purpose?: string
  visited_at?: string
  photos?: string[]
  lat?: number
  lng?: number
  raise_event?: RaiseEvent
}

export interface VisitFilter {
  household_id?: number | string
  region?: string
  status?: VisitStatus | ''
}

export const listVisits = (f: VisitFilter, cursor?: string, limit = 50) =>
  http.get<Page<Visit>>('/visits', { ...f, cursor, limit })
export const visitWorklist = (f: { region?: string; days?: number }, cursor?: string, limit = 50) =>
  http.get<Page<UnvisitedHousehold>>('/visits/worklist', { ...f, cursor, limit })
export const visitCoverage = (q: { region: string; from?: string; to?: string }) =>
  http.get<VisitCoverage>('/visits/coverage', q, { silent: true })
/** Plan a visit for a day. */
export const planVisit = (body: { household_id: number; planned_on: string; purpose?: string }) =>
  http.post<Visit>('/visits', body, { silent: true })
/** Record a visit done now (raising an event from it when asked). */
export const recordVisit = (body: VisitRecord & { household_id: number }) => http.post<Visit>('/visits', body, { silent: true })
/** Record a planned visit as done. */
export const completeVisit = (id: number | string, body: VisitRecord & { version: number }) =>
  http.post<Visit>(`/visits/${id}/complete`, body, { silent: true })
export const cancelVisit = (id: number | string, version: number) => http.post<Visit>(`/visits/${id}/cancel`, { version }, { silent: true })

/* ---------- CSV import of persons, households, buildings, businesses (src/registry/import.cpp) ---------- */

/** What a CSV file may hold, and the write permission each needs. */
export const IMPORT_KINDS = {
  persons: 'registry:person:write',
  households: 'registry:household:write',
  buildings: 'registry:building:write',
  businesses: 'registry:business:write',
} as const
export type ImportKind = keyof typeof IMPORT_KINDS
export const IMPORT_ENCODINGS = ['auto', 'utf-8', 'gbk'] as const
export type ImportEncoding = (typeof IMPORT_ENCODINGS)[number]
/** queued → checking → (rejected | checked for a dry run | applying → done) */
export type ImportStatus = 'queued' | 'checking' | 'checked' | 'rejected' | 'applying' | 'done'
export const IMPORT_FINISHED: ImportStatus[] = ['checked', 'rejected', 'done']

export interface ImportRowError {
  line: number
  column: string
  message_en: string
  message_zh: string
}

export interface ImportJob {
  id: number
  kind: string
  status: ImportStatus
  dry_run: boolean
  filename: string
  encoding: string
  rows: number
  rows_done: number
  inserted: number
  updated: number
  unchanged: number
  error_count: number
  message: string
  created_at: string
  finished_at: string | null
  /** the first 100 (only in GET /registry/imports/{id}) */
  errors?: ImportRowError[]
}

/** Send a CSV file's bytes as they are; the server answers 202 with the job (or 422 at once). */
export const startImport = (file: Blob, q: { kind: ImportKind; dry_run: boolean; encoding: ImportEncoding; filename?: string }) =>
  request<ImportJob>('POST', '/registry/imports', {
    raw: file,
    silent: true,
    query: { kind: q.kind, dry_run: q.dry_run ? 'true' : 'false', encoding: q.encoding, filename: q.filename },
    headers: { 'Content-Type': 'text/csv' },
  })
export const listImports = () => http.get<{ items: ImportJob[] }>('/registry/imports').then((r) => r.items || [])
export const getImport = (id: number | string) => http.get<ImportJob>(`/registry/imports/${id}`, undefined, { silent: true })
export const importErrorsUrl = (id: number | string) => `${API_BASE}/registry/imports/${id}/errors.csv`
