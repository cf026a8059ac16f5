import { createI18n } from 'vue-i18n'
import { collect, type Dict } from './collect'

export const LOCALES = ['zh-CN', 'en'] as const
export type Locale = (typeof LOCALES)[number]
export const LOCALE_KEY = 'wangge.locale'

// Chinese, the first language and every key's fallback, is in the shell; English is its own
// chunk, fetched when chosen (a phone on a weak signal does not download both).
const messages = {
  'zh-CN': collect(import.meta.glob('./zh-CN/*.json', { eager: true }) as any),
}
const loaders: Record<Exclude<Locale, 'zh-CN'>, () => Promise<{ default: Dict }>> = {
  en: () => import('./en/index'),
}

export function initialLocale(): Locale {
  try {
    const saved = localStorage.getItem(LOCALE_KEY)
    if (saved && (LOCALES as readonly string[]).includes(saved)) return saved as Locale
  } catch {
    /* storage unavailable */
  }
  return 'zh-CN'
}

export const i18n = createI18n({
  legacy: false,
  globalInjection: true,
  locale: initialLocale(),
  fallbackLocale: 'zh-CN',
  messages: messages as Record<string, Dict>,
})

export function currentLocale(): Locale {
  return (i18n.global.locale as any).value as Locale
}

// Untyped keys: the message tree is read from JSON files at build time.
type Translate = (key: string, named?: Record<string, unknown>, plural?: number) => string

export function t(key: string, named?: Record<string, unknown>, plural?: number): string {
  const tr = (i18n.global as { t: unknown }).t as Translate
  if (plural !== undefined) return tr(key, named || {}, plural)
  return named ? tr(key, named) : tr(key)
}

// Makes a locale's messages available (fetching its chunk once); the switch waits for it.
export async function loadLocale(l: Locale): Promise<void> {
  if (l === 'zh-CN' || i18n.global.availableLocales.includes(l)) return
  const mod = await loaders[l]()
  i18n.global.setLocaleMessage(l, mod.default as any)
}
