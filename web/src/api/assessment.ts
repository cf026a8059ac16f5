// 考核 (src/assessment, docs/ASSESSMENT.md): the indicator catalogue, schemes per post with
// weighted indicators (draft → active → retired; a change to an active one: retire, copy,
// edit), runs of a scheme for a month or a quarter with every subject's raw values, manual
// points with a reason, freezing and versions, commendations, the run as .xlsx, and a
// worker's own card.
import { http } from './request'
import type { Answer, Body, Schemas } from './schema'

const enc = encodeURIComponent

export const POSTS = ['grid_worker', 'grid_chief', 'neighbour_chief', 'department', 'grid', 'community'] as const
export type Post = (typeof POSTS)[number]
export const PERIOD_KINDS = ['month', 'quarter'] as const
export type PeriodKind = (typeof PERIOD_KINDS)[number]
export const SCHEME_STATES = ['draft', 'active', 'retired'] as const
export const DIRECTIONS = ['higher_better', 'lower_better'] as const

export type IndicatorSpec = Schemas['AssessmentIndicatorSpec']
export type Scheme = Schemas['AssessmentScheme']
export type SchemeIndicator = Scheme['indicators'][number]
export type Run = Schemas['AssessmentRun']
export type RunDetail = Answer<'/api/v1/assessment/runs/{id}', 'get'>
export type Result = Schemas['AssessmentResult']
export type Adjustment = Schemas['AssessmentAdjustment']
export type Commendation = Schemas['AssessmentCommendation']
export type SchemeCreate = Body<'/api/v1/assessment/schemes', 'post'>
export type SchemeUpdate = Body<'/api/v1/assessment/schemes/{id}', 'put'>
export type IndicatorInput = SchemeCreate['indicators'][number]
export type Card = Answer<'/api/v1/assessment/my-card', 'get'>
export type CardItem = Card['items'][number]

type Page<T> = { items: T[]; next_cursor: string | null }

export const listIndicators = (post?: Post) =>
  http.get<{ items: IndicatorSpec[] }>('/assessment/indicators', { post }).then((r) => r.items || [])

export const listSchemes = (q: { region?: string; post?: string; status?: string; cursor?: string; limit?: number }) =>
  http.get<Page<Scheme>>('/assessment/schemes', q)
export const getScheme = (id: number | string) => http.get<Scheme>(`/assessment/schemes/${enc(String(id))}`, undefined, { silent: true })
/** Silent: the form shows the server's field errors under their fields. */
export const createScheme = (b: SchemeCreate) => http.post<Scheme>('/assessment/schemes', b, { silent: true })
export const updateScheme = (id: number, b: SchemeUpdate) => http.put<Scheme>(`/assessment/schemes/${id}`, b, { silent: true })
/** activate (the weights sum to 100), retire, or copy into a new draft. Silent. */
export const schemeStep = (id: number, step: 'activate' | 'retire' | 'copy', name?: string) =>
  http.post<Scheme>(`/assessment/schemes/${id}/${step}`, step === 'copy' && name ? { name } : undefined, { silent: true })

/** Compute an active scheme for a period (2026-11 or 2026-Q4): the period's first version, the draft again, or the next version after freezing. */
export const computeRun = (schemeId: number, period: string, key: string) =>
  http.post<Run>(`/assessment/schemes/${schemeId}/runs`, { period }, { silent: true, headers: { 'Idempotency-Key': key } })
export const listRuns = (q: { scheme?: number | string; period?: string; cursor?: string; limit?: number }) =>
  http.get<Page<Run>>('/assessment/runs', q)
/** A run with a page of its results in rank order, its manual points and commendations. */
export const getRun = (id: number | string, cursor?: string, limit = 500) =>
  http.get<RunDetail>(`/assessment/runs/${enc(String(id))}`, { cursor, limit }, { silent: true })
export const addAdjustment = (runId: number, b: { subject: string; points: number; reason: string }, key: string) =>
  http.post<Adjustment>(`/assessment/runs/${runId}/adjustments`, b, { silent: true, headers: { 'Idempotency-Key': key } })
export const freezeRun = (runId: number) => http.post<Run>(`/assessment/runs/${runId}/freeze`, undefined, { silent: true })
export const commend = (runId: number, b: { subject: string; title: string; reason: string }, key: string) =>
  http.post<Commendation>(`/assessment/runs/${runId}/commendations`, b, { silent: true, headers: { 'Idempotency-Key': key } })
/** The path of a run's workbook (fetched with the session by fetchXlsx). */
export const runExportPath = (runId: number) => `/assessment/runs/${runId}/export.xlsx`

/** The caller's own results in frozen runs (考评卡), newest period first. */
export const getMyCard = (period?: string) => http.get<Card>('/assessment/my-card', { period }, { silent: true })

/* ---------- periods ---------- */
const pad = (n: number) => String(n).padStart(2, '0')
/** The periods to offer: this one and the previous `n - 1`, newest first ("2026-11", "2026-Q4"). */
export function recentPeriods(kind: PeriodKind, n = 12, now = new Date()): string[] {
  const out: string[] = []
  let y = now.getFullYear()
  if (kind === 'month') {
    let m = now.getMonth() + 1
    for (let i = 0; i < n; i++) {
      out.push(`${y}-${pad(m)}`)
      if (--m === 0) {
        m = 12
        y--
      }
    }
  } else {
    let q = Math.floor(now.getMonth() / 3) + 1
    for (let i = 0; i < n; i++) {
      out.push(`${y}-Q${q}`)
      if (--q === 0) {
        q = 4
        y--
      }
    }
  }
  return out
}
