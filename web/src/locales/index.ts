import { createI18n } from 'vue-i18n'

export const LOCALES = ['zh-CN', 'en'] as const
export type Locale = (typeof LOCALES)[number]
export const LOCALE_KEY = 'wangge.locale'

type Dict = Record<string, any>

// Every locales/<lang>/<module>.json becomes messages[lang][module].
function collect(files: Record<string, { default: Dict }>): Dict {
  const out: Dict = {}
  for (const [path, mod] of Object.entries(files)) {
    const name = path.replace(/^.*\//, '').replace(/\.json$/, '')
    out[name] = mod.default
  }
  return out
}

const messages = {
  'zh-CN': collect(import.meta.glob('./zh-CN/*.json', { eager: true }) as any),
  en: collect(import.meta.glob('./en/*.json', { eager: true }) as any),
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
  messages,
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
