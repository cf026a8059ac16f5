import { http } from './request'
import type { Page } from './territory'
import type { Answer, Body, Schemas } from './schema'
import type { Ledger } from './exports'
import { newUuid } from '@/utils/uuid'

/* ---------- types: answers and bodies generated from the server's schemas (src/cobuild/render.cpp,
   http_units.cpp, http_resources.cpp, http_needs.cpp, http_projects.cpp, http_stats.cpp); the value
   lists of model.h ---------- */

export type CobuildUnit = Schemas['CobuildUnit']
export type CobuildContact = Schemas['CobuildContact']
export type CobuildResource = Schemas['CobuildResource']
export type CobuildNeed = Schemas['CobuildNeed']
export type CobuildProject = Schemas['CobuildProject']
export type CobuildProjectUpdate = Schemas['CobuildProjectUpdate']
export type CobuildReportIn = Schemas['CobuildReportIn']
export type CobuildUnitPage = Schemas['CobuildUnitPage']
export type CobuildUnitProject = CobuildUnitPage['projects'][number]
export type CobuildUnitLog = CobuildUnitPage['history'][number]
export type CobuildProjectPage = Schemas['CobuildProjectPage']

export type UnitCreate = Body<'/api/v1/cobuild-units', 'post'>
export type UnitPatch = Body<'/api/v1/cobuild-units/{id}', 'patch'>
export type ContactCreate = Body<'/api/v1/cobuild-units/{id}/contacts', 'post'>
export type ResourceCreate = Body<'/api/v1/cobuild-resources', 'post'>
export type ResourcePatch = Body<'/api/v1/cobuild-resources/{id}', 'patch'>
export type NeedCreate = Body<'/api/v1/cobuild-needs', 'post'>
export type ProjectCreate = Body<'/api/v1/cobuild-projects', 'post'>
export type ProjectPatch = Body<'/api/v1/cobuild-projects/{id}', 'patch'>
export type ProjectUpdateCreate = Body<'/api/v1/cobuild-projects/{id}/updates', 'post'>
export type CobuildStats = Answer<'/api/v1/cobuild-stats', 'get'>
export type ReportInRow = CobuildStats['report_ins'][number]

export const UNIT_KINDS = ['government', 'state_enterprise', 'enterprise', 'school', 'hospital', 'social_org', 'property', 'other'] as const
export type UnitKind = (typeof UNIT_KINDS)[number]
export const UNIT_STATES = ['active', 'left'] as const
export const RESOURCE_KINDS = ['room', 'equipment', 'service', 'funding', 'volunteers', 'other'] as const
export type ResourceKind = (typeof RESOURCE_KINDS)[number]
export const NEED_SOURCES = ['manual', 'visit', 'order', 'wish'] as const
export type NeedSource = (typeof NEED_SOURCES)[number]
export const NEED_STATES = ['open', 'matched', 'met', 'closed'] as const
export type NeedState = (typeof NEED_STATES)[number]
export const NEED_ACTIONS = ['match', 'meet', 'close'] as const
export type NeedAction = (typeof NEED_ACTIONS)[number]
export const PROJECT_STATES = ['planned', 'in_progress', 'done', 'cancelled'] as const
export type ProjectState = (typeof PROJECT_STATES)[number]
export const PROJECT_ROLES = ['lead', 'partner'] as const
export type ProjectRole = (typeof PROJECT_ROLES)[number]
export const PROJECT_ACTIONS = ['start', 'finish', 'cancel'] as const
export type ProjectAction = (typeof PROJECT_ACTIONS)[number]

/** Limits the server checks (http_*.cpp). */
export const COBUILD_LIMITS = {
  unitName: 100,
  creditCode: 18,
  address: 200,
  description: 2000,
  area: 500,
  reason: 500,
  contactName: 50,
  post: 50,
  phone: 20,
  username: 64,
  unmaskReason: 200,
  resourceTitle: 100,
  providerName: 100,
  quantityUnit: 10,
  needTitle: 100,
  matchNote: 500,
  meetNote: 1000,
  projectTitle: 100,
  projectDescription: 4000,
  ownerName: 100,
  updateNote: 1000,
  photos: 9,
  projectUnits: 20,
}

/** The three ledgers (GET /exports/cobuild-…, cobuild:stats:read). */
export const COBUILD_LEDGERS: Record<'units' | 'needs' | 'projects', Ledger> = {
  units: 'cobuild-units',
  needs: 'cobuild-needs',
  projects: 'cobuild-projects',
}

