import { ref, type Ref } from 'vue'
import type { Page } from '@/api/territory'

/**
 * State and actions of a list read page by page with the server's `next_cursor`.
 * `fetch(cursor, limit)` loads one page (no cursor: the first; `limit` only when the
 * list asks for more than a page, see `refresh`). Errors are shown by the request layer;
 * the list keeps what it had.
 */
export function useCursorList<T>(fetch: (cursor?: string, limit?: number) => Promise<Page<T>>, pageSize = 50) {
  const items = ref([]) as Ref<T[]>
  const nextCursor = ref<string | null>(null)
  const loading = ref(false)
  let generation = 0

  async function load(cursor?: string) {
    const gen = ++generation
    loading.value = true
    try {
      const r = await fetch(cursor)
      if (gen !== generation) return // a newer load (other filters) won
      if (cursor) items.value.push(...(r.items || []))
      else items.value = r.items || []
      nextCursor.value = r.next_cursor || null
    } catch {
      /* shown by the request layer */
    } finally {
      if (gen === generation) loading.value = false
    }
  }

  /**
   * Re-read what is shown (as many rows as loaded, up to 200) without the loading mask:
   * for periodic refreshes that must not lose the user's place.
   */
  async function refresh() {
    if (loading.value) return
    const gen = ++generation
    const limit = Math.min(200, Math.max(pageSize, items.value.length))
    try {
      const r = await fetch(undefined, limit)
      if (gen !== generation) return
      items.value = r.items || []
      nextCursor.value = r.next_cursor || null
    } catch {
      /* shown by the request layer */
    }
  }

  const reload = () => load()
  const loadMore = () => (nextCursor.value ? load(nextCursor.value) : Promise.resolve())
  return { items, nextCursor, loading, reload, loadMore, refresh }
}
