import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import * as outbox from '@/offline/outbox'
import type { NewItem, OutboxItem } from '@/offline/outbox'
import { useUserStore } from './user'

const RETRY_MS = 30_000
const KEEP_SENT_MS = 3 * 24 * 3600 * 1000

/**
 * The outbox as the pages see it: its items (newest first), what waits, and the sender,
 * which runs at start, when the signal returns, after each new item and every 30 s while
 * anything waits. One sender at a time across the app's tabs (Web Locks).
 */
export const useOutboxStore = defineStore('outbox', () => {
  const items = ref<OutboxItem[]>([])
  const online = ref(typeof navigator === 'undefined' ? true : navigator.onLine)
  const sending = ref(false)
  const waiting = computed(() => items.value.filter((i) => i.state === 'waiting' || i.state === 'sending').length)
  const refused = computed(() => items.value.filter((i) => i.state === 'refused').length)
  let started = false

  async function reload() {
    try {
      const all = await outbox.list()
      const cutoff = Date.now() - KEEP_SENT_MS
      for (const i of all) if (i.state === 'sent' && (i.sent_at || 0) < cutoff) await outbox.remove(i.id)
      items.value = all.filter((i) => !(i.state === 'sent' && (i.sent_at || 0) < cutoff)).sort((a, b) => b.created_at - a.created_at)
    } catch {
      items.value = []  // no IndexedDB here: nothing can wait
    }
  }

  async function flushNow() {
    const user = useUserStore().user
    if (!user || !navigator.onLine) return
    sending.value = true
    try {
      const due = (await outbox.list())
        .filter((i) => i.owner === user.id && (i.state === 'waiting' || i.state === 'sending'))
        .sort((a, b) => a.created_at - b.created_at)
      for (const item of due) {
        item.state = 'sending'
        patch(item)
        const after = await outbox.send(item)
        patch(after)
        if (after.state === 'waiting' && after.status !== 401) break  // no signal after all: later
        if (after.status === 401) break  // logged out meanwhile: after the next login
      }
    } finally {
      sending.value = false
      await reload()
    }
  }

  /** Sends what waits (once at a time, across tabs when the browser has Web Locks). */
  async function flush() {
    if (sending.value) return
    const locks = (navigator as Navigator & { locks?: LockManager }).locks
    if (locks) await locks.request('wangge-outbox', { ifAvailable: true }, async (lock) => lock && flushNow())
    else await flushNow()
  }

  function patch(item: OutboxItem) {
    const i = items.value.findIndex((x) => x.id === item.id)
    if (i >= 0) items.value[i] = { ...item }
  }

  /** Queues a request (durably) and tries to send it at once. */
  async function add(n: NewItem): Promise<OutboxItem> {
    const user = useUserStore().user
    if (!user) throw new Error('not logged in')
    const item = await outbox.enqueue(user.id, n)
    await reload()
    void flush()
    return item
  }

  async function resend(id: string) {
    const item = await outbox.get(id)
    if (!item) return
    item.state = 'waiting'
    item.attempts = 0
    await outbox.send(item)
    await reload()
  }

  async function edit(id: string, body: Record<string, unknown>, title: string) {
    const item = await outbox.get(id)
    if (!item) return
    await outbox.replace(item, body, title)
    await reload()
    void flush()
  }

  async function remove(id: string) {
    await outbox.remove(id)
    await reload()
  }

  function start() {
    if (started) return
    started = true
    window.addEventListener('online', () => {
      online.value = true
      void flush()
    })
    window.addEventListener('offline', () => (online.value = false))
    window.setInterval(() => {
      if (waiting.value && navigator.onLine && !document.hidden) void flush()
    }, RETRY_MS)
    void reload().then(flush)
  }

  return { items, online, sending, waiting, refused, reload, flush, add, resend, edit, remove, start }
})
