import { http, request } from './request'
import type { Page } from './territory'
import type { Body, Schemas } from './schema'
import { newUuid } from '@/utils/uuid'

/* ---------- types: answers and bodies generated from the server's schemas (src/services/schemas.cpp);
   the value lists the pages offer (src/services/model.h); the order table in order_flow.cpp ---------- */

export const ITEM_KINDS = ['duty', 'assist', 'devolved', 'convenience'] as const
export type ItemKind = (typeof ITEM_KINDS)[number]
export const ITEM_LEVELS = ['town', 'community'] as const
export type ItemLevel = (typeof ITEM_LEVELS)[number]
export const ADMISSION_STATES = ['requested', 'approved', 'rejected', 'removed'] as const
export type AdmissionState = (typeof ADMISSION_STATES)[number]
/** The order table's states (order_states() in order_flow.cpp), in the order of the loop. */
export const ORDER_STATES = ['ordered', 'open', 'assigned', 'taken', 'done', 'confirmed', 'declined', 'cancelled'] as const
export type OrderState = (typeof ORDER_STATES)[number]
/** Not ended: what may still be overdue (the server's overdue filter looks at these). */
export const OPEN_ORDER_STATES: OrderState[] = ['ordered', 'open', 'assigned', 'taken']

/** Limits the server checks (http_orders.cpp, schemas.cpp, http_items.cpp). */
export const SERVICE_LIMITS = {
  name: 100,
  description: 2000,
  window: 100,
  material: 100,
  materials: 30,
  title: 100,
  detail: 2000,
  contact: 50,
  phone: 20,
  address: 200,
  comment: 2000,
  basis: 500,
  note: 500,
}

export type ServiceItem = Schemas['ServiceItem']
export type Material = ServiceItem['materials'][number]
export type ServiceAdmission = Schemas['ServiceAdmission']
export type ServiceOrder = Schemas['ServiceOrder']
export type ServiceOrderDetail = Schemas['ServiceOrderDetail']
/** A step the server offers the caller on an order, a case or a wish (`actions` of a detail). */
export type ServiceAction = Schemas['ServiceAction']
export type OrderAction = ServiceAction
export type TimelineEntry = Schemas['ServiceTimelineEntry']
export type OrderTimelineEntry = TimelineEntry
export type ServiceTaker = Schemas['ServiceTaker']

export type ItemCreate = Body<'/api/v1/service-items', 'post'>
export type ItemPatch = Body<'/api/v1/service-items/{id}', 'patch'>
export type OrderCreate = Body<'/api/v1/service-orders', 'post'>

export interface ItemFilter {
  /** a town, or a place inside it (default: the caller's first grant) */
  region?: string
  level?: string
  kind?: string
  q?: string
  active?: boolean
  orderable?: boolean
}

export interface AdmissionFilter {
  community?: string
  status?: string
  item_id?: number
}

/** Whose orders: the community's console, mine, given to me, open to take near me. */
export type OrderView = 'community' | 'mine' | 'taker' | 'open'
export interface OrderFilter {
  view: OrderView
  /** comma-separated states */
  status?: string
  region?: string
  overdue?: boolean
}

/** The records with a step table, and their routes: POST /<route>/{id}/<action>. */
export type RecordKind = 'order' | 'case' | 'wish'
const STEP_ROUTES: Record<RecordKind, string> = { order: 'service-orders', case: 'service-cases', wish: 'wishes' }

/* ---------- calls ---------- */

export const listItems = (f: ItemFilter, cursor?: string, limit = 50) =>
  http.get<Page<ServiceItem>>('/service-items', { ...f, cursor, limit })
/** A community's list: the town's items admitted to it and active. */
export const listCommunityItems = (community: string) =>
  http.get<ServiceItem[]>(`/communities/${community}/service-items`)
export const getItem = (id: number | string) => http.get<ServiceItem>(`/service-items/${id}`, undefined, { silent: true })
export const createItem = (body: ItemCreate) => http.post<ServiceItem>('/service-items', body, { silent: true })
export const updateItem = (id: number | string, patch: ItemPatch) =>
  http.patch<ServiceItem>(`/service-items/${id}`, patch, { silent: true })

export const listAdmissions = (f: AdmissionFilter, cursor?: string, limit = 50) =>
  http.get<Page<ServiceAdmission>>('/service-admissions', { ...f, cursor, limit })
export const requestAdmission = (body: { item_id: number; community_code: string; basis: string }) =>
  http.post<ServiceAdmission>('/service-admissions', body, { silent: true })
/** The town decides (approve, reject, remove: a note to reject or remove); the community says whether it is ready. */
export const decideAdmission = (
  id: number,
  decision: 'approve' | 'reject' | 'remove' | 'ready',
  body: { version: number; note?: string; ready?: boolean },
) => http.post<ServiceAdmission>(`/service-admissions/${id}/${decision}`, body, { silent: true })

/**
 * Order a service. `key` is the Idempotency-Key: the same key for every retry of one
 * submission (a double click answers the first answer and files nothing more).
 */
export const createOrder = (body: OrderCreate, key: string) =>
  http.post<ServiceOrder>('/service-orders', body, { silent: true, headers: { 'Idempotency-Key': key } })
export const listOrders = (f: OrderFilter, cursor?: string, limit = 50) =>
  http.get<Page<ServiceOrder>>('/service-orders', { ...f, overdue: f.overdue ? 'true' : undefined, cursor, limit })
