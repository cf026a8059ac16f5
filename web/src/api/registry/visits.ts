import type { Schemas } from '../schema'
import { http } from '../request'
import type { Page } from '../territory'
import type { Household } from './types'

/* ---------- household visits (入户走访, src/registry/visits.cpp) ---------- */

export const VISIT_STATUSES = ['planned', 'done', 'cancelled'] as const
export type VisitStatus = (typeof VISIT_STATUSES)[number]

/** Limits the server checks (visits.cpp). */
export const VISIT_LIMITS = { findings: 2000, purpose: 200, photos: 9, eventDescription: 5000, eventResult: 2000 }

export type Visit = Schemas['Visit']

/** A household of the worklist: not visited for N days (null: never). */
export type UnvisitedHousehold = Schemas['VisitWorklistItem']

export type VisitCoverage = Schemas['VisitCoverage']

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
  /** the visit's date (done: when; else the day planned) in [from, to), days YYYY-MM-DD */
  from?: string
  to?: string
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
/** Record a visit done now (raising an event from it when asked), once under `key`. */
export const recordVisit = (body: VisitRecord & { household_id: number }, key: string) =>
  http.post<Visit>('/visits', body, { silent: true, headers: { 'Idempotency-Key': key } })
/** Record a planned visit as done, once under `key`. */
export const completeVisit = (id: number | string, body: VisitRecord & { version: number }, key: string) =>
  http.post<Visit>(`/visits/${id}/complete`, body, { silent: true, headers: { 'Idempotency-Key': key } })
export const cancelVisit = (id: number | string, version: number) => http.post<Visit>(`/visits/${id}/cancel`, { version }, { silent: true })
