import { http } from './request'
import type { Page } from './territory'

/** One entry of the caller's inbox. */
export interface Notification {
  id: number
  at: string
  kind: string
  event_id: number | null
  title_zh: string
  title_en: string
  read_at: string | null
}

/** A page of the inbox, with the number of unread entries. */
export interface NotificationPage extends Page<Notification> {
  unread: number
}

export const listNotifications = (unread?: boolean, cursor?: string, limit = 50) =>
  http.get<NotificationPage>('/notifications', { unread: unread ? 'true' : undefined, cursor, limit })

/** Only the unread count (one row asked for), quietly: for the header's bell. */
export const unreadCount = async () =>
  (await http.get<NotificationPage>('/notifications', { unread: 'true', limit: 1 }, { silent: true })).unread

export const markRead = (id: number) => http.post<void>(`/notifications/${id}/read`)

export const markAllRead = () => http.post<void>('/notifications/read-all')
