import { currentLocale, t } from '@/locales'
import { API_BASE, ApiError, problemMessage, type Problem } from './request'

/** The ledgers GET /exports/{ledger} writes as .xlsx, and the permission that reads each. */
export const EXPORT_LEDGERS = {
  persons: 'registry:person:read',
  households: 'registry:household:read',
  buildings: 'registry:building:read',
  businesses: 'registry:business:read',
  visits: 'registry:visit:read',
  disputes: 'disputes:dispute:read',
  'service-items': 'services:item:read',
  'service-cases': 'services:case:read',
  'service-orders': 'services:order:read',
  'service-wishes': 'services:wish:read',
  'volunteer-hours': 'volunteers:stats:read',
  points: 'points:stats:read',
  topics: 'deliberation:stats:read',
  notices: 'notices:receipt:read',
  'party-members': 'party:stats:read',
  'team-roster': 'teams:roster:read',
  'care-coverage': 'teams:care:read',
  'cobuild-units': 'cobuild:stats:read',
  'cobuild-needs': 'cobuild:stats:read',
  'cobuild-projects': 'cobuild:stats:read',
  'emergency-supplies': 'emergency:plan:read',
  'emergency-activities': 'emergency:plan:read',
  events: 'events:event:read',
} as const
export type Ledger = keyof typeof EXPORT_LEDGERS
/** The ledger with masked values that `registry:person:unmask` may export in full (with a reason). */
export const UNMASKABLE: Ledger[] = ['persons']

export interface ExportQuery {
  /** a region code; absent: the caller's whole scope */
  node?: string
  /** full ID numbers and phones, for a stated reason (audited by the server) */
  unmask?: boolean
  reason?: string
  /** the list's other filters the ledger knows (events: the list's status, category, source, region, sla, overdue, supervised, from, to, q; disputes: status, type, risk, from, to; persons: q, tag, residence_type; the service desk's: from, to; volunteer-hours, points, topics and notices: region, from, to) */
  filters?: Record<string, string | undefined>
}

/** The file name of a Content-Disposition header (RFC 6266: filename* first). */
export function dispositionName(header: string | null): string {
  if (!header) return ''
  const star = /filename\*\s*=\s*([^']*)'[^']*'([^;]+)/i.exec(header)
  if (star) {
    try {
      return decodeURIComponent(star[2].trim().replace(/^"|"$/g, ''))
    } catch {
      /* fall through */
    }
  }
  const plain = /filename\s*=\s*("([^"]*)"|[^;]+)/i.exec(header)
  return plain ? (plain[2] ?? plain[1]).trim() : ''
}

/**
 * GET /exports/{ledger} with the session (the cookie), as a Blob and its file name. A refusal
 * (403, 404 while the server has no exports, 422 without a reason) is an ApiError with the
 * server's message in the current language.
 */
export async function fetchExport(ledger: Ledger, q: ExportQuery): Promise<{ blob: Blob; filename: string }> {
  const qs = new URLSearchParams()
  if (q.node) qs.set('node', q.node)
  for (const [k, v] of Object.entries(q.filters || {})) if (v) qs.set(k, v)
  if (q.unmask) {
    qs.set('unmask', 'true')
    qs.set('reason', q.reason || '')
  }
  const stamp = new Date().toISOString().slice(0, 10)
  return fetchXlsx(`/exports/${ledger}` + (qs.toString() ? '?' + qs.toString() : ''), `${ledger}${q.node ? '-' + q.node : ''}-${stamp}.xlsx`)
}

/**
 * GET an .xlsx under /api/v1 (`path`: /exports/…, /assessment/runs/{id}/export.xlsx) with the
 * session, as a Blob and the name the server gives it (else `fallback`). A refusal is an
 * ApiError with the server's message in the current language.
 */
export async function fetchXlsx(path: string, fallback: string): Promise<{ blob: Blob; filename: string }> {
  const url = API_BASE + path
  let res: Response
  try {
    res = await fetch(url, {
      credentials: 'same-origin',
      headers: {
        Accept: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet, application/problem+json',
        'Accept-Language': currentLocale(),
        'X-Requested-With': 'XMLHttpRequest',
      },
    })
  } catch {
    throw new ApiError(t('common.msg.networkError'), 0, 'network_error')
  }
  if (!res.ok) {
    let problem: Problem | undefined
    if ((res.headers.get('Content-Type') || '').includes('json')) problem = (await res.json().catch(() => undefined)) as Problem | undefined
    throw new ApiError(problemMessage(problem, res.status), res.status, problem?.code || 'http_' + res.status, problem?.field, problem)
  }
  const blob = await res.blob()
  const filename = dispositionName(res.headers.get('Content-Disposition')) || fallback
  return { blob, filename }
}

/** Hand a Blob to the browser as a download. */
export function saveBlob(blob: Blob, filename: string) {
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = filename
  a.rel = 'noopener'
  a.style.display = 'none'
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 60_000)
}
