import { ref, type Ref } from 'vue'
import type { ServiceAction } from '@/api/services'

/** A record page's step dialog: which step it shows and whether it is open; `act(a)` opens it. */
export function useStepDialog() {
  const open = ref(false)
  const action = ref<ServiceAction | string | null>(null)
  function act(a: ServiceAction | string) {
    action.value = a
    open.value = true
  }
  return { open, action, act }
}

/**
 * What a step's dialog offers to pick (takers, departments), read when it opens: `load(fetch)`
 * empties the list, reads it with `loading` set; a failure leaves it empty (`onError` told).
 */
export function useChoices<T>() {
  const items = ref<T[]>([]) as Ref<T[]>
  const loading = ref(false)
  async function load(fetch: () => Promise<T[]>, onError?: (e: unknown) => void) {
    items.value = []
    loading.value = true
    try {
      items.value = await fetch()
    } catch (e) {
      onError?.(e)
    } finally {
      loading.value = false
    }
  }
  return { items, loading, load }
}
