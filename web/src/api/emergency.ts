import { http } from './request'
import type { Page } from './territory'
import type { Answer, Body, Schemas } from './schema'
import { newUuid } from '@/utils/uuid'

/* ---------- types: answers and bodies generated from the server's schemas (src/emergency/render.cpp,
   http_plans.cpp, http_teams.cpp, http_activities.cpp, http_supplies.cpp, http_alerts.cpp, http_stats.cpp);
   the value lists of model.h ---------- */

export type EmergencyPlan = Schemas['EmergencyPlan']
export type EmergencyTeam = Schemas['EmergencyTeam']
export type EmergencyMember = Schemas['EmergencyMember']
export type EmergencyActivity = Schemas['EmergencyActivity']
export type RosterEntry = NonNullable<EmergencyActivity['roster']>[number]
export type EmergencySupply = Schemas['EmergencySupply']
export type EmergencyMovement = Schemas['EmergencyMovement']
export type EmergencyAlert = Schemas['EmergencyAlert']
export type AlertRecipient = NonNullable<EmergencyAlert['recipients_list']>[number]
export type AlertResponseEntry = NonNullable<EmergencyAlert['responses']>[number]

export type PlanCreate = Body<'/api/v1/emergency-plans', 'post'>
export type PlanPatch = Body<'/api/v1/emergency-plans/{id}', 'patch'>
export type TeamCreate = Body<'/api/v1/emergency-teams', 'post'>
export type TeamPatch = Body<'/api/v1/emergency-teams/{id}', 'patch'>
export type TeamDetail = Answer<'/api/v1/emergency-teams/{id}', 'get'>
export type MemberCreate = Body<'/api/v1/emergency-teams/{id}/members', 'post'>
export type ActivityCreate = Body<'/api/v1/emergency-activities', 'post'>
export type CheckCode = Answer<'/api/v1/emergency-activities/{id}/code', 'get'>
export type SupplyCreate = Body<'/api/v1/emergency-supplies', 'post'>
export type SupplyPatch = Body<'/api/v1/emergency-supplies/{id}', 'patch'>
export type SupplyDetail = Answer<'/api/v1/emergency-supplies/{id}', 'get'>
export type MovementCreate = Body<'/api/v1/emergency-supplies/{id}/movements', 'post'>
export type AlertCreate = Body<'/api/v1/emergency-alerts', 'post'>
export type EmergencyStats = Answer<'/api/v1/emergency-stats', 'get'>

export type Hazard = EmergencyPlan['hazard']
export const HAZARDS: Hazard[] = ['flood', 'typhoon', 'fire', 'earthquake', 'epidemic', 'public_security', 'geological', 'hazardous_chemicals', 'other']
export type PlanState = EmergencyPlan['status']
export const PLAN_STATES: PlanState[] = ['draft', 'active', 'retired']
/** The four parts of a plan, in the order seed 003 names them (预警分析、物资储备、人员组织、作战协同). */
export const PLAN_PARTS = ['warning', 'supplies', 'organisation', 'coordination'] as const
export type PlanPart = (typeof PLAN_PARTS)[number]
export type TeamKind = EmergencyTeam['kind']
export const TEAM_KINDS: TeamKind[] = ['patrol', 'rescue', 'medical', 'volunteer', 'militia']
export type MemberRole = EmergencyMember['role']
export type ActivityKind = EmergencyActivity['kind']
export const ACTIVITY_KINDS: ActivityKind[] = ['patrol', 'drill']
export type ActivityState = EmergencyActivity['status']
export const ACTIVITY_STATES: ActivityState[] = ['scheduled', 'held', 'cancelled']
export type SupplyCategory = EmergencySupply['category']
export const SUPPLY_CATEGORIES: SupplyCategory[] = ['flood_control', 'fire', 'medical', 'food_water', 'lighting', 'communication', 'shelter', 'other']
export const SUPPLY_FLAGS = ['expired', 'expiring', 'below_minimum'] as const
export type SupplyFlag = (typeof SUPPLY_FLAGS)[number]
export type AlertLevel = EmergencyAlert['level']
export const ALERT_LEVELS: AlertLevel[] = ['blue', 'yellow', 'orange', 'red']
export type AlertState = EmergencyAlert['status']
export type AlertResponse = NonNullable<EmergencyAlert['my_response']>
export const ALERT_RESPONSES: AlertResponse[] = ['arriving', 'on_site', 'unavailable']

/** Limits the server checks (http_*.cpp, activities.cpp, supplies.cpp). */
export const EMERGENCY_LIMITS = {
  planTitle: 200,
  part: 8000,
  attachments: 20,
  reason: 500,
  teamName: 100,
  note: 2000,
  memberName: 50,
  phone: 20,
  username: 64,
  title: 200,
  place: 200,
  summary: 4000,
  teams: 20,
  /** a patrol or drill lasts at most 7 days */
  longestMs: 7 * 86_400_000,
  supplyName: 100,
  unit: 10,
  location: 200,
  keeper: 50,
  quantity: 100_000_000,
  message: 1000,
  responseNote: 500,
}
/** Codes and check-ins count from an hour before the start to the end (model.h kCheckInLeadMs). */
export const CHECK_IN_LEAD_MS = 3_600_000
/** What a plan may carry (attachments/media.cpp): images and PDF documents. */
export const PLAN_ACCEPT = 'image/jpeg,image/png,image/webp,application/pdf,.pdf'

