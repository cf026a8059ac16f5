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
export type OrderAction = ServiceOrderDetail['actions'][number]
export type OrderTimelineEntry = ServiceOrderDetail['timeline'][number]
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
  request<ServiceOrder>('POST', `/service-orders/${id}/${action}`, { body, silent: true, headers: { 'Idempotency-Key': key } })
