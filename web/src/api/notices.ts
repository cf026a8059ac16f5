import { http } from './request'
import type { Page } from './territory'
import type { Answer, Body, Schemas } from './schema'

/* ---------- types: answers and bodies generated from the server's schemas (src/notices/render.cpp,
   http.cpp, http_receipts.cpp); the value lists of model.h ---------- */

export type Notice = Schemas['Notice']
export type NoticeCreate = Body<'/api/v1/notices', 'post'>
export type NoticePatch = Body<'/api/v1/notices/{id}', 'patch'>
export type NoticeReceipts = Answer<'/api/v1/notices/{id}/receipts', 'get'>
export type NoticeReceipt = NoticeReceipts['items'][number]
export type NodeRate = NoticeReceipts['by_node'][number]
export type NoticeStats = Answer<'/api/v1/notice-stats', 'get'>

export const NOTICE_KINDS = ['notice', 'policy'] as const
export type NoticeKind = (typeof NOTICE_KINDS)[number]
export const NOTICE_STATES = ['draft', 'published', 'withdrawn'] as const
export type NoticeState = (typeof NOTICE_STATES)[number]
/** feed: in force where the caller lives or works; all: expired ones too; manage: what the caller publishes (drafts, withdrawn) */
export type NoticeView = 'feed' | 'all' | 'manage'
/** A policy's usual fields (政策法规): offered in the editor, any other text allowed. */
export const POLICY_TOPICS = ['社保', '医保', '就业', '养老', '救助', '住房', '教育', '户籍', '优抚', '生育', '残疾人', '法律'] as const

/** Limits the server checks (http.cpp notice_body, notices.cpp check). */
export const NOTICE_LIMITS = {
  title: 200,
  body: 20000,
  topic: 50,
  attachments: 20,
  reason: 500,
}
/** What a notice may carry (attachments/media.cpp): images, PDF documents, MP4 video, MP3 and M4A audio. */
export const NOTICE_ACCEPT = 'image/jpeg,image/png,image/webp,application/pdf,video/mp4,audio/mpeg,audio/mp4,audio/x-m4a,.mp3,.m4a,.pdf'

/* ---------- notices (通知公告、政策法规) ---------- */

export interface NoticeFilter {
  view?: NoticeView
  kind?: NoticeKind | ''
  topic?: string
  must_read?: boolean
  unread?: boolean
  q?: string
}
const flag = (b: boolean | undefined) => (b === undefined ? undefined : String(b))
/** `silent`: a failure is not shown (the 工作台's count) */
export const listNotices = (f: NoticeFilter, cursor?: string, limit = 20, silent = false) =>
  http.get<Page<Notice>>(
    '/notices',
    {
      view: f.view,
      kind: f.kind || undefined,
      topic: f.topic || undefined,
      must_read: flag(f.must_read),
      unread: f.unread ? 'true' : undefined,
      q: f.q || undefined,
      cursor,
      limit,
    },
    { silent },
  )
export const getNotice = (id: number | string) => http.get<Notice>(`/notices/${id}`, undefined, { silent: true })
/** The caller's receipt (kept once by the server): posted when the notice's page opens. */
export const markNoticeRead = (id: number) => http.post<Notice>(`/notices/${id}/read`, undefined, { silent: true })
export const createNotice = (body: NoticeCreate) => http.post<Notice>('/notices', body, { silent: true })
/** A draft's fields; a published notice's end of validity only. */
export const updateNotice = (id: number, patch: NoticePatch) => http.patch<Notice>(`/notices/${id}`, patch, { silent: true })
export const publishNotice = (id: number, version: number) => http.post<Notice>(`/notices/${id}/publish`, { version }, { silent: true })
export const withdrawNotice = (id: number, version: number, reason: string) =>
  http.post<Notice>(`/notices/${id}/withdraw`, { version, reason }, { silent: true })

/* ---------- receipts and figures ---------- */

export const getReceipts = (id: number | string, read?: boolean, cursor?: string, limit = 50) =>
  http.get<NoticeReceipts>(`/notices/${id}/receipts`, { read: flag(read), cursor, limit })
export const getNoticeStats = (q: { region?: string; from?: string; to?: string }) =>
  http.get<NoticeStats>('/notice-stats', { ...q }, { silent: true })

/* ---------- pure helpers ---------- */

/** Whether a notice's validity has ended (published, but no longer in force). */
export const expired = (n: Pick<Notice, 'status' | 'in_force' | 'valid_until'>, now = Date.now()) =>
  n.status === 'published' && !!n.valid_until && new Date(n.valid_until).getTime() <= now
/** Whether it is published but its validity has not begun yet. */
export const upcoming = (n: Pick<Notice, 'status' | 'valid_from'>, now = Date.now()) =>
  n.status === 'published' && !!n.valid_from && new Date(n.valid_from).getTime() > now
