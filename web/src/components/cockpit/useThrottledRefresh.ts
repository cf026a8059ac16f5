import { onBeforeUnmount, onMounted } from 'vue'
import { useLiveEvents } from '@/stores/live'

/**
 * Re-reads a page's figures when the server's live stream says events changed, at most once
 * every `minGap` ms (a burst of changes gives one read, at the end of the gap; a change while
 * the page is hidden is read when it is shown again), and every `idleGap` ms while the
 * stream is down. `lastLoad` tells when the page last read (the caller's load sets it).
 */
export function useThrottledRefresh(load: () => Promise<unknown> | void, lastLoad: () => number, minGap = 30_000, idleGap = 120_000) {
  let timer: number | undefined
  let poll: number | undefined
  let pendingWhileHidden = false

  function schedule() {
    if (timer !== undefined) return
    const wait = Math.max(0, lastLoad() + minGap - Date.now())
    timer = window.setTimeout(() => {
      timer = undefined
      if (document.hidden) {
        pendingWhileHidden = true
        return
      }
      void load()
    }, wait)
  }

  const { live } = useLiveEvents(() => schedule())

  function onVisible() {
    if (!document.hidden && pendingWhileHidden) {
      pendingWhileHidden = false
      schedule()
    }
  }

  onMounted(() => {
    document.addEventListener('visibilitychange', onVisible)
    // without the stream (a proxy that buffers it): a slow poll while the page is shown
    poll = window.setInterval(() => {
      if (!live.connected && !document.hidden && Date.now() - lastLoad() >= idleGap) void load()
    }, 10_000)
  })
  onBeforeUnmount(() => {
    window.clearTimeout(timer)
    window.clearInterval(poll)
    document.removeEventListener('visibilitychange', onVisible)
  })
  return { live }
}
