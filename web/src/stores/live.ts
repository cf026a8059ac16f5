import { defineStore } from 'pinia'
import { getCurrentInstance, onBeforeUnmount, ref, watch } from 'vue'
import { API_BASE } from '@/api/request'
import { useNotificationStore } from '@/stores/notifications'
import { useUserStore } from '@/stores/user'

/** One `event: event` message of GET /api/v1/stream: an event the caller may see changed. */
export interface LiveEvent {
  id: number
  status: string
  sla: string
  level: string
  version: number
  grid_code: string | null
}
export type LiveListener = (e: LiveEvent) => void
/** One `event: order` message: a service order the caller may read changed (any node). */
export interface LiveOrder {
  id: number
  status: string
  version: number
}
export type OrderListener = (o: LiveOrder) => void

const MIN_BACKOFF = 1000
const MAX_BACKOFF = 30000

/**
 * The server's live updates: one EventSource per logged-in tab, opened when a user is
 * known and closed when there is none (logout, expired session). On an error it is closed
 * and reopened after 1, 2, 4 … 30 s. `connected` is true between `hello` and an error:
 * pages poll only while it is false.
 */
export const useLiveStore = defineStore('live', () => {
  const connected = ref(false)
  /** Bumped on every (re)connection: a page may have missed changes meanwhile. */
  const connections = ref(0)
  const listeners = new Set<LiveListener>()
  const orderListeners = new Set<OrderListener>()
  let source: EventSource | null = null
  let retryTimer: number | undefined
  let backoff = MIN_BACKOFF

  function open() {
    close()
    if (typeof EventSource === 'undefined') return
    const es = new EventSource(API_BASE + '/stream', { withCredentials: true })
    source = es
    es.addEventListener('hello', () => {
      if (source !== es) return
      backoff = MIN_BACKOFF
      connected.value = true
      connections.value++
    })
    // new notifications for this user, written on any node: the bell refreshes
    es.addEventListener('inbox', () => {
      if (source !== es) return
      void useNotificationStore().refresh()
    })
    // the server may have missed changes (its link to the other nodes broke): reload as
    // after a reconnection
    es.addEventListener('resync', () => {
      if (source !== es) return
      connections.value++
    })
    es.addEventListener('event', (m) => {
      if (source !== es) return
      let data: LiveEvent
      try {
        data = JSON.parse((m as MessageEvent).data)
      } catch {
        return
      }
      for (const fn of [...listeners]) {
        try {
          fn(data)
        } catch (err) {
          console.warn('live listener', err)
        }
      }
    })
    es.addEventListener('order', (m) => {
      if (source !== es) return
      let data: LiveOrder
      try {
        data = JSON.parse((m as MessageEvent).data)
      } catch {
        return
      }
      for (const fn of [...orderListeners]) {
        try {
          fn(data)
        } catch (err) {
          console.warn('live order listener', err)
        }
      }
    })
    es.onerror = () => {
      if (source !== es) return
      // our own backoff instead of the browser's fixed retry (and its give-up on 401)
      close()
      retryTimer = window.setTimeout(open, backoff)
      backoff = Math.min(MAX_BACKOFF, backoff * 2)
    }
  }

  function close() {
    window.clearTimeout(retryTimer)
    retryTimer = undefined
    if (source) {
      source.onerror = null
      source.close()
      source = null
    }
    connected.value = false
  }

  function start() {
    backoff = MIN_BACKOFF
    open()
  }
  function stop() {
    close()
  }

  /** Calls `fn` for every changed event; returns the unsubscribe function. */
  function subscribe(fn: LiveListener): () => void {
    listeners.add(fn)
    return () => listeners.delete(fn)
  }

  /** Calls `fn` for every changed service order; returns the unsubscribe function. */
  function subscribeOrders(fn: OrderListener): () => void {
    orderListeners.add(fn)
    return () => orderListeners.delete(fn)
  }

  // follow the session: a stream while someone is logged in, none otherwise
  const userStore = useUserStore()
  watch(
    () => userStore.user?.id ?? null,
    (id, old) => {
      if (id === null) stop()
      else if (id !== old || !source) start()
    },
    { immediate: true },
  )

  return { connected, connections, subscribe, subscribeOrders, start, stop }
})

/**
 * In a component: calls `fn` with the ids of the events changed in the last `wait` ms
 * (messages batched, so a burst gives one refresh), and with an empty set after a
 * reconnection (changes may have been missed). Unsubscribes when the component goes.
 */
export function useLiveEvents(fn: (ids: Set<number>) => void, wait = 1000) {
  const live = useLiveStore()
  let pending = new Set<number>()
  let timer: number | undefined
  const flush = () => {
    timer = undefined
    const ids = pending
    pending = new Set()
    fn(ids)
  }
  const off = live.subscribe((e) => {
    pending.add(Number(e.id))
    if (timer === undefined) timer = window.setTimeout(flush, wait)
  })
  const stopWatch = watch(
    () => live.connections,
    (n, old) => {
      if (old !== undefined && n > 1 && timer === undefined) timer = window.setTimeout(flush, wait)
    },
  )
  const dispose = () => {
    off()
    stopWatch()
    window.clearTimeout(timer)
  }
  if (getCurrentInstance()) onBeforeUnmount(dispose)
  return { live, dispose }
}
