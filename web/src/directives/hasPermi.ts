import type { Directive } from 'vue'
import { useUserStore } from '@/stores/user'

/**
 * v-hasPermi="'territory:region:write'" or v-hasPermi="['a:b:c', 'x:y:z']" (any of).
 * Removes the element when the current user may not do it.
 */
export const hasPermi: Directive<HTMLElement, string | string[]> = {
  mounted(el, binding) {
    const store = useUserStore()
    if (!store.hasPermi(binding.value)) {
      el.parentNode?.removeChild(el)
    }
  },
}
