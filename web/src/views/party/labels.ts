import { useI18n } from 'vue-i18n'

type TagType = 'primary' | 'success' | 'warning' | 'danger' | 'info'

const LEVEL_TAG: Record<string, TagType> = {
  working_committee: 'danger',
  committee: 'warning',
  general_branch: 'warning',
  branch: 'primary',
  group: 'success',
}
const PLEDGE_TAG: Record<string, TagType> = { active: 'primary', fulfilled: 'success', withdrawn: 'info' }
const KIND_TAG: Record<string, TagType> = { identity: 'danger', responsibility: 'warning', service: 'success' }

/** Labels of the party module's codes in the current locale (party.json). */
export function usePartyLabels() {
  const { t, te } = useI18n()
  const pick = (key: string, fallback: string) => (te(key) ? t(key) : fallback)
  const of = (group: string) => (s: string | null | undefined) => (s ? pick(`party.${group}.${s}`, s) : '-')
  return {
    levelLabel: of('level'),
    levelType: (s: string | null | undefined): TagType => (s && LEVEL_TAG[s]) || 'info',
    kindLabel: of('kind'),
    postLabel: of('post'),
    reasonLabel: of('reason'),
    pledgeKindLabel: of('pledgeKind'),
    pledgeKindType: (s: string | null | undefined): TagType => (s && KIND_TAG[s]) || 'info',
    pledgeStatusLabel: of('pledgeStatus'),
    pledgeStatusType: (s: string | null | undefined): TagType => (s && PLEDGE_TAG[s]) || 'info',
    placeLabel: of('place'),
  }
}

/** "YYYY-MM-DD" of a day or an instant (Beijing time is the browser's), '-' without one. */
export function day(s: string | null | undefined): string {
  if (!s) return '-'
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) return s
  const d = new Date(s)
  if (isNaN(d.getTime())) return s
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
}

/** Today as YYYY-MM-DD in the browser's time zone (date pickers' upper bound). */
export function today(): string {
  return day(new Date().toISOString())
}
/** Whether a picked day lies after today (the server refuses future days). */
export const afterToday = (d: Date) => day(d.toISOString()) > today()
