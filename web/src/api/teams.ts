import { http, fetchAll } from './request'
import type { Page } from './territory'
import type { Answer, Body, Schemas } from './schema'
import { newUuid } from '@/utils/uuid'

/* ---------- types: answers and bodies generated from the server's schemas (src/teams/render.cpp,
   http_roster.cpp, http_card.cpp, http_calls.cpp, http_care.cpp, http_work.cpp, http_stats.cpp);
   the value lists of model.h ---------- */

export type TeamMember = Schemas['TeamMember']
export type TeamCardEntry = Schemas['TeamCardEntry']
export type TeamCall = Schemas['TeamCall']
export type CareAssignment = Schemas['CareAssignment']
export type CareSettings = Schemas['CareSettings']
export type CareVisit = Schemas['CareVisit']

export type MemberCreate = Body<'/api/v1/team-members', 'post'>
export type MemberPatch = Body<'/api/v1/team-members/{id}', 'patch'>
export type MyGridTeam = Answer<'/api/v1/me/grid-team', 'get'>
export type PhoneReveal = Answer<'/api/v1/team-members/{id}/phone', 'post'>
export type TeamBoard = Answer<'/api/v1/regions/{code}/team-board', 'get'>
export type CallCreate = Body<'/api/v1/grid-team/calls', 'post'>
export type SettingsPut = Body<'/api/v1/care-settings/{code}', 'put'>
export type AssignmentCreate = Body<'/api/v1/care-assignments', 'post'>
export type VisitCreate = Body<'/api/v1/care-assignments/{id}/visits', 'post'>
export type Worklist = Answer<'/api/v1/care/worklist', 'get'>
export type WorklistMember = Worklist['members'][number]
export type Coverage = Answer<'/api/v1/care/coverage', 'get'>
export type CoverageRow = Coverage['items'][number]
export type CoverageTotals = Coverage['totals']
export type TeamStats = Answer<'/api/v1/team-stats', 'get'>

/** The posts of a team (网格小组), in board order: 三长三员一民警 first, then the others (model.h kPosts). */
export const POSTS = [
  'grid_chief',
  'full_time',
  'professional',
  'part_time',
  'building_head',
  'unit_head',
  'neighbour_head',
  'area_head',
  'police',
  'legal_adviser',
  'health_worker',
  'urban_management',
  'market_regulator',
  'party_member',
  'volunteer',
] as const
export type Post = (typeof POSTS)[number]
/** The roles of the 三长三员一民警 model (TEAMS.md "model complete"): a grid worker is any of the three kinds. */
export const MODEL_ROLES: { key: string; posts: Post[] }[] = [
  { key: 'grid_chief', posts: ['grid_chief'] },
  { key: 'building_head', posts: ['building_head'] },
  { key: 'unit_head', posts: ['unit_head'] },
  { key: 'grid_worker', posts: ['full_time', 'professional', 'part_time'] },
  { key: 'legal_adviser', posts: ['legal_adviser'] },
  { key: 'health_worker', posts: ['health_worker'] },
  { key: 'police', posts: ['police'] },
]
export const CALL_KINDS = ['help', 'report', 'consult'] as const
export type CallKind = (typeof CALL_KINDS)[number]
export const CALL_STATES = ['open', 'answered', 'closed'] as const
export type CallState = (typeof CALL_STATES)[number]
export const CARE_CLASSES = ['key', 'care', 'ordinary'] as const
export type CareClass = (typeof CARE_CLASSES)[number]
/** 六提六知 (seed 001), in the order the server names them (model.h kChecklist). */
export const CHECKLIST = [
  'ask_residence_know_building',
  'ask_building_know_household',
  'ask_household_know_person',
  'ask_person_know_matter',
  'ask_matter_know_situation',
  'ask_situation_know_policy',
] as const
export type ChecklistKey = (typeof CHECKLIST)[number]
export type ChecklistAnswers = Record<ChecklistKey, { done: boolean; note: string }>

/** Limits the server checks (http_roster.cpp, http_calls.cpp, http_care.cpp, http_work.cpp). */
export const TEAM_LIMITS = {
  name: 50,
  phone: 20,
  responsibility: 200,
  username: 64,
  sort: 9999,
  reason: 500,
  message: 500,
  note: 500,
  findings: 2000,
  photos: 9,
  days: [1, 366] as const,
}

/* ---------- the roster (网格小组) ---------- */

export interface MemberFilter {
  region?: string
  post?: Post | ''
  /** true (default), false (ended ones) or all */
  active?: 'true' | 'false' | 'all'
}
export const listMembers = (f: MemberFilter, cursor?: string, limit = 200) =>
  http.get<Page<TeamMember>>('/team-members', { region: f.region || undefined, post: f.post || undefined, active: f.active, cursor, limit })
