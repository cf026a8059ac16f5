import { useI18n } from 'vue-i18n'
import { useUserStore } from '@/stores/user'
import { useRegionNames } from '@/components/registry/labels'
import { getRegion } from '@/api/territory'
import { activityPhase, type ActivityPhase, type AlertLevel, type EmergencyActivity, type SupplyFlag } from '@/api/emergency'

type TagType = 'primary' | 'success' | 'warning' | 'danger' | 'info'

const PLAN_TAG: Record<string, TagType> = { draft: 'info', active: 'success', retired: 'warning' }
const PHASE_TAG: Record<ActivityPhase, TagType> = { upcoming: 'primary', checkin: 'success', over: 'warning', held: 'success', cancelled: 'info' }
const FLAG_TAG: Record<SupplyFlag, TagType> = { expired: 'danger', expiring: 'warning', below_minimum: 'danger' }
const RESPONSE_TAG: Record<string, TagType> = { arriving: 'warning', on_site: 'success', unavailable: 'info' }

/** The alert levels' colours (预警信号: 蓝、黄、橙、红) and the text that reads on each. */
export const LEVEL_COLORS: Record<AlertLevel, { bg: string; fg: string }> = {
  blue: { bg: '#1c7ed6', fg: '#fff' },
  yellow: { bg: '#f2c200', fg: '#1f1f1f' },
  orange: { bg: '#f76707', fg: '#fff' },
  red: { bg: '#e03131', fg: '#fff' },
}

/** Labels of the emergency module's codes in the current locale; times and durations. */
export function useEmergencyLabels() {
  const { t, te, locale } = useI18n()
  const pick = (key: string, fallback: string) => (te(key) ? t(key) : fallback)
  const of = (group: string) => (s: string | null | undefined) => (s ? pick(`emergency.${group}.${s}`, s) : '-')
  const pad = (n: number) => String(n).padStart(2, '0')
  const day = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
  const hm = (d: Date) => `${pad(d.getHours())}:${pad(d.getMinutes())}`
  const num = (n: number, digits = 2) => new Intl.NumberFormat(locale.value, { maximumFractionDigits: digits }).format(n)
  return {
    hazardLabel: of('hazard'),
    planStatusLabel: of('planStatus'),
    planStatusType: (s: string): TagType => PLAN_TAG[s] || 'info',
    teamKindLabel: of('teamKind'),
    roleLabel: of('role'),
    kindLabel: of('activityKind'),
    phaseLabel: (a: Pick<EmergencyActivity, 'status' | 'starts_at' | 'ends_at'>, now = Date.now()) => t('emergency.phase.' + activityPhase(a, now)),
    phaseType: (a: Pick<EmergencyActivity, 'status' | 'starts_at' | 'ends_at'>, now = Date.now()): TagType => PHASE_TAG[activityPhase(a, now)],
    categoryLabel: of('category'),
    flagLabel: of('flag'),
    flagType: (f: SupplyFlag): TagType => FLAG_TAG[f],
    levelLabel: of('level'),
    alertStatusLabel: of('alertStatus'),
    responseLabel: of('response'),
    responseType: (r: string | null | undefined): TagType => (r && RESPONSE_TAG[r]) || 'info',
    viaLabel: of('via'),
    /** 2026-12-03 09:00–11:30 (the end's day when it differs) */
    timeRange: (from: string, to: string) => {
      const a = new Date(from)
      const b = new Date(to)
      if (isNaN(a.getTime()) || isNaN(b.getTime())) return `${from} – ${to}`
      return day(a) === day(b) ? `${day(a)} ${hm(a)}–${hm(b)}` : `${day(a)} ${hm(a)} – ${day(b)} ${hm(b)}`
    },
    /** a percent with up to two decimals, '-' for none */
    percent: (p: number | null | undefined) => (p === null || p === undefined ? '-' : num(p) + '%'),
    /** 集结用时 and the like: whole minutes */
    minutes: (m: number | null | undefined) => (m === null || m === undefined ? '-' : t('emergency.unit.minutes', { n: num(m) })),
    /** 响应用时: seconds as 45 秒, 3 分 20 秒, 1 小时 5 分 */
    seconds: (s: number | null | undefined) => {
      if (s === null || s === undefined) return '-'
      const v = Math.max(0, Math.round(s))
      if (v < 60) return t('emergency.unit.seconds', { n: v })
      if (v < 3600) return t('emergency.unit.minSec', { m: Math.floor(v / 60), s: v % 60 })
      return t('emergency.unit.hourMin', { h: Math.floor(v / 3600), m: Math.floor((v % 3600) / 60) })
    },
    num,
  }
}

/**
 * Names of territory nodes (the shared cache of useRegionNames), asked only where the caller may
 * read them: a node within one of the caller's grants directly; a node above them (a grid
 * worker's community, where a drill or an alert is held) through the grant's own node, whose path
 * names it. Other codes are shown as they are.
 */
export function useNodeNames() {
  const { regionNames, resolve, note } = useRegionNames()
  const userStore = useUserStore()
  function names(codes: (string | null | undefined)[]) {
    if (!userStore.hasPermi('territory:region:read')) return
    const grants = (userStore.user?.grants || []).map((g) => g.region_code || '')
    const everywhere = grants.some((g) => !g)
    const ask = new Set<string>()
    for (const c of codes) {
      if (!c || regionNames[c]) continue
      if (everywhere || grants.some((g) => c.startsWith(g))) ask.add(c)
      else {
        const below = grants.find((g) => g.startsWith(c))
        if (below && !pathAsked.has(below)) {
          pathAsked.add(below)
          getRegion(below, true).then((r) => (r.path || []).forEach((x) => note(x.code, x.name)), () => undefined)
        }
      }
    }
    resolve([...ask])
  }
  return { regionNames, resolve: names }
}
/** the grants' nodes whose path was read for the names above them (once a session) */
const pathAsked = new Set<string>()
