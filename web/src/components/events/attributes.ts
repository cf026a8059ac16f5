import { useI18n } from 'vue-i18n'
import {
  ATTRIBUTE_LIMITS,
  type AttributeAnswer,
  type AttributeAnswers,
  type CategoryAttribute,
} from '@/api/events'
import { formatTime } from '@/utils/format'

/**
 * A category's extra questions (Open311 service definitions) in a report form and in the
 * event's detail: the answers being typed, their check before submitting, the body sent.
 */

/** What the form holds while answering: text, a number (null when empty), a key, keys. */
export type AnswerDraft = Record<string, string | number | null | string[]>

/** The empty answers of the variable questions. */
export function draftOf(attrs: CategoryAttribute[]): AnswerDraft {
  const d: AnswerDraft = {}
  for (const a of attrs) {
    if (!a.variable) continue
    d[a.code] = a.datatype === 'multivaluelist' ? [] : a.datatype === 'number' ? null : ''
  }
  return d
}

const isEmpty = (v: unknown) =>
  v === null || v === undefined || (typeof v === 'string' && !v.trim()) || (Array.isArray(v) && !v.length)

/** The answers the server takes: variable questions answered; text trimmed. */
export function answersBody(attrs: CategoryAttribute[], draft: AnswerDraft): AttributeAnswers {
  const out: AttributeAnswers = {}
  for (const a of attrs) {
    if (!a.variable) continue
    const v = draft[a.code]
    if (isEmpty(v)) continue
    out[a.code] = typeof v === 'string' ? v.trim() : (v as number | string[])
  }
  return out
}

/** The labels of questions and list values in the current language, and answers shown as text. */
export function useAttributeLabels() {
  const { t, locale } = useI18n()
  const zh = () => locale.value !== 'en'
  const label = (a: CategoryAttribute) => (zh() ? a.description_zh || a.description_en : a.description_en || a.description_zh) || a.code
  const valueName = (a: CategoryAttribute | undefined, key: string) => {
    const v = a?.values?.find((x) => x.key === key)
    if (!v) return key
    return (zh() ? v.name_zh || v.name_en : v.name_en || v.name_zh) || key
  }
  /** An answer as read: list keys by their names, times in local time; a removed question's raw value. */
  function answerText(a: CategoryAttribute | undefined, v: AttributeAnswer | null | undefined): string {
    if (v === null || v === undefined) return '-'
    const sep = t('events.listSeparator')
    if (Array.isArray(v)) return v.map((k) => valueName(a, String(k))).join(sep)
    if (a?.datatype === 'datetime' && typeof v === 'string') return formatTime(v)
    if (a && (a.datatype === 'singlevaluelist' || a.datatype === 'multivaluelist')) return valueName(a, String(v))
    return String(v)
  }

  /** The form's own check of the answers, by code: what the server would refuse first. */
  function check(attrs: CategoryAttribute[], draft: AnswerDraft): Record<string, string> {
    const errors: Record<string, string> = {}
    for (const a of attrs) {
      if (!a.variable) continue
      const v = draft[a.code]
      if (isEmpty(v)) {
        if (a.required) errors[a.code] = t('common.msg.required')
        continue
      }
      if (a.datatype === 'string' || a.datatype === 'text') {
        const max = a.datatype === 'string' ? ATTRIBUTE_LIMITS.string : ATTRIBUTE_LIMITS.text
        if (Array.from(String(v).trim()).length > max) errors[a.code] = t('events.attribute.valid.maxChars', { n: max })
      } else if (a.datatype === 'number' && !(typeof v === 'number' && Number.isFinite(v))) {
        errors[a.code] = t('events.attribute.valid.number')
      }
    }
    return errors
  }

  return { label, valueName, answerText, check }
}
