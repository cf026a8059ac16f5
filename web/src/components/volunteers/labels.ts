import { useI18n } from 'vue-i18n'
import { activityPhase, type ActivityPhase, type VolunteerActivity } from '@/api/volunteers'

type TagType = 'primary' | 'success' | 'warning' | 'danger' | 'info'

const PHASE_TAG: Record<ActivityPhase, TagType> = { upcoming: 'primary', running: 'success', over: 'warning', cancelled: 'info', certified: 'success' }
const SIGNUP_TAG: Record<string, TagType> = { signed: 'success', waiting: 'warning', cancelled: 'info' }

/** Labels of the volunteers module's codes in the current locale; times as a range on one line. */
export function useVolunteerLabels() {
  const { t, te, locale } = useI18n()
  const pick = (key: string, fallback: string) => (te(key) ? t(key) : fallback)
  const of = (group: string) => (s: string | null | undefined) => (s ? pick(`volunteers.${group}.${s}`, s) : '-')
  const pad = (n: number) => String(n).padStart(2, '0')
  const day = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
  const hm = (d: Date) => `${pad(d.getHours())}:${pad(d.getMinutes())}`
  return {
    phaseLabel: (a: Pick<VolunteerActivity, 'status' | 'starts_at' | 'ends_at'>) => t('volunteers.phase.' + activityPhase(a)),
    phaseType: (a: Pick<VolunteerActivity, 'status' | 'starts_at' | 'ends_at'>): TagType => PHASE_TAG[activityPhase(a)],
    signupLabel: of('signup'),
    signupType: (s: string | null | undefined): TagType => (s && SIGNUP_TAG[s]) || 'info',
    volunteerStatusLabel: of('volunteerStatus'),
    /** 2026-12-03 09:00–11:30 (the end's day when it differs) */
    timeRange: (from: string, to: string) => {
      const a = new Date(from)
      const b = new Date(to)
      if (isNaN(a.getTime()) || isNaN(b.getTime())) return `${from} – ${to}`
      return day(a) === day(b) ? `${day(a)} ${hm(a)}–${hm(b)}` : `${day(a)} ${hm(a)} – ${day(b)} ${hm(b)}`
    },
    /** minutes as hours with one decimal (1.5 小时), under an hour as minutes (45 分钟) */
    hours: (minutes: number | null | undefined) =>
      (minutes || 0) > 0 && (minutes || 0) < 60
        ? t('volunteers.unit.minutes', { n: minutes })
        : t('volunteers.unit.hours', { n: new Intl.NumberFormat(locale.value, { maximumFractionDigits: 1 }).format((minutes || 0) / 60) }),
    minutes: (m: number | null | undefined) => (m === null || m === undefined ? '-' : t('volunteers.unit.minutes', { n: m })),
  }
}
