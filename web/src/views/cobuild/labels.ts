import { useI18n } from 'vue-i18n'
import { useRegionNames } from '@/components/registry/labels'
import { useUserStore } from '@/stores/user'

type TagType = 'primary' | 'success' | 'warning' | 'danger' | 'info'

const NEED_TAG: Record<string, TagType> = { open: 'warning', matched: 'primary', met: 'success', closed: 'info' }
const PROJECT_TAG: Record<string, TagType> = { planned: 'info', in_progress: 'primary', done: 'success', cancelled: 'danger' }
const PLEDGE_TAG: Record<string, TagType> = { active: 'primary', fulfilled: 'success', withdrawn: 'info' }

/** Labels of the cobuild module's codes in the current locale (the server's values of model.h). */
export function useCobuildLabels() {
  const { t, te } = useI18n()
  const pick = (key: string, fallback: string) => (te(key) ? t(key) : fallback)
  const of = (group: string) => (s: string | null | undefined) => (s ? pick(`cobuild.${group}.${s}`, s) : '-')
  return {
    unitKindLabel: of('unitKind'),
    unitStatusLabel: of('unitStatus'),
    resourceKindLabel: of('resourceKind'),
    sourceLabel: of('needSource'),
    needStatusLabel: of('needStatus'),
    needStatusType: (s: string | null | undefined): TagType => (s && NEED_TAG[s]) || 'info',
    projectStatusLabel: of('projectStatus'),
    projectStatusType: (s: string | null | undefined): TagType => (s && PROJECT_TAG[s]) || 'info',
    roleLabel: of('role'),
    logLabel: of('log'),
    pledgeKindLabel: of('pledgeKind'),
    pledgeStatusLabel: of('pledgeStatus'),
    pledgeStatusType: (s: string | null | undefined): TagType => (s && PLEDGE_TAG[s]) || 'info',
  }
}

/** Whether the caller holds the unit contact's role somewhere (共建单位联络人): their own units come first. */
export function isUnitContact(): boolean {
  return (useUserStore().user?.grants || []).some((g) => g.role === 'unit_contact')
}

/** The widest node the caller is granted at (a form's default place), else ''. */
export function homeRegion(): string {
  const grants = useUserStore().user?.grants || []
  const codes = grants.map((g) => g.region_code || '').filter((c) => /^\d+$/.test(c))
  return codes.sort((a, b) => a.length - b.length)[0] || ''
}

/** Whether node `code` is on the line of `of` (the node itself or one above it): codes nest by prefix. */
export const onLine = (code: string, of: string) => !!code && of.startsWith(code)

/**
 * Names of the places records sit at, for any reader: a grid worker or a unit contact may not read
 * the nodes above their own (GET /regions/{code}: 403), but the chains of their own grants name
 * them; nodes at or under a grant are read directly. `resolve` as useRegionNames' own.
 */
export function usePlaceNames() {
  const { regionNames, resolve: ask } = useRegionNames()
  const store = useUserStore()
  function resolve(codes: (string | null | undefined)[]) {
    const grants = store.user?.grants || []
    const own = grants.map((g) => g.region_code || '').filter(Boolean)
    ask(own)
    const wanted = codes.filter((c): c is string => !!c)
    // a system-wide grant (region null) reads every node
    ask(grants.some((g) => !g.region_code) ? wanted : wanted.filter((c) => own.some((o) => c.startsWith(o))))
  }
  return { regionNames, resolve }
}
