import { watch } from 'vue'
import { listOrders, type OrderFilter, type ServiceOrder } from '@/api/services'
import { useLiveStore } from '@/stores/live'
import { useRecordQueue, type RecordQueueOptions } from './useRecordQueue'

export interface OrderQueueOptions extends Omit<RecordQueueOptions<ServiceOrder>, 'fetch' | 'path' | 'live'> {
  /** what a tab lists */
  filter: (tab: string) => OrderFilter
}

/**
 * A tabbed list of orders (我的点单, 我的接单, the community's console): useRecordQueue over
 * GET /service-orders, read again whenever the live stream says an order changed (event:
 * order, only those the caller may read) or came back after a gap.
 */
export function useOrderQueue(options: OrderQueueOptions) {
  const live = useLiveStore()
  return useRecordQueue<ServiceOrder>({
    ...options,
    fetch: (tab, cursor, limit) => listOrders(options.filter(tab), cursor, limit),
    path: '/services/order/',
    live: (changed) => {
      const off = live.subscribeOrders(changed)
      const stop = watch(() => live.connections, (n, was) => was !== undefined && n > was && changed())
      return () => {
        off()
        stop()
      }
    },
  })
}
