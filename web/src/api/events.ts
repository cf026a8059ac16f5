import { http, request, fetchBlob } from './request'
import type { Page } from './territory'
import { newUuid } from '@/utils/uuid'

/* ---------- types (the server's JSON, docs/EVENTS.md) ---------- */

export type EventStatus =
  | 'reported'
  | 'accepted'
  | 'dispatched'
  | 'handling'
  | 'handled'
  | 'closed'
  | 'rejected'
  | 'merged'
  | 'withdrawn'
export const STATUSES: EventStatus[] = [
  'reported',
  'accepted',
  'dispatched',
  'handling',
  'handled',
  'closed',
  'rejected',
  'merged',
  'withdrawn',
]
export const OPEN_STATUSES: EventStatus[] = ['reported', 'accepted', 'dispatched', 'handling', 'handled']

export type Sla = 'ok' | 'yellow' | 'red' | 'none'
export type Priority = 'normal' | 'urgent' | 'critical'
export const PRIORITIES: Priority[] = ['normal', 'urgent', 'critical']
export type EventLevel = 'community' | 'street' | 'county'
export const LEVELS: EventLevel[] = ['community', 'street', 'county']
export const SOURCES = ['resident', 'patrol', 'hotline', 'window', 'visit', 'open311', 'complaint'] as const
export type Rating = 'satisfied' | 'basically_satisfied' | 'unsatisfied'
export const RATINGS: Rating[] = ['satisfied', 'basically_satisfied', 'unsatisfied']

/** The datatypes of an extra question (Open311 GeoReport v2 service definitions). */
export type AttributeDatatype = 'string' | 'text' | 'number' | 'datetime' | 'singlevaluelist' | 'multivaluelist'
export const ATTRIBUTE_DATATYPES: AttributeDatatype[] = ['string', 'text', 'number', 'datetime', 'singlevaluelist', 'multivaluelist']
export const isListType = (d: string) => d === 'singlevaluelist' || d === 'multivaluelist'

/** One choice of a list question. */
export interface AttributeValue {
  key: string
  name_zh: string
  name_en: string
}

/**
 * An extra question a category asks of a report. `variable: false` is a notice shown with
 * the form (nothing asked); lists carry their `values`. The server orders them by `order`.
 */
export interface CategoryAttribute {
  code: string
  datatype: AttributeDatatype
  required: boolean
  variable: boolean
  order: number
  description_zh: string
  description_en: string
  values?: AttributeValue[]
}

/** A report's answers, by question code: text, a number, a key, or the keys of a multivaluelist. */
export type AttributeAnswer = string | number | string[]
export type AttributeAnswers = Record<string, AttributeAnswer>

export interface Category {
  code: string
  parent_code: string | null
  name_zh: string
  name_en: string
  department_kind: string
  priority: Priority
  self_handle: boolean
  accept_hours: number
  sign_hours: number
  handle_days: { normal: number; urgent: number; critical: number }
  verify_days: number
  active: boolean
  sort: number
  /** extra questions asked of a report in this category (absent from older servers) */
  attributes?: CategoryAttribute[]
  version: number
}

export interface Department {
  id: number
  region_code: string
  kind: string
  name: string
  active: boolean
  version: number
  members: number[]
}

export interface EventItem {
  id: number
  tracking_code: string
  source: string
  category: { code: string; name_zh?: string; name_en?: string }
  priority: Priority
  status: EventStatus
  status_name_zh: string
  status_name_en: string
  level: EventLevel
  handling_code: string
  grid_code: string | null
  lat: number | null
  lng: number | null
  address: string
  description: string
  photos: string[]
  reporter_name: string
  contact: string | null
  department_id: number | null
  handler_id?: number | null
  stage_started_at: string
  warn_at: string | null
  due_at: string | null
  sla: Sla
  handle_due_at: string | null
  extension_request: { days: number; reason: string } | null
  ever_overdue: boolean
  rework_count: number
  reopen_count: number
  escalation_count: number
  supervised: boolean
  merged_into: number | null
  accepted_at: string | null
  dispatched_at: string | null
  handled_at: string | null
  closed_at: string | null
  solved_level: string | null
  on_time: boolean | null
  rating: Rating | null
  rating_comment: string | null
  version: number
  created_at: string
  updated_at: string
}

