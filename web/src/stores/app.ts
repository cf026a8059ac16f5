import { defineStore } from 'pinia'
import { ref, watch } from 'vue'
import { i18n, initialLocale, loadLocale, LOCALE_KEY, t, type Locale } from '@/locales'

export const useAppStore = defineStore('app', () => {
  const locale = ref<Locale>(initialLocale())

  async function apply(l: Locale) {
    try {
      await loadLocale(l)
    } catch {
      return  // its chunk could not be fetched (offline): stay in the language shown
    }
    if (locale.value !== l) return  // another switch came first
    ;(i18n.global.locale as any).value = l
    document.documentElement.setAttribute('lang', l)
    document.title = t('common.appName')
  }

  function setLocale(l: Locale) {
    locale.value = l
  }

  watch(
    locale,
    (l) => {
      try {
        localStorage.setItem(LOCALE_KEY, l)
      } catch {
        /* ignore */
      }
      void apply(l)
    },
    { immediate: true },
  )

  return { locale, setLocale }
})
