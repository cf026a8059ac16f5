import { useI18n } from 'vue-i18n'

type TagType = 'primary' | 'success' | 'warning' | 'danger' | 'info'

const REDEMPTION_TAG: Record<string, TagType> = { issued: 'warning', verified: 'success', cancelled: 'info' }

/** Labels of the points module's codes in the current locale (the code itself as fallback). */
export function usePointLabels() {
  const { t, te, locale } = useI18n()
  const pick = (key: string, fallback: string) => (te(key) ? t(key) : fallback)
  const of = (group: string) => (s: string | null | undefined) => (s ? pick(`points.${group}.${s}`, s) : '-')
  return {
    earnerLabel: of('earner'),
    deedLabel: of('deed'),
    causeLabel: of('cause'),
    holderKindLabel: of('holderKind'),
    supplierLabel: of('supplier'),
    redemptionLabel: of('redemptionStatus'),
    redemptionType: (s: string | null | undefined): TagType => (s && REDEMPTION_TAG[s]) || 'info',
    /** points with a sign and grouping: +10, −5 */
    signed: (n: number) => (n > 0 ? '+' : n < 0 ? '−' : '') + new Intl.NumberFormat(locale.value).format(Math.abs(n)),
    num: (n: number | null | undefined) => (n === null || n === undefined ? '-' : new Intl.NumberFormat(locale.value).format(n)),
    /** a rule's points: 10 分/次, 10 分/小时 for volunteer hours */
    rulePoints: (r: { points: number; deed: string }) => t(r.deed === 'volunteer_hour' ? 'points.rule.perHour' : 'points.rule.perDeed', { n: r.points }),
  }
}
