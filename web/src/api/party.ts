import { http } from './request'
import type { Page } from './territory'
import type { Answer, Body, Schemas } from './schema'
import type { Ledger } from './exports'

/* ---------- types: answers and bodies generated from the server's schemas (src/party/render.cpp,
   http_orgs.cpp, http_members.cpp, http_pledges.cpp, http_stats.cpp); the value lists of model.h ---------- */

export type PartyOrg = Schemas['PartyOrg']
export type PartyMember = Schemas['PartyMember']
export type PartyPledge = Schemas['PartyPledge']
export type PartyOrgDetail = Answer<'/api/v1/party-orgs/{id}', 'get'>
export type PartyTree = Answer<'/api/v1/party-tree', 'get'>
export type PartyTreeItem = PartyTree['items'][number]
export type PartyMemberDetail = Answer<'/api/v1/party-members/{id}', 'get'>
export type MyParty = Answer<'/api/v1/my/party', 'get'>
export type MyMembership = MyParty['items'][number]
export type PartyStats = Answer<'/api/v1/party-stats', 'get'>
export type PartyOrgCreate = Body<'/api/v1/party-orgs', 'post'>
export type PartyOrgPatch = Body<'/api/v1/party-orgs/{id}', 'patch'>
export type PartyMemberCreate = Body<'/api/v1/party-orgs/{id}/members', 'post'>
export type PartyMemberPatch = Body<'/api/v1/party-members/{id}', 'patch'>
export type PartyLeave = Body<'/api/v1/party-members/{id}/leave', 'post'>
export type PartyTransfer = Body<'/api/v1/party-members/{id}/transfer', 'post'>

/** The five levels' first four, top down (党工委 → 党委/党总支 → 网格党支部 → 楼栋党小组); model.h kLevels. */
export const ORG_LEVELS = ['working_committee', 'committee', 'general_branch', 'branch', 'group'] as const
export type OrgLevel = (typeof ORG_LEVELS)[number]
export const MEMBER_KINDS = ['regular', 'in_service'] as const
export type MemberKind = (typeof MEMBER_KINDS)[number]
export const MEMBER_POSTS = ['secretary', 'deputy_secretary', 'committee_member', 'group_leader', 'member'] as const
export type MemberPost = (typeof MEMBER_POSTS)[number]
export const LEAVE_REASONS = ['transferred', 'moved_away', 'deceased', 'other'] as const
export type LeaveReason = (typeof LEAVE_REASONS)[number]
export const PLEDGE_KINDS = ['identity', 'responsibility', 'service'] as const
export type PledgeKind = (typeof PLEDGE_KINDS)[number]
export const PLEDGE_STATES = ['active', 'fulfilled', 'withdrawn'] as const
export type PledgeState = (typeof PLEDGE_STATES)[number]
/** a list's members: current stays (the server's default), ended ones, both */
export const ACTIVE_FILTERS = ['true', 'false', 'all'] as const
export type ActiveFilter = (typeof ACTIVE_FILTERS)[number]

/** Limits the server checks (http_*.cpp, model.h). */
export const PARTY_LIMITS = {
  orgName: 100,
  secretaryName: 50,
  reason: 500,
  memberName: 50,
  phone: 30,
  unit: 100,
  username: 64,
  note: 500,
  pledge: 500,
  unmaskReason: 200,
  /** active pledges a member may hold at once */
  activePledges: 20,
}

/* ---------- pure rules (rules.cpp), mirrored to guide the forms; the server decides ---------- */

/** 0 for a working committee ... 4 for a group. */
export const levelRank = (l: string) => ORG_LEVELS.indexOf(l as OrgLevel)
/** The territory levels an organisation of this level sits on. */
export const LEVEL_PLACES: Record<OrgLevel, string[]> = {
  working_committee: ['town', 'community'],
  committee: ['community'],
  general_branch: ['community'],
  branch: ['grid'],
  group: ['grid'],
}
/** The levels that may sit under an organisation of `parent` (strictly lower); all without one. */
export const childLevels = (parent?: string | null): OrgLevel[] =>
  parent ? ORG_LEVELS.filter((l) => levelRank(l) > levelRank(parent)) : [...ORG_LEVELS]
/** The posts of an organisation of this level: a group has a leader, the others a secretary and a committee. */
export const postsOf = (level?: string | null): MemberPost[] =>
  level === 'group' ? ['group_leader', 'member'] : ['secretary', 'deputy_secretary', 'committee_member', 'member']

