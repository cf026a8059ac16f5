import { reactive, ref } from 'vue'
import { ElMessage } from 'element-plus'
import { ApiError } from '@/api/request'

/** Which fields an error may be shown under: a form's keys, a list of names, or a test. */
export type FieldSet = object | readonly string[] | ((field: string) => boolean)

function knows(fields: FieldSet, field: string): boolean {
  if (typeof fields === 'function') return (fields as (f: string) => boolean)(field)
  if (Array.isArray(fields)) return fields.includes(field)
  return field in (fields as object)
}

/**
 * The server's field errors of a form: `errors[field]` under the field (`:error` of an
 * el-form-item), any other failure as a message.
 *
 *   const { errors, saving, clear, fail, submit } = useFieldErrors(form)
 *   clear(); if (!(await formRef.value?.validate().catch(() => false))) return
 *   await submit(async () => { await save(form); emit('saved') })
 */
export function useFieldErrors(fields: FieldSet) {
  const errors = reactive<Record<string, string>>({})
  const saving = ref(false)

  function clear() {
    for (const k of Object.keys(errors)) delete errors[k]
  }

  /**
   * Show a failure: under its field when the form has that field (true), else as an error
   * message (false).
   */
  function fail(e: unknown): boolean {
    if (e instanceof ApiError && e.field && knows(fields, e.field)) {
      errors[e.field] = e.message
      return true
    }
    ElMessage.error((e as Error).message)
    return false
  }

  /** Run `fn` with `saving` set; a failure goes to `fail` (or to `onError` first, when it takes it). */
  async function submit<T>(fn: () => Promise<T>, onError?: (e: unknown) => boolean | Promise<boolean>): Promise<T | undefined> {
    saving.value = true
    try {
      return await fn()
    } catch (e) {
      if (!(onError && (await onError(e)))) fail(e)
      return undefined
    } finally {
      saving.value = false
    }
  }

  return { errors, saving, clear, fail, submit }
}
