import { useI18n } from 'vue-i18n'
import type { RecordKind, ServiceAction } from '@/api/services'

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
const CASE_TAG: Record<string, TagType> = { accepted: 'primary', coordinating: 'warning', done: 'success', solved: 'success', refused: 'info' }
const WISH_TAG: Record<string, TagType> = {
  submitted: 'warning',
  published: 'primary',
  claimed: 'primary',
  fulfilled: 'warning',
  confirmed: 'success',
  declined: 'info',
  withdrawn: 'info',
}
const TAGS: Record<RecordKind, Record<string, TagType>> = { order: ORDER_TAG, case: CASE_TAG, wish: WISH_TAG }
const ADMISSION_TAG: Record<string, TagType> = { requested: 'warning', approved: 'success', rejected: 'danger', removed: 'info' }

/**
 * Where a record kind's names are in services.json: the order's at the top (status.*,
 * action.*, comment.*, intro.*), a case's under case.*, a wish's under wish.* (their codes
 * overlap with the order's but name other things: a case `done` is 已办结).
 */
export const labelBase = (kind: RecordKind) => (kind === 'order' ? 'services.' : `services.${kind}.`)

/**
 * Steps whose comment the tables require when the server's `needs_comment` is not at hand
 * (a card's quick step): the order's (order_flow.cpp), the case's and the wish's (case_flow.cpp).
 */
export const COMMENT_REQUIRED = new Set(['decline', 'recall', 'return', 'complete', 'rework', 'refuse', 'summon', 'solve', 'release', 'fulfil'])
/** Steps that end or undo something: red buttons. */
export const DANGER_ACTIONS = new Set(['decline', 'cancel', 'return', 'recall', 'rework', 'refuse', 'release', 'withdraw'])
/** Steps that move a record on: solid buttons (the others plain). */
export const PRIMARY_ACTIONS = new Set(['dispatch', 'take', 'accept', 'complete', 'confirm', 'summon', 'solve', 'claim', 'fulfil'])
/** A step's code, given as the server's step or as its code (a card's quick step). */
export const stepName = (a: ServiceAction | string | null | undefined) => (typeof a === 'string' ? a : a?.action) || ''
/** A step's button (record pages, cards, console rows): red if it ends or undoes, solid if it moves on. */
export const actionButton = (a: string) => ({ type: DANGER_ACTIONS.has(a) ? ('danger' as const) : ('primary' as const), plain: !PRIMARY_ACTIONS.has(a) })

/** Labels of the services module's codes in the current locale (the server's names as fallback). */
export function useServiceLabels() {
  const { t, te, locale } = useI18n()
  const pick = (key: string, fallback: string) => (te(key) ? t(key) : fallback)
  const of = (group: string) => (s: string | null | undefined) => (s ? pick(`services.${group}.${s}`, s) : '-')
  return {
    kindLabel: of('kind'),
    levelLabel: of('level'),
    admissionLabel: of('admissionStatus'),
    requesterLabel: of('requester'),
    modeLabel: of('case.mode'),
    channelLabel: of('wish.channel'),
    claimerLabel: of('wish.claimer'),
    /** A state's name: an order's by default. */
    statusLabel: (s: string | null | undefined, kind: RecordKind = 'order') => (s ? pick(labelBase(kind) + 'status.' + s, s) : '-'),
    statusType: (s: string | null | undefined, kind: RecordKind = 'order'): TagType => (s && TAGS[kind][s]) || 'info',
    admissionType: (s: string | null | undefined): TagType => (s && ADMISSION_TAG[s]) || 'info',
    /** A step's name: ours, else the server's in the current language, else its code (an order's by default). */
    actionLabel: (a: string | ServiceAction, kind: RecordKind = 'order') => {
      const name = typeof a === 'string' ? a : a.action
      const fallback = typeof a === 'string' ? a : (locale.value === 'en' ? a.name_en : a.name_zh) || a.action
      return pick(labelBase(kind) + 'action.' + name, fallback)
    },
    /** Working days, or 即办 (0). */
    timeLimit: (days: number) => (days > 0 ? t('services.item.days', { n: days }, days) : t('services.item.immediate')),
  }
}