/* ---------- organisations (党组织) ---------- */

export interface OrgFilter {
  region?: string
  level?: string
  /** active (default), dissolved or all */
  status?: string
  parent_id?: number | string
  q?: string
}
export const listOrgs = (f: OrgFilter = {}, cursor?: string, limit = 200) =>
  http.get<Page<PartyOrg>>('/party-orgs', { ...f, cursor, limit }, { silent: true })
export const getOrg = (id: number | string) => http.get<PartyOrgDetail>(`/party-orgs/${id}`, undefined, { silent: true })
export const getTree = (region?: string, all = false) =>
  http.get<PartyTree>('/party-tree', { region: region || undefined, all: all ? 'true' : undefined }, { silent: true })
export const createOrg = (body: PartyOrgCreate) => http.post<PartyOrg>('/party-orgs', body, { silent: true })
/** name, secretary, founding day, a group's building; with the version changed */
export const updateOrg = (id: number, patch: PartyOrgPatch) => http.patch<PartyOrg>(`/party-orgs/${id}`, patch, { silent: true })
/** refused (409) while it has current members or active child organisations */
export const dissolveOrg = (id: number, version: number, reason: string) =>
  http.post<PartyOrg>(`/party-orgs/${id}/dissolve`, { version, reason }, { silent: true })

/* ---------- members (党员) ---------- */

export interface MemberFilter {
  region?: string
  org_id?: number | string
  kind?: string
  post?: string
  /** true (default), false or all */
  active?: string
  q?: string
}
export const listMembers = (f: MemberFilter, cursor?: string, limit = 50) =>
  http.get<Page<PartyMember>>('/party-members', { ...f, cursor, limit })
export const getMember = (id: number | string) => http.get<PartyMemberDetail>(`/party-members/${id}`, undefined, { silent: true })
export const addMember = (orgId: number, body: PartyMemberCreate) =>
  http.post<PartyMember>(`/party-orgs/${orgId}/members`, body, { silent: true })
export const updateMember = (id: number, patch: PartyMemberPatch) => http.patch<PartyMember>(`/party-members/${id}`, patch, { silent: true })
/** ends the stay; its active pledges are withdrawn */
export const leaveMember = (id: number, body: PartyLeave) => http.post<PartyMember>(`/party-members/${id}/leave`, body, { silent: true })
/** 组织关系转接: this stay ends, the next opens in the target; answers the new stay */
export const transferMember = (id: number, body: PartyTransfer) =>
  http.post<PartyMember>(`/party-members/${id}/transfer`, body, { silent: true })
/** the full phone, for a stated reason (audited) */
export const unmaskMember = (id: number, reason: string) =>
  http.post<{ id: number; phone: string }>(`/party-members/${id}/unmask`, { reason }, { silent: true })
/** the caller's own current stays (their linked account) with their pledges */
export const getMyParty = () => http.get<MyParty>('/my/party', undefined, { silent: true }).then((r) => r.items || [])

/* ---------- pledges (亮身份、亮责任、亮服务) ---------- */

export interface PledgeFilter {
  region?: string
  member_id?: number | string
  kind?: string
  status?: string
}
export const listPledges = (f: PledgeFilter, cursor?: string, limit = 50) =>
  http.get<Page<PartyPledge>>('/party-pledges', { ...f, cursor, limit })
export const addPledge = (memberId: number, kind: PledgeKind, content: string) =>
  http.post<PartyPledge>(`/party-members/${memberId}/pledges`, { kind, content }, { silent: true })
/** 践诺: fulfilled, saying how */
export const fulfilPledge = (id: number, version: number, note: string) =>
  http.post<PartyPledge>(`/party-pledges/${id}/fulfil`, { version, note }, { silent: true })
export const withdrawPledge = (id: number, version: number, note?: string) =>
  http.post<PartyPledge>(`/party-pledges/${id}/withdraw`, { version, ...(note ? { note } : {}) }, { silent: true })

/* ---------- figures and the ledger ---------- */

export const getPartyStats = (q: { region?: string; from?: string; until?: string }) =>
  http.get<PartyStats>('/party-stats', { ...q }, { silent: true })
/**
 * GET /exports/party-members (region, all=true for the ended stays too) through ExportButton;
 * exports.ts's EXPORT_LEDGERS does not name it yet (a shared file), hence the cast.
 */
export const PARTY_LEDGER = 'party-members' as Ledger
