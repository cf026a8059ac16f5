// The outbox: reports, patrol events and visits recorded on the phone wait here (IndexedDB,
// offline/db.ts) until they can be sent, each with its own Idempotency-Key (the item's id),
// so an item sent again after a timeout whose answer was lost is filed once. Photos wait
// with them and are uploaded first (content-addressed: an upload repeated is the same
// attachment). An answer the server refuses (4xx other than 401/408/429) is kept with its
// reason for the user to fix and resend, or to delete; anything else is retried.
import { ApiError, request } from '@/api/request'
import { newUuid } from '@/utils/uuid'
import * as db from './db'

export type OutboxKind = 'report' | 'patrol' | 'visit'
export type OutboxState = 'waiting' | 'sending' | 'sent' | 'refused'

export interface OutboxPhoto {
  hash: string
  type: string
  blob: Blob
  uploaded?: boolean
}

export interface OutboxItem {
  id: string  // also the Idempotency-Key
  owner: number  // the user who recorded it
  kind: OutboxKind
  path: string  // POSTed to, under /api/v1
  body: Record<string, unknown>
  photos: OutboxPhoto[]
  title: string  // what the list shows
  created_at: number
  state: OutboxState
  attempts: number
  last_try?: number
  error?: string  // the server's reason (refused) or the last failure (waiting)
  field?: string
  status?: number
  result_id?: number  // the event or visit filed
  event_id?: number  // a visit's raised event
  sent_at?: number
}

export interface NewItem {
  kind: OutboxKind
  path: string
  body: Record<string, unknown>
  photos?: OutboxPhoto[]
  title: string
  /** The key the form already used for an attempt whose answer never came. */
  key?: string
}

export async function enqueue(owner: number, n: NewItem): Promise<OutboxItem> {
  const item: OutboxItem = {
    id: n.key || newUuid(),
    owner,
    kind: n.kind,
    path: n.path,
    body: n.body,
    photos: n.photos || [],
    title: n.title,
    created_at: Date.now(),
    state: 'waiting',
    attempts: 0,
  }
  await db.put(item)
  return item
}

export const list = () => db.all<OutboxItem>()
export const get = (id: string) => db.get<OutboxItem>(id)
export const remove = (id: string) => db.remove(id)
export const clear = () => db.clear()

/** A refused item edited by the user: a new request, so a new key; its photos are kept. */
export async function replace(old: OutboxItem, body: Record<string, unknown>, title: string): Promise<OutboxItem> {
  const fresh: OutboxItem = {
    ...old,
    id: newUuid(),
    body,
    title,
    state: 'waiting',
    attempts: 0,
    error: undefined,
    field: undefined,
    status: undefined,
    last_try: undefined,
  }
  await db.put(fresh)
  await db.remove(old.id)
  return fresh
}

/** Whether a failure is worth retrying (no answer, overload, session) or final. */
export function transient(e: unknown): boolean {
  if (!(e instanceof ApiError)) return true
  return e.status === 0 || e.status === 401 || e.status === 408 || e.status === 425 || e.status === 429 || e.status >= 500
}

// A request's time limit: generous for a weak uplink (2 KB/s) but finite, so a connection
// that stalls without failing does not hold the outbox forever.
const limitFor = (bytes: number) => 30_000 + Math.ceil(bytes / 2048) * 1000

/** Sends one item: its photos, then its request. Saves and returns its new state. */
export async function send(item: OutboxItem): Promise<OutboxItem> {
  item.attempts += 1
  item.last_try = Date.now()
  try {
    for (const p of item.photos) {
      if (p.uploaded) continue
      const r = await request<{ hash: string }>('POST', '/attachments', {
        raw: p.blob,
        silent: true,
        noAuthRedirect: true,
        headers: { 'Content-Type': p.type || 'application/octet-stream' },
        timeoutMs: limitFor(p.blob.size),
      })
      if (r.hash !== p.hash) {
        // Never expected (the hash is computed the server's way); the body names p.hash.
        const body = item.body as { photos?: string[] }
        if (Array.isArray(body.photos)) body.photos = body.photos.map((h) => (h === p.hash ? r.hash : h))
        p.hash = r.hash
      }
      p.uploaded = true
      await db.put(item)
    }
    const r = await request<{ id: number; event_id?: number | null }>('POST', item.path, {
      body: item.body,
      silent: true,
      noAuthRedirect: true,
      headers: { 'Idempotency-Key': item.id },
      timeoutMs: limitFor(JSON.stringify(item.body).length),
    })
    item.state = 'sent'
    item.sent_at = Date.now()
    item.result_id = r?.id
    if (r?.event_id) item.event_id = r.event_id
    item.error = item.field = item.status = undefined
    item.photos = item.photos.map((p) => ({ ...p, blob: new Blob() }))  // sent: the photos are on the server
  } catch (e) {
    const err = e as ApiError
    item.state = transient(e) ? 'waiting' : 'refused'
    item.error = err.message
    item.field = err.field
    item.status = err.status
  }
  await db.put(item)
  return item
}
