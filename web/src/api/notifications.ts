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

/** The page of each kind of record a notification may name ("order:12"). */
const RECORD_PAGES: Record<string, string> = {
  order: '/services/order/',
  volunteer_activity: '/volunteers/activity/',
  topic: '/deliberation/topics/',
  notice: '/notices/',
  emergency_alert: '/emergency/alert/',
  emergency_activity: '/emergency/activity/',
}

/** Where a notification leads: its event, or the record it names ("order:12", "volunteer_activity:3", "topic:5", "notice:2", "emergency_alert:4"); null for none. */
export function notificationLink(n: Pick<Notification, 'event_id' | 'record'>): string | null {
  if (n.event_id) return '/events/detail/' + n.event_id
  const m = /^([a-z_]+):(\d+)$/.exec(n.record || '')
  return m && RECORD_PAGES[m[1]] ? RECORD_PAGES[m[1]] + m[2] : null
}

export const markRead = (id: number) => http.post<void>(`/notifications/${id}/read`)

export const markAllRead = () => http.post<void>('/notifications/read-all')
