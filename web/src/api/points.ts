import { http } from './request'
import type { Page } from './territory'
import type { Answer, Body, Schemas } from './schema'

/* ---------- types: answers and bodies generated from the server's schemas (src/points/schemas.cpp,
   http_rules.cpp, http_ledger.cpp, http_shop.cpp, http_stats.cpp); the value lists of model.h ---------- */

export type PointRule = Schemas['PointRule']
export type PointHolder = Schemas['PointHolder']
export type PointEntry = Schemas['PointEntry']
export type PointReward = Schemas['PointReward']
export type PointRedemption = Schemas['PointRedemption']

export type RuleCreate = Body<'/api/v1/point-rules', 'post'>
export type RulePatch = Body<'/api/v1/point-rules/{id}', 'patch'>
export type RewardCreate = Body<'/api/v1/point-rewards', 'post'>
export type RewardPatch = Body<'/api/v1/point-rewards/{id}', 'patch'>
export type AwardCreate = Body<'/api/v1/point-awards', 'post'>
export type PointCheck = Answer<'/api/v1/points/check', 'get'>
export type PointRanking = Answer<'/api/v1/point-rankings', 'get'>
export type RankingRow = PointRanking['items'][number]
export type PointStats = Answer<'/api/v1/point-stats', 'get'>

export const EARNER_TYPES = ['resident', 'household', 'grid_worker', 'party_member'] as const
export type EarnerType = (typeof EARNER_TYPES)[number]
export const DEEDS = [
  'volunteer_hour',
  'report_closed',
  'self_handled',
  'wish_fulfilled',
  'order_completed',
  'visit_done',
  'meeting_attended',
  'manual',
] as const
export type Deed = (typeof DEEDS)[number]
export const ENTRY_CAUSES = ['deed', 'redemption', 'refund', 'correction', 'expiry'] as const
export const HOLDER_KINDS = ['user', 'person', 'household'] as const
export type HolderKind = (typeof HOLDER_KINDS)[number]
export const SUPPLIER_KINDS = ['community', 'unit'] as const
export type SupplierKind = (typeof SUPPLIER_KINDS)[number]
export const REDEMPTION_STATES = ['issued', 'verified', 'cancelled'] as const
export type RedemptionState = (typeof REDEMPTION_STATES)[number]

/** Limits the server checks (http_rules.cpp, http_shop.cpp, http_ledger.cpp). */
export const POINT_LIMITS = {
  name: 100,
  points: [1, 1000] as const,
  price: [1, 1_000_000] as const,
  stock: [0, 100_000] as const,
  detail: 1000,
  supplier: 100,
  note: 500,
  reason: 500,
  correction: 100_000,
  /** a redemption's code: 10 digits */
  code: 10,
}

/* ---------- the list of deeds (积分项目清单) ---------- */

export interface RuleFilter {
  /** place: the lines that apply at a place; manage: the lines of nodes within the caller's scope */
  view: 'place' | 'manage'
  region?: string
  deed?: string
  earner_type?: string
}
export const listRules = (f: RuleFilter) => http.get<{ items: PointRule[] }>('/point-rules', { ...f }).then((r) => r.items || [])
export const createRule = (body: RuleCreate) => http.post<PointRule>('/point-rules', body, { silent: true })
export const updateRule = (id: number, patch: RulePatch) => http.patch<PointRule>(`/point-rules/${id}`, patch, { silent: true })

/* ---------- holders and their ledgers ---------- */

/** My points: a zero holder (id null) before the first entry. */
export const getMyPoints = () => http.get<PointHolder>('/points/me')
export const listHolders = (f: { region?: string; kind?: string }, cursor?: string, limit = 50) =>
  http.get<Page<PointHolder>>('/point-holders', { ...f, cursor, limit })
export const getHolder = (id: number | string) => http.get<PointHolder>(`/point-holders/${id}`, undefined, { silent: true })
export const listEntries = (holderId: number | string, cursor?: string, limit = 30) =>
  http.get<Page<PointEntry>>(`/point-holders/${holderId}/entries`, { cursor, limit })
/** Award by a manual line of the list; `key` is the Idempotency-Key of this submission. */
export const awardPoints = (body: AwardCreate, key: string) =>
  http.post<PointEntry>('/point-awards', body, { silent: true, headers: { 'Idempotency-Key': key } })
export const correctPoints = (body: { holder_id: number; points: number; reason: string }, key: string) =>
  http.post<PointEntry>('/point-corrections', body, { silent: true, headers: { 'Idempotency-Key': key } })
export const checkPoints = (region?: string) => http.get<PointCheck>('/points/check', { region }, { silent: true })
export const getRanking = (q: { region?: string; period?: string; earner_type?: string; limit?: number }) =>
  http.get<PointRanking>('/point-rankings', { ...q }, { silent: true })

/* ---------- the rewards shop (积分超市) ---------- */

export const listRewards = (f: { view: 'shop' | 'manage'; region?: string }, cursor?: string, limit = 50) =>
  http.get<Page<PointReward>>('/point-rewards', { ...f, cursor, limit })
export const createReward = (body: RewardCreate) => http.post<PointReward>('/point-rewards', body, { silent: true })
export const updateReward = (id: number, patch: RewardPatch) => http.patch<PointReward>(`/point-rewards/${id}`, patch, { silent: true })
/** Redeem: the price from the balance and a unit from the stock at once; the answer carries the code. */
export const redeemReward = (rewardId: number, key: string) =>
  http.post<PointRedemption>('/point-redemptions', { reward_id: rewardId }, { silent: true, headers: { 'Idempotency-Key': key } })
export const listRedemptions = (f: { view: 'mine' | 'shop'; status?: string }, cursor?: string, limit = 30) =>
  http.get<Page<PointRedemption>>('/point-redemptions', { ...f, cursor, limit })
export const verifyRedemption = (code: string) =>
  http.post<PointRedemption>('/point-redemptions/verify', { code }, { silent: true })
export const cancelRedemption = (id: number, reason?: string) =>
  http.post<PointRedemption>(`/point-redemptions/${id}/cancel`, reason ? { reason } : {}, { silent: true })

/* ---------- figures ---------- */

export const getPointStats = (q: { region?: string; from?: string; to?: string }) =>
  http.get<PointStats>('/point-stats', { ...q }, { silent: true })

/** A redemption's code in groups for reading aloud: 1234 5678 90. */
export const groupCode = (code: string | null | undefined) => (code || '').replace(/(\d{4})(?=\d)/g, '$1 ')
