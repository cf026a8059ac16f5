import { http } from '@/api/request'
import type { NotificationPage } from '@/api/notifications'
import { useNotificationStore } from '@/stores/notifications'

/**
 * A must-read notice read: its entries in the caller's inbox ("notice:N", unread) are read too,
 * and the bell's count follows. Quiet: a failure leaves the inbox as it was.
 */
export async function readNoticeEntries(noticeId: number) {
  const store = useNotificationStore()
  try {
    const page = await http.get<NotificationPage>('/notifications', { unread: 'true', limit: 100 }, { silent: true })
    const mine = page.items.filter((n) => n.record === 'notice:' + noticeId && !n.read_at)
    if (!mine.length) return
    await Promise.all(mine.map((n) => http.post<void>(`/notifications/${n.id}/read`, undefined, { silent: true })))
    store.set(Math.max(0, page.unread - mine.length))
  } catch {
    void store.refresh()
  }
}
