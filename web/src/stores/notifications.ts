import { defineStore } from 'pinia'
import { ref } from 'vue'
import { unreadCount } from '@/api/notifications'

/** The number of unread notifications shown on the header's bell. */
export const useNotificationStore = defineStore('notifications', () => {
  const unread = ref(0)
  let generation = 0

  async function refresh() {
    const gen = ++generation
    try {
      const n = await unreadCount()
      if (gen === generation) unread.value = n
    } catch {
      /* keep the last count */
    }
  }
  function set(n: number) {
    generation++
    unread.value = n
  }
  return { unread, refresh, set }
})