const flag = (b: boolean | undefined) => (b === undefined ? undefined : String(b))
const idem = () => ({ 'Idempotency-Key': newUuid() })

/* ---------- units (共建单位) and their contacts ---------- */

export interface UnitFilter {
  /** all (default) or mine: the units the caller is a contact of */
  view?: 'all' | 'mine'
  region?: string
  kind?: string
  alliance?: boolean
  /** active (default), left or all */
  status?: 'active' | 'left' | 'all'
  q?: string
}
export const listUnits = (f: UnitFilter, cursor?: string, limit = 30) =>
  http.get<Page<CobuildUnit>>('/cobuild-units', {
    view: f.view === 'mine' ? 'mine' : undefined,
    region: f.region || undefined,
    kind: f.kind || undefined,
    alliance: flag(f.alliance),
    status: f.status && f.status !== 'active' ? f.status : undefined,
    q: f.q || undefined,
    cursor,
    limit,
  })
export const getUnit = (id: number | string, all = false) =>
  http.get<CobuildUnitPage>(`/cobuild-units/${id}`, { all: all ? 'true' : undefined }, { silent: true })
export const createUnit = (body: UnitCreate, key = newUuid()) =>
  http.post<CobuildUnit>('/cobuild-units', body, { silent: true, headers: { 'Idempotency-Key': key } })
export const updateUnit = (id: number, patch: UnitPatch) => http.patch<CobuildUnit>(`/cobuild-units/${id}`, patch, { silent: true })
export const leaveUnit = (id: number, body: { version: number; reason: string; left_on?: string | null }) =>
  http.post<CobuildUnit>(`/cobuild-units/${id}/leave`, body, { silent: true })
export const addContact = (unitId: number, body: ContactCreate) =>
  http.post<CobuildContact>(`/cobuild-units/${unitId}/contacts`, body, { silent: true })
export const removeContact = (id: number, reason: string) =>
  http.post<CobuildContact>(`/cobuild-contacts/${id}/remove`, { reason }, { silent: true })
/** The contact's phone in full, for a stated reason (the server audits every call). */
export const unmaskContact = (id: number, reason: string) =>
  http.post<{ id: number; phone: string }>(`/cobuild-contacts/${id}/unmask`, { reason }, { silent: true })

/* ---------- resources (资源清单) ---------- */

export interface ResourceFilter {
  region?: string
  kind?: string
  unit_id?: number | string
  available?: boolean
  q?: string
}
export const listResources = (f: ResourceFilter, cursor?: string, limit = 30) =>
  http.get<Page<CobuildResource>>('/cobuild-resources', {
    region: f.region || undefined,
    kind: f.kind || undefined,
    unit_id: f.unit_id || undefined,
    available: flag(f.available),
    q: f.q || undefined,
    cursor,
    limit,
  })
export const getResource = (id: number | string) => http.get<CobuildResource>(`/cobuild-resources/${id}`, undefined, { silent: true })
export const createResource = (body: ResourceCreate, key = newUuid()) =>
  http.post<CobuildResource>('/cobuild-resources', body, { silent: true, headers: { 'Idempotency-Key': key } })
export const updateResource = (id: number, patch: ResourcePatch) =>
  http.patch<CobuildResource>(`/cobuild-resources/${id}`, patch, { silent: true })

/* ---------- needs (需求清单) ---------- */

export interface NeedFilter {
  region?: string
  status?: string
  source?: string
}
export const listNeeds = (f: NeedFilter, cursor?: string, limit = 30) =>
  http.get<Page<CobuildNeed>>('/cobuild-needs', { region: f.region || undefined, status: f.status || undefined, source: f.source || undefined, cursor, limit })
export const getNeed = (id: number | string) => http.get<CobuildNeed>(`/cobuild-needs/${id}`, undefined, { silent: true })
/** Collect a need by hand, or raise it once from a visit, an order or a wish (its id). */
export const raiseNeed = (body: NeedCreate, key = newUuid()) =>
  http.post<CobuildNeed>('/cobuild-needs', body, { silent: true, headers: { 'Idempotency-Key': key } })
/** match {resource_id | project_id, note}, meet {note}, close {reason}; the need's version checked. */
export const needStep = (id: number, action: NeedAction, body: Record<string, unknown>) =>
  http.post<CobuildNeed>(`/cobuild-needs/${id}/${action}`, body, { silent: true })