export interface TimelineEntry {
  id: number
  at: string
  actor: string
  action: string
  from_status: EventStatus | null
  to_status: EventStatus
  comment: string
  detail: Record<string, unknown> | null
  photos: string[]
}

export interface WhistleEntry {
  id: number
  department_id: number
  department: string
  summoned_at: string
  due_at: string
  reported_at: string | null
  response: string | null
  late: boolean
}

export interface EventAction {
  action: string
  actor: string
  name_zh: string
  name_en: string
  path: string
}

export interface EventDetail extends EventItem {
  department?: string
  /** the reporter's e-mail, masked (s****@example.com); "" when none */
  email?: string
  /** a link to a photo hosted by an Open311 client; "" when none */
  media_url?: string
  /** the answers to the category's questions as stored ({} when none) */
  attributes?: AttributeAnswers
  timeline: TimelineEntry[]
  whistles: WhistleEntry[]
  actions: EventAction[]
}

export interface EventFilter {
  status?: string
  level?: string
  category?: string
  source?: string
  region?: string
  sla?: string
  overdue?: boolean
  supervised?: boolean
  mine?: 'reported' | 'department'
  from?: string
  to?: string
  q?: string
}

export interface ReportBody {
  category: string
  description: string
  lat?: number
  lng?: number
  grid_code?: string
  address?: string
  source?: string
  phone?: string
  reporter_name?: string
  photos?: string[]
  priority?: Priority
  self_handled?: boolean
  result?: string
  /** the reporter's e-mail (sealed by the server, answered masked) */
  email?: string
  /** answers to the category's variable questions (422 field `attribute[code]`) */
  attributes?: AttributeAnswers
}

export interface Uploaded {
  hash: string
  media_type: string
  size: number
}

export interface Stats {
  region: { code: string; name: string; level: string }
  total: number
  filed: number
  closed: number
  overdue_open: number
  closure_rate: number
  on_time_rate: number
  mean_handling_hours: number
  rated: number
  satisfaction_rate: number
  solved_at_grid_share: number
  solved_at_community_share: number
  by_status: Record<string, number>
  by_source: Record<string, number>
  by_category: Record<string, number>
  by_solved_level: Record<string, number>
  children: { code: string; total: number; closed: number; closure_rate: number }[]
}

/* ---------- calls ---------- */

const enc = encodeURIComponent

let categoriesCache: Promise<Category[]> | null = null
/** Every category as the server lists them, read once per page load. */
function readCategories(): Promise<Category[]> {
  if (!categoriesCache) {
    categoriesCache = http
      .get<{ items: Category[] }>('/event-categories')
      .then((r) => r.items || [])
      .catch((e) => {
        categoriesCache = null
        throw e
      })
  }
  return categoriesCache
}

/** The active categories, ordered (sort, code). Categories change rarely: read once per page load. */
export function listCategories(): Promise<Category[]> {
  return readCategories().then((items) =>
    items.filter((c) => c.active).sort((a, b) => a.sort - b.sort || a.code.localeCompare(b.code)),
  )
}

/** One category, inactive ones too (an event's questions); null when there is none. */
export function findCategory(code: string): Promise<Category | null> {
  return readCategories().then((items) => items.find((c) => c.code === code) || null)
}

/** The questions of a category ordered as asked (order, then as declared). */
export const orderedAttributes = (c: Category | null | undefined): CategoryAttribute[] =>
  (c?.attributes || []).map((a, i) => ({ a, i })).sort((x, y) => x.a.order - y.a.order || x.i - y.i).map((x) => x.a)

/** Forget the categories read for this page load (after an administrator edited them). */
export function invalidateCategories() {
  categoriesCache = null
}

/** Every category, inactive ones included, in the server's order (sort, code): the admin page. */
export const listAllCategories = () =>
  http.get<{ items: Category[] }>('/event-categories').then((r) => r.items || [])

/** What PUT /event-categories/{code} takes: the names always; the version to edit one. */
export interface CategoryInput {
  name_zh: string
  name_en: string
  parent_code?: string | null
  department_kind?: string
  priority?: Priority
  self_handle?: boolean
  accept_hours?: number
  sign_hours?: number
  handle_days?: { normal: number; urgent: number; critical: number }
  verify_days?: number
  active?: boolean
  sort?: number
  /** the whole list of questions (absent: kept as they are); `values` only for lists */
  attributes?: CategoryAttribute[]
  /** required to edit (stale -> 409 stale_version); absent to create */
  version?: number
}

