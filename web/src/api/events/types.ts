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
