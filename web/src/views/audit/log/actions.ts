import { useI18n } from 'vue-i18n'

/**
 * An audit action code (module:entity:verb, e.g. registry:visit:record, events:event:accept,
 * access:denied) in words: the entity and the verb from the audit texts, an event step by
 * its name in the events texts; the code itself when a part is not known.
 */
export function useAuditActionLabel() {
  const { t, te } = useI18n()
  return (code: string): string => {
    const parts = code.split(':')
    const [entity, verb] = parts.length >= 3 ? [parts[1], parts[2]] : [parts[0], parts[1] || '']
    const e = te('audit.act.entity.' + entity) ? t('audit.act.entity.' + entity) : ''
    let v = te('audit.act.verb.' + verb) ? t('audit.act.verb.' + verb) : ''
    if (!v && entity === 'event' && te('events.action.' + verb)) v = t('events.action.' + verb)
    if (!e || !v) return code
    return t('audit.act.phrase', { entity: e, verb: v })
  }
}