/**
 * Create (201) or edit (200) a category. Silent: the caller shows field errors under the
 * field and reloads on 409. Note that an absent `parent_code` makes a top-level category.
 */
export const saveCategory = (code: string, body: CategoryInput) =>
  http.put<Category>(`/event-categories/${enc(code)}`, body, { silent: true }).then((c) => {
    invalidateCategories()
    return c
  })

/** The limits of PUT /event-categories/{code} (src/events/http.cpp), mirrored for the form. */
export const CATEGORY_LIMITS = {
  code: { min: 2, max: 8 },
  name_zh: 50,
  name_en: 100,
  department_kind: 32,
  accept_hours: { min: 1, max: 720 },
  sign_hours: { min: 1, max: 720 },
  handle_days: { min: 1, max: 365 },
  verify_days: { min: 1, max: 30 },
  sort: { min: 0, max: 100000 },
} as const

/** The limits of a category's `attributes` (src/events/attributes.cpp), mirrored for the form. */
export const ATTRIBUTE_LIMITS = {
  attributes: 30,
  code: 40,
  description: 200,
  values: { min: 1, max: 100 },
  key: 40,
  valueName: 100,
  order: { min: 0, max: 1000 },
  /** the answers: a string question, a text question */
  string: 200,
  text: 2000,
} as const

export const listDepartments = (region?: string, kind?: string) =>
  http.get<{ items: Department[] }>('/departments', { region, kind }).then((r) => r.items || [])

/** The limits of POST/PATCH /departments (src/events/http.cpp). */
export const DEPARTMENT_LIMITS = { region_code: 24, kind: 32, name: 100, members: 200 } as const

export const createDepartment = (d: { region_code: string; kind: string; name: string }) =>
  http.post<Department>('/departments', d, { silent: true })

/** Rename, re-kind or (de)activate; `version` is required (stale -> 409 stale_version). */
export const updateDepartment = (
  id: number,
  patch: { name?: string; kind?: string; active?: boolean; version: number },
) => http.patch<Department>(`/departments/${id}`, patch, { silent: true })

/** Set the handler accounts of a department (the whole list, up to 200). */
export const setDepartmentMembers = (id: number, user_ids: number[]) =>
  http.put<Department>(`/departments/${id}/members`, { user_ids }, { silent: true })

export const listEvents = (f: EventFilter, cursor?: string, limit = 50) =>
  http.get<Page<EventItem>>('/events', { ...f, cursor, limit })

export const getEvent = (id: number | string) => http.get<EventDetail>(`/events/${enc(String(id))}`)

export const getDuplicates = (id: number | string) =>
  http.get<{ items: EventItem[] }>(`/events/${enc(String(id))}/duplicates`).then((r) => r.items || [])

export const getStats = (q: { region?: string; from?: string; to?: string }) => http.get<Stats>('/events/stats', q)

/**
 * Report an event. `key` is the Idempotency-Key: the same key for every retry of one
 * submission (a double click answers the first answer and creates nothing more).
 */
export const reportEvent = (body: ReportBody, key: string) =>
  http.post<EventItem>('/events', body, { silent: true, headers: { 'Idempotency-Key': key } })

/**
 * One lifecycle step: POST the action's `path` (from GET /events/{id} `actions`) with
 * `{version, comment?, ...fields}`. Silent: the caller shows the error (409 reloads).
 */
export const postAction = (path: string, body: Record<string, unknown>, key: string = newUuid()) =>
  request<EventItem>('POST', path, { body, silent: true, headers: { 'Idempotency-Key': key } })

/** Upload one file's bytes; the server types it by content (JPEG, PNG, WebP, PDF, MP4). */
export const uploadAttachment = (file: Blob) =>
  request<Uploaded>('POST', '/attachments', {
    raw: file,
    silent: true,
    headers: { 'Content-Type': file.type || 'application/octet-stream' },
  })

export const attachmentBlob = (hash: string) => fetchBlob(`/attachments/${enc(hash)}`)

/** The path of an action when the server did not list it (quick buttons in lists). */
export const actionPath = (id: number, action: string, reporter = false) =>
  `/api/v1/${reporter ? 'my/' : ''}events/${id}/${action}`
