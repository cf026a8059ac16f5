import { defineStore } from 'pinia'
import { ref, watch } from 'vue'
import { i18n, initialLocale, LOCALE_KEY, t, type Locale } from '@/locales'

export const useAppStore = defineStore('app', () => {
  const locale = ref<Locale>(initialLocale())

  function apply(l: Locale) {
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
      apply(l)
    },
    { immediate: true },
  )

  return { locale, setLocale }
})