export const getOrder = (id: number | string) => http.get<ServiceOrderDetail>(`/service-orders/${id}`, undefined, { silent: true })
export const listTakers = (id: number | string) => http.get<ServiceTaker[]>(`/service-orders/${id}/takers`, undefined, { silent: true })
/**
 * One step of the order table: POST /service-orders/{id}/{action} with
 * `{version, comment?, taker_id? (dispatch), rating? (confirm), photos? (complete)}`.
 * Silent: the caller shows the error (409 reloads).
 */
export const postOrderAction = (id: number | string, action: string, body: Record<string, unknown>, key: string = newUuid()) =>
  postStep<ServiceOrder>('order', id, action, body, key)

/**
 * One step of a record's table (an order's, a case's, a wish's): POST /<records>/{id}/{action}
 * with `{version, comment?, ...the step's fields}` under an Idempotency-Key. Silent: the
 * caller shows the error (409 reloads).
 */
export const postStep = <T>(kind: RecordKind, id: number | string, action: string, body: Record<string, unknown>, key: string = newUuid()) =>
  request<T>('POST', `/${STEP_ROUTES[kind]}/${id}/${action}`, { body, silent: true, headers: { 'Idempotency-Key': key } })


/* ---------- window cases (办件) and the 办不成事 window: src/services/cases.cpp, case_flow.cpp ---------- */

export type ServiceCase = Schemas['ServiceCase']
export type ServiceCaseDetail = Schemas['ServiceCaseDetail']
export type CaseWhistle = ServiceCaseDetail['whistles'][number]
export type CaseCreate = Body<'/api/v1/service-cases', 'post'>
export type CaseState = ServiceCase['status']
export const CASE_STATES: CaseState[] = ['accepted', 'done', 'refused', 'coordinating', 'solved']
/** Not ended: what may still be overdue. */
export const OPEN_CASE_STATES: CaseState[] = ['accepted', 'coordinating']
/** How a window case is handled: 即办, 承诺件, 帮代办 (hard cases are `coordinated`). */
export const CASE_MODES = ['at_once', 'deadline', 'on_behalf'] as const
export type CaseMode = (typeof CASE_MODES)[number]
export const APPLICANT_KINDS = ['person', 'business'] as const
/** Limits the server checks (http_cases.cpp). */
export const CASE_LIMITS = { name: 100, idNumber: 18, phone: 20, creditCode: 18, carrier: 50, text: 2000, address: 200 }

export interface CaseFilter {
  desk?: 'window' | 'hard'
  /** comma-separated states */
  status?: string
  region?: string
  overdue?: boolean
  /** the hard cases the caller coordinates */
  mine?: boolean
}

/** Record a case at a window; `key` is its Idempotency-Key (one per distinct submission). */
export const createCase = (body: CaseCreate, key: string) =>
  http.post<ServiceCase>('/service-cases', body, { silent: true, headers: { 'Idempotency-Key': key } })
export const listCases = (f: CaseFilter, cursor?: string, limit = 50) =>
  http.get<Page<ServiceCase>>('/service-cases', {
    ...f,
    overdue: f.overdue ? 'true' : undefined,
    mine: f.mine ? 'true' : undefined,
    cursor,
    limit,
  })
/** Who may coordinate 办不成事 cases at a window (services:case:coordinate over it). */
export const listCoordinators = (region: string) =>
  http.get<Schemas['ServiceTaker'][]>('/service-cases/coordinators', { region })
export const getCase = (id: number | string) => http.get<ServiceCaseDetail>(`/service-cases/${id}`, undefined, { silent: true })

/* ---------- micro-wishes (微心愿): src/services/wishes.cpp, case_flow.cpp ---------- */

export type ServiceWish = Schemas['ServiceWish']
export type ServiceWishDetail = Schemas['ServiceWishDetail']
export type WishCreate = Body<'/api/v1/wishes', 'post'>
export type WishState = ServiceWish['status']
export const WISH_STATES: WishState[] = ['submitted', 'published', 'claimed', 'fulfilled', 'confirmed', 'declined', 'withdrawn']
/** How a wish came in: the resident's own, or collected by a grid worker. */
export const WISH_CHANNELS = ['self', 'visit', 'phone', 'box'] as const
export type WishChannel = (typeof WISH_CHANNELS)[number]
export const CLAIMER_KINDS = ['member', 'organisation', 'unit'] as const
/** Limits the server checks (http_wishes.cpp). */
export const WISH_LIMITS = { title: 100, detail: 2000, name: 50, phone: 20, claimer: 100 }

/** Whose wishes: the community's (to review), mine (posted or collected), claimed by me, the wall. */
export type WishView = 'community' | 'mine' | 'claimed' | 'wall'
export interface WishFilter {
  view: WishView
  region?: string
  /** comma-separated states */
  status?: string
}

export const createWish = (body: WishCreate, key: string) =>
  http.post<ServiceWish>('/wishes', body, { silent: true, headers: { 'Idempotency-Key': key } })
export const listWishes = (f: WishFilter, cursor?: string, limit = 50) => http.get<Page<ServiceWish>>('/wishes', { ...f, cursor, limit })
export const getWish = (id: number | string) => http.get<ServiceWishDetail>(`/wishes/${id}`, undefined, { silent: true })

/* ---------- figures (GET /service-stats): src/services/http_stats.cpp ---------- */

export type ServiceStats = Schemas['ServiceStats']
/** A node and a period (YYYY-MM-DD, both days included); absent: the caller's scope, the last 30 days. */
export interface StatsQuery {
  region?: string
  from?: string
  to?: string
}
export const getServiceStats = (q: StatsQuery) => http.get<ServiceStats>('/service-stats', { ...q }, { silent: true })
