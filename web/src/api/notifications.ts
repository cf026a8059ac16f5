import { http } from './request'
import type { Schemas } from './schema'
import type { Page } from './territory'

/** One entry of the caller's inbox. */
export type Notification = Schemas['Notification']

/** A page of the inbox, with the number of unread entries. */
export type NotificationPage = Schemas['NotificationInbox']

export const listNotifications = (unread?: boolean, cursor?: string, limit = 50) =>
  http.get<NotificationPage>('/notifications', { unread: unread ? 'true' : undefined, cursor, limit })

/** Only the unread count (one row asked for), quietly: for the header's bell. */
export const unreadCount = async () =>
  (await http.get<NotificationPage>('/notifications', { unread: 'true', limit: 1 }, { silent: true })).unread

export const markRead = (id: number) => http.post<void>(`/notifications/${id}/read`)

export const markAllRead = () => http.post<void>('/notifications/read-all')
