import { ref } from 'vue'

/** true on a phone-sized screen (at most 768 CSS pixels wide); one listener for the app. */
const mobile = ref(false)
let started = false

function start() {
  if (started || typeof window === 'undefined' || !window.matchMedia) return
  started = true
  const mq = window.matchMedia('(max-width: 768px)')
  mobile.value = mq.matches
  mq.addEventListener('change', (e) => (mobile.value = e.matches))
}

export function useResponsive() {
  start()
  return { mobile }
}
