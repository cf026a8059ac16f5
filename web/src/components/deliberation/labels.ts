import { useI18n } from 'vue-i18n'
import type { Ballot, TopicStepOffer } from '@/api/deliberation'

type TagType = 'primary' | 'success' | 'warning' | 'danger' | 'info'

const STATUS_TAG: Record<string, TagType> = {
  proposed: 'primary',
  researching: 'primary',
  deliberating: 'warning',
  publicizing: 'warning',
  implementing: 'success',
  done: 'success',
  declined: 'info',
  merged: 'info',
  withdrawn: 'info',
  rejected: 'danger',
}
const OUTCOME_TAG: Record<string, TagType> = { passed: 'success', failed: 'danger', no_quorum: 'warning' }
/** the steps that end a topic without its decision (a red button) */
export const DANGER_STEPS = new Set(['decline', 'reject', 'withdraw'])
/** the steps that change nothing but go back a stage, or merge (a plain button) */
export const PLAIN_STEPS = new Set(['merge', 'reconsider'])

/** Labels of the deliberation module's codes in the current locale. */
export function useDeliberationLabels() {
  const { t, te, locale } = useI18n()
  const pick = (key: string, fallback: string) => (te(key) ? t(key) : fallback)
  const of = (group: string) => (s: string | null | undefined) => (s ? pick(`deliberation.${group}.${s}`, s) : '-')
  const zh = () => locale.value === 'zh-CN'
  /** an approve ballot's options are 同意/不同意 (the server's words): localized by their place */
  const optionLabel = (b: Pick<Ballot, 'kind' | 'options'>, i: number) =>
    b.kind === 'approve' ? t(i === 0 ? 'deliberation.approve.yes' : 'deliberation.approve.no') : b.options[i] ?? String(i + 1)
  return {
    statusLabel: of('status'),
    statusType: (s: string | null | undefined): TagType => (s && STATUS_TAG[s]) || 'info',
    stageLabel: (n: number) => pick(`deliberation.stage.${n}`, String(n)),
    sourceLabel: of('source'),
    groupLabel: of('group'),
    postLabel: of('post'),
    levelLabel: of('level'),
    noteKindLabel: of('noteKind'),
    questionTypeLabel: of('questionType'),
    meetingKindLabel: of('meetingKind'),
    meetingStatusLabel: of('meetingStatus'),
    electorateLabel: of('electorate'),
    quorumLabel: of('quorum'),
    thresholdLabel: of('threshold'),
    baseLabel: of('base'),
    ballotKindLabel: of('ballotKind'),
    outcomeLabel: of('outcome'),
    outcomeType: (s: string | null | undefined): TagType => (s && OUTCOME_TAG[s]) || 'info',
    timelineLabel: of('timeline'),
    optionLabel,
    /** a voter's choice on an open ballot: an option, or 弃权 (-1 or null) */
    choiceLabel: (b: Pick<Ballot, 'kind' | 'options'>, c: number | null | undefined) =>
      c === null || c === undefined || c < 0 ? t('deliberation.approve.abstain') : optionLabel(b, c),
    /** a step the server offers, in the current language (its name, what its comment is, why it is blocked) */
    stepName: (s: TopicStepOffer) => (zh() ? s.name_zh : s.name_en) || s.action,
    stepComment: (s: TopicStepOffer) => (zh() ? s.comment_zh : s.comment_en) || '',
    stepBlocked: (s: TopicStepOffer) => (zh() ? s.blocked_zh : s.blocked_en) || s.blocked_zh || s.blocked_en || '',
  }
}
