import { ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { ElMessage } from 'element-plus'
import { postAction, type EventAction, type EventItem } from '@/api/events'
import { ApiError } from '@/api/request'
import { useFieldErrors } from '@/composables/useFieldErrors'
import { newUuid } from '@/utils/uuid'
import { useEventLabels } from './labels'

/** What every step dialog receives and tells (the same as EventActionDialog's). */
export interface StepDialogProps {
  modelValue: boolean
  event: EventItem | null
  action: EventAction | null
}
export interface StepDialogEmits {
  (e: 'update:modelValue', v: boolean): void
  (e: 'done', ev: EventItem, action: string): void
  (e: 'stale'): void
}

/**
 * Posting one lifecycle step from a dialog: `{version, ...body}` to the action's `path`, one
 * Idempotency-Key per distinct body (a double click or a lost answer replays the first
 * answer), the server's field errors under the dialog's `fields`, a stale version (409) or a
 * step no longer open (the event moved on) reloading the parent.
 */
export function useStepSubmit(props: StepDialogProps, emit: StepDialogEmits, fields: readonly string[]) {
  const { t } = useI18n()
  const { actionLabel } = useEventLabels()
  const { errors, clear, fail } = useFieldErrors((f) => f !== 'version' && fields.includes(f))
  const saving = ref(false)
  let key = ''
  let keyBody = ''

  /** A fresh form: no errors, a new key for the next request. */
  function reset() {
    clear()
    key = ''
    keyBody = ''
  }

  async function send(body: Record<string, unknown>) {
    const a = props.action
    const e = props.event
    if (saving.value || !a || !e) return
    const b = { version: e.version, ...body }
    const text = JSON.stringify(b)
    if (!key || text !== keyBody) {
      key = newUuid()
      keyBody = text
    }
    saving.value = true
    try {
      const ev = await postAction(a.path, b, key)
      ElMessage.success(t('events.msg.actionDone', { action: actionLabel(a) }))
      emit('done', ev, a.action)
      emit('update:modelValue', false)
    } catch (err) {
      if (err instanceof ApiError && err.status === 409 && err.code === 'stale_version') {
        ElMessage.warning(t('events.msg.stale'))
        emit('stale')
        emit('update:modelValue', false)
      } else if (!fail(err) && err instanceof ApiError && (err.code === 'invalid_transition' || err.status === 403)) {
        emit('stale')
        emit('update:modelValue', false)
      }
    } finally {
      saving.value = false
    }
  }

  return { errors, saving, reset, send }
}
