import { ref, type Ref } from 'vue'
import type { Page } from '@/api/territory'

/**
 * State and actions of a list read page by page with the server's `next_cursor`.
 * `fetch(cursor)` loads one page (no cursor: the first). Errors are shown by the
 * request layer; the list keeps what it had.
 */
export function useCursorList<T>(fetch: (cursor?: string) => Promise<Page<T>>) {
  const items = ref([]) as Ref<T[]>
  const nextCursor = ref<string | null>(null)
  const loading = ref(false)

  async function load(cursor?: string) {
    loading.value = true
    try {
      const r = await fetch(cursor)
      if (cursor) items.value.push(...(r.items || []))
      else items.value = r.items || []
      nextCursor.value = r.next_cursor || null
    } catch {
      /* shown by the request layer */
    } finally {
      loading.value = false
    }
  }

  const reload = () => load()
  const loadMore = () => (nextCursor.value ? load(nextCursor.value) : Promise.resolve())
  return { items, nextCursor, loading, reload, loadMore }
}