/* ---------- projects (项目清单, 民生微实事) ---------- */

export interface ProjectFilter {
  region?: string
  status?: string
  unit_id?: number | string
}
export const listProjects = (f: ProjectFilter, cursor?: string, limit = 30) =>
  http.get<Page<CobuildProject>>('/cobuild-projects', { region: f.region || undefined, status: f.status || undefined, unit_id: f.unit_id || undefined, cursor, limit })
export const getProject = (id: number | string) => http.get<CobuildProjectPage>(`/cobuild-projects/${id}`, undefined, { silent: true })
export const createProject = (body: ProjectCreate, key = newUuid()) =>
  http.post<CobuildProject>('/cobuild-projects', body, { silent: true, headers: { 'Idempotency-Key': key } })
export const updateProject = (id: number, patch: ProjectPatch) =>
  http.patch<CobuildProject>(`/cobuild-projects/${id}`, patch, { silent: true })
export const addProjectUnit = (id: number, unit_id: number, role: ProjectRole) =>
  http.post<CobuildProject>(`/cobuild-projects/${id}/units`, { unit_id, role }, { silent: true })
/** A progress update (percent never back, spent at most the budget, photos as attachment hashes). */
export const addProjectUpdate = (id: number, body: ProjectUpdateCreate) =>
  http.post<CobuildProjectUpdate>(`/cobuild-projects/${id}/updates`, body, { silent: true, headers: idem() })
/** start {version}, finish {version, note, done_on, spent_cents}, cancel {version, reason}. */
export const projectStep = (id: number, action: ProjectAction, body: Record<string, unknown>) =>
  http.post<CobuildProject>(`/cobuild-projects/${id}/${action}`, body, { silent: true })

/* ---------- 个性清单: party members' pledges are the party module's (api/party.ts listPledges, read only here) ---------- */

/* ---------- figures ---------- */

export const getCobuildStats = (q: { region?: string; from?: string; until?: string }) =>
  http.get<CobuildStats>('/cobuild-stats', { ...q }, { silent: true })

/* ---------- pure helpers (the server's rules, mirrored to guide the forms) ---------- */

const CREDIT_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
/** 统一社会信用代码 (GB 32100): 18 characters of its alphabet, the last the check character (rules.cpp). */
export function validCreditCode(code: string): boolean {
  const c = code.trim().toUpperCase()
  if (c.length !== 18) return false
  let sum = 0
  for (let i = 0; i < 18; i++) {
    const pos = CREDIT_CHARS.indexOf(c[i])
    if (pos < 0) return false
    if (i < 17) sum += pos * CREDIT_WEIGHTS[i]
  }
  return CREDIT_CHARS[(31 - (sum % 31)) % 31] === c[17]
}

/** Yuan as typed ("38000", "38,000.5", "38000.00") to integer cents; null when it is not an amount. */
export function yuanToCents(text: string): number | null {
  const s = text.replace(/[,，\s]/g, '')
  if (!/^\d{1,12}(\.\d{0,2})?$/.test(s)) return null
  const [whole, frac = ''] = s.split('.')
  return Number(whole) * 100 + Number((frac + '00').slice(0, 2))
}
/** Integer cents as yuan with two decimals ("38000.00"); the server answers the same text too. */
export function centsToYuan(cents: number | null | undefined): string {
  if (cents === null || cents === undefined) return ''
  const neg = cents < 0
  const a = Math.abs(Math.trunc(cents))
  return (neg ? '-' : '') + Math.floor(a / 100) + '.' + String(a % 100).padStart(2, '0')
}
/** Yuan text with thousands separators for display ("38,000.00"). */
export function formatYuan(yuan: string, locale = 'zh-CN'): string {
  const [whole, frac = '00'] = yuan.split('.')
  const n = Number(whole.replace('-', ''))
  return (whole.startsWith('-') ? '-' : '') + new Intl.NumberFormat(locale).format(n) + '.' + frac
}
/** The steps a project's state allows (rules.cpp project_step). */
export function projectSteps(status: string): ProjectAction[] {
  if (status === 'planned') return ['start', 'cancel']
  if (status === 'in_progress') return ['finish', 'cancel']
  return []
}
/** The steps a need's state allows (rules.cpp need_step). */
export function needSteps(status: string): NeedAction[] {
  if (status === 'open') return ['match', 'close']
  if (status === 'matched') return ['meet', 'close']
  return []
}
