import { ElMessage } from 'element-plus'
import { currentLocale, t } from '@/locales'

export const API_BASE = '/api/v1'

/** RFC 9457 problem document as the Wangge server sends it. */
export interface Problem {
  type?: string
  title?: string
  status?: number
  code?: string
  detail?: string
  message_zh?: string
  message_en?: string
  field?: string
}

export class ApiError extends Error {
  status: number
  code: string
  field?: string
  problem?: Problem
  constructor(message: string, status: number, code: string, field?: string, problem?: Problem) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.field = field
    this.problem = problem
  }
}

export type Query = Record<string, string | number | boolean | null | undefined>

export interface RequestOptions {
  query?: Query
  body?: unknown
  /** Do not pop up an error message (the caller shows it). */
  silent?: boolean
  /** Do not redirect to the login page on 401. */
  noAuthRedirect?: boolean
  /** Extra request headers (e.g. Idempotency-Key). */
  headers?: Record<string, string>
  /** A raw body (file bytes) sent as is, instead of `body` as JSON. */
  raw?: Blob | ArrayBuffer
  /** Give up after this long (a network error, status 0): the outbox retries later. */
  timeoutMs?: number
}

type UnauthorizedHandler = () => void
let onUnauthorized: UnauthorizedHandler = () => {}
export function setUnauthorizedHandler(fn: UnauthorizedHandler) {
  onUnauthorized = fn
}

export function problemMessage(p: Problem | undefined, status: number): string {
  if (p) {
    const zh = currentLocale() === 'zh-CN'
    const msg = zh ? p.message_zh || p.message_en : p.message_en || p.message_zh
    if (msg) return msg
    if (p.detail) return p.detail
    if (p.title) return p.title
  }
  return t('common.msg.unknownError', { status })
}

function buildUrl(path: string, query?: Query): string {
  let url = path.startsWith('/api/') || path.startsWith('/healthz') ? path : API_BASE + path
  if (query) {
    const qs = new URLSearchParams()
    for (const [k, v] of Object.entries(query)) {
      if (v === undefined || v === null || v === '') continue
      qs.append(k, String(v))
    }
    const s = qs.toString()
    if (s) url += (url.includes('?') ? '&' : '?') + s
  }
  return url
}

export async function request<T = unknown>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = {
    Accept: 'application/json, application/problem+json',
    'Accept-Language': currentLocale(),
    'X-Requested-With': 'XMLHttpRequest',
  }
  if (opts.headers) Object.assign(headers, opts.headers)
  const init: RequestInit = { method, headers, credentials: 'same-origin' }
  if (opts.timeoutMs) init.signal = AbortSignal.timeout(opts.timeoutMs)
  if (opts.raw !== undefined) {
    if (!headers['Content-Type']) headers['Content-Type'] = 'application/octet-stream'
    init.body = opts.raw
  } else if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json'
    init.body = JSON.stringify(opts.body)
  }
  let res: Response
  try {
    res = await fetch(buildUrl(path, opts.query), init)
    // A read the server shed under a moment's load (503 with Retry-After): asked again after
    // the wait it names (at most 2 s), twice at most, before the user hears of it. Writes
    // are not repeated here (the outbox and Idempotency-Key handle those).
    for (let tries = 0; res.status === 503 && method === 'GET' && tries < 2; tries++) {
      const wait = Math.min(2, Number(res.headers.get('Retry-After')) || 1)
      await new Promise((r) => setTimeout(r, wait * 1000))
      res = await fetch(buildUrl(path, opts.query), init)
    }
  } catch (e) {
    const err = new ApiError(t('common.msg.networkError'), 0, 'network_error')
    if (!opts.silent) ElMessage.error(err.message)
    throw err
  }
  const ctype = res.headers.get('Content-Type') || ''
  if (!res.ok) {
    let problem: Problem | undefined
    if (ctype.includes('json')) {
      try {
        problem = (await res.json()) as Problem
      } catch {
        problem = undefined
      }
    }
    const err = new ApiError(
      problemMessage(problem, res.status),
      res.status,
      problem?.code || 'http_' + res.status,
      problem?.field,
      problem,
    )
    if (res.status === 401 && !opts.noAuthRedirect) {
      onUnauthorized()
      // The login page says why; one message is enough.
      throw err
    }
    if (!opts.silent) ElMessage.error(err.message)
    throw err
  }
  if (res.status === 204 || res.status === 205) return undefined as T
  if (ctype.includes('json')) return (await res.json()) as T
  const text = await res.text()
  return (text ? (JSON.parse(text) as T) : (undefined as T))
}

export const http = {
  get: <T>(path: string, query?: Query, o: RequestOptions = {}) => request<T>('GET', path, { ...o, query }),
  post: <T>(path: string, body?: unknown, o: RequestOptions = {}) => request<T>('POST', path, { ...o, body }),
  put: <T>(path: string, body?: unknown, o: RequestOptions = {}) => request<T>('PUT', path, { ...o, body }),
  patch: <T>(path: string, body?: unknown, o: RequestOptions = {}) => request<T>('PATCH', path, { ...o, body }),
  del: <T>(path: string, o: RequestOptions = {}) => request<T>('DELETE', path, o),
}

/**
 * GET a protected file (an attachment) as a Blob with the session, for an object URL:
 * an <img src> could not show the problem when it is refused.
 */
export async function fetchBlob(path: string): Promise<Blob> {
  let res: Response
  try {
    res = await fetch(buildUrl(path), { credentials: 'same-origin', headers: { 'Accept-Language': currentLocale() } })
  } catch {
    throw new ApiError(t('common.msg.networkError'), 0, 'network_error')
  }
  if (!res.ok) {
    let problem: Problem | undefined
    if ((res.headers.get('Content-Type') || '').includes('json')) problem = (await res.json().catch(() => undefined)) as Problem | undefined
    throw new ApiError(problemMessage(problem, res.status), res.status, problem?.code || 'http_' + res.status, problem?.field, problem)
  }
  return res.blob()
}

/** Fetch every page of a cursor-paged list (bounded). */
export async function fetchAll<T>(
  page: (cursor?: string) => Promise<{ items: T[]; next_cursor?: string | null }>,
  maxPages = 50,
): Promise<T[]> {
  const all: T[] = []
  let cursor: string | undefined
  for (let i = 0; i < maxPages; i++) {
    const r = await page(cursor)
    all.push(...(r.items || []))
    if (!r.next_cursor) break
    cursor = r.next_cursor
  }
  return all
}
