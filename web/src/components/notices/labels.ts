import { useI18n } from 'vue-i18n'
import { expired, upcoming, type Notice } from '@/api/notices'
import { useUserStore } from '@/stores/user'
import { formatShortTime } from '@/utils/format'
import { useRegionNames } from '@/components/registry/labels'

type TagType = 'primary' | 'success' | 'warning' | 'danger' | 'info'
const STATUS_TAG: Record<string, TagType> = { draft: 'warning', published: 'success', withdrawn: 'info' }

/**
 * Whether the caller publishes this notice: drafts and withdrawn ones reach their writers only;
 * a published one carries its read rate only for those who may see its receipts (notices:receipt:read
 * at its place: the publishers' roles), the server's own scope check. The Notice has no flag of its own.
 */
export function manages(n: Pick<Notice, 'status' | 'read_rate'>): boolean {
  if (!useUserStore().has('notices:notice:write')) return false
  return n.status !== 'published' || n.read_rate !== null
}

/** Labels of the notices module's codes in the current locale. */
export function useNoticeLabels() {
  const { t, te } = useI18n()
  const pick = (key: string, fallback: string) => (te(key) ? t(key) : fallback)
  return {
    kindLabel: (s: string | null | undefined) => (s ? pick('notices.kind.' + s, s) : '-'),
    statusLabel: (s: string | null | undefined) => (s ? pick('notices.status.' + s, s) : '-'),
    statusType: (s: string | null | undefined): TagType => (s && STATUS_TAG[s]) || 'info',
    /** 长期有效, 有效期至 …, 已过期, 自 … 起生效 */
    validity(n: Pick<Notice, 'status' | 'in_force' | 'valid_from' | 'valid_until'>): string {
      if (upcoming(n)) return t('notices.validity.from', { from: formatShortTime(n.valid_from) })
      if (expired(n)) return t('notices.validity.expired', { until: formatShortTime(n.valid_until) })
      if (n.valid_until) return t('notices.validity.until', { until: formatShortTime(n.valid_until) })
      return t('notices.validity.open')
    },
    /** 阅读率 42.5%（17/40） */
    rate: (n: { read_rate: number | null; recipients_read: number | null; recipients: number | null }) =>
      n.read_rate === null ? '' : t('notices.receipt.rateLine', { rate: n.read_rate, read: n.recipients_read ?? 0, total: n.recipients ?? 0 }),
  }
}

/**
 * Names of the places notices are published to, for any reader: a resident or grid worker may not
 * read the nodes above their own (GET /regions/{code}: 403), but the chains of their own grants
 * name them; nodes at or under a grant are read directly.
 */
export function usePlaceNames() {
  const { regionNames, resolve } = useRegionNames()
  const store = useUserStore()
  function resolvePlaces(codes: string[]) {
    const grants = store.user?.grants || []
    const own = grants.map((g) => g.region_code || '').filter(Boolean)
    resolve(own)
    // a system-wide grant (region null) reads every node
    resolve(grants.some((g) => !g.region_code) ? codes : codes.filter((c) => own.some((o) => c.startsWith(o))))
  }
  return { regionNames, resolvePlaces }
}