/** Every entry under a node (a community holds a few hundred at most). */
export const listAllMembers = (f: MemberFilter) => fetchAll<TeamMember>((c) => listMembers(f, c), 20)
export const getMember = (id: number | string) => http.get<TeamMember>(`/team-members/${id}`, undefined, { silent: true })
export const addMember = (body: MemberCreate) => http.post<TeamMember>('/team-members', body, { silent: true })
export const updateMember = (id: number, patch: MemberPatch) => http.patch<TeamMember>(`/team-members/${id}`, patch, { silent: true })
export const endMember = (id: number, reason: string, until?: string) =>
  http.post<TeamMember>(`/team-members/${id}/end`, { reason, ...(until ? { until } : {}) }, { silent: true })

/* ---------- what residents see: my grid team, the call button's number, the board ---------- */

export const getMyGridTeam = () => http.get<MyGridTeam>('/me/grid-team', undefined, { silent: true })
/** The whole number for the call button (audited by the server). */
export const revealPhone = (id: number) => http.post<PhoneReveal>(`/team-members/${id}/phone`, undefined, { silent: true })
export const getTeamBoard = (code: string) => http.get<TeamBoard>(`/regions/${encodeURIComponent(code)}/team-board`, undefined, { silent: true })

/* ---------- calls (在线呼叫 / 在线响应) ---------- */

export interface CallFilter {
  status?: CallState | ''
  region?: string
}
export const listCalls = (f: CallFilter, cursor?: string, limit = 20, silent = false) =>
  http.get<Page<TeamCall>>('/grid-team/calls', { status: f.status || undefined, region: f.region || undefined, cursor, limit }, { silent })
/** Call the caller's grid team; `key` makes a double tap one call. */
export const makeCall = (body: CallCreate, key: string = newUuid()) =>
  http.post<TeamCall>('/grid-team/calls', body, { silent: true, headers: { 'Idempotency-Key': key } })
export const answerCall = (id: number, note = '') => http.post<TeamCall>(`/grid-team/calls/${id}/answer`, note ? { note } : {}, { silent: true })
export const closeCall = (id: number, note = '') => http.post<TeamCall>(`/grid-team/calls/${id}/close`, note ? { note } : {}, { silent: true })

/* ---------- households in care (包户) ---------- */

export const getCareSettings = (community: string, silent = true) =>
  http.get<CareSettings>(`/care-settings/${encodeURIComponent(community)}`, undefined, { silent })
export const saveCareSettings = (community: string, body: SettingsPut) =>
  http.put<CareSettings>(`/care-settings/${encodeURIComponent(community)}`, body, { silent: true })

export interface AssignmentFilter {
  region?: string
  member_id?: number | string
  /** active (default), ended or all */
  status?: 'active' | 'ended' | 'all'
}
export const listAssignments = (f: AssignmentFilter, cursor?: string, limit = 50) =>
  http.get<Page<CareAssignment>>('/care-assignments', { region: f.region || undefined, member_id: f.member_id || undefined, status: f.status, cursor, limit })
export const assignHousehold = (body: AssignmentCreate) => http.post<CareAssignment>('/care-assignments', body, { silent: true })
export const endAssignment = (id: number, reason: string) => http.post<CareAssignment>(`/care-assignments/${id}/end`, { reason }, { silent: true })
export const listCareVisits = (id: number | string, cursor?: string, limit = 20) =>
  http.get<Page<CareVisit>>(`/care-assignments/${id}/visits`, { cursor, limit }, { silent: true })
export const recordCareVisit = (id: number | string, body: VisitCreate) =>
  http.post<CareVisit>(`/care-assignments/${id}/visits`, body, { silent: true })
/** A carer's households by due date (member: 'me' or a team entry's id). */
export const getWorklist = (member: 'me' | number | string = 'me', cursor?: string, limit = 100) =>
  http.get<Worklist>('/care/worklist', { member: member === 'me' ? undefined : member, cursor, limit }, { silent: true })

/* ---------- figures ---------- */

export const getCoverage = (q: { region?: string; month?: string }, cursor?: string, limit = 50) =>
  http.get<Coverage>('/care/coverage', { region: q.region || undefined, month: q.month || undefined, cursor, limit }, { silent: true })
export const getTeamStats = (q: { region?: string; from?: string; to?: string }) => http.get<TeamStats>('/team-stats', { ...q }, { silent: true })

/* ---------- pure helpers ---------- */

/** A response time (在线响应) as people say it: 45 秒, 3 分 20 秒, 1 小时 5 分. */
export function durationParts(ms: number): { h: number; m: number; s: number } {
  const total = Math.max(0, Math.round(ms / 1000))
  return { h: Math.floor(total / 3600), m: Math.floor((total % 3600) / 60), s: total % 60 }
}
/** The community of a grid (or of a node under one): its first 12 digits. */
export const communityOf = (code: string) => (code.length >= 12 ? code.slice(0, 12) : code)
/** An empty 六提六知 form. */
export const emptyChecklist = (): ChecklistAnswers =>
  Object.fromEntries(CHECKLIST.map((k) => [k, { done: false, note: '' }])) as ChecklistAnswers
/** This month as YYYY-MM (local time). */
export function thisMonth(now = new Date()): string {
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`
}