/* ---------- plans (应急预案) ---------- */

/** all: in force and retired on the caller's line; manage: a writer's, drafts included */
export type PlanView = 'all' | 'manage'
export interface PlanFilter {
  view?: PlanView
  region?: string
  hazard?: Hazard | ''
  status?: PlanState | ''
}
export const listPlans = (f: PlanFilter, cursor?: string, limit = 50) =>
  http.get<Page<EmergencyPlan>>('/emergency-plans', { view: f.view, region: f.region || undefined, hazard: f.hazard || undefined, status: f.status || undefined, cursor, limit })
export const getPlan = (id: number | string) => http.get<EmergencyPlan>(`/emergency-plans/${id}`, undefined, { silent: true })
export const createPlan = (body: PlanCreate) => http.post<EmergencyPlan>('/emergency-plans', body, { silent: true })
export const updatePlan = (id: number, patch: PlanPatch) => http.patch<EmergencyPlan>(`/emergency-plans/${id}`, patch, { silent: true })
export const activatePlan = (id: number, version: number) => http.post<EmergencyPlan>(`/emergency-plans/${id}/activate`, { version }, { silent: true })
export const retirePlan = (id: number, version: number, reason: string) =>
  http.post<EmergencyPlan>(`/emergency-plans/${id}/retire`, reason ? { version, reason } : { version }, { silent: true })

/* ---------- teams (应急队伍) and members ---------- */

export interface TeamFilter {
  region?: string
  kind?: TeamKind | ''
  /** only teams not disbanded */
  active?: boolean
}
export const listTeams = (f: TeamFilter = {}, cursor?: string, limit = 100) =>
  http.get<Page<EmergencyTeam>>('/emergency-teams', { region: f.region || undefined, kind: f.kind || undefined, active: f.active ? 'true' : undefined, cursor, limit })
export const getTeam = (id: number | string, all = false) =>
  http.get<TeamDetail>(`/emergency-teams/${id}`, { all: all ? 'true' : undefined }, { silent: true })
export const createTeam = (body: TeamCreate) => http.post<EmergencyTeam>('/emergency-teams', body, { silent: true })
export const updateTeam = (id: number, patch: TeamPatch) => http.patch<EmergencyTeam>(`/emergency-teams/${id}`, patch, { silent: true })
export const addMember = (teamId: number, body: MemberCreate) => http.post<EmergencyMember>(`/emergency-teams/${teamId}/members`, body, { silent: true })
export const leaveTeam = (memberId: number, reason: string, until?: string) =>
  http.post<EmergencyMember>(`/emergency-members/${memberId}/leave`, until ? { reason, until } : { reason }, { silent: true })

/* ---------- patrols and drills (巡查、处突集结演练) ---------- */

/** all: on the caller's line and those calling the caller's teams; mine: only the latter */
export type ActivityView = 'all' | 'mine'
export interface ActivityFilter {
  view?: ActivityView
  region?: string
  kind?: ActivityKind | ''
  status?: ActivityState | ''
}
export const listActivities = (f: ActivityFilter, cursor?: string, limit = 30) =>
  http.get<Page<EmergencyActivity>>('/emergency-activities', { view: f.view, region: f.region || undefined, kind: f.kind || undefined, status: f.status || undefined, cursor, limit })
export const getActivity = (id: number | string) => http.get<EmergencyActivity>(`/emergency-activities/${id}`, undefined, { silent: true })
/** Schedule a patrol or drill; `key` is the Idempotency-Key of this submission. */
export const scheduleActivity = (body: ActivityCreate, key: string) =>
  http.post<EmergencyActivity>('/emergency-activities', body, { silent: true, headers: { 'Idempotency-Key': key } })
/** The organiser's current check-in code (changes every minute). */
export const getCheckCode = (id: number | string) => http.get<CheckCode>(`/emergency-activities/${id}/code`, undefined, { silent: true })
export const checkIn = (id: number | string, code: string) => http.post<EmergencyActivity>(`/emergency-activities/${id}/check-in`, { code }, { silent: true })
/** The organiser marks members of the roster present (arrived now, inside the check-in time, unless told). */
export const markPresent = (id: number | string, memberIds: number[], arrivedAt?: string) =>
  http.post<EmergencyActivity>(`/emergency-activities/${id}/attendance`, arrivedAt ? { member_ids: memberIds, arrived_at: arrivedAt } : { member_ids: memberIds }, { silent: true })
