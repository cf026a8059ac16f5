import { http, request, fetchBlob } from '../request'
import type { Page } from '../territory'
import { newUuid } from '@/utils/uuid'
import type { EventDetail, EventFilter, EventItem, ReportBody, Stats, Uploaded } from './types'

const enc = encodeURIComponent

export const listEvents = (f: EventFilter, cursor?: string, limit = 50) =>
  http.get<Page<EventItem>>('/events', { ...f, cursor, limit })

export const getEvent = (id: number | string) => http.get<EventDetail>(`/events/${enc(String(id))}`)

export const getDuplicates = (id: number | string) =>
  http.get<{ items: EventItem[] }>(`/events/${enc(String(id))}/duplicates`).then((r) => r.items || [])

export const getStats = (q: { region?: string; from?: string; to?: string }) => http.get<Stats>('/events/stats', q)

/**
 * Report an event. `key` is the Idempotency-Key: the same key for every retry of one
 * submission (a double click answers the first answer and creates nothing more).
 */
export const reportEvent = (body: ReportBody, key: string) =>
  http.post<EventItem>('/events', body, { silent: true, headers: { 'Idempotency-Key': key } })

/**
 * One lifecycle step: POST the action's `path` (from GET /events/{id} `actions`) with
 * `{version, comment?, ...fields}`. Silent: the caller shows the error (409 reloads).
 */
export const postAction = (path: string, body: Record<string, unknown>, key: string = newUuid()) =>
  request<EventItem>('POST', path, { body, silent: true, headers: { 'Idempotency-Key': key } })

/** Upload one file's bytes; the server types it by content (JPEG, PNG, WebP, PDF, MP4). */
export const uploadAttachment = (file: Blob, type = file.type) =>
  request<Uploaded>('POST', '/attachments', {
    raw: file,
    silent: true,
    headers: { 'Content-Type': type || 'application/octet-stream' },
    timeoutMs: 30_000 + Math.ceil(file.size / 2048) * 1000,  // a stalled upload ends (2 KB/s at least)
  })

export const attachmentBlob = (hash: string) => fetchBlob(`/attachments/${enc(hash)}`)

/** The path of an action when the server did not list it (quick buttons in lists). */
export const actionPath = (id: number, action: string, reporter = false) =>
  `/api/v1/${reporter ? 'my/' : ''}events/${id}/${action}`
