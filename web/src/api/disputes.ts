import { http } from './request'
import type { Page } from './territory'
import type { Body, Schemas } from './schema'

/* ---------- types: answers and bodies generated from the server's schemas (src/disputes/schemas.cpp);
   the value lists the pages offer; the state table in model.h ---------- */

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

export type Party = Schemas['DisputeParty']

export type Dispute = Schemas['Dispute']

export type MediationSession = Schemas['DisputeSession']

export type Followup = Schemas['DisputeFollowup']

export type RiskChange = Schemas['DisputeRiskChange']

export type DisputeDetail = Schemas['DisputeDetail']

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

export type PartyInput = DisputeCreate['parties'][number]

export type DisputeCreate = Body<'/api/v1/disputes', 'post'>

export type DisputePatch = Body<'/api/v1/disputes/{id}', 'patch'>

export type WarningKind = 'high_risk' | 'repeated_person' | 'repeated_place' | 'escalating'
export type DisputeWarning = Schemas['DisputeWarning']

export type DisputeStats = Schemas['DisputeStats']

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
