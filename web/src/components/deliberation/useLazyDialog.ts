import { ref } from 'vue'

/**
 * A dialog fetched as its own chunk when first wanted: `used` turns true on the first `show()`
 * (render the dialog `v-if="used"`, so its code loads then) and stays so (it closes with its
 * animation); `open` is its v-model. The dialog mounts already open the first time, when
 * el-dialog emits no `open`: it resets its form on mount too.
 */
export function useLazyDialog() {
  const open = ref(false)
  const used = ref(false)
  function show() {
    used.value = true
    open.value = true
  }
  return { open, used, show }
}
