import { http } from './request'
import type { Page } from './territory'

/* ---------- types (the server's JSON, src/disputes/*.cpp; the state table in model.h) ---------- */

export const DISPUTE_TYPES = ['neighbour', 'family', 'marriage', 'labour', 'property', 'land', 'contract', 'damages', 'other'] as const
export type DisputeType = (typeof DISPUTE_TYPES)[number]
export const RISKS = ['low', 'medium', 'high'] as const
export type Risk = (typeof RISKS)[number]
export const DISPUTE_SOURCES = ['visit', 'event', 'police', 'window', 'petition', 'self'] as const
export type DisputeSource = (typeof DISPUTE_SOURCES)[number]
export const DISPUTE_STATUSES = ['open', 'mediating', 'settled', 'failed', 'referred'] as const
export type DisputeStatus = (typeof DISPUTE_STATUSES)[number]
export const REFERRALS = ['court', 'arbitration', 'police', 'petition_office', 'other'] as const
export type Referral = (typeof REFERRALS)[number]
export const PARTY_ROLES = ['applicant', 'respondent', 'other'] as const
export type PartyRole = (typeof PARTY_ROLES)[number]
export const SESSION_RESULTS = ['continue', 'agreement', 'failed'] as const
export type SessionResult = (typeof SESSION_RESULTS)[number]
/** Types that warn by themselves (kHighRiskTypes). */
export const HIGH_RISK_TYPES: DisputeType[] = ['land', 'labour']

/** Limits the server checks (ledger.cpp, mediation.cpp). */
export const DISPUTE_LIMITS = {
  title: 100,
  description: 5000,
  place: 200,
  sourceRef: 40,
  partyName: 50,
  phone: 20,
  parties: 50,
  riskReason: 500,
  record: 10000,
  agreement: 5000,
  participants: 500,
  detail: 2000,
  note: 2000,
}

/*
 * The state table (kTransitions in src/disputes/model.h): which step may move a dispute from
 * which status. The pages offer only the steps allowed from the dispute's status.
 */
export type DisputeStep = 'session:continue' | 'session:agreement' | 'session:failed' | 'close:failed' | 'close:referred'
const TRANSITIONS: { step: DisputeStep; from: DisputeStatus; to: DisputeStatus }[] = [
  { step: 'session:continue', from: 'open', to: 'mediating' },
  { step: 'session:continue', from: 'mediating', to: 'mediating' },
  { step: 'session:agreement', from: 'open', to: 'settled' },
  { step: 'session:agreement', from: 'mediating', to: 'settled' },
  { step: 'session:failed', from: 'open', to: 'failed' },
  { step: 'session:failed', from: 'mediating', to: 'failed' },
  { step: 'close:failed', from: 'open', to: 'failed' },
  { step: 'close:failed', from: 'mediating', to: 'failed' },
  { step: 'close:referred', from: 'open', to: 'referred' },
  { step: 'close:referred', from: 'mediating', to: 'referred' },
  { step: 'close:referred', from: 'failed', to: 'referred' },
]
export function allowedSteps(status: string): DisputeStep[] {
  return TRANSITIONS.filter((t) => t.from === status).map((t) => t.step)
}
export const isClosed = (status: string) => status === 'settled' || status === 'failed' || status === 'referred'
export const isActive = (status: string) => status === 'open' || status === 'mediating'

export interface Party {
  id: number
  role: PartyRole
  name: string
  person_id: number | null
  /** masked (138****5678), empty when not known */
  phone: string
}

export interface Dispute {
  id: number
  region_code: string
  type: DisputeType
  title: string
  description: string
  place: string
  risk: Risk
  source: DisputeSource
  source_ref: string
  status: DisputeStatus
  referred_to: Referral | null
  outcome_detail: string
  mediator_id: number | null
  found_on: string
  closed_on: string | null
  parties: Party[]
  version: number
  created_at: string
  updated_at: string
}

export interface MediationSession {
  id: number
  held_on: string
  mediator_name: string
  participants: string
  record: string
  agreement: string
  result: SessionResult
}

export interface Followup {
  id: number
  visited_on: string
  note: string
  stable: boolean
}

export interface RiskChange {
  from: Risk
  to: Risk
  reason: string
  at: string
}

export interface DisputeDetail extends Dispute {
  sessions: MediationSession[]
  followups: Followup[]
  risk_history: RiskChange[]
}

export interface DisputeFilter {
  region?: string
  /** a status, or `active` (open or mediating) */
  status?: string
  type?: string
  risk?: string
  from?: string
  to?: string
  person_id?: number | string
}

export interface PartyInput {
  role: PartyRole
  name: string
  person_id?: number
  phone?: string
}

export interface DisputeCreate {
  region_code: string
  type: DisputeType
  title: string
  description: string
  place?: string
  risk: Risk
  source: DisputeSource
  source_ref?: string
  found_on?: string
  parties: PartyInput[]
}

export interface DisputePatch {
  title?: string
  description?: string
  place?: string
  type?: DisputeType
  risk?: Risk
  risk_reason?: string
  mediator_id?: number | null
  version: number
}

export type WarningKind = 'high_risk' | 'repeated_person' | 'repeated_place' | 'escalating'
export interface DisputeWarning {
  kind: WarningKind
  key: string
  name: string
  /** high_risk: why (risk level or type) */
  reason?: 'risk' | 'type'
  count: number
  dispute_ids: number[]
}

export interface DisputeStats {
  region: { code: string; name: string }
  from: string
  to: string
  found: number
  settled: number
  failed: number
  referred: number
  active: number
  /** 调解成功率 = settled / closed */
  success_rate: number
  by_status: Record<string, number>
  by_type: Record<string, number>
  children: { code: string; name: string; found: number; settled: number; success_rate: number }[]
}

/* ---------- calls ---------- */

export const listDisputes = (f: DisputeFilter, cursor?: string, limit = 50) =>
  http.get<Page<Dispute>>('/disputes', { ...f, cursor, limit })
export const getDispute = (id: number | string) => http.get<DisputeDetail>(`/disputes/${id}`, undefined, { silent: true })
export const createDispute = (d: DisputeCreate) => http.post<Dispute>('/disputes', d, { silent: true })
export const updateDispute = (id: number | string, patch: DisputePatch) => http.patch<Dispute>(`/disputes/${id}`, patch, { silent: true })
export const recordSession = (
  id: number | string,
  body: { record: string; result: SessionResult; agreement?: string; participants?: string; held_on?: string; version: number },
) => http.post<Dispute>(`/disputes/${id}/sessions`, body, { silent: true })
export const closeDispute = (
  id: number | string,
  body: { outcome: 'failed' | 'referred'; referred_to?: Referral; detail: string; version: number },
) => http.post<Dispute>(`/disputes/${id}/close`, body, { silent: true })
export const addFollowup = (id: number | string, body: { note: string; stable: boolean; visited_on?: string }) =>
  http.post<Followup & { dispute_id: number }>(`/disputes/${id}/followups`, body, { silent: true })
export const getWarnings = (q: { region?: string; days?: number; min?: number }) =>
  http.get<{ days: number; min: number; items: DisputeWarning[] }>('/disputes/warnings', q, { silent: true })
export const getDisputeStats = (q: { region: string; from?: string; to?: string }) =>
  http.get<DisputeStats>('/disputes/stats', q, { silent: true })
