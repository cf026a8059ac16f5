import { useI18n } from 'vue-i18n'
import type { Category, EventAction, EventDetail, EventItem, EventStatus, Sla } from '@/api/events'

type TagType = 'primary' | 'success' | 'warning' | 'danger' | 'info'

const STATUS_TAG: Record<string, TagType> = {
  at_grid: 'warning',
  reported: 'warning',
  accepted: 'primary',
  dispatched: 'primary',
  handling: 'primary',
  handled: 'warning',
  closed: 'success',
  rejected: 'info',
  merged: 'info',
  withdrawn: 'info',
}

/** Labels of the events module's codes in the current locale (server names as fallback). */
export function useEventLabels() {
  const { t, te, locale } = useI18n()
  const zh = () => locale.value !== 'en'
  const pick = (key: string, fallback: string) => (te(key) ? t(key) : fallback)

  return {
    statusLabel: (s: string | null | undefined, e?: Partial<EventItem>) =>
      s ? pick('events.status.' + s, (zh() ? e?.status_name_zh : e?.status_name_en) || s) : '-',
    statusType: (s: string | null | undefined): TagType => (s && STATUS_TAG[s]) || 'info',
    slaLabel: (s: Sla | string | null | undefined) => pick('events.sla.' + (s || 'none'), s || '-'),
    sourceLabel: (s: string | null | undefined) => (s ? pick('events.source.' + s, s) : '-'),
    levelLabel: (s: string | null | undefined) => (s ? pick('events.level.' + s, s) : '-'),
    solvedLabel: (s: string | null | undefined) => (s ? pick('events.solved.' + s, s) : '-'),
    priorityLabel: (s: string | null | undefined) => (s ? pick('events.priority.' + s, s) : '-'),
    ratingLabel: (s: string | null | undefined) => (s ? pick('events.rating.' + s, s) : '-'),
    /** A department kind (free text on the server): its name when known, else the code itself. */
    kindLabel: (s: string | null | undefined) => (s ? pick('events.deptKind.' + s, s) : '-'),
    actionLabel: (a: string | EventAction) => {
      const name = typeof a === 'string' ? a : a.action
      const fallback = typeof a === 'string' ? a : (zh() ? a.name_zh : a.name_en) || a.action
      return pick('events.action.' + name, fallback)
    },
    categoryName: (c: { code: string; name_zh?: string; name_en?: string } | Category | null | undefined) => {
      if (!c) return '-'
      return (zh() ? c.name_zh || c.name_en : c.name_en || c.name_zh) || c.code
    },
  }
}

/**
 * The department kinds the default categories route to (src/events/categories.cpp) and the
 * demo's departments use; kinds are free text, these only have names in both languages.
 */
export const DEPARTMENT_KINDS = [
  'urban_management',
  'justice',
  'housing',
  'labour',
  'natural_resources',
  'emergency',
  'fire',
  'traffic',
  'transport',
  'water',
  'utilities',
  'environment',
  'health',
  'civil_affairs',
  'social_security',
  'education',
  'culture',
  'police',
  'market',
  'community',
] as const

export function isOpen(s: EventStatus | string) {
  return s === 'at_grid' || s === 'reported' || s === 'accepted' || s === 'dispatched' || s === 'handling' || s === 'handled'
}

/** The actions whose form needs a comment (docs/EVENTS.md: reasons, results, opinions). */
export const COMMENT_REQUIRED = new Set([
  'reject',
  'return',
  'request-extension',
  'deny-extension',
  'report-result',
  'rework',
  'escalate',
  'whistle',
  'conclude',
  'report-in',
  'supervise',
  'comment',
  'solve',
  'pass-up',
  'grid-whistle',
  'unit-report-in',
  'inform',
])

/** Actions that end or send back an event: their button is red. */
export const DANGER_ACTIONS = new Set(['reject', 'return', 'rework', 'withdraw', 'deny-extension'])

/**
 * Whether a listed action can succeed on the event as it is: the server lists the steps
 * by state and role, and checks these finer conditions only when the step is posted.
 */
export function applicable(action: string, e: EventItem): boolean {
  switch (action) {
    case 'approve-extension':
    case 'deny-extension':
      return !!e.extension_request
    case 'request-extension':
      return !e.extension_request
    case 'rate':
      return !e.rating
    case 'reopen':
      return e.rating === 'unsatisfied'
    case 'escalate':
      return e.level !== 'county'
    case 'inform': {
      // told once per closing (the detail's timeline says whether it was, since the last one)
      const timeline = (e as Partial<EventDetail>).timeline
      const closed = e.closed_at ? new Date(e.closed_at).getTime() : 0
      return !timeline || !timeline.some((x) => x.action === 'inform' && new Date(x.at).getTime() >= closed)
    }
    default:
      return true
  }
}
