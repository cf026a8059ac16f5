import { computed, onBeforeUnmount, onMounted, reactive, ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { useRouter } from 'vue-router'
import type { Page } from '@/api/territory'
import { useQueryValue, useServiceList } from './useServiceList'

export interface RecordQueueOptions<T> {
  /** the tabs, in order */
  tabs: readonly string[]
  /** the tab shown without a valid ?tab= */
  fallback: string
  /** i18n key prefix of the tabs' names (the tab's key appended) */
  label: string
  /** a page of the tab's records */
  fetch: (tab: string, cursor?: string, limit?: number) => Promise<Page<T>>
  /** the record's page: its path without the id ('/services/order/') */
  path: string
  /** the URL's other filters next to `tab`, written by `search()` */
  query?: () => Record<string, string>
  /** the steps a card or row offers by the record's state (the server checks them again) */
  quick?: Record<string, readonly string[]>
  /** rows a page (default: the server's) */
  pageSize?: number
  /** calls back when a record of the list may have changed (the live stream); answers the unsubscribe */
  live?: (changed: () => void) => () => void
}

/**
 * A tabbed list of the service desk's records (我的点单, 我的接单, the community's console,
 * the window's cases, the wishes): the tab from ?tab=, the tab's records page by page,
 * `search()` (the tab into the URL, then the list again), the steps offered on a card or
 * row by state, and the state of the step's dialog (`act(r, step)` opens it); `cards` binds
 * RecordQueue.vue. Loads on mount, and again (once for a burst) when `live` says so.
 */
export function useRecordQueue<T extends { id: number; status: string }>(options: RecordQueueOptions<T>) {
  const { t } = useI18n()
  const router = useRouter()
  const tab = ref(useQueryValue()('tab', options.tabs) || options.fallback)
  const tabOptions = computed(() => options.tabs.map((k) => ({ value: k, label: t(options.label + k) })))

  const list = useServiceList<T>((cursor, limit) => options.fetch(tab.value, cursor, limit || options.pageSize), {
    query: () => ({ tab: tab.value, ...options.query?.() }),
  })

  const quick = (r: T): readonly string[] => options.quick?.[r.status] || []

  const dialog = reactive({ open: false, record: null as T | null, action: null as string | null })
  function act(r: T, action: string) {
    dialog.record = r as never
    dialog.action = action
    dialog.open = true
  }
  function open(r: T) {
    router.push(options.path + r.id)
  }

  /** what RecordQueue.vue shows, for `v-bind` */
  const cards = reactive({ tabs: tabOptions, items: list.items, loading: list.loading, loaded: list.loaded, nextCursor: list.nextCursor, quick })

  onMounted(list.reload)

  let timer: number | undefined
  const unsubscribe = options.live?.(() => {
    window.clearTimeout(timer)
    timer = window.setTimeout(() => void list.refresh(), 300)
  })
  onBeforeUnmount(() => {
    unsubscribe?.()
    window.clearTimeout(timer)
  })
  return { ...list, tab, tabOptions, quick, cards, dialog, act, open }
}
