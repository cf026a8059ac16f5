import { ref } from 'vue'

/**
 * Requests of which only the last one counts (a list reloaded as filters change, a search as
 * the user types): `run(fetch, apply)` applies an answer only when no later run began
 * meanwhile; `loading` is set until the last run ends. A failure was shown by the request
 * layer and changes nothing.
 */
export function useLatest() {
  const loading = ref(false)
  let gen = 0
  async function run<T>(fetch: () => Promise<T>, apply: (r: T) => void): Promise<void> {
    const g = ++gen
    loading.value = true
    try {
      const r = await fetch()
      if (g === gen) apply(r)
    } catch {
      /* shown by the request layer */
    } finally {
      if (g === gen) loading.value = false
    }
  }
  return { loading, run }
}
