import { useI18n } from 'vue-i18n'
import type { OrderAction } from '@/api/services'

type TagType = 'primary' | 'success' | 'warning' | 'danger' | 'info'

const ORDER_TAG: Record<string, TagType> = {
  ordered: 'warning',
  open: 'warning',
  assigned: 'primary',
  taken: 'primary',
  done: 'warning',
  confirmed: 'success',
  declined: 'info',
  cancelled: 'info',
}
const ADMISSION_TAG: Record<string, TagType> = { requested: 'warning', approved: 'success', rejected: 'danger', removed: 'info' }

/** Steps whose comment the order table requires (the row's comment noun, order_flow.cpp). */
export const COMMENT_REQUIRED = new Set(['decline', 'recall', 'return', 'complete', 'rework'])
/** Steps that end or undo something: red buttons. */
export const DANGER_ACTIONS = new Set(['decline', 'cancel', 'return', 'recall', 'rework'])
/** Steps that move an order on: solid buttons (the others plain). */
export const PRIMARY_ACTIONS = new Set(['dispatch', 'take', 'accept', 'complete', 'confirm'])
/** A step's button (order page, cards, console rows): red if it ends or undoes, solid if it moves on. */
export const actionButton = (a: string) => ({ type: DANGER_ACTIONS.has(a) ? ('danger' as const) : ('primary' as const), plain: !PRIMARY_ACTIONS.has(a) })

/** Labels of the services module's codes in the current locale (the server's names as fallback). */
export function useServiceLabels() {
  const { t, te, locale } = useI18n()
  const pick = (key: string, fallback: string) => (te(key) ? t(key) : fallback)
  const of = (group: string) => (s: string | null | undefined) => (s ? pick(`services.${group}.${s}`, s) : '-')
  return {
    kindLabel: of('kind'),
    levelLabel: of('level'),
    statusLabel: of('status'),
    admissionLabel: of('admissionStatus'),
    requesterLabel: of('requester'),
    statusType: (s: string | null | undefined): TagType => (s && ORDER_TAG[s]) || 'info',
    admissionType: (s: string | null | undefined): TagType => (s && ADMISSION_TAG[s]) || 'info',
    /** A step's name: ours, else the server's in the current language, else its code. */
    actionLabel: (a: string | OrderAction) => {
      const name = typeof a === 'string' ? a : a.action
      const fallback = typeof a === 'string' ? a : (locale.value === 'en' ? a.name_en : a.name_zh) || a.action
      return pick('services.action.' + name, fallback)
    },
    /** Working days, or 即办 (0). */
    timeLimit: (days: number) => (days > 0 ? t('services.item.days', { n: days }, days) : t('services.item.immediate')),
  }
}
