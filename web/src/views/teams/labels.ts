import { useI18n } from 'vue-i18n'
import { durationParts } from '@/api/teams'

type TagType = 'primary' | 'success' | 'warning' | 'danger' | 'info'
const CALL_TAG: Record<string, TagType> = { open: 'danger', answered: 'success', closed: 'info' }
const CLASS_TAG: Record<string, TagType> = { key: 'danger', care: 'warning', ordinary: 'info' }

/** Labels of the teams module's codes in the current locale. */
export function useTeamLabels() {
  const { t, te } = useI18n()
  const pick = (key: string, fallback: string) => (te(key) ? t(key) : fallback)
  const of = (group: string) => (s: string | null | undefined) => (s ? pick(`teams.${group}.${s}`, s) : '-')
  /** 45 秒, 3 分 20 秒, 1 小时 5 分 */
  function durationLabel(ms: number | null | undefined): string {
    if (ms === null || ms === undefined) return '-'
    const { h, m, s } = durationParts(ms)
    if (h) return t('teams.duration.hm', { h, m })
    if (m) return t('teams.duration.ms', { m, s })
    return t('teams.duration.s', { s })
  }
  return {
    postLabel: of('post'),
    levelLabel: of('level'),
    callKindLabel: of('callKind'),
    callStateLabel: of('callState'),
    callStateType: (s: string | null | undefined): TagType => (s && CALL_TAG[s]) || 'info',
    classLabel: of('class'),
    classType: (s: string | null | undefined): TagType => (s && CLASS_TAG[s]) || 'info',
    checklistLabel: of('checklist'),
    durationLabel,
  }
}
