import { ref, watch } from 'vue'
import { useRoute, useRouter } from 'vue-router'
import type { Page } from '@/api/territory'
import { useCursorList } from '@/utils/cursorList'

/**
 * The route's query as plain strings: `value(key)` is '' when the key is absent or repeated;
 * with `allowed`, also '' when the value is not one of them (a stale or edited link).
 */
export function useQueryValue() {
  const route = useRoute()
  return (key: string, allowed?: readonly string[]): string => {
    const v = route.query[key]
    return typeof v === 'string' && (!allowed || allowed.includes(v)) ? v : ''
  }
}

export interface ServiceListOptions {
  /** the filters to keep in the URL on `search()` (replaced: no history entry per search) */
  query?: () => Record<string, string>
  /** whether `search()` may read (after the URL is written); false leaves the list as it is */
  ready?: () => boolean
}

/**
 * A list page of the service desk: the rows read page by page (useCursorList), `loaded` once
 * a read has ended (the empty text waits for it, not for the first paint), and `search()`:
 * the filters into the URL, then the list again from its first page.
 */
export function useServiceList<T>(fetch: (cursor?: string, limit?: number) => Promise<Page<T>>, options: ServiceListOptions = {}) {
  const router = useRouter()
  const list = useCursorList<T>(fetch)
  const loaded = ref(false)
  watch(list.loading, (v, was) => was && !v && (loaded.value = true))

  function search() {
    if (options.query) router.replace({ query: options.query() }).catch(() => {})
    if (options.ready && !options.ready()) return
    loaded.value = false
    list.reload()
  }
  return { ...list, loaded, search }
}