export const holdActivity = (id: number, version: number, summary: string, findings: string) =>
  http.post<EmergencyActivity>(`/emergency-activities/${id}/hold`, findings ? { version, summary, findings } : { version, summary }, { silent: true })
export const cancelActivity = (id: number, version: number, reason: string) =>
  http.post<EmergencyActivity>(`/emergency-activities/${id}/cancel`, { version, reason }, { silent: true })

/* ---------- supplies (物资储备) ---------- */

export interface SupplyFilter {
  region?: string
  category?: SupplyCategory | ''
  flag?: SupplyFlag | ''
}
export const listSupplies = (f: SupplyFilter, cursor?: string, limit = 50) =>
  http.get<Page<EmergencySupply>>('/emergency-supplies', { region: f.region || undefined, category: f.category || undefined, flag: f.flag || undefined, cursor, limit })
export const getSupply = (id: number | string) => http.get<SupplyDetail>(`/emergency-supplies/${id}`, undefined, { silent: true })
export const createSupply = (body: SupplyCreate) => http.post<EmergencySupply>('/emergency-supplies', body, { silent: true })
export const updateSupply = (id: number, patch: SupplyPatch) => http.patch<EmergencySupply>(`/emergency-supplies/${id}`, patch, { silent: true })
export const moveSupply = (id: number, body: MovementCreate) => http.post<EmergencySupply>(`/emergency-supplies/${id}/movements`, body, { silent: true })

/* ---------- alerts (预警、集结) ---------- */

/** all: on the caller's line and those that called the caller; received: only the latter */
export type AlertView = 'all' | 'received'
export interface AlertFilter {
  view?: AlertView
  region?: string
  status?: AlertState | ''
}
export const listAlerts = (f: AlertFilter, cursor?: string, limit = 30) =>
  http.get<Page<EmergencyAlert>>('/emergency-alerts', { view: f.view, region: f.region || undefined, status: f.status || undefined, cursor, limit })
export const getAlert = (id: number | string) => http.get<EmergencyAlert>(`/emergency-alerts/${id}`, undefined, { silent: true })
/** Send an alert; `key` makes a retried send tell no one twice. */
export const sendAlert = (body: AlertCreate, key: string = newUuid()) =>
  http.post<EmergencyAlert>('/emergency-alerts', body, { silent: true, headers: { 'Idempotency-Key': key } })
export const respondAlert = (id: number | string, response: AlertResponse, note: string) =>
  http.post<EmergencyAlert>(`/emergency-alerts/${id}/respond`, note ? { response, note } : { response }, { silent: true })
export const closeAlert = (id: number | string, note: string) =>
  http.post<EmergencyAlert>(`/emergency-alerts/${id}/close`, note ? { note } : {}, { silent: true })

/* ---------- figures ---------- */

export const getEmergencyStats = (q: { region?: string; from?: string; to?: string }) =>
  http.get<EmergencyStats>('/emergency-stats', { ...q }, { silent: true })

/* ---------- pure helpers (the server's rules, mirrored to guide the pages) ---------- */

const ms = (s: string | null | undefined) => (s ? new Date(s).getTime() : NaN)

/** Whether a node is on another's line (the same, under it or above it): territory codes nest by prefix. */
export const onLine = (a: string, b: string) => !!a && !!b && (a.startsWith(b) || b.startsWith(a))
/** Whether members may check in now: scheduled, from an hour before the start to the end. */
export const withinCheckIn = (a: Pick<EmergencyActivity, 'status' | 'starts_at' | 'ends_at'>, now = Date.now()) =>
  a.status === 'scheduled' && now >= ms(a.starts_at) - CHECK_IN_LEAD_MS && now <= ms(a.ends_at)
/** Whether it may be recorded as held: scheduled and started. */
export const canHold = (a: Pick<EmergencyActivity, 'status' | 'starts_at'>, now = Date.now()) => a.status === 'scheduled' && now >= ms(a.starts_at)
/** Where a patrol or drill is: before its check-in time, open for check-in, past its end (to record), held or cancelled. */
export type ActivityPhase = 'upcoming' | 'checkin' | 'over' | 'held' | 'cancelled'
export function activityPhase(a: Pick<EmergencyActivity, 'status' | 'starts_at' | 'ends_at'>, now = Date.now()): ActivityPhase {
  if (a.status !== 'scheduled') return a.status
  if (now < ms(a.starts_at) - CHECK_IN_LEAD_MS) return 'upcoming'
  if (now <= ms(a.ends_at)) return 'checkin'
  return 'over'
}
/** Whole minutes from the start to an arrival (negative: before the start). */
export const minutesAfterStart = (startsAt: string, at: string | null) => (at ? Math.floor((ms(at) - ms(startsAt)) / 60_000) : null)
/** A supply's flags, worst first. */
export const supplyFlags = (s: Pick<EmergencySupply, 'expired' | 'expiring' | 'below_minimum'>): SupplyFlag[] =>
  SUPPLY_FLAGS.filter((f) => s[f])
