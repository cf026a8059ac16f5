import { computed, ref, watch, type Ref } from 'vue'
import { useRoute, useRouter } from 'vue-router'
import { ApiError } from '@/api/request'

/**
 * A detail page's record, read by the route's `:id` (again when it changes): the last read
 * wins; on failure the record is null and `loadError`/`loadStatus` say why (403, 404...).
 */
export function useDetail<T>(fetch: (id: string) => Promise<T>, onLoaded?: (r: T) => void) {
  const route = useRoute()
  const id = computed(() => String(route.params.id))
  const item = ref<T | null>(null) as Ref<T | null>
  const loading = ref(false)
  const loadError = ref('')
  const loadStatus = ref(0)
  let gen = 0
  async function load() {
    const g = ++gen
    loading.value = true
    try {
      const r = await fetch(id.value)
      if (g !== gen) return
      item.value = r
      loadError.value = ''
      loadStatus.value = 0
      onLoaded?.(r)
    } catch (e) {
      if (g !== gen) return
      item.value = null
      loadError.value = (e as Error).message
      loadStatus.value = e instanceof ApiError ? e.status : 0
    } finally {
      if (g === gen) loading.value = false
    }
  }
  watch(id, load, { immediate: true })
  return { id, item, loading, loadError, loadStatus, load }
}

/** Back where the user came from, else to `fallback` (a page opened from a link). */
export function useBack(fallback: () => string) {
  const router = useRouter()
  return () => {
    if (window.history.state?.back) router.back()
    else router.push(fallback())
  }
}
