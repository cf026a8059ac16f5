import { computed, onBeforeUnmount, onMounted, reactive, ref, watch } from 'vue'
import { useI18n } from 'vue-i18n'
import { useRouter } from 'vue-router'
import { listOrders, type OrderFilter, type ServiceOrder } from '@/api/services'
import { useLiveStore } from '@/stores/live'
import { useQueryValue, useServiceList } from './useServiceList'

export interface OrderQueueOptions {
  /** the tabs, in order */
  tabs: readonly string[]
  /** the tab shown without a valid ?tab= */
  fallback: string
  /** i18n key prefix of the tabs' names (the tab's key appended) */
  label: string
  /** what a tab lists */
  filter: (tab: string) => OrderFilter
  /** the URL's other filters next to `tab`, written by `search()` */
  query?: () => Record<string, string>
  /** the steps a card or row offers by the order's state (the server checks them again) */
  quick?: Record<string, readonly string[]>
  /** rows a page (default: the server's) */
  pageSize?: number
}

/**
 * A tabbed list of orders (我的点单, 我的接单, the community's console): the tab from ?tab=,
 * the tab's orders page by page, `search()` (the tab into the URL, then the list again), the
 * steps offered on a card or row by state, and the state of the step's dialog
 * (OrderActionDialog: `act(o, step)` opens it); `cards` binds OrderQueue.vue. Loads on mount,
 * and again whenever the live stream says an order changed.
 */
export function useOrderQueue(options: OrderQueueOptions) {
  const { t } = useI18n()
  const router = useRouter()
  const tab = ref(useQueryValue()('tab', options.tabs) || options.fallback)
  const tabOptions = computed(() => options.tabs.map((k) => ({ value: k, label: t(options.label + k) })))

  const list = useServiceList<ServiceOrder>(
    (cursor, limit) => listOrders(options.filter(tab.value), cursor, limit || options.pageSize),
    { query: () => ({ tab: tab.value, ...options.query?.() }) },
  )

  const quick = (o: ServiceOrder): readonly string[] => options.quick?.[o.status] || []

  const dialog = reactive({ open: false, order: null as ServiceOrder | null, action: null as string | null })
  function act(o: ServiceOrder, action: string) {
    dialog.order = o
    dialog.action = action
    dialog.open = true
  }
  function open(o: ServiceOrder) {
    router.push('/services/order/' + o.id)
  }

  /** what OrderQueue.vue shows, for `v-bind` */
  const cards = reactive({ tabs: tabOptions, items: list.items, loading: list.loading, loaded: list.loaded, nextCursor: list.nextCursor, quick })

  onMounted(list.reload)

  // Live: an order changed on any node (event: order, only those the caller may read) or the
  // stream came back after a gap: the list is read again in place, once for a burst.
  const live = useLiveStore()
  let timer: number | undefined
  const refreshSoon = () => {
    window.clearTimeout(timer)
    timer = window.setTimeout(() => void list.refresh(), 300)
  }
  const unsubscribe = live.subscribeOrders(refreshSoon)
  watch(() => live.connections, (n, was) => was !== undefined && n > was && refreshSoon())
  onBeforeUnmount(() => {
    unsubscribe()
    window.clearTimeout(timer)
  })
  return { ...list, tab, tabOptions, quick, cards, dialog, act, open }
}
